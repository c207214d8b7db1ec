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
import type { ResumeInfo, WaitRequest } from '../engine/node';

export interface ClaimedRun {
  id: string;
  executionId: string;
  nodeId: string;
  nodeName: string;
  runIndex: number;
  attempt: number;
  sources: Source[];
  /** Set when this run continues a wait (see parkRun / resumeWaitingRun). */
  resume?: ResumeInfo;
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
const OPEN_RUN = new Set(['queued', 'running', 'waiting']);

const RUN_METAS_JSON = `json_agg(json_build_object('nodeId', r."nodeId", 'runIndex', r."runIndex", 'status', r.status, 'sources', r.sources, 'outputCounts', r."outputCounts"))`;

/**
 * Exclusive runs: every run of an execution, known to a job whose current run is the execution's only
 * open one. Only the completion of an open run creates runs, so nothing else can change this list
 * (cancellation aside, which the guarded statements below respect): the job plans its next step from it
 * without locking the execution or reading its runs again.
 */
export type ExclusiveRuns = RunMeta[];

/** The runs after a completion, when the run continued inline is the only one left open; else undefined. */
function exclusiveAfter(metas: RunMeta[], planned: PlannedInsert[], inline: ClaimedRun | undefined): ExclusiveRuns | undefined {
  if (!inline || planned.length !== 1) return undefined;
  if (metas.some((m) => OPEN_RUN.has(m.status))) return undefined;
  return [...metas, { nodeId: inline.nodeId, runIndex: inline.runIndex, status: 'running', sources: inline.sources, outputCounts: null }];
}

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
): Promise<{ run: ClaimedRun; execution: Omit<ExecutionRow, 'graph'>; graph?: WorkflowGraph; justStarted: boolean; exclusive?: RunMeta[] } | null> {
  // Named: prepared once per connection, not parsed and planned at every step.
  const { rows } = await pool.query({
    name: opts.withGraph ? 'weft-claim-graph' : 'weft-claim',
    text: `WITH claimed AS (
       UPDATE "NodeRun" SET status = 'running', attempt = attempt + 1, "startedAt" = now(), "jobId" = $2, "workerId" = $3
        WHERE id = $1 AND status IN ('queued', 'running')
        RETURNING id, "executionId", "nodeId", "nodeName", "runIndex", attempt, sources, state->'__resume' AS resume),
     started AS (
       UPDATE "Execution" SET status = 'running', "startedAt" = now()
        WHERE id = $4 AND status = 'queued' AND EXISTS (SELECT 1 FROM claimed) RETURNING id)
     SELECT c.*, e."workflowId", e.status AS "executionStatus", e.mode, e."triggerNodeId", e."triggerData", e."ownerId", e."cancelRequested", e."timeoutAt",
            (SELECT count(*)::int FROM started) AS "justStarted",
            -- Every run's metadata when this run is the execution's only open one (see ExclusiveRuns).
            -- The list is only built when no other run is open (a parallel branch's claim builds nothing).
            CASE WHEN NOT EXISTS (SELECT 1 FROM "NodeRun" o WHERE o."executionId" = $4 AND o.id <> $1 AND o.status IN ('queued', 'running', 'waiting'))
                 THEN (SELECT ${RUN_METAS_JSON} FROM "NodeRun" r WHERE r."executionId" = $4) END AS runs${opts.withGraph ? ', e.graph' : ''}
       FROM claimed c JOIN "Execution" e ON e.id = c."executionId"`,
    values: [nodeRunId, jobId, WORKER_ID, opts.executionId],
  });
  const r = rows[0];
  if (!r) return null;
  const justStarted = r.justStarted === 1;
  const exclusive = (r.runs as RunMeta[] | null) ?? undefined;
  const self = exclusive?.find((m) => m.nodeId === r.nodeId && m.runIndex === r.runIndex);
  if (self) self.status = 'running';
  return {
    run: { id: r.id, executionId: r.executionId, nodeId: r.nodeId, nodeName: r.nodeName, runIndex: r.runIndex, attempt: r.attempt, sources: r.sources, ...(r.resume ? { resume: r.resume } : {}) },
    execution: { id: r.executionId, workflowId: r.workflowId, status: justStarted ? 'running' : r.executionStatus, mode: r.mode, triggerNodeId: r.triggerNodeId, triggerData: r.triggerData, ownerId: r.ownerId, cancelRequested: r.cancelRequested, timeoutAt: r.timeoutAt },
    graph: r.graph ?? undefined,
    justStarted,
    exclusive: self ? exclusive : undefined,
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
  /** The node's own tries in this attempt (retryOnFail); 0 when it did not run (pinned, disabled). */
  tries?: number;
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
  /** Whether cancellation had been requested when the run was recorded. */
  cancelRequested?: boolean;
  /** Set when the inline run is the execution's only open run: the next completion may take the fast path. */
  exclusive?: ExclusiveRuns;
  /** Nothing is left in flight but parked runs: the execution is now 'waiting'. */
  waiting?: boolean;
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
         UPDATE "NodeRun" SET status = ${lit(outcome.status)}, "outputItems" = ${json(outcome.outputs)}, "outputCounts" = ${json(counts)}, state = ${json(outcome.state)}, error = ${json(outcome.error)}, tries = ${Math.trunc(outcome.tries ?? 0)}, "finishedAt" = now()
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
    const waiting = !p.finished && !planned.length && metas.some((m) => m.status === 'waiting') && !metas.some((m) => m.status === 'queued' || m.status === 'running');
    if (waiting) {
      status = 'waiting';
      tail.push(`UPDATE "Execution" SET status = 'waiting' WHERE id = ${exId} AND status = 'running'`);
    }
    if (p.finished) {
      const response = onFinish('succeeded', metas);
      status = 'succeeded';
      tail.push(`UPDATE "Execution" SET status = 'succeeded', "finishedAt" = now(), response = COALESCE(response, ${json(response)}) WHERE id = ${exId}`);
    }
    await commit();
    const first = planned[0];
    const inlineClaim = first && inlineFirst ? { id: first.id, executionId: run.executionId, nodeId: first.nodeId, nodeName: first.nodeName, runIndex: first.runIndex, attempt: 1, sources: first.sources } : undefined;
    return { recorded: true, executionStatus: status, planned, finished: p.finished, inlineClaim, cancelRequested, exclusive: exclusiveAfter(metas, planned, inlineClaim), waiting };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

/**
 * The fast path of completeRunAndPlan for a run whose job holds the execution's runs exclusively
 * (ExclusiveRuns) and that succeeded: it plans from the list in memory, then records the run, inserts
 * what became ready and finishes the execution in one statement (one implicit transaction, one round
 * trip, no lock on the execution row). Every write is guarded by the run still being running, so a
 * cancellation that got there first wins exactly as it does on the locked path.
 */
export async function completeExclusive(
  pool: pg.Pool,
  run: ClaimedRun,
  outputs: Record<string, Item[]>,
  state: JsonObject | undefined,
  tries: number,
  runs: ExclusiveRuns,
  plan: (runs: RunMeta[]) => { ready: Omit<PlannedInsert, 'id' | 'jobId'>[]; finished: boolean; inlineFirst: boolean; carrierJobId: string },
  onFinish: (status: 'succeeded', runs: RunMeta[]) => JsonObject | null,
): Promise<CompletionResult> {
  const counts = Object.fromEntries(Object.entries(outputs).map(([p, items]) => [p, items.length]));
  const metas = runs.map((m) => (m.nodeId === run.nodeId && m.runIndex === run.runIndex ? { ...m, status: 'succeeded' as const, outputCounts: counts } : m));
  const p = plan(metas);
  let planned: PlannedInsert[] = p.ready.map((r, i) => {
    const id = randomUUID();
    return { ...r, id, jobId: i === 0 && p.inlineFirst ? p.carrierJobId : id };
  });
  const rows = planned.map((r, i) => {
    const claimed = i === 0 && p.inlineFirst;
    return { id: r.id, nodeId: r.nodeId, nodeName: r.nodeName, runIndex: r.runIndex, sources: r.sources, jobId: r.jobId, status: claimed ? 'running' : 'queued', attempt: claimed ? 1 : 0, claimed };
  });
  const response = p.finished ? onFinish('succeeded', metas) : null;
  const { rows: result } = await pool.query({
    name: 'weft-complete-exclusive',
    text: `WITH upd AS (
         UPDATE "NodeRun" SET status = 'succeeded', "outputItems" = $2::jsonb, "outputCounts" = $3::jsonb, state = $4::jsonb, tries = $10, "finishedAt" = now()
          WHERE id = $1 AND status = 'running' RETURNING id),
       ins AS (
         INSERT INTO "NodeRun" (id, "executionId", "nodeId", "nodeName", "runIndex", sources, "jobId", status, attempt, "startedAt", "workerId")
         SELECT v.id, $5, v."nodeId", v."nodeName", v."runIndex", v.sources, v."jobId", v.status::"NodeRunStatus", v.attempt,
                CASE WHEN v.claimed THEN now() END, CASE WHEN v.claimed THEN $8 END
           FROM jsonb_to_recordset($6::jsonb) AS v(id text, "nodeId" text, "nodeName" text, "runIndex" int, sources jsonb, "jobId" text, status text, attempt int, claimed boolean)
          WHERE EXISTS (SELECT 1 FROM upd)
         ON CONFLICT ("executionId", "nodeId", "runIndex") DO NOTHING RETURNING id),
       fin AS (
         UPDATE "Execution" SET status = 'succeeded', "finishedAt" = now(), response = COALESCE(response, $7::jsonb)
          WHERE id = $5 AND $9::boolean AND status = 'running' AND EXISTS (SELECT 1 FROM upd) RETURNING id)
     SELECT (SELECT count(*)::int FROM upd) AS updated, (SELECT json_agg(id) FROM ins) AS inserted, (SELECT count(*)::int FROM fin) AS finished,
            e.status, e."cancelRequested"
       FROM "Execution" e WHERE e.id = $5`,
    values: [run.id, JSON.stringify(outputs), JSON.stringify(counts), state === undefined ? null : JSON.stringify(state), run.executionId, JSON.stringify(rows), response === null ? null : JSON.stringify(response), WORKER_ID, p.finished, Math.trunc(tries)],
  });
  const r = result[0];
  if (!r || r.updated !== 1) return { recorded: false, executionStatus: r?.status ?? 'failed', planned: [], finished: false };
  // While the runs are exclusive no planned run can exist already; if one did, it is someone else's.
  const inserted = new Set<string>(r.inserted ?? []);
  if (inserted.size !== planned.length) planned = planned.filter((x) => inserted.has(x.id));
  const first = planned[0]?.jobId === p.carrierJobId && p.inlineFirst ? planned[0] : undefined;
  const inlineClaim = first ? { id: first.id, executionId: run.executionId, nodeId: first.nodeId, nodeName: first.nodeName, runIndex: first.runIndex, attempt: 1, sources: first.sources } : undefined;
  return {
    recorded: true,
    executionStatus: r.finished === 1 ? 'succeeded' : r.status,
    planned,
    finished: p.finished,
    inlineClaim,
    cancelRequested: r.cancelRequested === true,
    exclusive: exclusiveAfter(metas, planned, inlineClaim),
  };
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

/** What a parked run keeps in its own `state` column under `__wait` (the node's own state stays beside it). */
export interface ParkedWait extends WaitRequest {
  /** The delayed job that resumes it at resumeAt. */
  timerJobId?: string;
  parkedAt: string;
}

/**
 * Parks a run that called ctx.wait: stores it as 'waiting' with what resumes it. Under the execution row's
 * lock, so that of two branches parking or finishing at once the last one sees the other: the execution
 * becomes 'waiting' when nothing else is queued or running. False when the run was no longer running
 * (cancelled meanwhile): nothing was written.
 */
export async function parkRun(
  pool: pg.Pool,
  run: ClaimedRun,
  wait: ParkedWait,
  nodeState: JsonObject | undefined,
  tries: number,
): Promise<{ parked: boolean; executionWaiting: boolean }> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SELECT 1 FROM "Execution" WHERE id = $1 FOR UPDATE`, [run.executionId]);
    const upd = await client.query(
      `UPDATE "NodeRun" SET status = 'waiting', state = $2::jsonb, tries = $3, "outputItems" = NULL, "outputCounts" = NULL
        WHERE id = $1 AND status = 'running'`,
      [run.id, JSON.stringify({ ...(nodeState ?? {}), __wait: wait }), Math.trunc(tries)],
    );
    if (upd.rowCount !== 1) {
      await client.query('ROLLBACK');
      return { parked: false, executionWaiting: false };
    }
    const ex = await client.query(
      `UPDATE "Execution" SET status = 'waiting' WHERE id = $1 AND status = 'running'
          AND NOT EXISTS (SELECT 1 FROM "NodeRun" o WHERE o."executionId" = $1 AND o.status IN ('queued', 'running'))`,
      [run.executionId],
    );
    await client.query('COMMIT');
    return { parked: true, executionWaiting: ex.rowCount === 1 };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

/** A parked run of an execution, as the resume URL handlers see it. */
export interface WaitingRun {
  id: string;
  executionId: string;
  nodeId: string;
  nodeName: string;
  wait: ParkedWait;
  workflowId: string | null;
  ownerId: string | null;
  graph: WorkflowGraph;
}

/** The execution's parked runs of the given kind (oldest first), with its graph; empty when it does not wait. */
export async function waitingRuns(pool: pg.Pool, executionId: string, kind: WaitRequest['kind']): Promise<WaitingRun[]> {
  const { rows } = await pool.query(
    `SELECT nr.id, nr."executionId", nr."nodeId", nr."nodeName", nr.state->'__wait' AS wait, e."workflowId", e."ownerId", e.graph
       FROM "NodeRun" nr JOIN "Execution" e ON e.id = nr."executionId"
      WHERE nr."executionId" = $1 AND nr.status = 'waiting' AND e.status IN ('waiting', 'running') AND nr.state->'__wait'->>'kind' = $2
      ORDER BY nr."queuedAt"`,
    [executionId, kind],
  );
  return rows.map((r) => ({ id: r.id, executionId: r.executionId, nodeId: r.nodeId, nodeName: r.nodeName, wait: r.wait, workflowId: r.workflowId, ownerId: r.ownerId, graph: r.graph }));
}

/**
 * Takes a parked run out of waiting: back to 'queued' for `jobId`, with why it resumed in `state.__resume`,
 * and the execution running again (its time limit moved on by the time it waited). Idempotent for one job:
 * a retried timer job finds its run already queued for itself and goes on. `timerJobId` set: only the wait
 * that job was scheduled for, and only once its time has come. False when there is nothing to resume
 * (resumed by someone else, cancelled, finished).
 */
export async function resumeWaitingRun(
  pool: pg.Pool,
  args: { executionId: string; nodeRunId: string; jobId: string; resume: ResumeInfo; timerJobId?: string },
): Promise<boolean> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const ex = await client.query(`SELECT status FROM "Execution" WHERE id = $1 FOR UPDATE`, [args.executionId]);
    if (!ex.rows.length || TERMINAL_EXECUTION.has(ex.rows[0].status)) {
      await client.query('ROLLBACK');
      return false;
    }
    const upd = await client.query(
      // attempt - 1: the claim that follows counts up again, so attempt keeps counting re-runs after a crash only.
      `UPDATE "NodeRun" SET status = 'queued', "jobId" = $3, "startedAt" = NULL, attempt = GREATEST(attempt - 1, 0),
              state = jsonb_set(COALESCE(state, '{}'::jsonb), '{__resume}', $4::jsonb)
        WHERE id = $1 AND "executionId" = $2 AND status = 'waiting'
          AND ($5::text IS NULL OR (state->'__wait'->>'timerJobId' = $5 AND (state->'__wait'->>'resumeAt')::bigint <= (extract(epoch from now()) * 1000)::bigint + 1000))
        RETURNING state->'__wait'->>'parkedAt' AS "parkedAt"`,
      [args.nodeRunId, args.executionId, args.jobId, JSON.stringify(args.resume), args.timerJobId ?? null],
    );
    if (upd.rowCount !== 1) {
      await client.query('ROLLBACK');
      if (!args.timerJobId) return false;
      // A retried timer job: its run may already be queued or running for it.
      const again = await pool.query(`SELECT 1 FROM "NodeRun" WHERE id = $1 AND "jobId" = $2 AND status IN ('queued', 'running')`, [args.nodeRunId, args.jobId]);
      return again.rowCount === 1;
    }
    await client.query(
      `UPDATE "Execution" SET status = 'running',
              "timeoutAt" = CASE WHEN "timeoutAt" IS NULL THEN NULL ELSE "timeoutAt" + (now() - $2::timestamptz) END
        WHERE id = $1 AND status = 'waiting'`,
      [args.executionId, upd.rows[0].parkedAt ?? new Date().toISOString()],
    );
    await client.query('COMMIT');
    return true;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

/** Parked runs whose time has come more than `minAgeMs` ago: their timer job may have been lost with Redis. */
export async function overdueWaits(pool: pg.Pool, minAgeMs: number): Promise<{ executionId: string; nodeRunId: string; timerJobId: string; resumeAt: number }[]> {
  const { rows } = await pool.query(
    `SELECT nr.id, nr."executionId", nr.state->'__wait'->>'timerJobId' AS "timerJobId", (nr.state->'__wait'->>'resumeAt')::bigint AS "resumeAt"
       FROM "NodeRun" nr JOIN "Execution" e ON e.id = nr."executionId"
      WHERE nr.status = 'waiting' AND e.status IN ('waiting', 'running')
        AND nr.state->'__wait'->>'timerJobId' IS NOT NULL
        AND (nr.state->'__wait'->>'resumeAt')::bigint < (extract(epoch from now()) * 1000)::bigint - $1::bigint
      LIMIT 500`,
    [minAgeMs],
  );
  return rows.map((r) => ({ executionId: r.executionId, nodeRunId: r.id, timerJobId: r.timerJobId, resumeAt: Number(r.resumeAt) }));
}
