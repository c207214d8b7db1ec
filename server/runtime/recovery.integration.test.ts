/**
 * Nothing accepted is lost when Redis loses its data after the answer: the execution is in Postgres
 * before startExecution resolves, and the recovery sweep re-enqueues runs whose job is gone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphNode, WorkflowGraph } from '../engine/types';
import { uniquePrefix } from '../testing';
import { createTestDatabase, dropDatabase } from '../testing/database';

process.env.WEFT_QUEUE_PREFIX = uniquePrefix('recovery');
// A database of its own: the sweep looks at every open run of its database, and the run's shared
// database holds other test files' runs, which this file's worker must not take.
const runDatabase = process.env.DATABASE_URL!;
let ownDatabase = '';

beforeAll(async () => {
  ownDatabase = await createTestDatabase(runDatabase, `${new URL(runDatabase).pathname.slice(1)}_recovery`);
  process.env.DATABASE_URL = ownDatabase;
}, 60_000);

const node = (id: string, type: string, params: Record<string, unknown>): GraphNode => ({ id, name: id, type, typeVersion: 1, params, position: [0, 0] });
const graph: WorkflowGraph = {
  nodes: [node('Start', 'manualTrigger', {}), node('Add', 'transform', { assignments: [{ name: 'doubled', value: '={{ $json.n * 2 }}', type: 'number' }], include: 'all' })],
  connections: [{ from: { node: 'Start', port: 'main' }, to: { node: 'Add', port: 'main' } }],
};

afterAll(async () => {
  const { closeRuntimeConnections } = await import('./shutdown');
  await closeRuntimeConnections();
  if (ownDatabase) await dropDatabase(ownDatabase).catch(() => {});
  process.env.DATABASE_URL = runDatabase;
});

describe('recovery sweep', () => {
  it('finishes an accepted execution whose queued job Redis lost', async () => {
    const { startExecution, waitForExecution } = await import('./execution');
    const { getStepQueue } = await import('./queues');
    const { recoverStranded, startStepWorker } = await import('./worker');
    const { pgPool } = await import('../db');

    const { executionId } = await startExecution({ graph, mode: 'cli', triggerItems: [{ json: { n: 21 } }] });
    // Redis restarts empty: the job is gone, the execution is still in Postgres.
    await getStepQueue().obliterate({ force: true });
    expect((await getStepQueue().getJobCounts('waiting')).waiting).toBe(0);

    const worker = await startStepWorker({ concurrency: 2, recoveryIntervalMs: 0 });
    try {
      await new Promise((r) => setTimeout(r, 300));
      const { rows } = await pgPool().query(`SELECT status FROM "Execution" WHERE id = $1`, [executionId]);
      expect(rows[0].status).toBe('queued'); // nothing to run until the sweep finds it

      expect(await recoverStranded(0)).toBe(1);
      const done = await waitForExecution(executionId, { timeoutMs: 20_000 });
      expect(done.status).toBe('succeeded');
      expect(done.nodeRuns.find((r) => r.nodeName === 'Add')?.outputItems).toEqual({ main: [{ json: { n: 21, doubled: 42 }, pairedItem: { item: 0 } }] });
      // The sweep is idempotent: nothing is left to recover and nothing ran twice.
      const { redis } = await import('../redis');
      await redis().del(`${process.env.WEFT_QUEUE_PREFIX}:recovery-lock`); // one sweep per 8 s otherwise
      expect(await recoverStranded(0)).toBe(0);
      expect(done.nodeRuns.map((r) => r.attempt)).toEqual([1, 1]);
    } finally {
      await worker.close();
    }
  });

  it("records a node's own tries (retryOnFail) on its run", async () => {
    const { startExecution, waitForExecution } = await import('./execution');
    const { startStepWorker } = await import('./worker');
    const { testRegistry } = await import('../engine/test-registry');
    const worker = await startStepWorker({ concurrency: 2, recoveryIntervalMs: 0, registry: testRegistry });
    try {
      const flakyGraph: WorkflowGraph = {
        nodes: [
          node('Start', 'start', { items: [{ n: 1 }] }),
          { ...node('Flaky', 'flaky', { failTimes: 2 }), retry: { retryOnFail: true, maxTries: 4, waitBetweenTries: 10 } },
        ],
        connections: [{ from: { node: 'Start', port: 'main' }, to: { node: 'Flaky', port: 'main' } }],
      };
      const { executionId } = await startExecution({ graph: flakyGraph, mode: 'cli', registry: testRegistry });
      const done = await waitForExecution(executionId, { timeoutMs: 20_000 });
      expect(done.status).toBe('succeeded');
      expect(done.nodeRuns.map((r) => [r.nodeName, r.tries, r.attempt])).toEqual([
        ['Start', 1, 1],
        ['Flaky', 3, 1],
      ]);
    } finally {
      await worker.close();
    }
  });

  it('a parked wait continues on another worker after the first is gone, even when Redis lost its timer', async () => {
    const { startExecution, waitForExecution } = await import('./execution');
    const { getStepQueue } = await import('./queues');
    const { recoverStranded, startStepWorker } = await import('./worker');
    const { pgPool } = await import('../db');
    const { redis } = await import('../redis');
    process.env.WEFT_WAIT_IN_PROCESS_SECONDS = '0';
    try {
      const waitGraph: WorkflowGraph = {
        nodes: [node('Start', 'manualTrigger', {}), node('Wait', 'wait', { amount: 1, unit: 'seconds' }), graph.nodes[1]],
        connections: [
          { from: { node: 'Start', port: 'main' }, to: { node: 'Wait', port: 'main' } },
          { from: { node: 'Wait', port: 'main' }, to: { node: 'Add', port: 'main' } },
        ],
      };
      const first = await startStepWorker({ concurrency: 2, recoveryIntervalMs: 0 });
      const { executionId } = await startExecution({ graph: waitGraph, mode: 'cli', triggerItems: [{ json: { n: 4 } }] });
      const status = async () => (await pgPool().query(`SELECT status::text FROM "Execution" WHERE id = $1`, [executionId])).rows[0].status;
      for (let i = 0; i < 100 && (await status()) !== 'waiting'; i++) await new Promise((r) => setTimeout(r, 50));
      expect(await status()).toBe('waiting');
      // The worker that parked it goes away, and Redis restarts empty: the timer job is gone too.
      await first.close();
      await getStepQueue().obliterate({ force: true });
      await new Promise((r) => setTimeout(r, 1200));
      expect(await status()).toBe('waiting');

      const second = await startStepWorker({ concurrency: 2, recoveryIntervalMs: 0 });
      try {
        await redis().del(`${process.env.WEFT_QUEUE_PREFIX}:recovery-lock`);
        expect(await recoverStranded(0)).toBe(1); // the overdue wait, rescheduled
        const done = await waitForExecution(executionId, { timeoutMs: 20_000 });
        expect(done.status).toBe('succeeded');
        expect(done.nodeRuns.find((r) => r.nodeName === 'Add')?.outputItems?.main[0].json).toEqual({ n: 4, doubled: 8 });
        expect(done.nodeRuns.map((r) => [r.nodeName, r.status])).toEqual([['Start', 'succeeded'], ['Wait', 'succeeded'], ['Add', 'succeeded']]);
        await redis().del(`${process.env.WEFT_QUEUE_PREFIX}:recovery-lock`);
        expect(await recoverStranded(0)).toBe(0);
      } finally {
        await second.close();
      }
    } finally {
      delete process.env.WEFT_WAIT_IN_PROCESS_SECONDS;
    }
  });
});
