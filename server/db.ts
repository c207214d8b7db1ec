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

export function createPool(url: string, max = 10): pg.Pool {
  const p = new pg.Pool({ connectionString: url, max });
  // An idle client's error (e.g. the server restarted) must not crash the process; the pool replaces it.
  p.on('error', () => {});
  return p;
}

export function createDb(url: string, poolMax = 10): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg(createPool(url, poolMax)) });
}

export function pgPool(): pg.Pool {
  pool ??= createPool(env().DATABASE_URL, Number(process.env.WEFT_DB_POOL ?? 20));
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
