/**
 * Test webhooks: while the editor listens, /webhook-test/<path> (and /form-test/<path> for a Form Trigger)
 * runs the editor's draft graph once.
 * Registrations live in Redis (any web process can serve the request) for up to two minutes; the first
 * request that reaches the execution claims the session with GETDEL, so one event runs at most.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { GraphNode, WorkflowGraph } from '../engine/types';
import { formTriggerParams } from '../../nodes/formTrigger';
import { webhookMethods, webhookParams } from '../../nodes/webhook';
import { testDynamicRoutesKey, testRouteKey, testSessionKey } from '../triggers/channels';
import { compilePath, isDynamicPath, matchPath, normaliseWebhookPath } from './paths';
import { routeForNode, type RouteMatch } from './routes';

export const TEST_LISTEN_MS = 120_000;

/** KEYS: route keys; ARGV: workflowId, ttl ms, values. Returns 0, or the 1-based index of a route held by another workflow. */
const CLAIM_ROUTES = `
for i, key in ipairs(KEYS) do
  local v = redis.call('GET', key)
  if v then
    local ok, d = pcall(cjson.decode, v)
    if ok and d.workflowId ~= ARGV[1] then return i end
  end
end
for i, key in ipairs(KEYS) do
  redis.call('SET', key, ARGV[i + 2], 'PX', tonumber(ARGV[2]))
end
return 0`;

interface TestSession {
  listenId: string;
  workflowId: string;
  ownerId: string | null;
  graph: WorkflowGraph;
  routes: { method: string; path: string; nodeId: string }[];
  expiresAt: number;
}

export interface ListenResult {
  listenId: string;
  expiresAt: number;
  urls: { nodeId: string; nodeName: string; method: string; path: string; url: string }[];
}

export class TestWebhookError extends Error {}

/** Registers the draft graph's webhook nodes at /webhook-test/<path> for one event, up to two minutes. */
export async function listenForTestWebhook(
  redis: Redis,
  workflowId: string,
  graph: WorkflowGraph,
  opts: { ownerId?: string | null; publicUrl?: string; ttlMs?: number } = {},
): Promise<ListenResult> {
  const ttl = opts.ttlMs ?? TEST_LISTEN_MS;
  const listenId = randomUUID();
  const expiresAt = Date.now() + ttl;
  const session: TestSession = { listenId, workflowId, ownerId: opts.ownerId ?? null, graph, routes: [], expiresAt };
  const urls: ListenResult['urls'] = [];
  const base = (opts.publicUrl ?? '').replace(/\/+$/, '');
  for (const node of graph.nodes ?? []) {
    if (node.type === 'formTrigger' && !node.disabled) {
      const form = testFormRoute(node);
      session.routes.push({ method: 'FORM', path: form, nodeId: node.id });
      urls.push({ nodeId: node.id, nodeName: node.name, method: 'GET', path: form, url: `${base}/form-test/${form}` });
      continue;
    }
    if (node.type !== 'webhook' || node.disabled) continue;
    const parsed = webhookParams.safeParse(node.params ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new TestWebhookError(`Webhook node "${node.name}": ${issue?.path.join('.') || 'params'}: ${issue?.message}`);
    }
    let path: string;
    try {
      path = normaliseWebhookPath(parsed.data.path);
    } catch (err) {
      throw new TestWebhookError(`Webhook node "${node.name}": ${(err as Error).message}`);
    }
    if (!path) throw new TestWebhookError(`Webhook node "${node.name}" needs a path`);
    for (const method of webhookMethods(parsed.data)) {
      session.routes.push({ method, path, nodeId: node.id });
      urls.push({ nodeId: node.id, nodeName: node.name, method, path, url: `${base}/webhook-test/${path}` });
    }
  }
  if (!session.routes.length) throw new TestWebhookError('The workflow has no enabled Webhook or Form Trigger node to listen with');
  // All routes or none, and never over another workflow's listener: its test events are not ours to see.
  const keys = session.routes.map((r) => testRouteKey(r.method, r.path));
  const values = session.routes.map((r) => JSON.stringify({ listenId, nodeId: r.nodeId, workflowId }));
  const taken = (await redis.eval(CLAIM_ROUTES, keys.length, ...keys, workflowId, String(ttl), ...values)) as number;
  if (taken > 0) {
    const r = session.routes[taken - 1];
    throw new TestWebhookError(`Another workflow is listening on ${r.method} /webhook-test/${r.path}: try again in two minutes or change the path`);
  }
  const multi = redis.multi().set(testSessionKey(listenId), JSON.stringify(session), 'PX', ttl);
  for (const r of session.routes) {
    if (isDynamicPath(r.path)) multi.zadd(testDynamicRoutesKey(), expiresAt, `${r.method} ${r.path}`);
  }
  multi.zremrangebyscore(testDynamicRoutesKey(), 0, Date.now());
  await multi.exec();
  return { listenId, expiresAt, urls };
}

/** A Form Trigger listens at /form-test/<path> (GET shows the form; the first valid POST runs the draft). */
function testFormRoute(node: GraphNode): string {
  const parsed = formTriggerParams.safeParse(node.params ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TestWebhookError(`Form Trigger "${node.name}": ${issue?.path.join('.') || 'params'}: ${issue?.message}`);
  }
  let path: string;
  try {
    path = normaliseWebhookPath(parsed.data.path);
  } catch (err) {
    throw new TestWebhookError(`Form Trigger "${node.name}": ${(err as Error).message}`);
  }
  if (!path || isDynamicPath(path)) throw new TestWebhookError(`Form Trigger "${node.name}" needs a path without :parameters`);
  return path;
}

/** The editor stopped listening. */
export async function stopListeningForTestWebhook(redis: Redis, listenId: string, workflowId?: string): Promise<void> {
  const raw = await redis.get(testSessionKey(listenId));
  if (!raw) return;
  const session = JSON.parse(raw) as TestSession;
  if (workflowId && session.workflowId !== workflowId) return;
  await removeSession(redis, session);
}

async function removeSession(redis: Redis, session: TestSession): Promise<void> {
  const multi = redis.multi().del(testSessionKey(session.listenId));
  for (const r of session.routes) {
    // Only this session's registrations: a newer listener on the same path keeps its own.
    multi.eval(
      `local v = redis.call('GET', KEYS[1]); if v and cjson.decode(v).listenId == ARGV[1] then redis.call('DEL', KEYS[1]) end; return 0`,
      1,
      testRouteKey(r.method, r.path),
      session.listenId,
    );
  }
  await multi.exec();
}

/** Finds a listening test route for the request (exact path first, then dynamic ones). */
export async function matchTestRoute(redis: Redis, method: string, path: string): Promise<RouteMatch | null> {
  let routeKey = testRouteKey(method, path);
  let ref = await redis.get(routeKey);
  let pathParams: Record<string, string> = {};
  if (!ref) {
    const dynamic = await redis.zrangebyscore(testDynamicRoutesKey(), Date.now(), '+inf');
    const parts = path.split('/');
    for (const entry of dynamic) {
      const sep = entry.indexOf(' ');
      if (entry.slice(0, sep) !== method) continue;
      const params = matchPath(compilePath(entry.slice(sep + 1)), parts);
      if (!params) continue;
      routeKey = testRouteKey(method, entry.slice(sep + 1));
      ref = await redis.get(routeKey);
      if (ref) {
        pathParams = params;
        break;
      }
    }
  }
  if (!ref) return null;
  const { listenId, nodeId } = JSON.parse(ref) as { listenId: string; nodeId: string };
  const raw = await redis.get(testSessionKey(listenId));
  if (!raw) return null;
  const session = JSON.parse(raw) as TestSession;
  const node = session.graph.nodes.find((n) => n.id === nodeId);
  if (!node) return null;
  const r = session.routes.find((x) => x.nodeId === nodeId && x.method === method);
  const route = routeForNode(node, method, r?.path ?? path, {
    workflowId: session.workflowId,
    versionId: null,
    ownerId: session.ownerId,
    graph: session.graph,
    test: { listenId },
  });
  return route ? { route, pathParams } : null;
}

/** Claims the listening session for this request (one event per listen); false if another request took it. */
export async function claimTestSession(redis: Redis, listenId: string): Promise<boolean> {
  const raw = (await redis.getdel(testSessionKey(listenId))) as string | null;
  if (!raw) return false;
  const session = JSON.parse(raw) as TestSession;
  await removeSession(redis, session);
  return true;
}
