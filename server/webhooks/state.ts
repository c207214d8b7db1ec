/**
 * Per-process webhook state: the route table (a cache of Postgres) and the execution waiter's subscriber
 * connection. Nothing here is needed by another process.
 */
import type { Redis } from 'ioredis';
import { db } from '../db';
import { createRedis } from '../redis';
import { triggerLog } from '../triggers/log';
import { loadRouteTable, RouteTable } from './routes';
import { ExecutionWaiter } from './waiter';

/**
 * The route table lives on globalThis: server/main.ts and the copy of this module bundled into Next's server
 * chunks (where tRPC activation runs) are two module instances in one process, and activation must reload
 * the table that serves webhooks before it returns. `seq` orders loads: an older read never replaces a newer.
 */
interface SharedRoutes {
  table?: RouteTable;
  loadedAt: number;
  seq: number;
  tableSeq: number;
}
const shared = ((globalThis as Record<symbol, unknown>)[Symbol.for('weft.webhooks.routeTable')] ??= {
  loadedAt: 0,
  seq: 0,
  tableSeq: 0,
}) as SharedRoutes;
let loading: Promise<RouteTable> | undefined;
let queued: Promise<RouteTable> | undefined;
let waiter: ExecutionWaiter | undefined;
let waiterConnection: Redis | undefined;

async function load(): Promise<RouteTable> {
  const seq = ++shared.seq;
  const started = Date.now();
  const next = await loadRouteTable(db());
  if (seq > shared.tableSeq) {
    shared.table = next;
    shared.tableSeq = seq;
    shared.loadedAt = Date.now();
  }
  triggerLog.debug('webhook routes loaded', { routes: next.size, ms: Date.now() - started });
  return next;
}

/**
 * Reloads the route table. A reload requested while one runs (which may have read older rows) queues exactly
 * one more; every caller's promise resolves with a table read after its call.
 */
export function reloadRouteTable(): Promise<RouteTable> {
  if (!loading) {
    loading = load().finally(() => {
      loading = undefined;
    });
    return loading;
  }
  queued ??= loading
    .catch(() => undefined)
    .then(() => {
      queued = undefined;
      return reloadRouteTable();
    });
  return queued;
}

const MISS_RELOAD_MS = 500;

/**
 * Finds the route for a request. A miss reloads the table once (coalesced, at most every 500 ms) before
 * answering 404: another process may have activated the workflow an instant ago, and its broadcast may not
 * have reached this process yet.
 */
export async function findActiveRoute(method: string, path: string) {
  const hit = (await routeTable()).match(method, path);
  if (hit || Date.now() - shared.loadedAt < MISS_RELOAD_MS) return hit;
  return (await reloadRouteTable()).match(method, path);
}

/** The route table, loaded on first use if the registry has not started yet. */
export async function routeTable(): Promise<RouteTable> {
  return shared.table ?? (await reloadRouteTable());
}

export function routeTableIfLoaded(): RouteTable | undefined {
  return shared.table;
}

export function executionWaiter(): ExecutionWaiter {
  if (!waiter) {
    waiterConnection = createRedis('subscriber');
    waiter = new ExecutionWaiter(waiterConnection);
  }
  return waiter;
}

export async function closeWebhookState(): Promise<void> {
  waiter?.releaseAll();
  const c = waiterConnection;
  waiter = undefined;
  waiterConnection = undefined;
  shared.table = undefined;
  if (c) await c.quit().catch(() => c.disconnect());
}
