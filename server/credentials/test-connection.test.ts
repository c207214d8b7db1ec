/** Credential "Test" for Redis: PING against the real Redis of the run; a refused port says where, never the password. */
import { describe, expect, it } from 'vitest';
import { testCredential } from './test-connection';
import { freePort } from '../testing';

const redisUrl = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');

describe('testCredential: redis', () => {
  it('connects and gets PONG from the real Redis', async () => {
    const result = await testCredential('redis', { host: redisUrl.hostname, port: redisUrl.port || '6379', database: '0' });
    expect(result).toEqual({ ok: true, message: `Redis at ${redisUrl.hostname}:${redisUrl.port || 6379} answered PING.` });
  });

  it('says where it could not connect, without the password', async () => {
    const port = await freePort();
    const result = await testCredential('redis', { host: '127.0.0.1', port: String(port), password: 's3cret-pass' });
    expect(result.ok).toBe(false);
    expect(result.message).toContain(`Cannot connect to Redis at 127.0.0.1:${port} (database 0): `);
    expect(result.message).toContain('ECONNREFUSED');
    expect(result.message).not.toContain('s3cret-pass');
  });

  it('reports a refused login without the password', async () => {
    const result = await testCredential('redis', { host: redisUrl.hostname, port: redisUrl.port || '6379', user: 'nobody', password: 's3cret-pass' });
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/^Cannot connect to Redis at .*WRONGPASS/);
    expect(result.message).not.toContain('s3cret-pass');
  });
});
