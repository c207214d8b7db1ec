/**
 * The trigger registry of a web process: loads the webhook route table at startup, keeps it fresh on
 * activation broadcasts (and every minute, and after a Redis reconnect, in case a message was missed), and
 * re-registers the BullMQ job schedulers of every active schedule at startup and after a Redis reconnect
 * (idempotent: restores them if Redis lost its data). server/main.ts calls startTriggerRegistry(); workers/main.ts calls createScheduleWorker().
 */
import type { Redis } from 'ioredis';
import { db } from '../db';
import { createRedis } from '../redis';
import { reloadRouteTable, closeWebhookState } from '../webhooks/state';
import { triggersChangedChannel } from './channels';
import { scheduleQueue, upsertScheduler, type StoredScheduleRule } from './schedules';
import { triggerLog } from './log';
import '../webhooks/respondService';

export { activateWorkflow, deactivateWorkflow, ActivationError } from './activation';
export { createScheduleWorker } from './schedules';
export { listenForTestWebhook, stopListeningForTestWebhook } from '../webhooks/testWebhooks';

const REFRESH_MS = 60_000;

let running: { sub: Redis; timer: NodeJS.Timeout } | undefined;

function reload(reason: string): void {
  reloadRouteTable().catch((err) => triggerLog.error('webhook routes reload failed', { reason, error: (err as Error).message }));
}

export async function startTriggerRegistry(): Promise<void> {
  if (running) return;
  const sub = createRedis('subscriber');
  sub.on('message', (channel: string) => {
    if (channel === triggersChangedChannel()) reload('broadcast');
  });
  let first = true;
  sub.on('ready', () => {
    if (!first) {
      reload('redis reconnected');
      // Redis may have restarted without its data: put the job schedulers back (idempotent).
      restoreSchedulers().catch((err) => triggerLog.error('schedulers could not be restored', { error: (err as Error).message }));
    }
    first = false;
  });
  await sub.subscribe(triggersChangedChannel());
  const timer = setInterval(() => reload('periodic'), REFRESH_MS);
  timer.unref();
  running = { sub, timer };
  const table = await reloadRouteTable();
  const restored = await restoreSchedulers().catch((err) => {
    triggerLog.error('schedulers could not be restored', { error: (err as Error).message });
    return 0;
  });
  triggerLog.info('trigger registry started', { webhookRoutes: table.size, schedules: restored });
}

/** Upserts the job scheduler of every active schedule (same id, same pattern: no duplicate ticks). */
export async function restoreSchedulers(): Promise<number> {
  const rows = await db().schedule.findMany({
    where: { workflow: { active: true } },
    select: { schedulerId: true, workflowId: true, nodeId: true, timezone: true, rule: true },
  });
  const q = scheduleQueue();
  for (const row of rows) {
    const rule = row.rule as unknown as StoredScheduleRule;
    await upsertScheduler(q, {
      schedulerId: row.schedulerId,
      pattern: rule.pattern,
      timezone: row.timezone,
      data: { schedulerId: row.schedulerId, workflowId: row.workflowId, nodeId: row.nodeId },
    });
  }
  return rows.length;
}

export async function stopTriggerRegistry(): Promise<void> {
  const r = running;
  running = undefined;
  if (!r) return;
  clearInterval(r.timer);
  await r.sub.quit().catch(() => r.sub.disconnect());
  await closeWebhookState();
}
