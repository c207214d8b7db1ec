/**
 * socket.io on the web server's port. The Redis adapter lets several web processes serve browsers;
 * workers reach the rooms through @socket.io/redis-emitter (see emitter.ts). A socket is authenticated
 * from the next-auth session cookie of its handshake and joins `execution:<id>` / `workflow:<id>` only
 * after Postgres says its user may see that execution or workflow.
 */
import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import { z } from 'zod';
import type { Db } from '../db';
import { refreshSessionUser, sessionUserFromCookieHeader, type SessionUser } from '../auth/session';
import { canWatchExecution, canWatchWorkflow } from './access';
import { executionRoom, workflowRoom } from './events';

export interface RealtimeOptions {
  redisUrl: string;
  /** The next-auth secret (AUTH_SECRET) that signs session cookies. */
  authSecret: string;
  db: Db;
  /** Rooms one socket may be in at once (besides its own). */
  maxRooms?: number;
  /** Origins allowed besides the server's own host (WEFT_PUBLIC_URL when behind a proxy). */
  allowedOrigins?: string[];
}

export interface Realtime {
  io: Server;
  close(): Promise<void>;
}

const target = z.union([
  z.object({ executionId: z.string().min(1).max(64) }).strict(),
  z.object({ workflowId: z.string().min(1).max(64) }).strict(),
]);

type Ack = (answer: { ok: true } | { ok: false; error: string }) => void;

interface SocketData {
  user: SessionUser;
}

export function attachRealtime(httpServer: HttpServer, opts: RealtimeOptions): Realtime {
  const pub = new Redis(opts.redisUrl, { maxRetriesPerRequest: null, lazyConnect: false });
  const sub = pub.duplicate();
  pub.on('error', (e) => console.error(`[realtime] redis: ${e.message}`));
  sub.on('error', () => {});
  const maxRooms = opts.maxRooms ?? 200;

  const io = new Server<Record<string, never>, Record<string, never>, Record<string, never>, SocketData>(httpServer, {
    path: '/socket.io',
    serveClient: false,
    // Next's dev server upgrades other paths (HMR); engine.io must not destroy them.
    destroyUpgrade: false,
    adapter: createAdapter(pub, sub),
    // Cross-site WebSocket hijacking: a page on another site may not open a socket with our cookie.
    allowRequest: (req, callback) => callback(null, sameOrigin(req.headers.origin, req.headers.host, opts.allowedOrigins)),
  });

  io.use(async (socket, next) => {
    const fromCookie = await sessionUserFromCookieHeader(socket.handshake.headers.cookie, opts.authSecret);
    const user = fromCookie ? await refreshSessionUser(opts.db, fromCookie.id).catch(() => null) : null;
    if (!user) return next(new Error('Sign in to receive live updates.'));
    socket.data.user = user;
    next();
  });

  io.on('connection', (socket) => {
    socket.on('subscribe', (payload: unknown, ack?: Ack) => {
      void subscribe(socket, payload, opts.db, maxRooms).then(
        (answer) => typeof ack === 'function' && ack(answer),
        (err: Error) => {
          console.error(`[realtime] subscribe failed: ${err.message}`);
          if (typeof ack === 'function') ack({ ok: false, error: 'Live updates are unavailable right now.' });
        },
      );
    });
    socket.on('unsubscribe', (payload: unknown, ack?: Ack) => {
      const parsed = target.safeParse(payload);
      if (parsed.success) void socket.leave(roomOf(parsed.data));
      if (typeof ack === 'function') ack(parsed.success ? { ok: true } : { ok: false, error: 'Invalid room.' });
    });
  });

  return {
    io,
    async close() {
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await Promise.allSettled([pub.quit(), sub.quit()]);
    },
  };
}

/** Browsers send Origin; a client without one (a script holding the cookie) is not a cross-site page. */
export function sameOrigin(origin: string | undefined, host: string | undefined, allowed: string[] = []): boolean {
  if (!origin) return true;
  try {
    const o = new URL(origin);
    if (host && o.host === host) return true;
    return allowed.some((a) => new URL(a).origin === o.origin);
  } catch {
    return false;
  }
}

function roomOf(t: z.infer<typeof target>): string {
  return 'executionId' in t ? executionRoom(t.executionId) : workflowRoom(t.workflowId);
}

async function subscribe(
  socket: Socket<Record<string, never>, Record<string, never>, Record<string, never>, SocketData>,
  payload: unknown,
  db: Db,
  maxRooms: number,
): Promise<{ ok: true } | { ok: false; error: string }> {
  const parsed = target.safeParse(payload);
  if (!parsed.success) return { ok: false, error: 'Subscribe with { executionId } or { workflowId }.' };
  const user = socket.data.user;
  const t = parsed.data;
  const allowed =
    'executionId' in t ? await canWatchExecution(db, user, t.executionId) : await canWatchWorkflow(db, user, t.workflowId);
  // Same answer for "not yours" and "does not exist", as the API's 404.
  if (!allowed) return { ok: false, error: 'executionId' in t ? 'Execution not found.' : 'Workflow not found.' };
  const room = roomOf(t);
  if (!socket.rooms.has(room) && socket.rooms.size > maxRooms) return { ok: false, error: 'Too many live subscriptions.' };
  await socket.join(room);
  return { ok: true };
}
