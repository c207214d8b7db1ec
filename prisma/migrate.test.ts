/**
 * The migration runner against the real Postgres: deploy creates the database and is idempotent, create
 * writes a migration from a schema change, and scripts with semicolons inside bodies apply whole.
 */
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { connectionFields, create, deploy, dropDatabase, MIGRATIONS_DIR, SCHEMA_FILE, status, withDatabase } from './migrate';

const server = process.env.DATABASE_URL!;
const dbName = (tag: string) => `weft_test_mig_${tag}_${process.pid}_${Date.now().toString(36)}`;
const created: string[] = [];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-migrate-'));

afterAll(async () => {
  for (const url of created) await dropDatabase(url);
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function query(url: string, sql: string) {
  const client = new pg.Client(connectionFields(url));
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('prisma/migrate.ts', { timeout: 120_000 }, () => {
  it('deploy creates the database, applies every migration once, and is idempotent', async () => {
    const url = withDatabase(server, dbName('deploy'));
    created.push(url);
    const committed = fs.readdirSync(MIGRATIONS_DIR).filter((d) => fs.statSync(path.join(MIGRATIONS_DIR, d)).isDirectory()).sort();
    expect(await deploy({ databaseUrl: url })).toEqual(committed);
    expect(await deploy({ databaseUrl: url })).toEqual([]);
    expect(await status({ databaseUrl: url })).toEqual({ applied: committed, pending: [] });
    const tables = (await query(url, `SELECT tablename FROM pg_tables WHERE schemaname = 'public'`)).map((r) => r.tablename);
    expect(tables).toEqual(expect.arrayContaining(['User', 'Workflow', 'Execution', 'NodeRun', 'Credential', '_prisma_migrations']));
  });

  it('create writes a migration for a schema change (and nothing when there is none), which deploy applies', async () => {
    const dir = path.join(tmp, 'migrations');
    fs.cpSync(MIGRATIONS_DIR, dir, { recursive: true });
    const schemaFile = path.join(tmp, 'schema.prisma');
    fs.copyFileSync(SCHEMA_FILE, schemaFile);
    expect(await create('nothing', { databaseUrl: server, migrationsDir: dir, schemaFile })).toBeNull();

    fs.appendFileSync(schemaFile, '\nmodel MigrateTestTag {\n  id    String @id\n  label String @unique\n}\n');
    const name = await create('Add tags!', { databaseUrl: server, migrationsDir: dir, schemaFile });
    expect(name).toMatch(/^\d{14}_add_tags$/);
    const sql = fs.readFileSync(path.join(dir, name!, 'migration.sql'), 'utf8');
    expect(sql).toContain('CREATE TABLE "MigrateTestTag"');
    expect(sql).not.toContain('CREATE TABLE "User"');

    const url = withDatabase(server, dbName('create'));
    created.push(url);
    expect(await deploy({ databaseUrl: url, migrationsDir: dir, schemaFile })).toContain(name);
    expect(await query(url, `SELECT to_regclass('"MigrateTestTag"') AS t`)).toEqual([{ t: '"MigrateTestTag"' }]);
    // No scratch or shadow database is left behind.
    const leftovers = await query(server, `SELECT datname FROM pg_database WHERE datname LIKE 'weft\\_migrate\\_${process.pid}\\_%' OR datname LIKE 'weft\\_shadow\\_${process.pid}\\_%'`);
    expect(leftovers).toEqual([]);
  });

  it('applies a hand-written migration whose function body contains semicolons', async () => {
    const dir = path.join(tmp, 'handwritten');
    fs.cpSync(MIGRATIONS_DIR, dir, { recursive: true });
    fs.mkdirSync(path.join(dir, '99990101000000_trigger'));
    fs.writeFileSync(
      path.join(dir, '99990101000000_trigger', 'migration.sql'),
      `CREATE FUNCTION weft_touch() RETURNS trigger AS $$\nBEGIN\n  NEW."name" := coalesce(NEW."name", 'x; y');\n  RETURN NEW;\nEND;\n$$ LANGUAGE plpgsql;\n`,
    );
    const url = withDatabase(server, dbName('fn'));
    created.push(url);
    expect(await deploy({ databaseUrl: url, migrationsDir: dir })).toContain('99990101000000_trigger');
    expect(await query(url, `SELECT proname FROM pg_proc WHERE proname = 'weft_touch'`)).toEqual([{ proname: 'weft_touch' }]);
  });

  it('reports a failing migration with the database error', async () => {
    const dir = path.join(tmp, 'broken');
    fs.mkdirSync(path.join(dir, '00000000000000_broken'), { recursive: true });
    fs.writeFileSync(path.join(dir, '00000000000000_broken', 'migration.sql'), 'CREATE TABLE "A" (id int);\nSELECT * FROM "does_not_exist";\n');
    const url = withDatabase(server, dbName('broken'));
    created.push(url);
    await expect(deploy({ databaseUrl: url, migrationsDir: dir })).rejects.toThrow(/does_not_exist/);
  });
});
