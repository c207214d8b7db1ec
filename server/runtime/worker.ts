/**
 * A step worker: the BullMQ Worker on the steps queue, cancellation over Redis pub/sub and the
 * recovery sweep that re-enqueues runs whose job vanished (Redis restarted, a crash between commit
 * and enqueue). Used by workers/main.ts, the CLI's in-process worker and the integration tests.
 */
import { Worker, type ConnectionOptions } from 'bullmq';
import type { NodeLogger, NodeRegistry } from '../engine/node';
import { env } from '../env';
import { logger } from '../log';
import { configurePool, pgPool } from '../db';
import { createRedis, redis } from '../redis';
import { registry as defaultRegistry } from '../../nodes/registry';
import { enqueueSteps, getStepQueue, queuePrefix, scheduleResume, STEP_QUEUE, stepJobSchema, workerTiming } from './queues';
import { overdueWaits } from './store';
import { processStep } from './step';
import { cancelChannel, CancellationRegistry } from './cancellation';
import { buildServices } from './services';
import { loadNodeCredential } from './credentials';
import { publishEvent } from './publisher';

export interface StepWorkerOptions {
  concurrency?: number;
  registry?: NodeRegistry;
  log?: NodeLogger;
  /** Milliseconds between recovery sweeps; 0 turns the sweep off. */
  recoveryIntervalMs?: number;
  inlineLimit?: number;
}

export interface StepWorkerHandle {
  worker: Worker;
  close(): Promise<void>;
}


export async function startStepWorker(opts: StepWorkerOptions = {}): Promise<StepWorkerHandle> {
  const registry = opts.registry ?? defaultRegistry;
  const log: NodeLogger = opts.log ?? logger('worker');
  const cancellation = new CancellationRegistry();
  const concurrency = opts.concurrency ?? env().WEFT_WORKER_CONCURRENCY;
  // Every concurrent step holds a connection during its completion; a few more for the sweep and services.
  configurePool({ synchronousCommit: process.env.WEFT_WORKER_SYNC_COMMIT === 'on', max: process.env.WEFT_DB_POOL ? undefined : concurrency + 5 });
  const pool = pgPool();
  const connection = createRedis('worker');
  const subscriber = createRedis('subscriber');
  await subscriber.subscribe(cancelChannel());
  subscriber.on('message', (channel: string, executionId: string) => {
    if (channel === cancelChannel()) cancellation.cancel(executionId);
  });

  const deps = {
    pool,
    registry,
    publish: publishEvent,
    enqueue: enqueueSteps,
    services: buildServices,
    credentials: loadNodeCredential,
    cancellation,
    log,
    inlineLimit: opts.inlineLimit,
    scheduleResume,
    publicUrl: env().WEFT_PUBLIC_URL,
  };

  const worker = new Worker(
    STEP_QUEUE,
    async (job) => {
      const data = stepJobSchema.parse(job.data);
      await processStep(deps, data, job.id!);
    },
    {
      connection: connection as unknown as ConnectionOptions,
      prefix: queuePrefix(),
      concurrency,
      ...workerTiming,
    },
  );
  worker.on('error', (err) => log.error('step worker error', { error: err.message }));
  worker.on('failed', (job, err) => log.warn('step job failed', { jobId: job?.id, error: err.message, attempts: job?.attemptsMade }));

  const interval = opts.recoveryIntervalMs ?? 10_000;
  const sweepTimer = interval > 0 ? setInterval(() => void recoverStranded().catch((e) => log.warn('recovery sweep failed', { error: String(e) })), interval) : undefined;
  if (interval > 0) void recoverStranded().catch(() => {});

  let closed = false;
  return {
    worker,
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(sweepTimer);
      // Stop taking jobs and let running steps finish; their results are recorded before close resolves.
      await worker.close();
      await subscriber.quit().catch(() => subscriber.disconnect());
      await connection.quit().catch(() => connection.disconnect());
    },
  };
}

/**
 * Re-enqueues runs that are neither finished nor carried by a live job. Runs younger than `minAgeMs`
 * are left alone: their job may be on its way. One process sweeps at a time (a Redis lock).
 */
export async function recoverStranded(minAgeMs = 10_000): Promise<number> {
  const r = redis();
  const lockKey = `${queuePrefix()}:recovery-lock`;
  if ((await r.set(lockKey, String(process.pid), 'PX', 8_000, 'NX')) !== 'OK') return 0;
  const pool = pgPool();
  const { rows } = await pool.query(
    `SELECT nr.id, nr."executionId", nr."jobId" FROM "NodeRun" nr JOIN "Execution" e ON e.id = nr."executionId"
      WHERE nr.status IN ('queued', 'running') AND e.status IN ('queued', 'running')
        AND COALESCE(nr."startedAt", nr."queuedAt") < now() - ($1::int * interval '1 millisecond')
      LIMIT 500`,
    [minAgeMs],
  );
  const queue = getStepQueue();
  const toEnqueue: { executionId: string; nodeRunId: string }[] = [];
  for (const row of rows) {
    const carrier = row.jobId ?? row.id;
    const job = await queue.getJob(carrier);
    if (job && !(await job.isCompleted()) && !(await job.isFailed())) continue;
    if (carrier !== row.id) await pool.query(`UPDATE "NodeRun" SET "jobId" = id WHERE id = $1 AND "jobId" = $2`, [row.id, carrier]);
    if (job) await job.remove().catch(() => {});
    toEnqueue.push({ executionId: row.executionId, nodeRunId: row.id });
  }
  await enqueueSteps(toEnqueue);
  // Parked runs whose time came and went: their timer job was lost (Redis restarted, or the process died
  // between parking and scheduling). The job id names the wait, so a job still on its way is not doubled.
  let resumed = 0;
  for (const w of await overdueWaits(pool, minAgeMs)) {
    const job = await queue.getJob(w.timerJobId);
    if (job && !(await job.isCompleted()) && !(await job.isFailed())) continue;
    if (job) await job.remove().catch(() => {});
    await scheduleResume({ executionId: w.executionId, nodeRunId: w.nodeRunId }, w.timerJobId, Date.now());
    resumed++;
  }
  return toEnqueue.length + resumed;
}
