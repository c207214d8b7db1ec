/**
 * Starting, cancelling and waiting for executions. Starting persists the Execution and its trigger's
 * queued run in one transaction before anything is enqueued: once startExecution resolves, the
 * execution survives a worker or Redis restart (recovery re-enqueues it).
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { NodeRegistry } from '../engine/node';
import type { ExecutionMode, Item, JsonObject, WorkflowGraph } from '../engine/types';
import { chooseTrigger, unsupportedReachable, WorkflowStartError } from '../engine/flow';
import { validateWorkflow, type ValidationIssue } from '../engine/validate';
import { db, pgPool } from '../db';
import { redis } from '../redis';
import { execChannel, type ExecutionEvent } from '../realtime/events';
import { persistAndEnqueue } from './start-batch';
import { withDerivedInputs } from './inputs';
import { cancelChannel } from './cancellation';
import { failExecution, TERMINAL_EXECUTION } from './store';
import { waitForEvent } from './waiters';
import { waitOf, type WaitInfo } from './wait-info';
import { publishEvent } from './publisher';
import { registry as defaultRegistry } from '../../nodes/registry';

export class WorkflowValidationError extends Error {
  constructor(readonly issues: ValidationIssue[]) {
    super(`The workflow is not valid:\n${issues.map((i) => `  - ${i.message}`).join('\n')}`);
    this.name = 'WorkflowValidationError';
  }
}

export interface StartExecutionArgs {
  /** Runs this workflow's current version (or `versionId`) unless `graph` is given. */
  workflowId?: string;
  versionId?: string;
  /** An ad-hoc graph (CLI, or the editor's unsaved draft). */
  graph?: WorkflowGraph;
  mode: ExecutionMode;
  ownerId?: string;
  triggerNodeId?: string;
  /** Items the trigger node emits (manual input, webhook request, schedule tick). */
  triggerItems?: Item[];
  /** Extra trigger data for the trigger node (ctx.triggerData). */
  triggerData?: JsonObject;
  executionId?: string;
  parentExecutionId?: string;
  retryOfId?: string;
  registry?: NodeRegistry;
}

export async function startExecution(args: StartExecutionArgs): Promise<{ executionId: string }> {
  const registry = args.registry ?? defaultRegistry;
  const { graph, versionId, workflowId, ownerId } = await resolveGraph(args);
  const issues = validationOf(graph, registry);
  if (issues.length) throw new WorkflowValidationError(issues);
  const trigger = chooseTrigger(graph, registry, args.mode, args.triggerNodeId);
  const bad = unsupportedReachable(graph, registry, trigger.id);
  if (bad.length) {
    throw new WorkflowStartError(
      `Weft cannot run this workflow yet: ${bad.map((n) => `node "${n.name}" has type ${String(n.params?.originalType ?? n.type)}, which Weft does not support`).join('; ')}`,
    );
  }
  const executionId = args.executionId ?? randomUUID();
  const nodeRunId = randomUUID();
  const triggerData: JsonObject = { ...(args.triggerData ?? {}), ...(args.triggerItems ? { items: args.triggerItems } : {}) };
  const timeoutMs = Number(graph.settings?.executionTimeoutMs ?? 0);
  // Both rows in one statement batch (one implicit transaction), grouped with concurrent starts.
  const lit = (v: string | null | undefined) => (v === null || v === undefined ? 'NULL' : pg.escapeLiteral(v));
  await persistAndEnqueue(
    `INSERT INTO "Execution" (id, "workflowId", "versionId", graph, "ownerId", mode, status, "triggerNodeId", "triggerData", "timeoutAt", "parentExecutionId", "retryOfId")
     VALUES (${lit(executionId)}, ${lit(workflowId)}, ${lit(versionId)}, ${lit(JSON.stringify(graph))}, ${lit(ownerId)}, ${lit(args.mode)}, 'queued', ${lit(trigger.id)}, ${lit(JSON.stringify(triggerData))}, ${timeoutMs > 0 ? lit(new Date(Date.now() + timeoutMs).toISOString()) : 'NULL'}, ${lit(args.parentExecutionId)}, ${lit(args.retryOfId)});
     INSERT INTO "NodeRun" (id, "executionId", "nodeId", "nodeName", "runIndex", sources, "jobId") VALUES (${lit(nodeRunId)}, ${lit(executionId)}, ${lit(trigger.id)}, ${lit(trigger.name)}, 0, '[]', ${lit(nodeRunId)})`,
    { executionId, nodeRunId },
  );
  return { executionId };
}

// Callers that start the same graph object again and again (a webhook route, a schedule) validate it once.
const validated = new WeakMap<WorkflowGraph, { registry: NodeRegistry; issues: ValidationIssue[] }>();

function validationOf(graph: WorkflowGraph, registry: NodeRegistry): ValidationIssue[] {
  const hit = validated.get(graph);
  if (hit && hit.registry === registry) return hit.issues;
  const issues = validateWorkflow(graph, registry);
  validated.set(graph, { registry, issues });
  return issues;
}

async function resolveGraph(args: StartExecutionArgs): Promise<{ graph: WorkflowGraph; versionId?: string; workflowId?: string; ownerId?: string }> {
  if (args.graph) return { graph: args.graph, workflowId: args.workflowId, versionId: args.versionId, ownerId: args.ownerId };
  if (!args.workflowId && !args.versionId) throw new WorkflowStartError('Nothing to run: give a workflow id or a graph');
  if (args.versionId) {
    const v = await db().workflowVersion.findUnique({ where: { id: args.versionId }, include: { workflow: { select: { ownerId: true } } } });
    if (!v) throw new WorkflowStartError(`Workflow version ${args.versionId} does not exist`);
    return { graph: v.graph as unknown as WorkflowGraph, versionId: v.id, workflowId: v.workflowId, ownerId: args.ownerId ?? v.workflow.ownerId };
  }
  const wf = await db().workflow.findUnique({ where: { id: args.workflowId! } });
  if (!wf) throw new WorkflowStartError(`Workflow ${args.workflowId} does not exist`);
  if (wf.versionId) {
    const v = await db().workflowVersion.findUnique({ where: { id: wf.versionId } });
    if (v) return { graph: v.graph as unknown as WorkflowGraph, versionId: v.id, workflowId: wf.id, ownerId: args.ownerId ?? wf.ownerId };
  }
  return { graph: wf.graph as unknown as WorkflowGraph, workflowId: wf.id, ownerId: args.ownerId ?? wf.ownerId };
}

/**
 * Cooperative first (running steps see their AbortSignal fire), then forced: after `graceMs` the
 * execution is marked cancelled whatever its steps are doing; late results are recorded but plan nothing.
 */
export async function cancelExecution(executionId: string, graceMs = 3000): Promise<{ status: string }> {
  const pool = pgPool();
  const r = await pool.query(`UPDATE "Execution" SET "cancelRequested" = true WHERE id = $1 AND status IN ('queued', 'running', 'waiting') RETURNING "workflowId", status`, [executionId]);
  if (!r.rowCount) {
    const row = await pool.query(`SELECT status FROM "Execution" WHERE id = $1`, [executionId]);
    return { status: row.rows[0]?.status ?? 'unknown' };
  }
  // A waiting execution has nothing in flight to stop cooperatively: it is cancelled at once.
  if (r.rows[0].status !== 'waiting') {
    await redis().publish(cancelChannel(), executionId);
    const done = await waitForExecution(executionId, { timeoutMs: graceMs }).catch(() => null);
    if (done && TERMINAL_EXECUTION.has(done.status)) return { status: done.status };
  }
  if (await failExecution(pool, executionId, 'cancelled', { message: 'The execution was cancelled' })) {
    publishEvent({ type: 'execution.finished', executionId, workflowId: r.rows[0].workflowId, status: 'cancelled', at: Date.now() });
  }
  return { status: 'cancelled' };
}

export interface NodeRunDetail {
  id: string;
  nodeId: string;
  nodeName: string;
  runIndex: number;
  attempt: number;
  tries: number;
  status: string;
  inputItems: Record<string, Item[]> | null;
  outputItems: Record<string, Item[]> | null;
  error: JsonObject | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  /** A parked run: what it waits for and, for a time (or a time limit), until when (ms epoch). */
  wait: WaitInfo | null;
}

export interface ExecutionDetail {
  id: string;
  workflowId: string | null;
  versionId: string | null;
  ownerId: string | null;
  mode: string;
  status: string;
  error: JsonObject | null;
  response: JsonObject | null;
  triggerData: JsonObject | null;
  promptTokens: number;
  completionTokens: number;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  graph: WorkflowGraph;
  nodeRuns: NodeRunDetail[];
}

export async function getExecutionDetail(executionId: string): Promise<ExecutionDetail | null> {
  const ex = await db().execution.findUnique({
    where: { id: executionId },
    include: { nodeRuns: { orderBy: [{ queuedAt: 'asc' }, { runIndex: 'asc' }] } },
  });
  if (!ex) return null;
  return {
    id: ex.id,
    workflowId: ex.workflowId,
    versionId: ex.versionId,
    ownerId: ex.ownerId,
    mode: ex.mode,
    status: ex.status,
    error: ex.error as JsonObject | null,
    response: ex.response as JsonObject | null,
    triggerData: ex.triggerData as JsonObject | null,
    promptTokens: ex.promptTokens,
    completionTokens: ex.completionTokens,
    createdAt: ex.createdAt,
    startedAt: ex.startedAt,
    finishedAt: ex.finishedAt,
    graph: ex.graph as unknown as WorkflowGraph,
    nodeRuns: withDerivedInputs(ex.nodeRuns).map((r) => ({
      id: r.id,
      nodeId: r.nodeId,
      nodeName: r.nodeName,
      runIndex: r.runIndex,
      attempt: r.attempt,
      tries: r.tries,
      status: r.status,
      inputItems: r.inputItems as Record<string, Item[]> | null,
      outputItems: r.outputItems as Record<string, Item[]> | null,
      error: r.error as JsonObject | null,
      startedAt: r.startedAt,
      finishedAt: r.finishedAt,
      wait: r.status === 'waiting' ? waitOf(r.state, ex.id) : null,
    })),
  };
}

/** Resolves with the execution once it has finished (or with its state when `timeoutMs` passes). */
export async function waitForExecution(executionId: string, opts: { timeoutMs?: number } = {}): Promise<ExecutionDetail> {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const isDone = async () => {
    const { rows } = await pgPool().query(`SELECT status FROM "Execution" WHERE id = $1`, [executionId]);
    if (!rows.length) throw new Error(`Execution ${executionId} does not exist`);
    return TERMINAL_EXECUTION.has(rows[0].status);
  };
  await waitForEvent(execChannel(executionId), (e: ExecutionEvent) => e.type === 'execution.finished', timeoutMs, isDone);
  const detail = await getExecutionDetail(executionId);
  if (!detail) throw new Error(`Execution ${executionId} does not exist`);
  return detail;
}
