/**
 * The web process: one HTTP server on PORT serving Next.js (App Router), socket.io, webhooks and the
 * health check. Start: `npx tsx server/main.ts` (NODE_ENV=production serves the `next build` output).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import next from 'next';
import { env } from './env';
import { db, disconnectDb } from './db';
import { closeRedis } from './redis';
import { attachRealtime, type Realtime } from './realtime/server';
import { isWebhookPath, serveHealth, serveWebhook } from './http-routes';

const ROOT = path.resolve(import.meta.dirname, '..');

/** next-auth needs AUTH_SECRET. Production must set it; development keeps one in .weft/ so sessions survive restarts. */
function ensureAuthSecret(production: boolean): string {
  if (process.env.AUTH_SECRET) return process.env.AUTH_SECRET;
  if (production) throw new Error('Weft cannot start: AUTH_SECRET is not set (e.g. `openssl rand -base64 32`).');
  const file = path.join(ROOT, '.weft', 'dev-auth-secret');
  let secret = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : '';
  if (!secret) {
    secret = randomBytes(32).toString('base64url');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, secret, { mode: 0o600 });
  }
  process.env.AUTH_SECRET = secret;
  return secret;
}

type Optional = Record<string, unknown> | null;
async function optionalModule(load: () => Promise<unknown>, name: string): Promise<Optional> {
  try {
    return (await load()) as Optional;
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') console.error(`[server] ${name}: ${(err as Error).message}`);
    return null;
  }
}

async function main(): Promise<void> {
  const production = process.env.NODE_ENV === 'production';
  process.env.AUTH_TRUST_HOST ??= 'true';
  // Nothing leaves the machine: Next's anonymous telemetry stays off.
  process.env.NEXT_TELEMETRY_DISABLED ??= '1';
  const authSecret = ensureAuthSecret(production);
  const { PORT: port, HOST: hostname, REDIS_URL, WEFT_PUBLIC_URL } = env();

  let handle: ReturnType<ReturnType<typeof next>['getRequestHandler']>;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '/';
    const pathname = url.split('?', 1)[0]!;
    let work: Promise<void>;
    if (isWebhookPath(pathname)) work = serveWebhook(req, res);
    else if (pathname === '/healthz') work = serveHealth(req, res);
    else work = handle(req, res);
    work.catch((err: Error) => {
      console.error(`[server] ${req.method} ${pathname}: ${err.message}`);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('Internal Server Error');
    });
  });
  server.keepAliveTimeout = 65_000;

  // Next attaches its own `upgrade` listener (dev HMR at /_next/hmr) on the first request and leaves
  // paths it does not serve, such as /socket.io, to other listeners.
  const app = next({ dev: !production, hostname, port, dir: ROOT, httpServer: server });
  handle = app.getRequestHandler();
  await app.prepare();

  const realtime: Realtime = attachRealtime(server, {
    redisUrl: REDIS_URL,
    authSecret,
    db: db(),
    allowedOrigins: WEFT_PUBLIC_URL ? [WEFT_PUBLIC_URL] : [],
  });

  // Optional until the triggers module lands; a URL keeps tsc from requiring it at compile time.
  const triggers = await optionalModule(() => import(new URL('./triggers/index.ts', import.meta.url).href), 'triggers');
  if (typeof triggers?.startTriggerRegistry === 'function') {
    try {
      await (triggers.startTriggerRegistry as () => Promise<void>)();
    } catch (err) {
      console.error(`[server] trigger registry did not start: ${(err as Error).message}`);
    }
  } else {
    console.warn('[server] server/triggers has no startTriggerRegistry: webhooks and schedules are not registered by this process');
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, hostname, () => resolve());
  });
  console.log(`[server] Weft ${production ? 'production' : 'development'} server on http://${hostname}:${port}`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[server] ${signal}: shutting down`);
    const force = setTimeout(() => {
      console.error('[server] shutdown took too long; exiting');
      process.exit(1);
    }, 15_000);
    force.unref();
    // Stop accepting, let in-flight requests finish, then close what they used.
    const closed = new Promise<void>((r) => server.close(() => r()));
    server.closeIdleConnections();
    await realtime.close().catch(() => {});
    if (typeof triggers?.stopTriggerRegistry === 'function') {
      await (triggers.stopTriggerRegistry as () => Promise<void>)().catch(() => {});
    }
    await closed;
    await app.close().catch(() => {});
    await closeRedis().catch(() => {});
    await disconnectDb().catch(() => {});
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
