/**
 * Schedules: each Schedule row is one BullMQ job scheduler (a cron pattern with seconds, in the workflow's
 * timezone). BullMQ creates one job per tick with a deterministic id (`repeat:<schedulerId>:<millis>`), so
 * any number of web processes may upsert and any number of workers may process without firing twice.
 * After downtime only the one overdue tick is left; it is skipped and logged when it is later than
 * MISSED_RUN_THRESHOLD_MS, and the scheduler continues from now.
 */
import { Queue, Worker, getNextMillis, type ConnectionOptions, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { db as defaultDb, type Db } from '../db';
import { createRedis, redis as defaultRedis } from '../redis';
import { queuePrefix, workerTiming } from '../runtime/queues';
import type { Item } from '../engine/types';
import { scheduleTickJson } from '../../nodes/scheduleTrigger';
import { weekNumber } from '../../nodes/scheduleTrigger/rules';
import { SCHEDULE_QUEUE } from './channels';
import { triggerLog } from './log';
import { startExecution } from '../runtime/index';
import type { NodeRegistry } from '../engine/node';
import { registry } from '../../nodes/registry';
import { processPollTick } from './polls';

export const MISSED_RUN_THRESHOLD_MS = Number(process.env.WEFT_SCHEDULE_MISSED_MS ?? 60_000);

/** Job data names the scheduler only; the rule and timezone are read from its Schedule row when it fires. */
export interface ScheduleJobData {
  schedulerId: string;
  workflowId: string;
  nodeId: string;
}

/** What a Schedule row's `rule` column holds. */
export interface StoredScheduleRule {
  pattern: string;
  weeksInterval: number;
  label: string;
  source: unknown;
  /** 'poll': a polling trigger's poll time (polls.ts); absent: a Schedule Trigger rule. */
  kind?: 'poll';
}

export interface ScheduleSpec {
  schedulerId: string;
  pattern: string;
  timezone: string;
  data: ScheduleJobData;
}

let queue: Queue | undefined;

export function scheduleQueue(connection: Redis = defaultRedis()): Queue {
  queue ??= new Queue(SCHEDULE_QUEUE, { connection: connection as unknown as ConnectionOptions, prefix: queuePrefix() });
  return queue;
}

export async function closeScheduleQueue(): Promise<void> {
  const q = queue;
  queue = undefined;
  await q?.close();
}

export const schedulerIdFor = (workflowId: string, nodeId: string, index: number) => `wf:${workflowId}:${nodeId}:${index}`;

/** Throws a readable error when BullMQ's cron parser refuses the pattern or the timezone. */
export function checkPattern(pattern: string, timezone: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
  } catch {
    throw new Error(`"${timezone}" is not a valid timezone (use an IANA name such as Europe/Berlin)`);
  }
  let next: number | undefined;
  try {
    next = getNextMillis(Date.now(), { pattern, tz: timezone });
  } catch (err) {
    throw new Error(`the cron pattern "${pattern}" is invalid: ${(err as Error).message}`);
  }
  if (!next) throw new Error(`the cron pattern "${pattern}" never fires`);
}

export async function upsertScheduler(q: Queue, spec: ScheduleSpec): Promise<void> {
  await q.upsertJobScheduler(
    spec.schedulerId,
    { pattern: spec.pattern, tz: spec.timezone },
    { name: 'tick', data: spec.data, opts: { removeOnComplete: true, removeOnFail: { count: 100 } } },
  );
}

export async function removeScheduler(q: Queue, schedulerId: string): Promise<void> {
  await q.removeJobScheduler(schedulerId);
}

export type StartScheduleExecution = (args: {
  workflowId: string;
  versionId?: string;
  mode: 'schedule';
  ownerId?: string;
  triggerNodeId: string;
  triggerItems: Item[];
}) => Promise<{ executionId: string }>;

export interface ScheduleOutcome {
  /** 'polled': a polling trigger polled and started nothing (reason 'first' or 'empty'). */
  status: 'started' | 'skipped' | 'polled';
  reason?: 'late' | 'week' | 'inactive' | 'duplicate' | 'first' | 'empty' | 'busy';
  executionId?: string;
  /** Polls: how many items the execution started with. */
  items?: number;
  scheduledAt: number;
}

/** When the tick was due: BullMQ keeps it as the job's prevMillis; else its creation time plus delay. */
export function scheduledTimeOf(job: Pick<Job, 'opts' | 'timestamp'>): number {
  const prev = (job.opts as { prevMillis?: number }).prevMillis;
  return typeof prev === 'number' && prev > 0 ? prev : job.timestamp + (job.opts.delay ?? 0);
}

/** The processor's body, callable directly from tests. */
export async function processScheduleTick(
  data: ScheduleJobData,
  scheduledAt: number,
  deps: { db: Db; startExecution: StartScheduleExecution; now?: number; missedThresholdMs?: number; registry?: NodeRegistry },
): Promise<ScheduleOutcome> {
  const now = deps.now ?? Date.now();
  const lateBy = now - scheduledAt;
  const threshold = deps.missedThresholdMs ?? MISSED_RUN_THRESHOLD_MS;
  if (lateBy > threshold) {
    triggerLog.warn('schedule tick missed (late after downtime): skipped', {
      workflowId: data.workflowId,
      nodeId: data.nodeId,
      scheduledAt: new Date(scheduledAt).toISOString(),
      lateByMs: lateBy,
    });
    return { status: 'skipped', reason: 'late', scheduledAt };
  }
  const schedule = await deps.db.schedule.findUnique({
    where: { schedulerId: data.schedulerId },
    select: { id: true, rule: true, timezone: true, workflow: { select: { active: true, versionId: true, ownerId: true } } },
  });
  if (!schedule || !schedule.workflow.active) return { status: 'skipped', reason: 'inactive', scheduledAt };
  const rule = schedule.rule as unknown as StoredScheduleRule;
  if (rule.kind === 'poll') return processPollTick(data, scheduledAt, { db: deps.db, startExecution: deps.startExecution, registry: deps.registry ?? registry });
  if (rule.weeksInterval > 1 && weekNumber(scheduledAt) % rule.weeksInterval !== 0) {
    return { status: 'skipped', reason: 'week', scheduledAt };
  }
  // One start per tick even if BullMQ hands the same tick out again (a stalled job re-run).
  const claimed = await deps.db.schedule.updateMany({
    where: { id: schedule.id, OR: [{ lastFiredAt: null }, { lastFiredAt: { lt: new Date(scheduledAt) } }] },
    data: { lastFiredAt: new Date(scheduledAt) },
  });
  if (claimed.count === 0) return { status: 'skipped', reason: 'duplicate', scheduledAt };
  let executionId: string;
  try {
    ({ executionId } = await deps.startExecution({
      workflowId: data.workflowId,
      ...(schedule.workflow.versionId ? { versionId: schedule.workflow.versionId } : {}),
      mode: 'schedule',
      ownerId: schedule.workflow.ownerId,
      triggerNodeId: data.nodeId,
      triggerItems: [{ json: scheduleTickJson(scheduledAt, schedule.timezone) }],
    }));
  } catch (err) {
    // Nothing started: give the tick back so a retry of this job may fire it.
    await deps.db.schedule
      .updateMany({ where: { id: schedule.id, lastFiredAt: new Date(scheduledAt) }, data: { lastFiredAt: null } })
      .catch(() => {});
    throw err;
  }
  triggerLog.info('schedule fired', { workflowId: data.workflowId, nodeId: data.nodeId, executionId, lateByMs: lateBy });
  return { status: 'started', executionId, scheduledAt };
}

function runtimeStart(args: Parameters<StartScheduleExecution>[0]) {
  return startExecution(args);
}

/**
 * The schedule processor, started by workers/main.ts. Close it with `await worker.close()` on shutdown.
 * `onTick` lets tests observe outcomes.
 */
export function createScheduleWorker(
  opts: {
    connection?: Redis;
    concurrency?: number;
    db?: Db;
    startExecution?: StartScheduleExecution;
    /** Ticks later than this are skipped as missed (default MISSED_RUN_THRESHOLD_MS). */
    missedThresholdMs?: number;
    onTick?: (outcome: ScheduleOutcome, job: Job<ScheduleJobData>) => void;
  } = {},
): Worker<ScheduleJobData, ScheduleOutcome> {
  const connection = opts.connection ?? createRedis('worker');
  const worker = new Worker<ScheduleJobData, ScheduleOutcome>(
    SCHEDULE_QUEUE,
    async (job) => {
      const outcome = await processScheduleTick(job.data, scheduledTimeOf(job), {
        db: opts.db ?? defaultDb(),
        startExecution: opts.startExecution ?? runtimeStart,
        missedThresholdMs: opts.missedThresholdMs,
      });
      opts.onTick?.(outcome, job);
      return outcome;
    },
    {
      connection: connection as unknown as ConnectionOptions,
      prefix: queuePrefix(),
      concurrency: opts.concurrency ?? 5,
      ...workerTiming,
    },
  );
  worker.on('error', (err) => triggerLog.error('schedule worker error', { error: err.message }));
  worker.on('failed', (job, err) =>
    triggerLog.error('schedule tick failed', { workflowId: job?.data.workflowId, error: err.message }),
  );
  if (!opts.connection) worker.on('closed', () => void connection.quit().catch(() => connection.disconnect()));
  return worker;
}
