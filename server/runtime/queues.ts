/**
 * Queue names and payloads, in one place for producers and processors.
 * A step job's id is its NodeRun's id: one job per (execution, node, run index), so enqueueing twice is harmless.
 * Job data never holds items or secrets: the worker reads everything from Postgres.
 */
import { Queue, type ConnectionOptions, type JobsOptions } from 'bullmq';
import { z } from 'zod';
import type { Redis } from 'ioredis';
import { env } from '../env';
import { redis } from '../redis';

export const STEP_QUEUE = 'steps';

export const stepJobSchema = z.object({
  executionId: z.string(),
  nodeRunId: z.string(),
  /** A parked run's timer: take the run out of waiting first (server/runtime/store.ts resumeWaitingRun). */
  resume: z.literal('time').optional(),
});
export type StepJob = z.infer<typeof stepJobSchema>;

export const stepJobOptions: JobsOptions = {
  removeOnComplete: true,
  removeOnFail: { count: 1000 },
  // Infrastructure failures (database or Redis gone for a moment) are retried; node failures are not, they are recorded.
  attempts: 5,
  backoff: { type: 'exponential', delay: 500 },
};

/** Stalled jobs (a worker killed mid-step) go back to the queue within seconds, not the default 30 s. */
export const workerTiming = {
  lockDuration: 4_000,
  stalledInterval: 2_000,
  maxStalledCount: 10,
};

export function queuePrefix(): string {
  return env().WEFT_QUEUE_PREFIX;
}

let stepQueue: Queue | undefined;

export function getStepQueue(connection: Redis | ConnectionOptions = redis()): Queue {
  stepQueue ??= new Queue(STEP_QUEUE, { connection: connection as ConnectionOptions, prefix: queuePrefix() });
  return stepQueue;
}

export async function enqueueSteps(runs: { executionId: string; nodeRunId: string }[]): Promise<void> {
  if (!runs.length) return;
  const queue = getStepQueue();
  if (runs.length === 1) {
    await queue.add('step', runs[0], { ...stepJobOptions, jobId: runs[0].nodeRunId });
    return;
  }
  await queue.addBulk(runs.map((r) => ({ name: 'step', data: r, opts: { ...stepJobOptions, jobId: r.nodeRunId } })));
}

export async function closeQueues(): Promise<void> {
  const q = stepQueue;
  stepQueue = undefined;
  await q?.close();
}

/**
 * The delayed job that resumes a parked run at `at` (ms epoch). Its id names the wait, so scheduling it
 * again (the recovery sweep after Redis lost it) is harmless.
 */
export async function scheduleResume(run: { executionId: string; nodeRunId: string }, jobId: string, at: number): Promise<void> {
  await getStepQueue().add('step', { ...run, resume: 'time' }, { ...stepJobOptions, jobId, delay: Math.max(0, at - Date.now()) });
}

/** Puts a resumed run (server/runtime/store.ts resumeWaitingRun) on the queue under the job id it was resumed for. */
export async function enqueueResumed(run: { executionId: string; nodeRunId: string }, jobId: string): Promise<void> {
  await getStepQueue().add('step', run, { ...stepJobOptions, jobId });
}
