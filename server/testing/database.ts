/**
 * Test databases: created from a migrated template so a run costs one CREATE DATABASE (~0.1 s) instead of
 * replaying every migration through the schema engine (~2 s). The template is named after a hash of
 * prisma/migrations, so a new migration produces a new template automatically.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { Redis } from 'ioredis';
import { connectionFields, deploy, dropDatabase, MIGRATIONS_DIR, quoteIdent, withDatabase } from '../../prisma/migrate';

export { dropDatabase };

async function migrationsHash(): Promise<string> {
  const hash = createHash('sha256');
  const dirs = (await fs.readdir(MIGRATIONS_DIR, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  for (const dir of dirs) {
    hash.update(dir);
    hash.update(await fs.readFile(path.join(MIGRATIONS_DIR, dir, 'migration.sql')).catch(() => Buffer.alloc(0)));
  }
  return hash.digest('hex').slice(0, 12);
}

async function withAdmin<T>(baseUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ ...connectionFields(baseUrl), database: 'postgres' });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Ensures the migrated template for the current migrations exists; returns its name. */
async function ensureTemplate(baseUrl: string): Promise<string> {
  const name = `weft_template_${await migrationsHash()}`;
  const exists = await withAdmin(baseUrl, async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount);
  if (exists) return name;
  // Build under a temporary name and rename: a half-migrated template is never visible to other runs.
  const building = `${name}_build_${process.pid}`;
  const buildingUrl = withDatabase(baseUrl, building);
  await dropDatabase(buildingUrl);
  await deploy({ databaseUrl: buildingUrl });
  await withAdmin(baseUrl, async (c) => {
    try {
      await c.query(`ALTER DATABASE ${quoteIdent(building)} RENAME TO ${quoteIdent(name)}`);
    } catch (err) {
      if ((err as { code?: string }).code !== '42P04') throw err; // another run won the race
      await c.query(`DROP DATABASE IF EXISTS ${quoteIdent(building)} WITH (FORCE)`);
    }
  });
  return name;
}

/** Creates `name` on the server of baseUrl, migrated; returns its URL. */
export async function createTestDatabase(baseUrl: string, name: string): Promise<string> {
  const url = withDatabase(baseUrl, name);
  try {
    const template = await ensureTemplate(baseUrl);
    await withAdmin(baseUrl, async (c) => {
      // CREATE ... TEMPLATE fails while anyone is connected to the template; retry briefly.
      for (let attempt = 0; ; attempt++) {
        try {
          await c.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(template)}`);
          return;
        } catch (err) {
          if ((err as { code?: string }).code !== '55006' || attempt >= 20) throw err;
          await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
        }
      }
    });
  } catch (err) {
    // Fall back to migrating the database directly (e.g. no right to create templates).
    if (process.env.WEFT_TEST_VERBOSE) console.warn(`[test] template route failed (${(err as Error).message}); migrating directly`);
    await deploy({ databaseUrl: url });
  }
  return url;
}

/** Drops test databases left behind by runs that were killed (older than two hours), and old templates. */
export async function cleanStaleTestDatabases(baseUrl: string): Promise<void> {
  const current = `weft_template_${await migrationsHash()}`;
  await withAdmin(baseUrl, async (c) => {
    const { rows } = await c.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE 'weft\\_test\\_%' OR datname LIKE 'weft\\_template\\_%' OR datname LIKE 'weft\\_e2e\\_%'`,
    );
    const cutoff = Date.now() - 2 * 60 * 60 * 1000;
    for (const { datname } of rows) {
      const m = /^weft_(?:test|e2e)_([0-9a-z]+)_\d+$/.exec(datname);
      const build = /^weft_template_[0-9a-f]+_build_(\d+)$/.exec(datname);
      const oldTemplate = /^weft_template_[0-9a-f]+$/.test(datname) && datname !== current;
      // Anything else (e.g. a test's private database) is someone's live data: leave it alone.
      const stale = m ? parseInt(m[1]!, 36) < cutoff : build ? !processAlive(Number(build[1])) : oldTemplate;
      if (stale) await c.query(`DROP DATABASE IF EXISTS ${quoteIdent(datname)} WITH (FORCE)`).catch(() => {});
    }
  });
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as { code?: string }).code === 'EPERM';
  }
}

/** Deletes every Redis key that starts with prefix (BullMQ keys are `<prefix>:<queue>:...`). */
export async function deleteRedisPrefix(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
  redis.on('error', () => {});
  try {
    await redis.connect();
    let cursor = '0';
    do {
      // `${prefix}*`: BullMQ keys (`<prefix>:<queue>:...`) and uniquePrefix() spaces (`<prefix>_<label>_...`).
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length) await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
