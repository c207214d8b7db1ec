/**
 * The webhook node's response modes: onReceived (answer once the execution is persisted), lastNode (the
 * last node's output when the execution finishes), responseNode (what a Respond to Webhook node sends).
 * The waiting modes answer 202 with the execution id when the node's time limit passes first.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { WebhookResponse } from '../engine/node';
import type { ExecutionEvent } from '../realtime/events';
import type { Item, WorkflowGraph } from '../engine/types';
import type { WebhookParams } from '../../nodes/webhook';
import type { WebhookRoute } from './routes';
import { acceptFinished, acceptResponseOrFinished, type ExecutionWaiter, type WaitOutcome } from './waiter';
import { triggerLog } from '../triggers/log';
import { WebhookHttpError } from './body';
import type { StartExecutionFn } from './http';

/**
 * Starts the route's workflow with the request's item under the proposed id; a failure is logged and
 * answered as a 500 without detail. One place for webhooks and forms.
 */
export async function startRouteExecution(
  startExecution: StartExecutionFn,
  route: WebhookRoute,
  item: Item,
  executionId: string,
  label: 'webhook' | 'form' | 'chat' | 'MCP',
): Promise<string> {
  try {
    const result = await startExecution({
      workflowId: route.workflowId,
      ...(route.versionId ? { versionId: route.versionId } : {}),
      ...(route.graph ? { graph: route.graph } : {}),
      mode: label === 'chat' ? 'chat' : 'webhook',
      ...(route.ownerId ? { ownerId: route.ownerId } : {}),
      triggerNodeId: route.nodeId,
      triggerItems: [item],
      executionId,
    });
    return result.executionId;
  } catch (err) {
    triggerLog.error(`${label} execution could not start`, { workflowId: route.workflowId, error: (err as Error).message });
    throw new WebhookHttpError(500, 'The workflow could not be started');
  }
}

/**
 * Starts the route's workflow with one trigger item and waits (up to `timeoutMs`) for the event `accept` picks,
 * subscribed before the start so that a short run cannot finish unseen. For answers that need the run's result
 * (chat replies, MCP tool calls).
 */
export async function startAndWait(
  deps: { waiter: ExecutionWaiter; startExecution: StartExecutionFn },
  route: WebhookRoute,
  item: Item,
  label: 'chat' | 'MCP',
  accept: (e: ExecutionEvent) => WaitOutcome | null,
  timeoutMs: number,
): Promise<{ executionId: string; outcome: WaitOutcome }> {
  const proposed = randomUUID().replace(/-/g, '');
  let listener = await deps.waiter.listen(proposed, accept);
  let executionId: string;
  try {
    executionId = await startRouteExecution(deps.startExecution, route, item, proposed, label);
  } catch (err) {
    listener.cancel();
    throw err;
  }
  if (executionId !== proposed) {
    listener.cancel();
    listener = await deps.waiter.listen(executionId, accept);
  }
  return { executionId, outcome: await listener.wait(timeoutMs) };
}

export interface StartedExecution {
  /** Starts (and persists) the execution, proposing an id; resolves with the id actually used. */
  start(executionId: string): Promise<string>;
  newId(): string;
}

interface ModeDeps {
  pool: pg.Pool;
  waiter: ExecutionWaiter;
}

export function responseHeaders(p: WebhookParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { name, value } of p.options.responseHeaders?.entries ?? []) if (name) out[name.toLowerCase()] = value;
  if (p.options.responseContentType) out['content-type'] = p.options.responseContentType;
  return out;
}

export function immediateResponse(p: WebhookParams, executionId: string): WebhookResponse {
  const headers = responseHeaders(p);
  const statusCode = p.responseCode ?? 202;
  if (p.options.noResponseBody) return { statusCode, headers };
  if (p.options.responseData !== undefined && p.options.responseData !== '') {
    return { statusCode, headers, body: p.options.responseData };
  }
  return { statusCode, headers, body: { executionId } };
}

const accepted = (executionId: string): WebhookResponse => ({ statusCode: 202, body: { executionId } });
const failed = (executionId: string, message?: string): WebhookResponse => ({
  statusCode: 500,
  body: { message: 'Workflow execution failed', executionId, ...(message ? { error: message } : {}) },
});

export async function answerForMode(
  deps: ModeDeps,
  route: WebhookRoute,
  started: StartedExecution,
): Promise<{ executionId: string; response: WebhookResponse }> {
  const p = route.params;
  if (p.responseMode === 'onReceived') {
    const executionId = await started.start(started.newId());
    return { executionId, response: immediateResponse(p, executionId) };
  }
  // A run that parks (a Wait node) will not finish soon: the caller gets the execution id at once.
  const base = p.responseMode === 'lastNode' ? acceptFinished : acceptResponseOrFinished;
  const accept = (e: ExecutionEvent): WaitOutcome | null => (e.type === 'execution.waiting' ? { kind: 'timeout' } : base(e));
  const proposed = started.newId();
  // Subscribe before starting: an execution may finish before the start call even returns.
  let listener = await deps.waiter.listen(proposed, accept);
  let executionId: string;
  try {
    executionId = await started.start(proposed);
  } catch (err) {
    listener.cancel();
    throw err;
  }
  if (executionId !== proposed) {
    listener.cancel();
    listener = await deps.waiter.listen(executionId, accept);
    const state = await readExecutionState(deps.pool, executionId);
    if (state?.response && p.responseMode === 'responseNode') listener.settle({ kind: 'response', response: state.response as never });
    else if (state && isFinal(state.status)) listener.settle({ kind: 'finished', status: state.status });
  }
  const outcome = await listener.wait(p.responseTimeout * 1000);
  return { executionId, response: await responseFor(deps.pool, p, executionId, outcome, route.graph) };
}

function isFinal(status: string): boolean {
  return status === 'succeeded' || status === 'failed' || status === 'cancelled';
}

async function responseFor(
  pool: pg.Pool,
  p: WebhookParams,
  executionId: string,
  outcome: WaitOutcome,
  graph?: WorkflowGraph,
): Promise<WebhookResponse> {
  // Parked (a Wait node) before answering: the caller learns the execution id, as after a time limit.
  if (outcome.kind === 'timeout' || outcome.kind === 'waitingForForm') return accepted(executionId);
  if (outcome.kind === 'response') return outcome.response;
  if (outcome.status !== 'succeeded') return failed(executionId, outcome.error?.message);
  if (p.responseMode === 'responseNode') {
    // The event may have been missed (Redis hiccup): the response is also stored on the execution.
    const state = await readExecutionState(pool, executionId);
    if (state?.response) return state.response as WebhookResponse;
    return { statusCode: 200, body: { message: 'Workflow finished without a Respond to Webhook answer', executionId } };
  }
  const items = await lastNodeItems(pool, executionId, graph);
  const headers = responseHeaders(p);
  const statusCode = p.responseCode ?? 200;
  if (p.responseData === 'noData' || p.options.noResponseBody) return { statusCode, headers };
  if (p.responseData === 'allEntries') return { statusCode, headers, body: items.map((i) => i.json) };
  return { statusCode, headers, body: items[0]?.json ?? {} };
}

async function readExecutionState(pool: pg.Pool, executionId: string): Promise<{ status: string; response: unknown } | null> {
  const res = await pool.query<{ status: string; response: unknown }>(
    `SELECT "status"::text AS status, "response" FROM "Execution" WHERE "id" = $1`,
    [executionId],
  );
  return res.rows[0] ?? null;
}

/**
 * The output items of the node that finished last ('main', else its first port with items). Runs that
 * finished in the same millisecond are told apart by the graph: a node downstream of another wins.
 */
export async function lastNodeItems(pool: pg.Pool, executionId: string, graph?: WorkflowGraph): Promise<Item[]> {
  const res = await pool.query<{ nodeId: string; finishedAt: Date | null; outputItems: Record<string, Item[]> | null }>(
    `SELECT "nodeId", "finishedAt", "outputItems" FROM "NodeRun" WHERE "executionId" = $1 AND "status" = 'succeeded'
     ORDER BY "finishedAt" DESC NULLS LAST, "queuedAt" DESC, "runIndex" DESC LIMIT 8`,
    [executionId],
  );
  const rows = res.rows;
  if (!rows.length) return [];
  let last = rows[0];
  const tied = rows.filter((r) => r.finishedAt?.getTime() === last.finishedAt?.getTime());
  if (tied.length > 1 && graph) {
    const tiedIds = new Set(tied.map((r) => r.nodeId));
    const hasTiedSuccessor = (id: string) => graph.connections.some((c) => c.from.node === id && tiedIds.has(c.to.node));
    last = tied.find((r) => !hasTiedSuccessor(r.nodeId)) ?? last;
  }
  const out = last.outputItems;
  if (!out) return [];
  if (out.main?.length) return out.main;
  for (const items of Object.values(out)) if (items?.length) return items;
  return [];
}
