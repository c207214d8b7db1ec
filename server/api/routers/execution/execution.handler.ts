/**
 * Execution handlers: run, list, get, cancel, retry. Running goes through server/runtime, which owns
 * persistence and queueing; these functions only decide what may be run by whom.
 */
import { TRPCError } from '@trpc/server';
import { Prisma } from '../../../generated/prisma/client';
import type { Item, JsonObject, WorkflowGraph } from '../../../engine/types';
import { isAdmin, requireExecution, requireWorkflow, type AuthedContext } from '../../trpc';
import type { ChatInput, ListInput, RunInput } from './execution.schema';
import { withDerivedInputs } from '../../../runtime/inputs';
import { waitOf } from '../../../runtime/wait-info';

type H<I> = { ctx: AuthedContext; input: I };

/** Loaded on use so that the router module stays light for the web process and its tests. */
const runtime = () => import('../../../runtime');

function defaultTrigger(graph: WorkflowGraph): string | undefined {
  return graph.nodes.find((n) => n.type === 'manualTrigger' && !n.disabled)?.id;
}

/** Splits stored trigger data ({ ...extra, items }) back into what startExecution takes. */
export function splitTriggerData(triggerData: unknown): { triggerItems?: Item[]; triggerData?: JsonObject } {
  if (Array.isArray(triggerData)) return { triggerItems: triggerData as Item[] };
  if (!triggerData || typeof triggerData !== 'object') return {};
  const { items, ...rest } = triggerData as JsonObject;
  return { triggerItems: Array.isArray(items) ? (items as Item[]) : undefined, triggerData: rest };
}

/** Errors the person can act on (an invalid graph, a missing trigger) come back as BAD_REQUEST with their message. */
const START_ERRORS = new Set(['WorkflowValidationError', 'WorkflowStartError']);

function startFailed(err: unknown): unknown {
  if (err instanceof Error && START_ERRORS.has(err.name)) {
    return new TRPCError({ code: 'BAD_REQUEST', message: err.message, cause: err });
  }
  return err;
}

export async function runExecution({ ctx, input }: H<RunInput>) {
  const wf = await requireWorkflow(ctx, input.workflowId);
  const graph = input.graph ?? (wf.graph as unknown as WorkflowGraph);
  const { startExecution } = await runtime();
  try {
    return await startExecution({
      workflowId: wf.id,
      versionId: input.graph ? undefined : (wf.versionId ?? undefined),
      graph,
      mode: 'manual',
      ownerId: ctx.session.user.id,
      triggerNodeId: input.triggerNodeId ?? defaultTrigger(graph),
      triggerItems: input.input?.map((json) => ({ json })),
    });
  } catch (err) {
    throw startFailed(err);
  }
}

/**
 * One chat message: an execution (mode chat) starting at the Chat Trigger with n8n's item
 * { sessionId, action: 'sendMessage', chatInput }. The panel follows it like a run and shows the last
 * node's output as the reply.
 */
export async function chatExecution({ ctx, input }: H<ChatInput>) {
  const wf = await requireWorkflow(ctx, input.workflowId);
  const graph = input.graph ?? (wf.graph as unknown as WorkflowGraph);
  const trigger = input.triggerNodeId ?? graph.nodes.find((n) => n.type === 'chatTrigger' && !n.disabled)?.id;
  if (!trigger) throw new TRPCError({ code: 'BAD_REQUEST', message: 'The workflow has no Chat Trigger: add one to chat with it' });
  const { startExecution } = await runtime();
  try {
    return await startExecution({
      workflowId: wf.id,
      versionId: input.graph ? undefined : (wf.versionId ?? undefined),
      graph,
      mode: 'chat',
      ownerId: ctx.session.user.id,
      triggerNodeId: trigger,
      triggerItems: [{ json: { sessionId: input.sessionId, action: 'sendMessage', chatInput: input.message } }],
    });
  } catch (err) {
    throw startFailed(err);
  }
}

export async function listExecutions({ ctx, input }: H<ListInput>) {
  const userId = ctx.session.user.id;
  const where: Prisma.ExecutionWhereInput = {
    ...(isAdmin(ctx) ? {} : { OR: [{ ownerId: userId }, { workflow: { ownerId: userId } }] }),
    ...(input.workflowId ? { workflowId: input.workflowId } : {}),
    ...(input.status ? { status: Array.isArray(input.status) ? { in: input.status } : input.status } : {}),
    ...(input.data
      ? { customData: input.data.value !== undefined ? { path: [input.data.key], equals: input.data.value } : { path: [input.data.key], not: Prisma.AnyNull } }
      : {}),
  };
  const rows = await ctx.db.execution.findMany({
    where,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: input.limit + 1,
    ...(input.cursor ? { cursor: { id: input.cursor }, skip: 1 } : {}),
    select: {
      id: true,
      workflowId: true,
      workflow: { select: { name: true } },
      mode: true,
      status: true,
      error: true,
      retryOfId: true,
      customData: true,
      createdAt: true,
      startedAt: true,
      finishedAt: true,
    },
  });
  const hasMore = rows.length > input.limit;
  const items = (hasMore ? rows.slice(0, input.limit) : rows).map(({ workflow, ...r }) => ({
    ...r,
    workflowName: workflow?.name ?? null,
    durationMs: r.startedAt && r.finishedAt ? r.finishedAt.getTime() - r.startedAt.getTime() : null,
  }));
  return { items, nextCursor: hasMore ? items[items.length - 1]!.id : null };
}

export async function getExecution({ ctx, input }: H<{ id: string }>) {
  const ex = await requireExecution(ctx, input.id);
  const [nodeRuns, workflow] = await Promise.all([
    ctx.db.nodeRun.findMany({
      where: { executionId: ex.id },
      orderBy: [{ queuedAt: 'asc' }, { runIndex: 'asc' }],
      select: {
        id: true,
        nodeId: true,
        nodeName: true,
        runIndex: true,
        attempt: true,
        tries: true,
        status: true,
        inputItems: true,
        sources: true,
        outputItems: true,
        outputCounts: true,
        error: true,
        queuedAt: true,
        startedAt: true,
        finishedAt: true,
      },
    }),
    ex.workflowId ? ctx.db.workflow.findUnique({ where: { id: ex.workflowId }, select: { id: true, name: true } }) : null,
  ]);
  // Parked runs only: their state says what they wait for (other runs' state can be large and is not shown).
  const waits = new Map(
    nodeRuns.some((r) => r.status === 'waiting')
      ? (await ctx.db.nodeRun.findMany({ where: { executionId: ex.id, status: 'waiting' }, select: { id: true, state: true } })).map((r) => [r.id, waitOf(r.state, ex.id)])
      : [],
  );
  const { cancelRequested: _c, ...rest } = ex;
  return {
    ...rest,
    graph: ex.graph as unknown as WorkflowGraph,
    workflow,
    nodeRuns: withDerivedInputs(nodeRuns).map(({ sources: _s, ...r }) => ({
      ...r,
      inputItems: (r.inputItems ?? null) as Record<string, Item[]> | null,
      outputItems: (r.outputItems ?? null) as Record<string, Item[]> | null,
      outputCounts: (r.outputCounts ?? null) as Record<string, number> | null,
      error: (r.error ?? null) as { message: string; description?: string; [k: string]: unknown } | null,
      wait: waits.get(r.id) ?? null,
    })),
  };
}

export async function cancelExecution({ ctx, input }: H<{ id: string }>) {
  const ex = await requireExecution(ctx, input.id);
  if (!['queued', 'running', 'waiting'].includes(ex.status)) {
    throw new TRPCError({ code: 'BAD_REQUEST', message: `The execution has already ${ex.status === 'cancelled' ? 'been cancelled' : ex.status}.` });
  }
  const { cancelExecution: cancel } = await runtime();
  await cancel(ex.id);
  return { id: ex.id };
}

export async function retryExecution({ ctx, input }: H<{ id: string }>) {
  const ex = await requireExecution(ctx, input.id);
  if (!['failed', 'cancelled'].includes(ex.status)) {
    throw new TRPCError({ code: 'BAD_REQUEST', message: 'Only failed or cancelled executions can be retried.' });
  }
  // A workflow deleted since leaves the execution without one: retry the graph it ran.
  const { startExecution } = await runtime();
  try {
    return await startExecution({
      workflowId: ex.workflowId ?? undefined,
      versionId: ex.versionId ?? undefined,
      graph: ex.graph as unknown as WorkflowGraph,
      mode: 'retry',
      ownerId: ctx.session.user.id,
      triggerNodeId: ex.triggerNodeId ?? undefined,
      ...splitTriggerData(ex.triggerData),
      retryOfId: ex.id,
    });
  } catch (err) {
    throw startFailed(err);
  }
}
