/**
 * Webhook benchmark on the real stack: a web process (webhook handler + trigger registry), a worker process
 * (workers/main.ts), Postgres and Redis. A webhook -> transform -> condition -> respond workflow is activated
 * twice, once per response mode, and autocannon drives each for BENCH_DURATION s at BENCH_CONNECTIONS.
 * Prints req/s, p50/p99 latency, non-2xx, and checks that every 2xx answer has a persisted execution.
 *
 *   npm run bench:webhook      (env: BENCH_DURATION=20, BENCH_CONNECTIONS=50, BENCH_WORKERS=1, BENCH_DRAIN_S=120,
 *                               BENCH_WEB_DB_POOL=40, BENCH_WORKER_DB_POOL=25 (WEFT_DB_POOL of each process),
 *                               BENCH_MODES=lastNode,onReceived; BENCH_WORKERS=0 BENCH_MODES=onReceived measures
 *                               the accepting path alone, with executions left queued)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import type { GraphNode, WorkflowGraph } from '../../server/engine/types';
import { createTestDatabase, deleteRedisPrefix, dropDatabase } from '../../server/testing/database';

const root = path.resolve(import.meta.dirname, '../..');
const DURATION = Number(process.env.BENCH_DURATION ?? 20);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 1);
const DRAIN_S = Number(process.env.BENCH_DRAIN_S ?? 120);

const node = (id: string, type: string, params: Record<string, unknown>, x: number): GraphNode => ({ id, name: id, type, typeVersion: 1, params, position: [x, 0] });
const edge = (from: string, to: string, fromPort = 'main') => ({ from: { node: from, port: fromPort }, to: { node: to, port: 'main' } });

function benchGraph(path: string, responseMode: 'onReceived' | 'lastNode'): WorkflowGraph {
  return {
    nodes: [
      node('Webhook', 'webhook', { path, httpMethod: 'POST', responseMode, responseTimeout: 30 }, 0),
      node('Transform', 'transform', { assignments: [{ name: 'doubled', value: '={{ $json.body.n * 2 }}', type: 'number' }], include: 'all' }, 200),
      node('Condition', 'condition', { conditions: [{ leftValue: '={{ $json.doubled }}', operator: { type: 'number', operation: 'gte' }, rightValue: 0 }] }, 400),
      node('Respond', 'respondToWebhook', { respondWith: 'json', responseBody: '={{ { "ok": true, "doubled": $json.doubled } }}' }, 600),
    ],
    connections: [edge('Webhook', 'Transform'), edge('Transform', 'Condition'), edge('Condition', 'Respond', 'true')],
  };
}

function spawnReady(args: string[], env: NodeJS.ProcessEnv, marker: RegExp): Promise<{ child: ChildProcess; match: RegExpMatchArray }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = marker.exec(out);
      if (m) resolve({ child, match: m });
    });
    child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}: ${out}`)));
  });
}

/**
 * Every request carries a unique x-bench-id; the ids answered 2xx are collected so that the check below is
 * exact: each 2xx id has exactly one execution, and executions without a 2xx are only requests still in
 * flight when autocannon stopped (their answer was never read).
 */
function cannon(url: string, ok2xx: Set<string>): Promise<autocannon.Result> {
  let seq = 0;
  const prefix = randomBytes(3).toString('hex');
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections: CONNECTIONS,
        duration: DURATION,
        timeout: 60,
        requests: [
          {
            method: 'POST',
            setupRequest(req, context) {
              const id = `${prefix}-${++seq}`;
              context.id = id;
              return { ...req, headers: { 'content-type': 'application/json', 'x-bench-id': id }, body: JSON.stringify({ n: seq % 100, source: 'bench' }) };
            },
            onResponse(status, _body, context) {
              if (status >= 200 && status < 300) ok2xx.add(String(context.id));
            },
          },
        ],
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
    process.once('SIGINT', () => instance.stop());
  });
}

async function main() {
  const base = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/weft';
  const runId = `weft_test_${Date.now().toString(36)}_${process.pid}`;
  const databaseUrl = await createTestDatabase(base, runId);
  Object.assign(process.env, {
    DATABASE_URL: databaseUrl,
    WEFT_QUEUE_PREFIX: `${runId}_whbench`,
    WEFT_LOG_LEVEL: 'error',
    WEFT_ENCRYPTION_KEY: process.env.WEFT_ENCRYPTION_KEY ?? randomBytes(32).toString('hex'),
  });
  const children: ChildProcess[] = [];
  const { pgPool, disconnectDb, db } = await import('../../server/db');
  const { closeRedis } = await import('../../server/redis');
  const { activateWorkflow } = await import('../../server/triggers/activation');
  const { closeScheduleQueue } = await import('../../server/triggers/schedules');
  try {
    for (let i = 0; i < WORKERS; i++) {
      const w = await spawnReady(
        ['workers/main.ts'],
        { ...process.env, WEFT_WORKER_CONCURRENCY: process.env.BENCH_WORKER_CONCURRENCY ?? '50', WEFT_DB_POOL: process.env.BENCH_WORKER_DB_POOL ?? '25' },
        /ready/,
      );
      children.push(w.child);
    }
    // BENCH_CPU_PROF=<dir> writes a V8 CPU profile of the web process (open it in Chrome DevTools).
    const prof = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
    // Postgres commits in groups: a pool as large as the number of concurrent requests lets one fsync
    // carry many of them (20 connections: ~220 req/s here; 50: ~700). Postgres allows 100 in all.
    const web = await spawnReady([...prof, 'bench/webhook/server.ts'], { ...process.env, WEFT_DB_POOL: process.env.BENCH_WEB_DB_POOL ?? String(Math.min(CONNECTIONS, 40)) }, /ready (\d+)/);
    children.push(web.child);
    const port = Number(web.match[1]);
    const owner = await db().user.create({ data: { email: `bench-${runId}@weft.local`, passwordHash: 'x' } });

    const wanted = (process.env.BENCH_MODES ?? 'lastNode,onReceived').split(',');
    const modes = [
      { label: 'last node', mode: 'lastNode' as const, target: 300 },
      { label: 'immediate', mode: 'onReceived' as const, target: 1000 },
    ].filter((m) => wanted.includes(m.mode));
    const pool = pgPool();
    const rows: string[] = [];
    let ok = true;
    for (const m of modes) {
      const hookPath = `bench/${m.mode}`;
      const graph = benchGraph(hookPath, m.mode);
      const wf = await db().workflow.create({ data: { name: `bench ${m.label}`, ownerId: owner.id, graph: graph as object } });
      await activateWorkflow(wf.id);
      const url = `http://127.0.0.1:${port}/webhook/${hookPath}`;
      // The web process hears the activation over Redis; wait until it serves the path (and warm up).
      for (let i = 0; i < 200; i++) {
        const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"n":1}' });
        await r.arrayBuffer();
        if (r.status !== 404 && i >= 20) break;
        if (r.status === 404) await new Promise((res) => setTimeout(res, 50));
      }
      const ok2xx = new Set<string>();
      const result = await cannon(url, ok2xx);
      const { rows: ex } = await pool.query<{ id: string | null; n: number }>(
        `SELECT "triggerData"->'items'->0->'json'->'headers'->>'x-bench-id' AS id, count(*)::int AS n
         FROM "Execution" WHERE "workflowId" = $1 GROUP BY 1`,
        [wf.id],
      );
      const executionsById = new Map(ex.filter((r) => r.id).map((r) => [r.id!, r.n]));
      const benchExecutions = [...executionsById.values()].reduce((a, b) => a + b, 0);
      const twoxx = result['2xx'];
      const missing = [...ok2xx].filter((id) => executionsById.get(id) !== 1).length; // a 2xx without exactly one execution
      const answered2xxExecutions = [...ok2xx].filter((id) => executionsById.get(id) === 1).length;
      const unanswered = benchExecutions - answered2xxExecutions; // accepted while the client was stopping
      const inFlight = Math.max(0, result.requests.sent - (twoxx + result.non2xx + result.errors + result.timeouts));
      const consistent = missing === 0 && ok2xx.size === twoxx && unanswered <= inFlight;
      const codes = Object.entries(result.statusCodeStats).map(([c, st]) => `${c}:${st.count}`).join(' ');
      if (!consistent || result.non2xx || result.errors) ok = false;
      rows.push(
        `${m.label.padEnd(10)} ${result.requests.average.toFixed(0).padStart(6)} req/s  p50 ${String(result.latency.p50).padStart(4)} ms  p99 ${String(result.latency.p99).padStart(5)} ms  ` +
          `2xx ${twoxx}  non-2xx ${result.non2xx}  errors ${result.errors}  timeouts ${result.timeouts}  ` +
          `executions of 2xx ${answered2xxExecutions}/${twoxx} ${consistent ? 'OK' : 'MISMATCH'} (+${unanswered} accepted while the client stopped, ${inFlight} in flight)  ` +
          `[${codes}]  target ${m.target} req/s ${result.requests.average >= m.target ? 'met' : 'NOT met'}`,
      );
      console.log(rows[rows.length - 1]);
    }
    // The immediate run leaves a backlog for the workers: report how long it takes to drain.
    const drainStart = Date.now();
    let pending = 0;
    while (WORKERS > 0 && Date.now() - drainStart < DRAIN_S * 1000) {
      pending = Number((await pool.query(`SELECT count(*) FROM "Execution" WHERE status IN ('queued', 'running')`)).rows[0].count);
      if (pending === 0) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    const statuses = (await pool.query(`SELECT status::text, count(*)::int AS n FROM "Execution" GROUP BY status ORDER BY status`)).rows;
    console.log('');
    console.log(`Weft webhook benchmark: ${os.cpus().length} CPU (${os.cpus()[0]?.model ?? 'unknown'}), ${DURATION} s at ${CONNECTIONS} connections, ${WORKERS} worker process(es)`);
    for (const r of rows) console.log(`  ${r}`);
    console.log(`  backlog drain: ${pending === 0 ? `${((Date.now() - drainStart) / 1000).toFixed(0)} s` : `${pending} still pending after ${DRAIN_S} s`}; executions by status: ${statuses.map((s) => `${s.status} ${s.n}`).join(', ')}`);
    process.exitCode = ok ? 0 : 1;
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
    await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null)));
    await closeScheduleQueue().catch(() => {});
    await closeRedis().catch(() => {});
    await disconnectDb().catch(() => {});
    await dropDatabase(databaseUrl).catch(() => {});
    await deleteRedisPrefix(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', runId).catch(() => {});
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
