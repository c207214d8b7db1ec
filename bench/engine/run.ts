/**
 * Engine benchmark on the real stack (Postgres, Redis, BullMQ, worker processes):
 *   (a) 1,000 executions of a 5-node chain, (b) one 40-node sequential chain,
 *   (c) a fan-out to 100 parallel branches merged back (10 merges of 10, then one of 10).
 * Prints executions per second, per-step overhead (median, p99), wall times and worker memory.
 *
 *   npm run bench:engine              (env: BENCH_WORKERS=1, BENCH_EXECUTIONS=1000, DATABASE_URL, REDIS_URL)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { GraphNode, WorkflowGraph } from '../../server/engine/types';
import { createTestDatabase, deleteRedisPrefix, dropDatabase } from '../../server/testing/database';

const root = path.resolve(import.meta.dirname, '../..');
const WORKERS = Number(process.env.BENCH_WORKERS ?? 1);
const EXECUTIONS = Number(process.env.BENCH_EXECUTIONS ?? 1000);
const CONCURRENCY = Number(process.env.BENCH_WORKER_CONCURRENCY ?? 50);

const node = (id: string, type: string, params: Record<string, unknown>, x = 0): GraphNode => ({ id, name: id, type, typeVersion: 1, params, position: [x, 0] });
const edge = (from: string, to: string, toPort = 'main') => ({ from: { node: from, port: 'main' }, to: { node: to, port: toPort } });
const step = (i: number) => node(`Step ${i}`, 'transform', { assignments: [{ name: `s${i}`, value: i % 2 ? '={{ $json.n + ' + i + ' }}' : `v${i}`, type: i % 2 ? 'number' : 'string' }], include: 'all' }, i * 200);

function chain(length: number): WorkflowGraph {
  const nodes = [node('Trigger', 'manualTrigger', {}), ...Array.from({ length: length - 1 }, (_, i) => step(i + 1))];
  return { nodes, connections: nodes.slice(1).map((n, i) => edge(nodes[i].id, n.id)) };
}

function fanOut(branches: number): WorkflowGraph {
  const nodes: GraphNode[] = [node('Trigger', 'manualTrigger', {})];
  const connections = [];
  for (let i = 0; i < branches; i++) {
    nodes.push(step(i + 1));
    connections.push(edge('Trigger', `Step ${i + 1}`));
  }
  const groups = Math.ceil(branches / 10);
  for (let g = 0; g < groups; g++) {
    nodes.push(node(`Merge ${g + 1}`, 'merge', { mode: 'append', numberInputs: 10 }));
    for (let j = 0; j < 10 && g * 10 + j < branches; j++) connections.push(edge(`Step ${g * 10 + j + 1}`, `Merge ${g + 1}`, `input${j + 1}`));
  }
  nodes.push(node('Merge all', 'merge', { mode: 'append', numberInputs: Math.max(2, groups) }));
  for (let g = 0; g < groups; g++) connections.push(edge(`Merge ${g + 1}`, 'Merge all', `input${g + 1}`));
  return { nodes, connections };
}

/** CPU time (user + system) a process has used, in ms: robust to other load on the machine. */
const cpuMs = (pid: number) => {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
  } catch {
    return 0;
  }
};
/** CPU ms of every process with this command name (Postgres backends, redis-server). */
const cpuOfCommand = (names: string[]) => {
  let total = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (names.includes(comm)) total += cpuMs(Number(pid));
    } catch {
      /* gone */
    }
  }
  return total;
};
const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const rssMb = (pid: number) => {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
  } catch {
    return 0;
  }
};

async function main() {
  const base = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/weft';
  const runId = `weft_test_${Date.now().toString(36)}_${process.pid}`;
  const databaseUrl = await createTestDatabase(base, runId);
  Object.assign(process.env, { DATABASE_URL: databaseUrl, WEFT_QUEUE_PREFIX: `${runId}_bench`, WEFT_LOG_LEVEL: 'warn' });
  const workers: ChildProcess[] = [];
  let peakRss = 0;
  const sampler = setInterval(() => workers.forEach((w) => (peakRss = Math.max(peakRss, rssMb(w.pid!)))), 200);
  const { startExecution } = await import('../../server/runtime/execution');
  const { pgPool } = await import('../../server/db');
  const { closeRuntimeConnections } = await import('../../server/runtime/shutdown');
  try {
    await Promise.all(
      Array.from({ length: WORKERS }, () =>
        new Promise<void>((resolve, reject) => {
          const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
          const w = spawn(process.execPath, [...profile, '--import', 'tsx', 'workers/main.ts'], { cwd: root, env: { ...process.env, WEFT_WORKER_CONCURRENCY: String(CONCURRENCY) }, stdio: ['ignore', 'pipe', 'inherit'] });
          workers.push(w);
          w.stdout!.on('data', (d) => d.toString().includes('ready') && resolve());
          w.on('exit', (c) => reject(new Error(`worker exited ${c}`)));
        }),
      ),
    );
    const pool = pgPool();
    const waitAll = async (ids: string[]) => {
      for (;;) {
        const { rows } = await pool.query(`SELECT count(*)::int AS n FROM "Execution" WHERE id = ANY($1::text[]) AND status IN ('succeeded','failed','cancelled')`, [ids]);
        if (rows[0].n === ids.length) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      const { rows } = await pool.query(`SELECT status, count(*)::int AS n FROM "Execution" WHERE id = ANY($1::text[]) GROUP BY status`, [ids]);
      const failed = rows.filter((r) => r.status !== 'succeeded');
      if (failed.length) throw new Error(`executions did not all succeed: ${JSON.stringify(rows)}`);
    };
    const stepGaps = async (ids: string[]) => {
      const { rows } = await pool.query(
        `SELECT "executionId", "nodeName", "runIndex", extract(epoch from "startedAt") * 1000 AS s, extract(epoch from "finishedAt") * 1000 AS f, sources
           FROM "NodeRun" WHERE "executionId" = ANY($1::text[])`,
        [ids],
      );
      const byKey = new Map(rows.map((r) => [`${r.executionId}/${r.nodeName}`, r]));
      const gaps: number[] = [];
      for (const r of rows) {
        const src = (r.sources as { node: string }[])[0];
        if (!src) continue;
        const prev = byKey.get(`${r.executionId}/${src.node}`);
        // A step's cost: from its predecessor's commit to its own (claim, input, run, record, plan).
        if (prev) gaps.push(Number(r.f) - Number(prev.f));
      }
      return gaps.sort((a, b) => a - b);
    };
    const start = (graph: WorkflowGraph) => startExecution({ graph, mode: 'cli', triggerItems: [{ json: { n: 1 } }] }).then((r) => r.executionId);

    // Warm-up: workers compile, caches fill.
    await waitAll(await Promise.all(Array.from({ length: 20 }, () => start(chain(5)))));

    // (a)
    const five = chain(5);
    const cpu0 = workers.reduce((sum, w) => sum + cpuMs(w.pid!), 0);
    const pg0 = cpuOfCommand(['postgres']);
    const redis0 = cpuOfCommand(['redis-server']);
    const self0 = process.cpuUsage();
    const t0 = performance.now();
    const ids: string[] = [];
    let next = 0;
    await Promise.all(Array.from({ length: 16 }, async () => {
      while (next < EXECUTIONS) {
        next++;
        ids.push(await start(five));
      }
    }));
    await waitAll(ids);
    const aSeconds = (performance.now() - t0) / 1000;
    const aCpuMs = workers.reduce((sum, w) => sum + cpuMs(w.pid!), 0) - cpu0;
    const aPgCpuMs = cpuOfCommand(['postgres']) - pg0;
    const aRedisCpuMs = cpuOfCommand(['redis-server']) - redis0;
    const selfCpu = process.cpuUsage(self0);
    const aDriverCpuMs = (selfCpu.user + selfCpu.system) / 1000;
    const gaps = await stepGaps(ids);

    // (b)
    const t1 = performance.now();
    const longId = await start(chain(40));
    await waitAll([longId]);
    const bMs = performance.now() - t1;
    const bGaps = await stepGaps([longId]);

    // (c)
    const t2 = performance.now();
    const fanId = await start(fanOut(100));
    await waitAll([fanId]);
    const cMs = performance.now() - t2;
    const { rows: fanRows } = await pool.query(`SELECT "outputCounts" FROM "NodeRun" WHERE "executionId" = $1 AND "nodeName" = 'Merge all'`, [fanId]);

    const figures = {
      machine: `${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
      workers: WORKERS,
      workerConcurrency: CONCURRENCY,
      a_executions: EXECUTIONS,
      a_seconds: +aSeconds.toFixed(2),
      a_executionsPerSecond: +(EXECUTIONS / aSeconds).toFixed(1),
      a_stepsPerSecond: +((EXECUTIONS * 5) / aSeconds).toFixed(0),
      a_workerCpuMsPerStep: +(aCpuMs / (EXECUTIONS * 5)).toFixed(3),
      a_postgresCpuMsPerStep: +(aPgCpuMs / (EXECUTIONS * 5)).toFixed(3),
      a_redisCpuMsPerStep: +(aRedisCpuMs / (EXECUTIONS * 5)).toFixed(3),
      a_starterCpuMsPerExecution: +(aDriverCpuMs / EXECUTIONS).toFixed(3),
      loadAverage: os.loadavg()[0].toFixed(1),
      // Under saturation a step also waits for a free slot behind 15 other executions: latency, not overhead.
      a_stepLatencyMedianMs: +quantile(gaps, 0.5).toFixed(2),
      a_stepLatencyP99Ms: +quantile(gaps, 0.99).toFixed(2),
      b_chain40TotalMs: +bMs.toFixed(0),
      // Per-step overhead: one step after another with nothing else running (claim, input, run, record,
      // plan, events). Timestamps are Postgres's timestamp(3): whole milliseconds; the mean is exact.
      b_stepOverheadMeanMs: +(bMs / 40).toFixed(2),
      b_stepOverheadMedianMs: +quantile(bGaps, 0.5).toFixed(2),
      b_stepOverheadP99Ms: +quantile(bGaps, 0.99).toFixed(2),
      c_fanOut100TotalMs: +cMs.toFixed(0),
      c_mergedItems: (fanRows[0]?.outputCounts as { main?: number })?.main ?? 0,
      workerPeakRssMb: +peakRss.toFixed(0),
    };
    console.log('\nWeft engine benchmark');
    for (const [k, v] of Object.entries(figures)) console.log(`  ${k.padEnd(26)} ${v}`);
    console.log(JSON.stringify(figures));
  } finally {
    clearInterval(sampler);
    const alive = workers.filter((w) => w.exitCode === null && w.signalCode === null);
    for (const w of alive) w.kill('SIGTERM');
    await Promise.all(alive.map((w) => new Promise((r) => w.once('exit', r))));
    await closeRuntimeConnections();
    await dropDatabase(databaseUrl).catch(() => {});
    await deleteRedisPrefix(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', runId).catch(() => {});
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
