/**
 * Group commit for starting executions: the inserts of starts requested in the same tick go to Postgres
 * as one statement batch (one implicit transaction, one WAL flush), then their first steps are enqueued
 * in one addBulk. Under load (webhooks) this multiplies the starts a process can accept; alone it costs
 * nothing but a setImmediate.
 */
import { pgPool } from '../db';
import { enqueueSteps } from './queues';

interface PendingStart {
  sql: string;
  job: { executionId: string; nodeRunId: string };
  resolve(): void;
  reject(err: unknown): void;
}

const MAX_BATCH = 200;
let pending: PendingStart[] = [];
let scheduled = false;

export function persistAndEnqueue(sql: string, job: PendingStart['job']): Promise<void> {
  return new Promise((resolve, reject) => {
    pending.push({ sql, job, resolve, reject });
    if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  });
}

function flush(): void {
  const batch = pending.slice(0, MAX_BATCH);
  pending = pending.slice(MAX_BATCH);
  scheduled = pending.length > 0;
  if (scheduled) setImmediate(flush);
  void commit(batch);
}

async function commit(batch: PendingStart[]): Promise<void> {
  let committed: PendingStart[] = batch;
  try {
    await pgPool().query(batch.map((b) => b.sql).join(';\n'));
  } catch (err) {
    if (batch.length === 1) {
      batch[0].reject(err);
      return;
    }
    // One bad start must not fail the others: commit them one by one.
    committed = [];
    await Promise.all(
      batch.map(async (b) => {
        try {
          await pgPool().query(b.sql);
          committed.push(b);
        } catch (e) {
          b.reject(e);
        }
      }),
    );
  }
  try {
    await enqueueSteps(committed.map((b) => b.job));
  } catch {
    // Persisted already: the recovery sweep enqueues them once Redis answers again.
  }
  for (const b of committed) b.resolve();
}
