/** One-line JSON logs for the trigger subsystem. Never pass secrets or bodies here. */
import { env } from '../env';

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 } as const;
type Level = Exclude<keyof typeof LEVELS, 'silent'>;

function write(level: Level, msg: string, data?: Record<string, unknown>): void {
  let threshold: number = LEVELS.info;
  try {
    threshold = LEVELS[env().WEFT_LOG_LEVEL];
  } catch {
    /* invalid env: keep info */
  }
  if (LEVELS[level] < threshold) return;
  const line = JSON.stringify({ level, at: new Date().toISOString(), scope: 'triggers', msg, ...data });
  if (level === 'error' || level === 'warn') console.error(line);
  else console.log(line);
}

export const triggerLog = {
  debug: (msg: string, data?: Record<string, unknown>) => write('debug', msg, data),
  info: (msg: string, data?: Record<string, unknown>) => write('info', msg, data),
  warn: (msg: string, data?: Record<string, unknown>) => write('warn', msg, data),
  error: (msg: string, data?: Record<string, unknown>) => write('error', msg, data),
};
