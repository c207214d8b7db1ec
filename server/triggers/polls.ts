/**
 * Polling triggers (RSS Feed Trigger, Telegram Trigger...): a node whose plugin declares `poll()` is, once its
 * workflow is active, one BullMQ job scheduler per `pollTimes` entry, stored as Schedule rows whose rule has
 * `kind: 'poll'` (plan.ts), so activation, restore after a Redis restart and deactivation are those of
 * schedules. Each tick arrives here from the schedule worker (schedules.ts):
 *
 * 1. the tick is claimed on Schedule.lastFiredAt (a tick handed out twice polls once);
 * 2. a lease in Redis (`<prefix>:poll:lock:<workflowId>:<nodeId>`) keeps one poll per node at a time across
 *    every worker process: a tick that finds a poll still running is skipped (`busy`), the next one catches up;
 * 3. the node's poll(ctx, state) runs with the state the previous poll returned, kept in Postgres
 *    (Schedule.pollState of the node's first rule) so it survives Redis restarts and re-activations
 *    (a change of the node's parameters or credentials starts afresh);
 * 4. the first poll (no state yet) only records the position; later polls that found items start one execution
 *    (mode `schedule`) with those items, then save the new state.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Db, Prisma } from '../db';
import { redis as defaultRedis } from '../redis';
import { queuePrefix } from '../runtime/queues';
import { buildNodeContext } from '../engine/execute-node';
import type { NodeDefinition, NodeRegistry } from '../engine/node';
import type { GraphNode, Item, JsonObject, WorkflowGraph } from '../engine/types';
import { loadNodeCredential } from '../runtime/credentials';
import type { ExecutionRow } from '../runtime/store';
import { triggerLog } from './log';

export const POLL_TIMEOUT_MS = Number(process.env.WEFT_POLL_TIMEOUT_MS ?? 120_000);

/** What Schedule.pollState holds: the node's state, and a fingerprint of what it was polled with. */
export interface StoredPollState {
  key: string;
  state: JsonObject;
}

/** Parameters and credentials of the node: a state recorded with other ones does not apply. */
export function pollKeyOf(node: GraphNode): string {
  const creds = Object.fromEntries(Object.entries(node.credentials ?? {}).map(([slot, ref]) => [slot, ref?.id ?? null]));
  return createHash('sha256').update(JSON.stringify([node.type, stable(node.params ?? {}), creds])).digest('hex').slice(0, 24);
}

function stable(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stable);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, stable((v as Record<string, unknown>)[k])]));
  return v;
}

export type StartPollExecution = (args: {
  workflowId: string;
  versionId?: string;
  mode: 'schedule';
  ownerId?: string;
  triggerNodeId: string;
  triggerItems: Item[];
}) => Promise<{ executionId: string }>;

export interface PollOutcome {
  status: 'started' | 'polled' | 'skipped';
  /** polled: 'first' (position recorded) or 'empty' (nothing new); skipped: why. */
  reason?: 'first' | 'empty' | 'busy' | 'inactive' | 'duplicate';
  executionId?: string;
  items?: number;
  scheduledAt: number;
}

export interface PollDeps {
  db: Db;
  registry: NodeRegistry;
  startExecution: StartPollExecution;
  redis?: import('ioredis').Redis;
  /** Loads a credential for the node as the workflow's owner (tests may replace it). */
  credentials?: (ownerId: string, node: GraphNode, slot: string) => Promise<Record<string, unknown>>;
}

export const pollLockKey = (workflowId: string, nodeId: string) => `${queuePrefix()}:poll:lock:${workflowId}:${nodeId}`;

const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export async function processPollTick(
  data: { schedulerId: string; workflowId: string; nodeId: string },
  scheduledAt: number,
  deps: PollDeps,
): Promise<PollOutcome> {
  const schedule = await deps.db.schedule.findUnique({
    where: { schedulerId: data.schedulerId },
    select: { id: true, workflow: { select: { active: true, versionId: true, ownerId: true } } },
  });
  if (!schedule || !schedule.workflow.active || !schedule.workflow.versionId) return { status: 'skipped', reason: 'inactive', scheduledAt };
  const claimed = await deps.db.schedule.updateMany({
    where: { id: schedule.id, OR: [{ lastFiredAt: null }, { lastFiredAt: { lt: new Date(scheduledAt) } }] },
    data: { lastFiredAt: new Date(scheduledAt) },
  });
  if (claimed.count === 0) return { status: 'skipped', reason: 'duplicate', scheduledAt };

  const redis = deps.redis ?? defaultRedis();
  const lockKey = pollLockKey(data.workflowId, data.nodeId);
  const token = randomUUID();
  const locked = await redis.set(lockKey, token, 'PX', POLL_TIMEOUT_MS + 30_000, 'NX');
  if (locked !== 'OK') {
    triggerLog.info('poll skipped: the previous poll of this node is still running', { workflowId: data.workflowId, nodeId: data.nodeId });
    return { status: 'skipped', reason: 'busy', scheduledAt };
  }
  try {
    return await pollOnce(data, scheduledAt, schedule.workflow as { versionId: string; ownerId: string }, deps);
  } finally {
    await redis.eval(RELEASE, 1, lockKey, token).catch(() => {});
  }
}

async function pollOnce(
  data: { schedulerId: string; workflowId: string; nodeId: string },
  scheduledAt: number,
  workflow: { versionId: string; ownerId: string },
  deps: PollDeps,
): Promise<PollOutcome> {
  const version = await deps.db.workflowVersion.findUnique({ where: { id: workflow.versionId }, select: { graph: true } });
  const graph = version?.graph as unknown as WorkflowGraph | undefined;
  const node = graph?.nodes.find((n) => n.id === data.nodeId);
  const def = node ? deps.registry.get(node.type) : undefined;
  if (!graph || !node || !def?.poll) return { status: 'skipped', reason: 'inactive', scheduledAt };

  // The node's state lives on its first rule's row (all its poll times share it).
  const stateRow = await deps.db.schedule.findFirst({
    where: { workflowId: data.workflowId, nodeId: data.nodeId },
    orderBy: { schedulerId: 'asc' },
    select: { schedulerId: true, pollState: true },
  });
  if (!stateRow) return { status: 'skipped', reason: 'inactive', scheduledAt };
  const key = pollKeyOf(node);
  const stored = stateRow.pollState as unknown as StoredPollState | null;
  const previous = stored && stored.key === key ? stored.state : undefined;

  const result = await runPoll({ graph, node, def, ownerId: workflow.ownerId, workflowId: data.workflowId, state: previous, manual: false, deps });
  // By scheduler id, not row id: a re-activation meanwhile replaces the row (under a lock, activation.ts), and
  // the second try lands on the new one. Deactivated meanwhile: nothing to save.
  const save = async () => {
    const data = { pollState: { key, state: result.state } as unknown as Prisma.InputJsonValue };
    const first = await deps.db.schedule.updateMany({ where: { schedulerId: stateRow.schedulerId }, data });
    if (first.count === 0) await deps.db.schedule.updateMany({ where: { schedulerId: stateRow.schedulerId }, data });
  };

  // Deactivated while the poll ran: start nothing (a deactivation right after this check may still see one run).
  if ((await deps.db.schedule.count({ where: { schedulerId: stateRow.schedulerId } })) === 0) return { status: 'skipped', reason: 'inactive', scheduledAt };
  if (previous === undefined) {
    await save();
    triggerLog.info('first poll: position recorded, nothing started', { workflowId: data.workflowId, nodeId: data.nodeId, seen: result.items.length });
    return { status: 'polled', reason: 'first', scheduledAt };
  }
  if (!result.items.length) {
    await save();
    return { status: 'polled', reason: 'empty', scheduledAt };
  }
  // Started before the state moves on: a crash in between polls the same items again rather than losing them.
  const { executionId } = await deps.startExecution({
    workflowId: data.workflowId,
    versionId: workflow.versionId,
    mode: 'schedule',
    ownerId: workflow.ownerId,
    triggerNodeId: node.id,
    triggerItems: result.items,
  });
  await save();
  triggerLog.info('poll found new items', { workflowId: data.workflowId, nodeId: data.nodeId, items: result.items.length, executionId });
  return { status: 'started', executionId, items: result.items.length, scheduledAt };
}

/** Calls the plugin's poll() with the context a run of the node would get (no input items). */
export async function runPoll(args: {
  graph: WorkflowGraph;
  node: GraphNode;
  def: NodeDefinition;
  ownerId: string;
  workflowId: string;
  state: JsonObject | undefined;
  manual: boolean;
  deps: Pick<PollDeps, 'credentials'>;
}): Promise<{ items: Item[]; state: JsonObject }> {
  const { node, def } = args;
  const signal = AbortSignal.timeout(POLL_TIMEOUT_MS);
  const credentials =
    args.deps.credentials ??
    ((ownerId: string, n: GraphNode, slot: string) => loadNodeCredential({ ownerId } as ExecutionRow, n, slot));
  const log = {
    debug: (msg: string, d?: Record<string, unknown>) => triggerLog.debug(msg, { nodeId: node.id, ...d }),
    info: (msg: string, d?: Record<string, unknown>) => triggerLog.info(msg, { nodeId: node.id, ...d }),
    warn: (msg: string, d?: Record<string, unknown>) => triggerLog.warn(msg, { nodeId: node.id, ...d }),
    error: (msg: string, d?: Record<string, unknown>) => triggerLog.error(msg, { nodeId: node.id, ...d }),
  };
  const { ctx } = buildNodeContext(
    {
      graph: args.graph,
      node,
      def,
      inputs: {},
      runIndex: 0,
      execution: { id: `poll:${args.workflowId}:${node.id}`, mode: 'schedule' },
      workflow: { id: args.workflowId, active: true },
      getRun: () => undefined,
      credentials: (slot) => credentials(args.ownerId, node, slot),
      services: {},
      signal,
      log,
    },
    signal,
    () => {},
  );
  const out = await def.poll!(ctx as never, args.state, { manual: args.manual });
  if (!out || !Array.isArray(out.items) || !out.state || typeof out.state !== 'object') {
    throw new Error(`Node "${node.name}": its poll returned no items list or no state`);
  }
  return out;
}
