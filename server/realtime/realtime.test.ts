/**
 * Integration: real Postgres and Redis, a socket.io server on a random loopback port, events sent
 * through the worker-side emitter. A second user can neither join the first user's rooms nor receive
 * their events.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import { encode } from 'next-auth/jwt';
import type { Redis } from 'ioredis';
import { createTestUser, freePort, testDb, testRedis, waitFor } from '../testing';
import { attachRealtime, sameOrigin, type Realtime } from './server';
import { createEventPublisher } from './emitter';
import { execChannel, SOCKET_EVENT, type ExecutionEvent } from './events';

const secret = () => process.env.AUTH_SECRET!;

async function cookieFor(user: { id: string; email: string; role: string }): Promise<string> {
  const name = 'authjs.session-token';
  const token = await encode({ token: { sub: user.id, uid: user.id, email: user.email, role: user.role }, secret: secret(), salt: name });
  return `${name}=${token}`;
}

function client(port: number, cookie?: string): Socket {
  return connect(`http://127.0.0.1:${port}`, {
    path: '/socket.io',
    transports: ['websocket'],
    extraHeaders: cookie ? { cookie } : {},
    reconnection: false,
    forceNew: true,
  });
}

function connected(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
}

function subscribe(socket: Socket, payload: object): Promise<{ ok: boolean; error?: string }> {
  return socket.timeout(5000).emitWithAck('subscribe', payload);
}

describe('realtime rooms', () => {
  let server: http.Server;
  let realtime: Realtime;
  let port: number;
  let redis: Redis;
  const sockets: Socket[] = [];
  let alice: { id: string; email: string; role: string };
  let bob: { id: string; email: string; role: string };
  let workflowId: string;
  let executionId: string;

  beforeAll(async () => {
    const db = testDb();
    alice = (await createTestUser()).user;
    bob = (await createTestUser()).user;
    const wf = await db.workflow.create({ data: { name: 'Alice flow', ownerId: alice.id, graph: { nodes: [], connections: [] } } });
    workflowId = wf.id;
    const ex = await db.execution.create({ data: { workflowId, ownerId: alice.id, graph: { nodes: [], connections: [] }, mode: 'manual' } });
    executionId = ex.id;

    port = await freePort();
    server = http.createServer((_req, res) => res.writeHead(404).end());
    realtime = attachRealtime(server, { redisUrl: process.env.REDIS_URL!, authSecret: secret(), db });
    await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
    redis = testRedis();
  });

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await realtime?.close();
    await new Promise((r) => server?.close(r));
    await redis?.quit();
  });

  it('refuses a socket without a valid session cookie', async () => {
    const anon = client(port);
    sockets.push(anon);
    await expect(connected(anon)).rejects.toThrow(/Sign in/);
    const forged = client(port, 'authjs.session-token=not-a-jwt');
    sockets.push(forged);
    await expect(connected(forged)).rejects.toThrow(/Sign in/);
    // A valid cookie of a user deleted since is refused too.
    const gone = (await createTestUser()).user;
    const cookie = await cookieFor(gone);
    await testDb().user.delete({ where: { id: gone.id } });
    const ghost = client(port, cookie);
    sockets.push(ghost);
    await expect(connected(ghost)).rejects.toThrow(/Sign in/);
  });

  it('lets the owner join, refuses another user, and delivers events only to the owner', async () => {
    const a = client(port, await cookieFor(alice));
    const b = client(port, await cookieFor(bob));
    sockets.push(a, b);
    await Promise.all([connected(a), connected(b)]);

    expect(await subscribe(a, { executionId })).toEqual({ ok: true });
    expect(await subscribe(a, { workflowId })).toEqual({ ok: true });
    expect(await subscribe(b, { executionId })).toEqual({ ok: false, error: 'Execution not found.' });
    expect(await subscribe(b, { workflowId })).toEqual({ ok: false, error: 'Workflow not found.' });
    expect(await subscribe(b, { executionId: 'does-not-exist' })).toEqual({ ok: false, error: 'Execution not found.' });
    expect((await subscribe(b, { room: 'execution:' + executionId })).ok).toBe(false);

    const gotA: ExecutionEvent[] = [];
    const gotB: ExecutionEvent[] = [];
    a.on(SOCKET_EVENT, (e: ExecutionEvent) => gotA.push(e));
    b.on(SOCKET_EVENT, (e: ExecutionEvent) => gotB.push(e));

    // Server-side waiters hear the same event on the execution's plain channel.
    const listener = testRedis();
    const heard: string[] = [];
    await listener.subscribe(execChannel(executionId));
    listener.on('message', (_ch, msg) => heard.push(msg));

    const publisher = createEventPublisher(redis);
    const event: ExecutionEvent = { type: 'execution.started', executionId, workflowId, mode: 'manual', at: Date.now() };
    await publisher.publish(event);
    await publisher.publish({ type: 'execution.finished', executionId, workflowId, status: 'succeeded', at: Date.now() });

    await waitFor(() => gotA.length >= 2, { what: "alice's events" });
    await waitFor(() => heard.length >= 2, { what: 'channel messages' });
    await new Promise((r) => setTimeout(r, 300));
    // In both rooms, yet each event arrives once.
    expect(gotA.map((e) => e.type)).toEqual(['execution.started', 'execution.finished']);
    expect(gotA[0]).toEqual(event);
    expect(gotB).toEqual([]);
    expect(JSON.parse(heard[0]!)).toEqual(event);
    await listener.quit();
  });

  it('refuses a socket opened by a page on another site', async () => {
    const evil = connect(`http://127.0.0.1:${port}`, {
      path: '/socket.io',
      transports: ['polling'],
      extraHeaders: { cookie: await cookieFor(alice), origin: 'http://evil.example' },
      reconnection: false,
      forceNew: true,
    });
    sockets.push(evil);
    await expect(connected(evil)).rejects.toThrow();
    expect(sameOrigin(`http://127.0.0.1:${port}`, `127.0.0.1:${port}`)).toBe(true);
    expect(sameOrigin('https://weft.example.com', 'internal:3000', ['https://weft.example.com/'])).toBe(true);
    expect(sameOrigin('https://evil.example', 'internal:3000', ['https://weft.example.com'])).toBe(false);
  });

  it('lets an admin watch any workflow', async () => {
    const admin = (await createTestUser({ role: 'admin' })).user;
    const s = client(port, await cookieFor(admin));
    sockets.push(s);
    await connected(s);
    expect(await subscribe(s, { workflowId })).toEqual({ ok: true });
    const got: ExecutionEvent[] = [];
    s.on(SOCKET_EVENT, (e: ExecutionEvent) => got.push(e));
    await createEventPublisher(redis).publish({ type: 'node.started', executionId, workflowId, nodeId: 'n1', nodeName: 'Start', runIndex: 0, attempt: 0, at: Date.now() });
    await waitFor(() => got.length === 1, { what: "admin's event" });
  });

  it('reaches a socket on another web process through the Redis adapter', async () => {
    const port2 = await freePort();
    const server2 = http.createServer((_req, res) => res.writeHead(404).end());
    const realtime2 = attachRealtime(server2, { redisUrl: process.env.REDIS_URL!, authSecret: secret(), db: testDb() });
    await new Promise<void>((r) => server2.listen(port2, '127.0.0.1', r));
    try {
      const s = client(port2, await cookieFor(alice));
      sockets.push(s);
      await connected(s);
      expect(await subscribe(s, { executionId })).toEqual({ ok: true });
      const got: ExecutionEvent[] = [];
      s.on(SOCKET_EVENT, (e: ExecutionEvent) => got.push(e));
      // Emitted by the first process's server: the adapter forwards it to the second.
      const event: ExecutionEvent = { type: 'execution.finished', executionId, workflowId, status: 'failed', at: Date.now() };
      // Re-sent until it arrives: the second process's Redis subscription may still be settling on a loaded machine.
      await waitFor(
        () => {
          if (!got.length) realtime.io.to(`execution:${executionId}`).emit(SOCKET_EVENT as never, event as never);
          return got.length > 0;
        },
        { what: 'event across processes', intervalMs: 500, timeoutMs: 20_000 },
      );
      expect(got[0]).toEqual(event);
    } finally {
      await realtime2.close();
      await new Promise((r) => server2.close(r));
    }
  });
});
