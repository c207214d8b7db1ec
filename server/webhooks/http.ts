/**
 * The webhook HTTP handler (raw node:http, mounted by server/main.ts for /webhook/* and /webhook-test/*;
 * /form/* and /form-test/* go on to the Form Trigger's handler, server/webhooks/form.ts).
 * Order of checks: route (404) -> rate limit (429) -> body size (413) -> authentication (401/403) ->
 * body parsing (400) -> idempotency -> start the execution -> answer by the node's response mode.
 * A 2xx is only ever sent after startExecution resolved, i.e. after the execution is persisted.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { Redis } from 'ioredis';
import { db as defaultDb, pgPool, type Db } from '../db';
import { env } from '../env';
import { redis as defaultRedis } from '../redis';
import type { WebhookResponse } from '../engine/node';
import type { Item, WorkflowGraph } from '../engine/types';
import { triggerLog } from '../triggers/log';
import { startExecution } from '../runtime/index';
import { checkWebhookAuth, secretHeaderName } from './auth';
import { parseBody, readBody, WebhookHttpError, formToObject } from './body';
import { routeCredential } from './credentials';
import { answerForMode, startRouteExecution, type StartedExecution } from './modes';
import { checkRateLimit } from './rateLimit';
import { sendJson, sendWebhookResponse } from './respond';
import { findActiveRoute, executionWaiter } from './state';
import { claimTestSession, matchTestRoute } from './testWebhooks';
import { requestPath } from './paths';
import { headerValue, requestHeaders } from './request';
import { FORM_ROUTE_METHOD, handleFormRequest, isFormPath } from './form';
import { handleWaitingRequest, isWaitingPath } from './waiting';
import { handleMcpRequest, isMcpPath } from './mcp';
import { handleChatRequest, isChatPath } from './chat';
import type { RouteMatch, WebhookRoute } from './routes';
import type { ExecutionWaiter } from './waiter';
import {
  awaitFirstAnswer,
  claimIdempotencyKey,
  recordIdempotentAnswer,
  releaseIdempotencyKey,
} from './idempotency';

export interface StartWebhookExecutionArgs {
  workflowId: string;
  versionId?: string;
  graph?: WorkflowGraph;
  mode: 'webhook' | 'chat';
  ownerId?: string;
  triggerNodeId: string;
  triggerItems: Item[];
  executionId?: string;
}
export type StartExecutionFn = (args: StartWebhookExecutionArgs) => Promise<{ executionId: string }>;

export interface WebhookDeps {
  db: Db;
  pool: pg.Pool;
  redis: Redis;
  waiter: ExecutionWaiter;
  startExecution: StartExecutionFn;
  maxBody: number;
  publicUrl?: string;
  findRoute(method: string, path: string, test: boolean): Promise<RouteMatch | null>;
}

function runtimeStart(args: StartWebhookExecutionArgs): Promise<{ executionId: string }> {
  return startExecution(args);
}

function defaultDeps(): WebhookDeps {
  const e = env();
  return {
    db: defaultDb(),
    pool: pgPool(),
    redis: defaultRedis(),
    waiter: executionWaiter(),
    startExecution: runtimeStart,
    maxBody: e.WEFT_WEBHOOK_MAX_BODY,
    publicUrl: e.WEFT_PUBLIC_URL,
    findRoute: async (method, path, test) =>
      test ? matchTestRoute(defaultRedis(), method, path) : findActiveRoute(method, path),
  };
}

export function createWebhookHandler(overrides: Partial<WebhookDeps> = {}) {
  let deps: WebhookDeps | undefined;
  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    deps ??= { ...defaultDeps(), ...overrides };
    try {
      await handleRequest(deps, req, res);
    } catch (err) {
      if (err instanceof WebhookHttpError) {
        if (err.statusCode === 413) res.setHeader('connection', 'close');
        sendJson(res, err.statusCode, { message: err.message }, err.headers);
      } else {
        triggerLog.error('webhook request failed', { url: req.url?.split('?')[0], error: (err as Error).message });
        sendJson(res, 500, { message: 'The webhook could not be processed' });
      }
    }
  };
}

let defaultHandler: ReturnType<typeof createWebhookHandler> | undefined;

/** Entry point for server/main.ts. */
export function handleWebhookRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
  defaultHandler ??= createWebhookHandler();
  return defaultHandler(req, res);
}

function notFound(res: ServerResponse): void {
  res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'content-length': 9 });
  res.end('Not Found');
}

async function handleRequest(deps: WebhookDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const pathname = q === -1 ? url : url.slice(0, q);
  if (isFormPath(pathname)) return handleFormRequest(deps, req, res);
  if (isWaitingPath(pathname)) return handleWaitingRequest(deps, req, res);
  if (isMcpPath(pathname)) return handleMcpRequest(deps, req, res);
  if (isChatPath(pathname)) return handleChatRequest(deps, req, res);
  const test = pathname.startsWith('/webhook-test/');
  if (!test && !pathname.startsWith('/webhook/')) return notFound(res);
  const path = requestPath(pathname, test ? '/webhook-test/' : '/webhook/');
  const method = (req.method ?? 'GET').toUpperCase();
  const match = path && method !== FORM_ROUTE_METHOD ? await deps.findRoute(method, path, test) : null;
  if (!match) return notFound(res);
  const { route, pathParams } = match;
  const params = route.params;

  const rl = await checkRateLimit(deps.redis, route.scope, params);
  if (rl && !rl.allowed) {
    res.setHeader('connection', 'close');
    return sendJson(res, 429, { message: 'Too many requests' }, { 'retry-after': String(rl.retryAfterSeconds) });
  }

  const raw = await readBody(req, deps.maxBody);
  const credential = await routeCredential(deps.db, route);
  checkWebhookAuth(params, credential, req.headers, raw);
  const parsed = await parseBody(req.headers['content-type'], raw, {
    binaryPropertyName: params.options.binaryPropertyName,
    rawBody: params.options.rawBody,
    limit: deps.maxBody,
  });

  const headers = requestHeaders(req, secretHeaderName(params, credential));
  const base = deps.publicUrl ?? `http://${req.headers.host ?? '127.0.0.1'}`;
  const item: Item = {
    json: {
      headers,
      params: pathParams,
      query: q === -1 ? {} : formToObject(new URLSearchParams(url.slice(q + 1))),
      body: parsed.body,
      webhookUrl: `${base.replace(/\/+$/, '')}${pathname}`,
      executionMode: test ? 'test' : 'production',
    },
  };
  if (parsed.binary) item.binary = parsed.binary;

  const idemHeader = params.idempotencyHeader ? headerValue(req, params.idempotencyHeader) : undefined;
  if (idemHeader) {
    const key = idemHeader.slice(0, 512);
    const replay = await claimOrReplay(deps, route, key);
    if (replay) return sendWebhookResponse(res, replay);
    let answer: { executionId: string | null; response: WebhookResponse } | undefined;
    try {
      answer = await startAndAnswer(deps, route, item);
    } finally {
      if (!answer?.executionId) await releaseIdempotencyKey(deps.pool, route.scope, key).catch(() => {});
    }
    if (answer.executionId) {
      await recordIdempotentAnswer(deps.pool, route.scope, key, answer.executionId, answer.response).catch((err) =>
        triggerLog.error('idempotency answer not stored', { scope: route.scope, error: (err as Error).message }),
      );
    }
    return sendWebhookResponse(res, answer.response);
  }
  const answer = await startAndAnswer(deps, route, item);
  sendWebhookResponse(res, answer.response);
}

/** Claims the key, or returns the first request's answer (waiting briefly for a concurrent first request). */
async function claimOrReplay(deps: WebhookDeps, route: WebhookRoute, key: string): Promise<WebhookResponse | null> {
  for (let attempt = 0; attempt < 2; attempt++) {
    if (await claimIdempotencyKey(deps.pool, route.scope, key)) return null;
    const waitMs = Math.min(route.params.responseTimeout * 1000, 10_000);
    const first = await awaitFirstAnswer(deps.pool, route.scope, key, waitMs);
    if (!first) continue; // released by a failed first request: claim again
    const replayed = { 'idempotent-replayed': 'true' };
    if (first.response) return { ...first.response, headers: { ...(first.response.headers ?? {}), ...replayed } };
    if (first.executionId) return { statusCode: 202, headers: replayed, body: { executionId: first.executionId } };
    // A first request that never finished claiming (its process died) is taken over after a minute.
    if (Date.now() - first.createdAt.getTime() > 60_000) {
      await releaseIdempotencyKey(deps.pool, route.scope, key);
      continue;
    }
    return { statusCode: 409, body: { message: 'A request with this idempotency key is still being processed' } };
  }
  return { statusCode: 409, body: { message: 'A request with this idempotency key is still being processed' } };
}

async function startAndAnswer(
  deps: WebhookDeps,
  route: WebhookRoute,
  item: Item,
): Promise<{ executionId: string | null; response: WebhookResponse }> {
  if (route.test && !(await claimTestSession(deps.redis, route.test.listenId))) {
    throw new WebhookHttpError(404, 'Not Found');
  }
  const started: StartedExecution = {
    start: (executionId) => startRouteExecution(deps.startExecution, route, item, executionId, 'webhook'),
    newId: () => randomUUID().replace(/-/g, ''),
  };
  return answerForMode(deps, route, started);
}
