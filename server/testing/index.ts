/**
 * Helpers for tests that talk to the real Postgres and Redis of the run (see global-setup.ts).
 *
 *   const db = testDb();                       // Prisma client on this run's database
 *   const { user, password } = await createTestUser();
 *   const prefix = uniquePrefix('merge');      // a queue prefix / key space no other test uses
 */
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import bcrypt from 'bcryptjs';
import { Redis } from 'ioredis';
import { db } from '../db';
import type { Db } from '../db';

/** The run's Prisma client (the same shared client `db()` returns, pointed at the run's database). */
export function testDb(): Db {
  if (!/weft_(test|e2e)_/.test(process.env.DATABASE_URL ?? '')) {
    throw new Error('testDb() used outside the test run: DATABASE_URL is not a test database (is vitest globalSetup configured?)');
  }
  return db();
}

/** A short random id, safe for emails, names and Redis keys. */
export function randomId(bytes = 6): string {
  return randomBytes(bytes).toString('hex');
}

/** A prefix unique to this call, inside the run's WEFT_QUEUE_PREFIX: for queues, channels, keys. */
export function uniquePrefix(label = 't'): string {
  return `${process.env.WEFT_QUEUE_PREFIX ?? 'weft_test'}_${label}_${randomId(4)}`;
}

export const TEST_PASSWORD = 'correct horse battery staple';

/** Creates a user with a unique email and a known password (bcrypt cost 4: fast, still a real hash). */
export async function createTestUser(overrides: { email?: string; name?: string; password?: string; role?: 'admin' | 'user' } = {}) {
  const password = overrides.password ?? TEST_PASSWORD;
  const user = await testDb().user.create({
    data: {
      email: overrides.email ?? `user-${randomId()}@test.weft.local`,
      name: overrides.name ?? 'Test User',
      role: overrides.role ?? 'user',
      passwordHash: await bcrypt.hash(password, 4),
    },
  });
  return { user, password };
}

/** A Redis connection to the run's server. Close it with `.quit()` in afterAll. */
export function testRedis(): Redis {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
  redis.on('error', () => {});
  return redis;
}

/** A TCP port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Polls until fn returns a truthy value (returned) or the time runs out (throws with the last error). */
export async function waitFor<T>(fn: () => T | Promise<T>, { timeoutMs = 10_000, intervalMs = 50, what = 'condition' } = {}): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await fn();
      if (value) return value as NonNullable<T>;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      const reason = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${reason}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
