/**
 * vitest globalSetup: one fresh Postgres database and one Redis key prefix per test run, so runs never
 * see each other's data (several engineers and CI may run tests at once on the same servers).
 *
 * Test processes receive (through process.env, which the forks inherit, and through `inject()`):
 *   DATABASE_URL        postgresql://.../weft_test_<time>_<pid>, migrated
 *   REDIS_URL           the Redis server (REDIS_URL or redis://127.0.0.1:6379)
 *   WEFT_QUEUE_PREFIX   weft_test_<time>_<pid>: BullMQ queues and pub/sub channels of this run only
 *   WEFT_ENCRYPTION_KEY, AUTH_SECRET: random per run; NODE_ENV=test; AUTH_TRUST_HOST=true
 * Teardown drops the database and deletes the run's Redis keys.
 */
import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { createTestDatabase, cleanStaleTestDatabases, deleteRedisPrefix, dropDatabase } from './database';
import { redisAnswers } from '../../scripts/services';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    redisUrl: string;
    queuePrefix: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = Date.now();
  const baseUrl = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/weft';
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const runId = `weft_test_${Date.now().toString(36)}_${process.pid}`;

  if (!(await redisAnswers(redisUrl))) {
    throw new Error(`Tests need Redis, and ${redisUrl} does not answer: start one (redis-server --daemonize yes) or set REDIS_URL.`);
  }
  await cleanStaleTestDatabases(baseUrl).catch(() => {});
  let databaseUrl: string;
  try {
    databaseUrl = await createTestDatabase(baseUrl, runId);
  } catch (err) {
    throw new Error(`Tests need Postgres, and the test database could not be created on ${new URL(baseUrl).host}: ${(err as Error).message}. Start Postgres or set DATABASE_URL.`);
  }

  Object.assign(process.env, {
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    WEFT_QUEUE_PREFIX: runId,
    WEFT_ENCRYPTION_KEY: process.env.WEFT_TEST_ENCRYPTION_KEY ?? randomBytes(32).toString('hex'),
    AUTH_SECRET: randomBytes(32).toString('base64url'),
    AUTH_TRUST_HOST: 'true',
    NODE_ENV: 'test',
    WEFT_LOG_LEVEL: process.env.WEFT_LOG_LEVEL ?? 'warn',
  });
  project.provide('databaseUrl', databaseUrl);
  project.provide('redisUrl', redisUrl);
  project.provide('queuePrefix', runId);
  if (process.env.WEFT_TEST_VERBOSE) console.log(`[test] database ${runId} ready in ${Date.now() - started} ms`);

  return async () => {
    if (process.env.WEFT_TEST_KEEP_DB) {
      console.log(`[test] kept database ${databaseUrl}`);
    } else {
      await dropDatabase(databaseUrl).catch((err: Error) => console.warn(`[test] could not drop ${runId}: ${err.message}`));
    }
    await deleteRedisPrefix(redisUrl, runId).catch(() => {});
  };
}
