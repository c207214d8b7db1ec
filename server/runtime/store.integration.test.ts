/**
 * The step store's exclusive fast path on the real Postgres: a run that is its execution's only open
 * run is claimed with every run's metadata, and its completion records, plans and finishes in one
 * statement, guarded so that a cancellation that got there first wins.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { pgPool } from '../db';
import { indexGraph, planNext, type RunMeta } from '../engine/plan';
import type { WorkflowGraph } from '../engine/types';
import { claimRun, completeExclusive, failExecution, WORKER_ID } from './store';

const node = (id: string) => ({ id, name: id, type: 'noOp', typeVersion: 1, params: {}, position: [0, 0] as [number, number] });
const edge = (from: string, to: string) => ({ from: { node: from, port: 'main' }, to: { node: to, port: 'main' } });
// T -> A -> B, and A -> C beside B (a fan-out after A).
const graph: WorkflowGraph = { nodes: ['T', 'A', 'B', 'C'].map(node), connections: [edge('T', 'A'), edge('A', 'B'), edge('A', 'C')] };
const chain: WorkflowGraph = { nodes: ['T', 'A'].map(node), connections: [edge('T', 'A')] };

async function newExecution(g: WorkflowGraph, extraOpenRun = false): Promise<{ executionId: string; runId: string }> {
  const executionId = randomUUID();
  const runId = randomUUID();
  const pool = pgPool();
  await pool.query(`INSERT INTO "Execution" (id, graph, mode, status) VALUES ($1, $2, 'cli', 'queued')`, [executionId, JSON.stringify(g)]);
  await pool.query(`INSERT INTO "NodeRun" (id, "executionId", "nodeId", "nodeName", "runIndex", sources, "jobId") VALUES ($1, $2, 'T', 'T', 0, '[]', $1)`, [runId, executionId]);
  if (extraOpenRun) {
    const other = randomUUID();
    await pool.query(`INSERT INTO "NodeRun" (id, "executionId", "nodeId", "nodeName", "runIndex", sources, "jobId") VALUES ($1, $2, 'X', 'X', 0, '[]', $1)`, [other, executionId]);
  }
  return { executionId, runId };
}

const planner = (g: WorkflowGraph, jobId: string) => (runs: RunMeta[]) => {
  const p = planNext(g, runs, indexGraph(g));
  return { ready: p.ready.map((r) => ({ ...r, nodeName: r.nodeId })), finished: p.finished, inlineFirst: true, carrierJobId: jobId };
};
const items = (n: number) => ({ main: Array.from({ length: n }, (_, i) => ({ json: { i } })) });

async function runsOf(executionId: string) {
  const { rows } = await pgPool().query(`SELECT "nodeId", status, attempt, "jobId", "workerId", "outputCounts" FROM "NodeRun" WHERE "executionId" = $1 ORDER BY "queuedAt", "nodeId"`, [executionId]);
  return rows;
}

afterAll(async () => {
  const { closeRuntimeConnections } = await import('./shutdown');
  await closeRuntimeConnections();
});

describe('exclusive completion', () => {
  it('claims the only open run with every run of the execution, and not when another run is open', async () => {
    const alone = await newExecution(graph);
    const claimed = await claimRun(pgPool(), alone.runId, 'job-1', { executionId: alone.executionId, withGraph: false });
    expect(claimed?.justStarted).toBe(true);
    expect(claimed?.exclusive).toEqual([{ nodeId: 'T', runIndex: 0, status: 'running', sources: [], outputCounts: null }]);

    const shared = await newExecution(graph, true);
    const other = await claimRun(pgPool(), shared.runId, 'job-2', { executionId: shared.executionId, withGraph: false });
    expect(other?.run.nodeId).toBe('T');
    expect(other?.exclusive).toBeUndefined();
  });

  it('records the run and inserts its successor already claimed for the job, in one statement, then fans out', async () => {
    const { executionId, runId } = await newExecution(graph);
    const claimed = (await claimRun(pgPool(), runId, 'job', { executionId, withGraph: false }))!;
    const first = await completeExclusive(pgPool(), claimed.run, items(2), undefined, 1, claimed.exclusive!, planner(graph, 'job'), () => null);
    expect(first.recorded).toBe(true);
    expect(first.cancelRequested).toBe(false);
    expect(first.inlineClaim?.nodeId).toBe('A');
    expect(first.exclusive?.map((m) => [m.nodeId, m.status])).toEqual([
      ['T', 'succeeded'],
      ['A', 'running'],
    ]);
    expect(await runsOf(executionId)).toEqual([
      { nodeId: 'T', status: 'succeeded', attempt: 1, jobId: 'job', workerId: WORKER_ID, outputCounts: { main: 2 } },
      { nodeId: 'A', status: 'running', attempt: 1, jobId: 'job', workerId: WORKER_ID, outputCounts: null },
    ]);

    // A feeds B and C: one continues inline, the other is queued for its own job; the runs are no longer exclusive.
    const second = await completeExclusive(pgPool(), first.inlineClaim!, items(1), undefined, 1, first.exclusive!, planner(graph, 'job'), () => null);
    expect(second.planned.map((p) => p.nodeId).sort()).toEqual(['B', 'C']);
    expect(second.inlineClaim?.nodeId).toBe(second.planned[0].nodeId);
    expect(second.planned[1].jobId).toBe(second.planned[1].id);
    expect(second.exclusive).toBeUndefined();
    const rows = await runsOf(executionId);
    expect(rows.filter((r) => r.status === 'queued')).toHaveLength(1);
    expect(rows.filter((r) => r.status === 'running')).toHaveLength(1);
  });

  it('finishes the execution with the last run', async () => {
    const { executionId, runId } = await newExecution(chain);
    const claimed = (await claimRun(pgPool(), runId, 'job', { executionId, withGraph: false }))!;
    const first = await completeExclusive(pgPool(), claimed.run, items(1), undefined, 1, claimed.exclusive!, planner(chain, 'job'), () => null);
    const last = await completeExclusive(pgPool(), first.inlineClaim!, items(1), { seen: 1 }, 1, first.exclusive!, planner(chain, 'job'), () => null);
    expect(last).toMatchObject({ recorded: true, finished: true, executionStatus: 'succeeded', planned: [] });
    const { rows } = await pgPool().query(`SELECT status, "finishedAt" FROM "Execution" WHERE id = $1`, [executionId]);
    expect(rows[0].status).toBe('succeeded');
    expect(rows[0].finishedAt).toBeInstanceOf(Date);
    const { rows: runs } = await pgPool().query(`SELECT "nodeId", tries, state FROM "NodeRun" WHERE "executionId" = $1 ORDER BY "nodeId"`, [executionId]);
    expect(runs).toEqual([
      { nodeId: 'A', tries: 1, state: { seen: 1 } },
      { nodeId: 'T', tries: 1, state: null },
    ]);
  });

  it('writes nothing when the execution was cancelled before the run was recorded', async () => {
    const { executionId, runId } = await newExecution(graph);
    const claimed = (await claimRun(pgPool(), runId, 'job', { executionId, withGraph: false }))!;
    await failExecution(pgPool(), executionId, 'cancelled', { message: 'The execution was cancelled' });
    const result = await completeExclusive(pgPool(), claimed.run, items(1), undefined, 1, claimed.exclusive!, planner(graph, 'job'), () => null);
    expect(result.recorded).toBe(false);
    expect(await runsOf(executionId)).toEqual([expect.objectContaining({ nodeId: 'T', status: 'cancelled' })]);
    const { rows } = await pgPool().query(`SELECT status FROM "Execution" WHERE id = $1`, [executionId]);
    expect(rows[0].status).toBe('cancelled');
  });

  it('reports a cancellation request so that the chain stops at its next step', async () => {
    const { executionId, runId } = await newExecution(graph);
    const claimed = (await claimRun(pgPool(), runId, 'job', { executionId, withGraph: false }))!;
    await pgPool().query(`UPDATE "Execution" SET "cancelRequested" = true WHERE id = $1`, [executionId]);
    const result = await completeExclusive(pgPool(), claimed.run, items(1), undefined, 1, claimed.exclusive!, planner(graph, 'job'), () => null);
    expect(result.recorded).toBe(true);
    expect(result.cancelRequested).toBe(true);
  });
});
