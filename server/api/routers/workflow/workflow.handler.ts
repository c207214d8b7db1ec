/**
 * Workflow handlers: plain functions of { ctx, input } that tests call without tRPC.
 */
import { TRPCError } from '@trpc/server';
import type { Prisma } from '../../../generated/prisma/client';
import { registry } from '../../../../nodes/registry';
import { validateWorkflow, type ValidationIssue } from '../../../engine/validate';
import type { WorkflowGraph } from '../../../engine/types';
import { ownedBy, requireWorkflow, type AuthedContext } from '../../trpc';
import { registerTriggers, unregisterTriggers } from './activation';
import { emptyGraph, type CreateInput, type ListInput, type SaveInput } from './workflow.schema';

type H<I> = { ctx: AuthedContext; input: I };
type Tx = Prisma.TransactionClient;

const asJson = (g: WorkflowGraph) => g as unknown as Prisma.InputJsonValue;

export function validateGraph(graph: WorkflowGraph): ValidationIssue[] {
  return validateWorkflow(graph, registry);
}

/** Appends a version (previous + 1) and points the workflow at it, under a row lock on the workflow. */
async function appendVersion(
  tx: Tx,
  args: { workflowId: string; name: string; graph: WorkflowGraph; userId: string; description?: string | null },
) {
  await tx.$queryRaw`SELECT id FROM "Workflow" WHERE id = ${args.workflowId} FOR UPDATE`;
  const last = await tx.workflowVersion.findFirst({
    where: { workflowId: args.workflowId },
    orderBy: { version: 'desc' },
    select: { version: true },
  });
  const version = await tx.workflowVersion.create({
    data: {
      workflowId: args.workflowId,
      version: (last?.version ?? 0) + 1,
      name: args.name,
      graph: asJson(args.graph),
      createdById: args.userId,
    },
  });
  const workflow = await tx.workflow.update({
    where: { id: args.workflowId },
    data: {
      graph: asJson(args.graph),
      name: args.name,
      versionId: version.id,
      ...(args.description !== undefined ? { description: args.description } : {}),
    },
  });
  return { workflow, version };
}

export async function listWorkflows({ ctx, input }: H<ListInput>) {
  const where: Prisma.WorkflowWhereInput = {
    ...ownedBy(ctx),
    ...(input.search ? { name: { contains: input.search, mode: 'insensitive' as const } } : {}),
    ...(input.active !== undefined ? { active: input.active } : {}),
  };
  const rows = await ctx.db.workflow.findMany({
    where,
    orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }],
    take: input.limit + 1,
    ...(input.cursor ? { cursor: { id: input.cursor }, skip: 1 } : {}),
    select: {
      id: true,
      name: true,
      description: true,
      active: true,
      ownerId: true,
      versionId: true,
      createdAt: true,
      updatedAt: true,
    },
  });
  const hasMore = rows.length > input.limit;
  const items = hasMore ? rows.slice(0, input.limit) : rows;
  const total = await ctx.db.workflow.count({ where });
  return { items, total, nextCursor: hasMore ? items[items.length - 1]!.id : null };
}

export async function getWorkflow({ ctx, input }: H<{ id: string }>) {
  const wf = await requireWorkflow(ctx, input.id);
  const version = wf.versionId
    ? await ctx.db.workflowVersion.findUnique({ where: { id: wf.versionId }, select: { version: true, createdAt: true } })
    : null;
  const graph = wf.graph as unknown as WorkflowGraph;
  return { ...wf, graph, version: version?.version ?? null, issues: validateGraph(graph) };
}

export async function createWorkflow({ ctx, input }: H<CreateInput>) {
  const graph = input.graph ?? emptyGraph();
  const userId = ctx.session.user.id;
  return ctx.db.$transaction(async (tx) => {
    const wf = await tx.workflow.create({
      data: { name: input.name, description: input.description, ownerId: userId, graph: asJson(graph) },
    });
    const { workflow } = await appendVersion(tx, { workflowId: wf.id, name: wf.name, graph, userId });
    return workflow;
  });
}

export async function saveWorkflow({ ctx, input }: H<SaveInput>) {
  const current = await requireWorkflow(ctx, input.id);
  const issues = validateGraph(input.graph);
  const { workflow, version } = await ctx.db.$transaction((tx) =>
    appendVersion(tx, {
      workflowId: current.id,
      name: input.name ?? current.name,
      graph: input.graph,
      userId: ctx.session.user.id,
      description: input.description,
    }),
  );
  // An active workflow serves the new version: re-register its triggers, or deactivate it when the
  // new version is not valid (it must not keep answering webhooks with a graph that cannot run).
  let activation: { active: boolean; error?: string } | undefined;
  if (workflow.active) {
    if (issues.length) {
      await unregisterTriggers(workflow.id);
      activation = { active: false, error: 'The workflow was deactivated because this version has errors.' };
    } else {
      try {
        await registerTriggers(workflow.id);
        activation = { active: true };
      } catch (err) {
        activation = { active: true, error: (err as Error).message };
      }
    }
  }
  return { id: workflow.id, versionId: version.id, version: version.version, updatedAt: workflow.updatedAt, issues, activation };
}

export async function renameWorkflow({ ctx, input }: H<{ id: string; name: string }>) {
  await requireWorkflow(ctx, input.id);
  return ctx.db.workflow.update({ where: { id: input.id }, data: { name: input.name }, select: { id: true, name: true } });
}

export async function deleteWorkflow({ ctx, input }: H<{ id: string }>) {
  const wf = await requireWorkflow(ctx, input.id);
  if (wf.active) await unregisterTriggers(wf.id);
  await ctx.db.workflow.delete({ where: { id: wf.id } });
  return { id: wf.id };
}

export async function duplicateWorkflow({ ctx, input }: H<{ id: string; name?: string }>) {
  const source = await requireWorkflow(ctx, input.id);
  return createWorkflow({
    ctx,
    input: {
      name: input.name ?? `${source.name} (copy)`,
      description: source.description ?? undefined,
      graph: source.graph as unknown as WorkflowGraph,
    },
  });
}

export async function setWorkflowActive({ ctx, input }: H<{ id: string; active: boolean }>) {
  const wf = await requireWorkflow(ctx, input.id);
  if (!input.active) {
    await unregisterTriggers(wf.id);
    return { id: wf.id, active: false, webhooks: [], schedules: [] };
  }
  const issues = validateGraph(wf.graph as unknown as WorkflowGraph);
  if (issues.length) {
    throw new TRPCError({
      code: 'BAD_REQUEST',
      message: `Fix the workflow before activating it: ${issues.map((i) => i.message).join('; ')}`,
    });
  }
  const result = await registerTriggers(wf.id);
  return { id: wf.id, active: true, webhooks: result.webhooks, schedules: result.schedules };
}

export async function listVersions({ ctx, input }: H<{ id: string }>) {
  const wf = await requireWorkflow(ctx, input.id);
  const versions = await ctx.db.workflowVersion.findMany({
    where: { workflowId: wf.id },
    orderBy: { version: 'desc' },
    select: { id: true, version: true, name: true, createdAt: true, createdById: true },
  });
  return versions.map((v) => ({ ...v, current: v.id === wf.versionId }));
}

export async function restoreVersion({ ctx, input }: H<{ id: string; versionId: string }>) {
  const wf = await requireWorkflow(ctx, input.id);
  const old = await ctx.db.workflowVersion.findFirst({ where: { id: input.versionId, workflowId: wf.id } });
  if (!old) throw new TRPCError({ code: 'NOT_FOUND', message: 'Version not found.' });
  return saveWorkflow({ ctx, input: { id: wf.id, graph: old.graph as unknown as WorkflowGraph } });
}
