/**
 * The routes the custom server answers before Next: webhooks and forms (handled by server/webhooks/http.ts)
 * and the health check.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { db } from './db';
import { redis } from './redis';

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

let webhookHandler: Promise<Handler | null> | undefined;

function isModuleMissing(err: unknown): boolean {
  const code = (err as { code?: string })?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}

/** Loaded once; null when the webhooks module is not installed (answers 503 then). */
function loadWebhookHandler(): Promise<Handler | null> {
  webhookHandler ??= import('./webhooks/http').then(
    (m) => m.handleWebhookRequest as Handler,
    (err) => {
      if (isModuleMissing(err)) return null;
      console.error(`[server] webhooks module failed to load: ${(err as Error).message}`);
      return null;
    },
  );
  return webhookHandler;
}

export function isWebhookPath(pathname: string): boolean {
  return (
    pathname.startsWith('/webhook/') ||
    pathname.startsWith('/webhook-test/') ||
    pathname.startsWith('/form/') ||
    pathname.startsWith('/form-test/') ||
    pathname.startsWith('/webhook-waiting/') ||
    pathname.startsWith('/form-waiting/') ||
    pathname.startsWith('/mcp/') ||
    pathname.startsWith('/chat/')
  );
}

export async function serveWebhook(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const handler = await loadWebhookHandler();
  if (!handler) {
    res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '5' });
    res.end(JSON.stringify({ message: 'Webhooks are not available on this server' }));
    return;
  }
  await handler(req, res);
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
    }),
  ]);
}

/** 200 when Postgres and Redis answer, 503 (naming the one that failed) otherwise. */
export async function serveHealth(_req: IncomingMessage, res: ServerResponse): Promise<void> {
  const [pg, rd] = await Promise.allSettled([
    withTimeout(db().$queryRaw`SELECT 1`, 2000, 'Postgres'),
    withTimeout(redis().ping(), 2000, 'Redis'),
  ]);
  const body = {
    ok: pg.status === 'fulfilled' && rd.status === 'fulfilled',
    db: pg.status === 'fulfilled' ? 'ok' : (pg.reason as Error).message,
    redis: rd.status === 'fulfilled' ? 'ok' : (rd.reason as Error).message,
  };
  res.writeHead(body.ok ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}
