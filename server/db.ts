/**
 * The Prisma client (pg driver adapter). One per process, created on first use.
 */
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client';
import { env } from './env';

export type Db = PrismaClient;
export { Prisma } from './generated/prisma/client';

let client: PrismaClient | undefined;

export function createDb(url: string, poolMax = 10): PrismaClient {
  const adapter = new PrismaPg({ connectionString: url, max: poolMax });
  return new PrismaClient({ adapter });
}

export function db(): PrismaClient {
  client ??= createDb(env().DATABASE_URL);
  return client;
}

export async function disconnectDb(): Promise<void> {
  if (client) {
    const c = client;
    client = undefined;
    await c.$disconnect();
  }
}
