/**
 * Postgres access. One pg pool per process, shared by the Prisma client and by the runtime's hot path
 * (server/runtime/store.ts), which speaks SQL directly to keep a step to a few round trips.
 */
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client';
import { env } from './env';

export type Db = PrismaClient;
export { Prisma } from './generated/prisma/client';

let pool: pg.Pool | undefined;
let client: PrismaClient | undefined;

export interface PoolSettings {
  max?: number;
  /**
   * Off for workers: a step's commit does not wait for its WAL flush. A Postgres crash can then lose the
   * last moments of step results, which leaves those runs 'running' and the recovery sweep runs them
   * again; nothing a worker or Redis failure does is affected. Requests that answer 2xx (webhooks, runs)
   * commit on the web process, where it stays on.
   */
  synchronousCommit?: boolean;
}

let settings: PoolSettings = {};

/** Sets how this process's pool is created; call before the first query (the worker does, at start). */
export function configurePool(next: PoolSettings): void {
  settings = { ...settings, ...next };
}

export function createPool(url: string, max = 10, synchronousCommit = true): pg.Pool {
  const p = new pg.Pool({ connectionString: url, max, ...(synchronousCommit ? {} : { options: '-c synchronous_commit=off' }) });
  // An idle client's error (e.g. the server restarted) must not crash the process; the pool replaces it.
  p.on('error', () => {});
  return p;
}

export function createDb(url: string, poolMax = 10): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg(createPool(url, poolMax)) });
}

export function pgPool(): pg.Pool {
  pool ??= createPool(env().DATABASE_URL, settings.max ?? Number(process.env.WEFT_DB_POOL ?? 20), settings.synchronousCommit ?? true);
  return pool;
}

export function db(): PrismaClient {
  client ??= new PrismaClient({ adapter: new PrismaPg(pgPool()) });
  return client;
}

export async function disconnectDb(): Promise<void> {
  const c = client;
  const p = pool;
  client = undefined;
  pool = undefined;
  if (c) await c.$disconnect();
  if (p) await p.end().catch(() => {});
}
