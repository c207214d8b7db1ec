/** The trigger subsystem's logger (server/log.ts redacts secrets). Never pass bodies here. */
import { logger, type Logger } from '../log';

let log: Logger | undefined;
const get = () => (log ??= logger('triggers'));

export const triggerLog = {
  debug: (msg: string, data?: Record<string, unknown>) => get().debug(msg, data),
  info: (msg: string, data?: Record<string, unknown>) => get().info(msg, data),
  warn: (msg: string, data?: Record<string, unknown>) => get().warn(msg, data),
  error: (msg: string, data?: Record<string, unknown>) => get().error(msg, data),
};
