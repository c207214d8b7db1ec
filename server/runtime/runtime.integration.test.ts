/**
 * The runtime on the real stack: Postgres, Redis, BullMQ and two worker processes (workers/main.ts).
 * One of them is killed with SIGKILL in the middle of a slow step; the other finishes the execution and
 * no step that had completed is run again.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphNode, WorkflowGraph } from '../engine/types';
import { uniquePrefix } from '../testing';

process.env.WEFT_QUEUE_PREFIX = uniquePrefix('runtime');

const root = path.resolve(import.meta.dirname, '../..');
const workers: ChildProcess[] = [];

function startWorker(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'workers/main.ts'], {
    cwd: root,
    env: { ...process.env, WEFT_WORKER_CONCURRENCY: '4' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  workers.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start: ${output}`)), 110_000);
    const onData = (d: Buffer) => {
      output += d.toString();
      if (output.includes('ready')) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d) => (output += d.toString()));
    child.on('exit', (code) => reject(new Error(`worker exited with ${code}: ${output}`)));
  });
}

const node = (id: string, type: string, params: Record<string, unknown>): GraphNode => ({ id, name: id, type, typeVersion: 1, params, position: [0, 0] });
const edge = (from: string, to: string, fromPort = 'main', toPort = 'main') => ({ from: { node: from, port: fromPort }, to: { node: to, port: toPort } });
const set = (id: string, name: string, value: unknown) => node(id, 'transform', { assignments: [{ name, value, type: typeof value === 'number' ? 'number' : 'string' }], include: 'all' });

let runtime: typeof import('./index');

beforeAll(async () => {
  await Promise.all([startWorker(), startWorker()]);
  runtime = await import('./index');
}, 120_000);

afterAll(async () => {
  const alive = workers.filter((w) => w.exitCode === null && w.signalCode === null);
  for (const w of alive) w.kill('SIGTERM');
  await Promise.all(alive.map((w) => new Promise((r) => w.once('exit', r))));
  const { closeRuntimeConnections } = await import('./shutdown');
  await closeRuntimeConnections();
});

describe('runtime on two worker processes', () => {
  it('runs a 10-node workflow with parallel branches, a condition and a merge', async () => {
    const graph: WorkflowGraph = {
      nodes: [
        node('Trigger', 'manualTrigger', {}),
        set('Tag', 'source', 'weft'),
        node('Check', 'condition', { conditions: [{ leftValue: '={{ $json.n }}', operator: { type: 'number', operation: 'gte' }, rightValue: 3 }] }),
        set('Big1', 'size', 'big'),
        set('Big2', 'bigCheck', '={{ $json.n * 10 }}'),
        set('Small1', 'size', 'small'),
        set('Small2', 'smallCheck', '={{ $json.n * -1 }}'),
        node('Merge', 'merge', { mode: 'append' }),
        set('Final', 'done', 'yes'),
        node('End', 'noOp', {}),
      ],
      connections: [
        edge('Trigger', 'Tag'), edge('Tag', 'Check'),
        edge('Check', 'Big1', 'true'), edge('Big1', 'Big2'),
        edge('Check', 'Small1', 'false'), edge('Small1', 'Small2'),
        edge('Big2', 'Merge', 'main', 'input1'), edge('Small2', 'Merge', 'main', 'input2'),
        edge('Merge', 'Final'), edge('Final', 'End'),
      ],
    };
    const ids = await Promise.all(
      Array.from({ length: 6 }, () => runtime.startExecution({ graph, mode: 'manual', triggerItems: [1, 2, 3, 4].map((n) => ({ json: { n } })) })),
    );
    const results = await Promise.all(ids.map(({ executionId }) => runtime.waitForExecution(executionId, { timeoutMs: 30_000 })));
    for (const detail of results) {
      expect(detail.status).toBe('succeeded');
      expect(detail.nodeRuns).toHaveLength(10);
      expect(detail.nodeRuns.every((r) => r.status === 'succeeded' && r.attempt === 1)).toBe(true);
      const end = detail.nodeRuns.find((r) => r.nodeName === 'End')!;
      expect(end.outputItems!.main.map((i) => i.json)).toEqual([
        { n: 3, source: 'weft', size: 'big', bigCheck: '30', done: 'yes' },
        { n: 4, source: 'weft', size: 'big', bigCheck: '40', done: 'yes' },
        { n: 1, source: 'weft', size: 'small', smallCheck: '-1', done: 'yes' },
        { n: 2, source: 'weft', size: 'small', smallCheck: '-2', done: 'yes' },
      ]);
    }
    const { pgPool } = await import('../db');
    const { rows } = await pgPool().query(`SELECT DISTINCT "workerId" FROM "NodeRun" WHERE "executionId" = ANY($1::text[])`, [ids.map((i) => i.executionId)]);
    expect(rows.length).toBe(2); // both worker processes ran steps
  }, 60_000);

  it('finishes an execution when the worker running a slow step is killed with SIGKILL', async () => {
    const graph: WorkflowGraph = {
      nodes: [
        node('Trigger', 'manualTrigger', {}),
        set('Before1', 'a', 1),
        set('Before2', 'b', 2),
        node('Slow', 'wait', { resume: 'timeInterval', amount: 3, unit: 'seconds' }),
        set('After', 'c', 3),
      ],
      connections: [edge('Trigger', 'Before1'), edge('Before1', 'Before2'), edge('Before2', 'Slow'), edge('Slow', 'After')],
    };
    const { executionId } = await runtime.startExecution({ graph, mode: 'manual' });
    const { pgPool } = await import('../db');
    let slow: { workerId: string } | undefined;
    for (let i = 0; i < 100 && !slow; i++) {
      const { rows } = await pgPool().query(`SELECT "workerId" FROM "NodeRun" WHERE "executionId" = $1 AND "nodeName" = 'Slow' AND status = 'running'`, [executionId]);
      slow = rows[0];
      if (!slow) await new Promise((r) => setTimeout(r, 50));
    }
    expect(slow).toBeDefined();
    const pid = Number(slow!.workerId.split(':').pop());
    const victim = workers.find((w) => w.pid === pid)!;
    expect(victim).toBeDefined();
    const killedAt = Date.now();
    victim.kill('SIGKILL');
    const detail = await runtime.waitForExecution(executionId, { timeoutMs: 40_000 });
    expect(detail.status).toBe('succeeded');
    for (const name of ['Trigger', 'Before1', 'Before2']) {
      const runs = detail.nodeRuns.filter((r) => r.nodeName === name);
      expect(runs).toHaveLength(1);
      expect(runs[0].status).toBe('succeeded');
      expect(runs[0].attempt).toBe(1); // completed before the kill, never run again
      expect(runs[0].finishedAt!.getTime()).toBeLessThan(killedAt);
    }
    const slowRuns = detail.nodeRuns.filter((r) => r.nodeName === 'Slow');
    expect(slowRuns).toHaveLength(1);
    expect(slowRuns[0].attempt).toBe(2); // the interrupted step ran again, on the surviving worker
    expect(detail.nodeRuns.find((r) => r.nodeName === 'After')!.outputItems!.main[0].json).toEqual({ a: 1, b: 2, c: 3 });
    const { rows } = await pgPool().query(`SELECT "workerId" FROM "NodeRun" WHERE "executionId" = $1 AND "nodeName" = 'After'`, [executionId]);
    expect(rows[0].workerId).not.toBe(slow!.workerId);
  }, 60_000);

  it('cancels a running execution', async () => {
    const graph: WorkflowGraph = {
      nodes: [node('Trigger', 'manualTrigger', {}), node('Slow', 'wait', { resume: 'timeInterval', amount: 20, unit: 'seconds' }), set('After', 'c', 3)],
      connections: [edge('Trigger', 'Slow'), edge('Slow', 'After')],
    };
    const { executionId } = await runtime.startExecution({ graph, mode: 'manual' });
    const { pgPool } = await import('../db');
    for (let i = 0; i < 100; i++) {
      const { rows } = await pgPool().query(`SELECT 1 FROM "NodeRun" WHERE "executionId" = $1 AND "nodeName" = 'Slow' AND status = 'running'`, [executionId]);
      if (rows.length) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const started = Date.now();
    const result = await runtime.cancelExecution(executionId);
    expect(result.status).toBe('cancelled');
    expect(Date.now() - started).toBeLessThan(5_000);
    const detail = await runtime.getExecutionDetail(executionId);
    expect(detail!.status).toBe('cancelled');
    expect(detail!.nodeRuns.find((r) => r.nodeName === 'After')).toBeUndefined();
  }, 30_000);

  it('fails an execution that runs past its timeout, stopping the running step', async () => {
    const graph: WorkflowGraph = {
      nodes: [node('Trigger', 'manualTrigger', {}), node('Slow', 'wait', { resume: 'timeInterval', amount: 20, unit: 'seconds' }), set('After', 'c', 3)],
      connections: [edge('Trigger', 'Slow'), edge('Slow', 'After')],
      settings: { executionTimeoutMs: 1500 },
    };
    const started = Date.now();
    const { executionId } = await runtime.startExecution({ graph, mode: 'manual' });
    const detail = await runtime.waitForExecution(executionId, { timeoutMs: 15_000 });
    expect(detail.status).toBe('failed');
    expect(String(detail.error?.message)).toContain('timed out');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(detail.nodeRuns.find((r) => r.nodeName === 'After')).toBeUndefined();
  }, 30_000);
});
