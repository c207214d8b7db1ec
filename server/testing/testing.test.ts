import { afterAll, describe, expect, inject, it } from 'vitest';
import { createTestUser, freePort, testDb, testRedis, uniquePrefix, waitFor } from './index';
import { disconnectDb } from '../db';

afterAll(async () => {
  await disconnectDb();
});

describe('test infrastructure', () => {
  it('gives each run its own migrated database and queue prefix', async () => {
    expect(process.env.DATABASE_URL).toBe(inject('databaseUrl'));
    expect(process.env.DATABASE_URL).toMatch(/\/weft_test_[0-9a-z]+_\d+$/);
    expect(process.env.WEFT_QUEUE_PREFIX).toBe(inject('queuePrefix'));
    const rows = await testDb().$queryRawUnsafe<{ migration_name: string }[]>('SELECT migration_name FROM _prisma_migrations');
    expect(rows.length).toBeGreaterThan(0);
  });

  it('creates users with unique emails and a real password hash', async () => {
    const a = await createTestUser();
    const b = await createTestUser({ role: 'admin' });
    expect(a.user.email).not.toBe(b.user.email);
    expect(b.user.role).toBe('admin');
    expect(a.user.passwordHash).toMatch(/^\$2[aby]\$04\$/);
  });

  it('has a reachable Redis and unique prefixes', async () => {
    const redis = testRedis();
    const key = `${uniquePrefix('ping')}:k`;
    await redis.set(key, '1', 'EX', 10);
    expect(await redis.get(key)).toBe('1');
    await redis.quit();
    expect(uniquePrefix('x')).not.toBe(uniquePrefix('x'));
  });

  it('finds free ports and waits for conditions', async () => {
    expect(await freePort()).toBeGreaterThan(0);
    let n = 0;
    expect(await waitFor(() => ++n >= 3 && n, { intervalMs: 1 })).toBe(3);
    await expect(waitFor(() => false, { timeoutMs: 30, what: 'never' })).rejects.toThrow(/never/);
  });
});
