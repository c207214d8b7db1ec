import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import {
  ensureSecrets,
  findOnPath,
  freePort,
  postgresAnswers,
  redisAnswers,
  resolvePostgres,
  resolveRedis,
  REDIS_HELP,
  type Service,
} from './services';

// The Postgres server of this test run (global-setup points DATABASE_URL at it), without a database.
const runServer = (() => {
  const u = new URL(process.env.DATABASE_URL!);
  u.pathname = '';
  return u.toString().replace(/\/$/, '');
})();
const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-services-'));
// As root the embedded Postgres runs as `postgres`, which must be able to enter the folder.
fs.chmodSync(tmpRoot, 0o755);
const started: Service[] = [];
afterAll(async () => {
  for (const s of started) await s.stop();
  fs.rmSync(tmpRoot, { recursive: true, force: true });
});

describe('service resolution', () => {
  it('detects the local Postgres and Redis, and closed ports', async () => {
    const closed = await freePort();
    expect(await postgresAnswers(`${runServer}/postgres`)).toBe(true);
    expect(await postgresAnswers(`postgresql://postgres@127.0.0.1:${closed}/postgres`, 500)).toBe(false);
    expect(await redisAnswers(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379')).toBe(true);
    expect(await redisAnswers(`redis://127.0.0.1:${closed}`, 500)).toBe(false);
  });

  it('prefers DATABASE_URL and REDIS_URL when set, then the local servers', async () => {
    const env = { DATABASE_URL: 'postgresql://u@db.example:5432/x', REDIS_URL: 'redis://cache.example:6379' };
    expect((await resolvePostgres({ root: tmpRoot, env })).source).toBe('env');
    expect((await resolveRedis({ root: tmpRoot, env })).url).toBe(env.REDIS_URL);
    const local = await resolvePostgres({ root: tmpRoot, env: {}, localUrl: runServer });
    expect(local).toMatchObject({ source: 'local', url: `${runServer}/weft` });
    expect((await resolveRedis({ root: tmpRoot, env: {}, localUrl: process.env.REDIS_URL })).source).toBe('local');
  });

  it('stops with install instructions when there is no Redis at all', async () => {
    const closed = await freePort();
    await expect(resolveRedis({ root: tmpRoot, env: {}, localUrl: `redis://127.0.0.1:${closed}`, redisServer: null })).rejects.toThrow(REDIS_HELP);
    expect(REDIS_HELP).toMatch(/apt-get install -y redis-server/);
  });

  it.skipIf(!findOnPath('redis-server'))('starts redis-server under .weft/redis when nothing answers', async () => {
    const closed = await freePort();
    const redis = await resolveRedis({ root: tmpRoot, env: { PATH: process.env.PATH }, localUrl: `redis://127.0.0.1:${closed}` });
    started.push(redis);
    expect(redis.source).toBe('redis-server');
    expect(await redisAnswers(redis.url)).toBe(true);
    expect(fs.existsSync(path.join(tmpRoot, '.weft', 'redis'))).toBe(true);
    await redis.stop();
    expect(await redisAnswers(redis.url, 500)).toBe(false);
  });

  it('starts an embedded Postgres under .weft/pg when nothing answers, and again from its data', { timeout: 120_000 }, async () => {
    const closed = await freePort();
    const first = await resolvePostgres({ root: tmpRoot, env: {}, localUrl: `postgresql://postgres@127.0.0.1:${closed}` });
    started.push(first);
    expect(first.source).toBe('embedded');
    const client = new pg.Client({ connectionString: first.url.replace(/\/weft$/, '/postgres') });
    await client.connect();
    await client.query('CREATE TABLE IF NOT EXISTS kept (v int)');
    await client.query('INSERT INTO kept VALUES (42)');
    await client.end();
    await first.stop();

    const second = await resolvePostgres({ root: tmpRoot, env: {}, localUrl: `postgresql://postgres@127.0.0.1:${closed}` });
    started.push(second);
    const again = new pg.Client({ connectionString: second.url.replace(/\/weft$/, '/postgres') });
    await again.connect();
    expect((await again.query('SELECT v FROM kept')).rows).toEqual([{ v: 42 }]);
    await again.end();
    await second.stop();
  });
});

describe('secrets', () => {
  it('generates AUTH_SECRET and WEFT_ENCRYPTION_KEY once and keeps them', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-secrets-'));
    const first = ensureSecrets(root, {});
    expect(first.generated).toEqual(['AUTH_SECRET', 'WEFT_ENCRYPTION_KEY']);
    expect(first.WEFT_ENCRYPTION_KEY).toMatch(/^[0-9a-f]{64}$/);
    const second = ensureSecrets(root, {});
    expect(second.generated).toEqual([]);
    expect(second.WEFT_ENCRYPTION_KEY).toBe(first.WEFT_ENCRYPTION_KEY);
    expect(second.AUTH_SECRET).toBe(first.AUTH_SECRET);
    expect(fs.statSync(path.join(root, '.weft', 'secrets.env')).mode & 0o077).toBe(0);
    expect(ensureSecrets(root, { AUTH_SECRET: 'from-the-environment-0123' }).AUTH_SECRET).toBe('from-the-environment-0123');
    fs.rmSync(root, { recursive: true, force: true });
  });
});
