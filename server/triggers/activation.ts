/**
 * Activation: registers a workflow's webhooks (Webhook rows) and schedules (Schedule rows + BullMQ job
 * schedulers) and sets it active; deactivation removes them. Both broadcast on Redis so every web process
 * reloads its route table at once. Everything is in Postgres and Redis, so it survives restarts.
 */
import { db as defaultDb, Prisma, type Db } from '../db';
import { redis as defaultRedis } from '../redis';
import type { WorkflowGraph } from '../engine/types';
import { triggersChangedChannel } from './channels';
import { planTriggers, type PlannedSchedule, type PlannedWebhook } from './plan';
import { removeScheduler, scheduleQueue, upsertScheduler } from './schedules';
import { triggerLog } from './log';
import { notifyLocalRegistry } from './local';

export class ActivationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ActivationError';
  }
}

export interface ActivationResult {
  workflowId: string;
  versionId: string;
  webhooks: { nodeName: string; method: string; path: string }[];
  schedules: { nodeName: string; pattern: string; timezone: string; label: string }[];
}

async function resolveVersion(database: Db, wf: { id: string; name: string; versionId: string | null; graph: unknown; ownerId: string }) {
  if (wf.versionId) {
    const v = await database.workflowVersion.findUnique({ where: { id: wf.versionId }, select: { id: true, graph: true } });
    if (v) return v;
  }
  const latest = await database.workflowVersion.findFirst({
    where: { workflowId: wf.id },
    orderBy: { version: 'desc' },
    select: { id: true, graph: true },
  });
  if (latest) return latest;
  // Never saved through the API: snapshot the draft so executions point at an immutable version.
  return database.workflowVersion.create({
    data: { workflowId: wf.id, version: 1, name: wf.name, graph: wf.graph as Prisma.InputJsonValue, createdById: wf.ownerId },
    select: { id: true, graph: true },
  });
}

export async function activateWorkflow(workflowId: string, database: Db = defaultDb()): Promise<ActivationResult> {
  const wf = await database.workflow.findUnique({
    where: { id: workflowId },
    select: { id: true, name: true, versionId: true, graph: true, ownerId: true },
  });
  if (!wf) throw new ActivationError(`Workflow ${workflowId} does not exist`);
  const version = await resolveVersion(database, wf);
  const graph = version.graph as unknown as WorkflowGraph;
  let plan;
  try {
    plan = planTriggers(graph, workflowId);
  } catch (err) {
    throw new ActivationError(`Cannot activate "${wf.name}": ${(err as Error).message}`);
  }

  await assertCredentialsUsable(database, wf.name, wf.ownerId, plan.webhooks);
  const previous = await database.schedule.findMany({ where: { workflowId }, select: { schedulerId: true, lastFiredAt: true } });
  // A re-activation (every save of an active workflow) keeps each schedule's last tick: no tick twice.
  const lastFired = new Map(previous.map((p) => [p.schedulerId, p.lastFiredAt]));
  try {
    await database.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT id FROM "Workflow" WHERE id = ${workflowId} FOR UPDATE`;
      // Path checks of concurrent activations are serialised: "a/:x" and "a/:y" never both get in.
      if (plan.webhooks.length) await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('weft:webhook-paths'))`;
      // ...and each polling trigger's position (polls.ts drops it if the node's parameters changed). Read under
      // a row lock: a poll saving meanwhile waits, then writes to the new row.
      const polled = await tx.$queryRaw<{ nodeId: string; pollState: unknown }[]>`
        SELECT "nodeId", "pollState" FROM "Schedule" WHERE "workflowId" = ${workflowId} AND "pollState" IS NOT NULL FOR UPDATE`;
      const pollState = new Map(polled.map((p) => [p.nodeId, p.pollState]));
      const firstOfNode = new Set<string>();
      await tx.webhook.deleteMany({ where: { workflowId } });
      await tx.schedule.deleteMany({ where: { workflowId } });
      await assertPathsFree(tx, workflowId, plan.webhooks);
      if (plan.webhooks.length) {
        await tx.webhook.createMany({
          data: plan.webhooks.map((w) => ({ workflowId, nodeId: w.nodeId, method: w.method, path: w.path, isDynamic: w.isDynamic })),
        });
      }
      for (const s of plan.schedules) {
        await tx.schedule.create({
          data: {
            workflowId,
            nodeId: s.nodeId,
            rule: s.rule as unknown as Prisma.InputJsonValue,
            timezone: s.timezone,
            schedulerId: s.schedulerId,
            lastFiredAt: lastFired.get(s.schedulerId) ?? null,
            // A node's state is kept on its first rule's row.
            ...(s.rule.kind === 'poll' && !firstOfNode.has(s.nodeId) && firstOfNode.add(s.nodeId) && pollState.has(s.nodeId)
              ? { pollState: pollState.get(s.nodeId) as Prisma.InputJsonValue }
              : {}),
          },
        });
      }
      await tx.workflow.update({ where: { id: workflowId }, data: { active: true, versionId: version.id } });
    });
  } catch (err) {
    if (err instanceof ActivationError) throw err;
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') {
      // Lost a race with another activation for the same path.
      await assertPathsFree(database, workflowId, plan.webhooks);
    }
    throw err;
  }

  try {
    await syncSchedulers(previous.map((p) => p.schedulerId), plan.schedules);
  } catch (err) {
    triggerLog.error('schedulers could not be registered; deactivating', { workflowId, error: (err as Error).message });
    await deactivateWorkflow(workflowId, database).catch(() => {});
    throw new ActivationError(`Cannot activate "${wf.name}": its schedules could not be registered (${(err as Error).message})`);
  }
  await broadcast(workflowId);
  triggerLog.info('workflow activated', { workflowId, webhooks: plan.webhooks.length, schedules: plan.schedules.length });
  return {
    workflowId,
    versionId: version.id,
    webhooks: plan.webhooks.map((w) => ({ nodeName: w.nodeName, method: w.method, path: w.path })),
    schedules: plan.schedules.map((s) => ({ nodeName: s.nodeName, pattern: s.pattern, timezone: s.timezone, label: s.label })),
  };
}

export async function deactivateWorkflow(workflowId: string, database: Db = defaultDb()): Promise<void> {
  const schedulerIds = await database.$transaction(async (tx) => {
    const rows = await tx.schedule.findMany({ where: { workflowId }, select: { schedulerId: true } });
    await tx.webhook.deleteMany({ where: { workflowId } });
    await tx.schedule.deleteMany({ where: { workflowId } });
    await tx.workflow.updateMany({ where: { id: workflowId }, data: { active: false } });
    return rows.map((r) => r.schedulerId);
  });
  const q = scheduleQueue();
  for (const id of schedulerIds) await removeScheduler(q, id);
  await broadcast(workflowId);
  triggerLog.info('workflow deactivated', { workflowId });
}

/** A webhook's credential must exist, be of the slot's type, and belong to the workflow's owner (or the owner is an admin). */
async function assertCredentialsUsable(database: Db, name: string, ownerId: string, webhooks: PlannedWebhook[]): Promise<void> {
  const refs = webhooks.filter((w) => w.credential);
  if (!refs.length) return;
  const owner = await database.user.findUnique({ where: { id: ownerId }, select: { role: true } });
  for (const w of refs) {
    const cred = await database.credential.findUnique({ where: { id: w.credential!.id }, select: { type: true, ownerId: true } });
    const usable = cred && (cred.ownerId === ownerId || owner?.role === 'admin');
    if (!usable) {
      throw new ActivationError(`Cannot activate "${name}": node "${w.nodeName}", field "credentials.${w.credential!.slot}": the credential does not exist or is not yours`);
    }
    if (cred.type !== w.credential!.slot) {
      throw new ActivationError(
        `Cannot activate "${name}": node "${w.nodeName}", field "credentials.${w.credential!.slot}": expected a ${w.credential!.slot} credential, got ${cred.type}`,
      );
    }
  }
}

type Tx = Pick<Db, 'webhook'>;

/** A path already served by another workflow (same method, same path or the same dynamic shape) is refused. */
async function assertPathsFree(tx: Tx, workflowId: string, webhooks: { method: string; path: string; shape: string; isDynamic: boolean }[]) {
  if (!webhooks.length) return;
  const methods = [...new Set(webhooks.map((w) => w.method))];
  const taken = await tx.webhook.findMany({
    where: { method: { in: methods }, workflowId: { not: workflowId } },
    select: { method: true, path: true, workflow: { select: { id: true, name: true } } },
  });
  for (const w of webhooks) {
    const other = taken.find((t) => t.method === w.method && (t.path === w.path || (w.isDynamic && shapeOf(t.path) === w.shape)));
    if (other) {
      throw new ActivationError(
        `The webhook path "${w.method} /webhook/${w.path}" is already used by workflow "${other.workflow.name}" (${other.workflow.id}). Change the path or deactivate that workflow.`,
      );
    }
  }
}

function shapeOf(path: string): string {
  return path
    .split('/')
    .map((s) => (s.startsWith(':') ? ':' : s))
    .join('/');
}

async function syncSchedulers(previousIds: string[], schedules: PlannedSchedule[]): Promise<void> {
  const q = scheduleQueue();
  const keep = new Set(schedules.map((s) => s.schedulerId));
  for (const id of previousIds) if (!keep.has(id)) await removeScheduler(q, id);
  for (const s of schedules) {
    await upsertScheduler(q, {
      schedulerId: s.schedulerId,
      pattern: s.pattern,
      timezone: s.timezone,
      data: { schedulerId: s.schedulerId, workflowId: s.workflowId, nodeId: s.nodeId },
    });
  }
}

async function broadcast(workflowId: string): Promise<void> {
  await defaultRedis().publish(triggersChangedChannel(), JSON.stringify({ workflowId, at: Date.now() }));
  // This process's table is reloaded before returning, so a request sent right after activation is served.
  await notifyLocalRegistry();
}
