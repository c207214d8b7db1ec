/**
 * The runtime's Postgres access for the step hot path, in plain SQL over the shared pg pool:
 * claim a run, read its inputs, record its result and plan what became ready, in one transaction
 * that holds the execution row's lock so that concurrent completions plan one after another.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type pg from 'pg';
import type { Item, JsonObject, WorkflowGraph } from '../engine/types';
import type { RunMeta, Source } from '../engine/plan';
import type { RunView } from '../engine/expression';

export interface ClaimedRun {
  id: string;
  executionId: string;
  nodeId: string;
  nodeName: string;
  runIndex: number;
  attempt: number;
  sources: Source[];
}

export interface ExecutionRow {
  id: string;
  workflowId: string | null;
  status: string;
  mode: string;
  graph: WorkflowGraph;
  triggerNodeId: string | null;
  triggerData: JsonObject | null;
  ownerId: string | null;
  cancelRequested: boolean;
  timeoutAt: Date | null;
}

export const WORKER_ID = `${hostname()}:${process.pid}`;

export const TERMINAL_EXECUTION = new Set(['succeeded', 'failed', 'cancelled']);

/**
 * Marks the run running (a new attempt) and reads its execution's state in the same round trip; the
 * execution's first step also marks the execution running (`justStarted`) and, when asked, reads its graph.
 * Null when the run is already finished or cancelled.
 */
export async function claimRun(
  pool: pg.Pool,
  nodeRunId: string,
  jobId: string,
  opts: { executionId: string; withGraph: boolean },
): Promise<{ run: ClaimedRun; execution: Omit<ExecutionRow, 'graph'>; graph?: WorkflowGraph; justStarted: boolean } | null> {
  // Named: prepared once per connection, not parsed and planned at every step.
  const { rows } = await pool.query({
    name: opts.withGraph ? 'weft-claim-graph' : 'weft-claim',
    text: `WITH claimed AS (
       UPDATE "NodeRun" SET status = 'running', attempt = attempt + 1, "startedAt" = now(), "jobId" = $2, "workerId" = $3
        WHERE id = $1 AND status IN ('queued', 'running')
        RETURNING id, "executionId", "nodeId", "nodeName", "runIndex", attempt, sources),
     started AS (
       UPDATE "Execution" SET status = 'running', "startedAt" = now()
        WHERE id = $4 AND status = 'queued' AND EXISTS (SELECT 1 FROM claimed) RETURNING id)
     SELECT c.*, e."workflowId", e.status AS "executionStatus", e.mode, e."triggerNodeId", e."triggerData", e."ownerId", e."cancelRequested", e."timeoutAt",
            (SELECT count(*)::int FROM started) AS "justStarted"${opts.withGraph ? ', e.graph' : ''}
       FROM claimed c JOIN "Execution" e ON e.id = c."executionId"`,
    values: [nodeRunId, jobId, WORKER_ID, opts.executionId],
  });
  const r = rows[0];
  if (!r) return null;
  const justStarted = r.justStarted === 1;
  return {
    run: { id: r.id, executionId: r.executionId, nodeId: r.nodeId, nodeName: r.nodeName, runIndex: r.runIndex, attempt: r.attempt, sources: r.sources },
    execution: { id: r.executionId, workflowId: r.workflowId, status: justStarted ? 'running' : r.executionStatus, mode: r.mode, triggerNodeId: r.triggerNodeId, triggerData: r.triggerData, ownerId: r.ownerId, cancelRequested: r.cancelRequested, timeoutAt: r.timeoutAt },
    graph: r.graph ?? undefined,
    justStarted,
  };
}

export async function loadGraph(pool: pg.Pool, executionId: string): Promise<WorkflowGraph | null> {
  const { rows } = await pool.query(`SELECT graph FROM "Execution" WHERE id = $1`, [executionId]);
  return (rows[0]?.graph as WorkflowGraph | undefined) ?? null;
}

/** Output items of the runs a run consumes. */
export async function loadSourceOutputs(
  pool: pg.Pool,
  executionId: string,
  sources: Source[],
  known?: Map<string, Record<string, Item[]>>,
): Promise<Map<string, Record<string, Item[]>>> {
  const out = new Map<string, Record<string, Item[]>>();
  const missing = sources.filter((s) => {
    const k = `${s.node}#${s.runIndex}`;
    const hit = known?.get(k);
    if (hit) out.set(k, hit);
    return !hit;
  });
  if (!missing.length) return out;
  const nodes = [...new Set(missing.map((s) => s.node))];
  const { rows } = await pool.query(
    `SELECT "nodeId", "runIndex", "outputItems" FROM "NodeRun" WHERE "executionId" = $1 AND "nodeId" = ANY($2::text[]) AND status = 'succeeded'`,
    [executionId, nodes],
  );
  for (const r of rows) out.set(`${r.nodeId}#${r.runIndex}`, r.outputItems ?? {});
  return out;
}

/** Every succeeded run with items, for expressions that reach other nodes ($('Name'), pairedItem). */
export async function loadRunViews(pool: pg.Pool, executionId: string, nameOf: (id: string) => string): Promise<Map<string, RunView[]>> {
  const { rows } = await pool.query(
    `SELECT "nodeId", "nodeName", "runIndex", sources, "outputItems" FROM "NodeRun"
      WHERE "executionId" = $1 AND status = 'succeeded' ORDER BY "runIndex"`,
    [executionId],
  );
  const outputsByRun = new Map<string, Record<string, Item[]>>();
  for (const r of rows) outputsByRun.set(`${r.nodeId}#${r.runIndex}`, r.outputItems ?? {});
  const views = new Map<string, RunView[]>();
  for (const r of rows) {
    const inputs: RunView['inputs'] = {};
    for (const s of r.sources as Source[]) {
      const count = outputsByRun.get(`${s.node}#${s.runIndex}`)?.[s.port]?.length ?? 0;
      (inputs[s.toPort] ??= []).push({ node: nameOf(s.node), port: s.port, runIndex: s.runIndex, count });
    }
    const list = views.get(r.nodeName) ?? [];
    list.push({ outputs: r.outputItems ?? {}, inputs, runIndex: r.runIndex });
    views.set(r.nodeName, list);
  }
  return views;
}

export async function loadPreviousState(pool: pg.Pool, executionId: string, nodeId: string, runIndex: number): Promise<JsonObject | undefined> {
  if (runIndex === 0) return undefined;
  const { rows } = await pool.query(
    `SELECT state FROM "NodeRun" WHERE "executionId" = $1 AND "nodeId" = $2 AND "runIndex" < $3 AND status = 'succeeded'
      ORDER BY "runIndex" DESC LIMIT 1`,
    [executionId, nodeId, runIndex],
  );
  return rows[0]?.state ?? undefined;
}

export interface RunOutcome {
  status: 'succeeded' | 'failed' | 'cancelled';
  outputs: Record<string, Item[]>;
  state?: JsonObject;
  error?: JsonObject;
  tokens?: { promptTokens: number; completionTokens: number };
}

export interface PlannedInsert {
  id: string;
  nodeId: string;
  nodeName: string;
  runIndex: number;
  sources: Source[];
  jobId: string;
}

export interface CompletionResult {
  /** False when the run had already been recorded (a duplicate delivery); nothing was written. */
  recorded: boolean;
  executionStatus: string;
  planned: PlannedInsert[];
  finished: boolean;
  /** The run this job continues with, already marked running (attempt 1) by this transaction. */
  inlineClaim?: ClaimedRun;
}

/**
 * Records a run's outcome and plans its successors atomically. `plan` is called with every run's
 * metadata while the execution row is locked; the rows it returns are inserted as queued runs.
 */
export async function completeRunAndPlan(
  pool: pg.Pool,
  run: ClaimedRun,
  outcome: RunOutcome,
  plan: (runs: RunMeta[]) => { ready: Omit<PlannedInsert, 'id' | 'jobId'>[]; finished: boolean; inlineFirst: boolean; carrierJobId: string },
  onFinish: (status: 'succeeded' | 'failed', runs: RunMeta[]) => JsonObject | null,
): Promise<CompletionResult> {
  const client = await pool.connect();
  // Two round trips: lock, record and read; then write the plan and commit. Statements go as simple
  // queries with escaped literals, since the extended protocol allows one statement per trip.
  const lit = (v: string) => client.escapeLiteral(v);
  const json = (v: unknown) => (v === undefined || v === null ? 'NULL' : lit(JSON.stringify(v)));
  const exId = lit(run.executionId);
  try {
    const counts = Object.fromEntries(Object.entries(outcome.outputs).map(([p, items]) => [p, items.length]));
    // One round trip for three statements. Each statement of a simple query takes its own snapshot, so
    // the read of the runs sees everything committed before the lock was granted.
    const results = (await client.query(
      `BEGIN;
       SELECT status, "cancelRequested" FROM "Execution" WHERE id = ${exId} FOR UPDATE;
       WITH upd AS (
         UPDATE "NodeRun" SET status = ${lit(outcome.status)}, "outputItems" = ${json(outcome.outputs)}, "outputCounts" = ${json(counts)}, state = ${json(outcome.state)}, error = ${json(outcome.error)}, "finishedAt" = now()
          WHERE id = ${lit(run.id)} AND status = 'running' RETURNING id)
       SELECT (SELECT count(*)::int FROM upd) AS updated,
              COALESCE((SELECT json_agg(json_build_object('nodeId', "nodeId", 'runIndex', "runIndex", 'status', status, 'sources', sources, 'outputCounts', "outputCounts"))
                          FROM "NodeRun" WHERE "executionId" = ${exId}), '[]'::json) AS runs`,
    )) as unknown as pg.QueryResult[];
    const executionStatus: string = results[1].rows[0]?.status ?? 'failed';
    const cancelRequested = results[1].rows[0]?.cancelRequested === true;
    const recorded = results[2];
    if (recorded.rows[0].updated !== 1) {
      await client.query('ROLLBACK');
      return { recorded: false, executionStatus, planned: [], finished: false };
    }
    // The statement's snapshot predates its own update: patch this run's row in.
    const metas = recorded.rows[0].runs as RunMeta[];
    const self = metas.find((m) => m.nodeId === run.nodeId && m.runIndex === run.runIndex);
    if (self) Object.assign(self, { status: outcome.status, outputCounts: counts });
    const tail: string[] = [];
    if (outcome.tokens && (outcome.tokens.promptTokens || outcome.tokens.completionTokens)) {
      tail.push(`UPDATE "Execution" SET "promptTokens" = "promptTokens" + ${Math.trunc(outcome.tokens.promptTokens) || 0}, "completionTokens" = "completionTokens" + ${Math.trunc(outcome.tokens.completionTokens) || 0} WHERE id = ${exId}`);
    }
    const commit = async () => {
      tail.push('COMMIT');
      await client.query(tail.join('; '));
    };
    if (TERMINAL_EXECUTION.has(executionStatus)) {
      await commit();
      return { recorded: true, executionStatus, planned: [], finished: true };
    }
    if (outcome.status !== 'succeeded') {
      const final = outcome.status === 'cancelled' ? 'cancelled' : 'failed';
      const error = onFinish('failed', metas);
      tail.push(`UPDATE "NodeRun" SET status = 'cancelled', "finishedAt" = now() WHERE "executionId" = ${exId} AND status = 'queued'`);
      tail.push(`UPDATE "Execution" SET status = '${final}', "finishedAt" = now(), error = ${json(error ?? outcome.error ?? null)} WHERE id = ${exId}`);
      await commit();
      return { recorded: true, executionStatus: final, planned: [], finished: true };
    }
    const p = plan(metas);
    const inlineFirst = p.inlineFirst && !cancelRequested;
    const planned: PlannedInsert[] = p.ready.map((r, i) => {
      const id = randomUUID();
      return { ...r, id, jobId: i === 0 && inlineFirst ? p.carrierJobId : id };
    });
    if (planned.length) {
      // The run this job continues with is claimed here already: one round trip less per chained step.
      const tuples = planned.map((r, i) => {
        const claimed = i === 0 && inlineFirst;
        return `(${lit(r.id)}, ${exId}, ${lit(r.nodeId)}, ${lit(r.nodeName)}, ${Math.trunc(r.runIndex)}, ${json(r.sources)}, ${lit(r.jobId)}, '${claimed ? 'running' : 'queued'}', ${claimed ? 1 : 0}, ${claimed ? 'now()' : 'NULL'}, ${claimed ? lit(WORKER_ID) : 'NULL'})`;
      });
      tail.push(`INSERT INTO "NodeRun" (id, "executionId", "nodeId", "nodeName", "runIndex", sources, "jobId", status, attempt, "startedAt", "workerId") VALUES ${tuples.join(', ')} ON CONFLICT ("executionId", "nodeId", "runIndex") DO NOTHING`);
    }
    let status = executionStatus;
    if (p.finished) {
      const response = onFinish('succeeded', metas);
      status = 'succeeded';
      tail.push(`UPDATE "Execution" SET status = 'succeeded', "finishedAt" = now(), response = COALESCE(response, ${json(response)}) WHERE id = ${exId}`);
    }
    await commit();
    const first = planned[0];
    const inlineClaim = first && inlineFirst ? { id: first.id, executionId: run.executionId, nodeId: first.nodeId, nodeName: first.nodeName, runIndex: first.runIndex, attempt: 1, sources: first.sources } : undefined;
    return { recorded: true, executionStatus: status, planned, finished: p.finished, inlineClaim };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

/** Runs a crashed chain left unfinished: non-terminal runs carried by `jobId` other than the job's own. */
export async function orphansOf(pool: pg.Pool, executionId: string, jobId: string, exceptId: string): Promise<string[]> {
  const { rows } = await pool.query(
    `SELECT id FROM "NodeRun" WHERE "executionId" = $1 AND "jobId" = $2 AND id <> $3 AND status IN ('queued', 'running') ORDER BY "queuedAt"`,
    [executionId, jobId, exceptId],
  );
  return rows.map((r) => r.id as string);
}

/** Non-terminal runs that own their job (jobId = id): re-enqueueing them is idempotent. */
export async function standaloneOpenRuns(pool: pg.Pool, executionId: string): Promise<string[]> {
  const { rows } = await pool.query(
    `SELECT id FROM "NodeRun" WHERE "executionId" = $1 AND status IN ('queued', 'running') AND ("jobId" = id OR "jobId" IS NULL)`,
    [executionId],
  );
  return rows.map((r) => r.id as string);
}

export async function failExecution(pool: pg.Pool, executionId: string, status: 'failed' | 'cancelled', error: JsonObject | null): Promise<boolean> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const r = await client.query(
      `UPDATE "Execution" SET status = $2, "finishedAt" = now(), error = COALESCE($3, error) WHERE id = $1 AND status IN ('queued', 'running', 'waiting')`,
      [executionId, status, error ? JSON.stringify(error) : null],
    );
    await client.query(`UPDATE "NodeRun" SET status = 'cancelled', "finishedAt" = now() WHERE "executionId" = $1 AND status IN ('queued', 'running', 'waiting')`, [executionId]);
    await client.query('COMMIT');
    return r.rowCount === 1;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}
