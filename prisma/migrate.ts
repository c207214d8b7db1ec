/**
 * Weft's migration runner: Prisma's schema engine compiled to WebAssembly, talking to Postgres through the
 * pg driver adapter. No native engine binary is needed at any point (none can be downloaded here).
 *
 *   npx tsx prisma/migrate.ts deploy          create the database if missing, apply prisma/migrations
 *   npx tsx prisma/migrate.ts create <name>   write prisma/migrations/<ts>_<name>/migration.sql from the
 *                                             difference between the migrations and prisma/schema.prisma
 *   npx tsx prisma/migrate.ts status          list applied / pending migrations
 *
 * Bookkeeping is Prisma's own `_prisma_migrations` table, so `deploy` is idempotent and compatible with
 * the regular Prisma CLI.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SchemaEngine, MigrationList, SchemaFilter } from '@prisma/schema-engine-wasm';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const MIGRATIONS_DIR = path.join(ROOT, 'prisma', 'migrations');
export const SCHEMA_FILE = path.join(ROOT, 'prisma', 'schema.prisma');
const DEFAULT_URL = 'postgresql://postgres@127.0.0.1:5432/weft';
const NO_FILTER: SchemaFilter = { externalTables: [], externalEnums: [] };
const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

type Log = (line: string) => void;
export interface MigrateOptions {
  databaseUrl?: string;
  migrationsDir?: string;
  schemaFile?: string;
  log?: Log;
}

/** Postgres connection fields from a URL. Separate fields matter: the adapter derives the shadow database
 * by overriding `database`, which a `connectionString` would silently win over. */
export function connectionFields(url: string): pg.PoolConfig {
  const u = new URL(url);
  if (!/^postgres(ql)?:$/.test(u.protocol)) throw new Error(`DATABASE_URL must be a postgresql:// URL, got ${u.protocol}`);
  const database = decodeURIComponent(u.pathname.replace(/^\//, '')) || 'postgres';
  const sslmode = u.searchParams.get('sslmode');
  return {
    host: decodeURIComponent(u.hostname) || '127.0.0.1',
    port: u.port ? Number(u.port) : 5432,
    user: decodeURIComponent(u.username) || 'postgres',
    password: u.password ? decodeURIComponent(u.password) : undefined,
    database,
    ssl: sslmode && sslmode !== 'disable' ? { rejectUnauthorized: sslmode === 'verify-full' } : undefined,
  };
}

/** Creates the database named in `url` when it does not exist yet. Returns true when it was created. */
export async function ensureDatabase(url: string): Promise<boolean> {
  const fields = connectionFields(url);
  const client = new pg.Client({ ...fields, database: 'postgres' });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [fields.database]);
    if (found.rowCount) return false;
    try {
      await client.query(`CREATE DATABASE ${quoteIdent(fields.database!)}`);
      return true;
    } catch (err) {
      if ((err as { code?: string }).code === '42P04') return false; // created concurrently
      throw err;
    }
  } finally {
    await client.end();
  }
}

/** Drops a database, terminating its connections first (used by test teardown). */
export async function dropDatabase(url: string): Promise<void> {
  const fields = connectionFields(url);
  const client = new pg.Client({ ...fields, database: 'postgres' });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(fields.database!)} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

// ---------------------------------------------------------------------------------------------------------
// The engine

type AnyAdapter = Record<string, unknown> & { performIO: (q: unknown) => Promise<{ fields: { dataTypeID: number }[] }> };

/** Adjusts one pg adapter so the schema engine can use it:
 *  - Postgres `"char"` columns (OID 18, e.g. pg_constraint.contype) are unsupported by the adapter's type
 *    mapping, but the engine's introspection reads them: report them as text (their values already are).
 *  - executeScript splits on every `;`, which breaks function bodies and string literals: send the script
 *    whole instead (Postgres runs a multi-statement simple query as one implicit transaction). */
function patchAdapter<T extends object>(adapter: T): T {
  const a = adapter as unknown as AnyAdapter;
  const performIO = a.performIO.bind(a);
  a.performIO = async (query: unknown) => {
    const result = await performIO(query);
    for (const field of result?.fields ?? []) if (field.dataTypeID === PG_CHAR_OID) field.dataTypeID = PG_TEXT_OID;
    return result;
  };
  if (typeof a.startTransaction === 'function') {
    const start = (a.startTransaction as (...args: unknown[]) => Promise<object>).bind(a);
    a.startTransaction = async (...args: unknown[]) => patchAdapter(await start(...args));
  }
  if (typeof a.executeScript === 'function') {
    const client = (a as { client?: { query: (sql: string) => Promise<unknown> } }).client;
    const onError = (a as { onError?: (e: unknown) => never }).onError?.bind(a);
    if (client && onError) {
      a.executeScript = async (script: string) => {
        try {
          await client.query(script);
        } catch (err) {
          onError(err);
        }
      };
    }
  }
  return adapter;
}

/** An adapter factory for the engine, remembering what it opened so withEngine can close it: freeing the
 * engine does not end the pg pools, and a lingering connection blocks DROP/RENAME/TEMPLATE of the database. */
function adapterFactory(url: string, opened: { dispose(): Promise<void> }[]) {
  const fields = connectionFields(url);
  const factory = new PrismaPg(fields);
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = patchAdapter(await connect());
    const dispose = adapter.dispose.bind(adapter);
    let disposed = false;
    adapter.dispose = async () => {
      if (disposed) return;
      disposed = true;
      await dispose();
    };
    opened.push(adapter);
    return adapter;
  };
  // The adapter's own shadow database drops the database before closing its pool, which Postgres refuses
  // ("is being accessed by other users"): create and drop it here, in the right order.
  factory.connectToShadowDb = async () => {
    const shadowUrl = withDatabase(url, `weft_shadow_${process.pid}_${Date.now().toString(36)}`);
    await ensureDatabase(shadowUrl);
    const shadow = await new PrismaPg({ ...fields, database: connectionFields(shadowUrl).database }).connect();
    const dispose = shadow.dispose.bind(shadow);
    shadow.dispose = async () => {
      await dispose();
      await dropDatabase(shadowUrl);
    };
    return patchAdapter(shadow);
  };
  return bindMigrationAwareSqlAdapterFactory(factory);
}

/** The same server and user, another database. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

type EngineModule = typeof import('@prisma/schema-engine-wasm');
let engineModule: Promise<EngineModule> | undefined;

/** Loads the wasm module by hand: Node 20 cannot `import` a .wasm file, which the package's entry does. */
function loadEngineModule(): Promise<EngineModule> {
  engineModule ??= (async () => {
    const require = createRequire(import.meta.url);
    const bgPath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const bg = (await import(pathToFileURL(bgPath).href)) as EngineModule & { __wbg_set_wasm(w: unknown): void };
    const bytes = await fs.readFile(path.join(path.dirname(bgPath), 'schema_engine_bg.wasm'));
    const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': bg as unknown as WebAssembly.ModuleImports });
    bg.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as (() => void) | undefined)?.();
    return bg;
  })();
  return engineModule;
}

async function withEngine<T>(url: string, schema: string, fn: (engine: SchemaEngine) => Promise<T>, log: Log): Promise<T> {
  const { SchemaEngine } = await loadEngineModule();
  const onLog = (line: string) => {
    try {
      const entry = JSON.parse(line) as { level?: string; fields?: { message?: string } };
      if (entry.level === 'ERROR' || entry.level === 'WARN') log(`schema engine: ${entry.fields?.message ?? line}`);
    } catch {
      /* not JSON: ignore engine chatter */
    }
  };
  const opened: { dispose(): Promise<void> }[] = [];
  try {
    const engine = await SchemaEngine.new({ datamodels: [['schema.prisma', schema]] }, onLog, adapterFactory(url, opened));
    try {
      return await fn(engine);
    } finally {
      engine.free();
    }
  } catch (err) {
    throw engineError(err);
  } finally {
    await Promise.all(opened.map((a) => a.dispose().catch(() => {})));
  }
}

/** The engine rejects with plain objects ({ message, error_code, meta }); make them real Errors. */
function engineError(err: unknown): Error {
  if (err instanceof Error) return err;
  const e = err as { message?: string; error_code?: string; meta?: unknown };
  const out = new Error(`${e?.error_code ? `${e.error_code}: ` : ''}${e?.message ?? JSON.stringify(err)}`);
  return Object.assign(out, { cause: err });
}

/** Reads prisma/migrations the way Prisma's CLI does: sorted directories, each with a migration.sql. */
export async function readMigrations(dir = MIGRATIONS_DIR): Promise<MigrationList> {
  await fs.mkdir(dir, { recursive: true });
  const lockPath = path.join(dir, 'migration_lock.toml');
  const lockContent = await fs.readFile(lockPath, 'utf8').catch(() => null);
  const entries = await fs.readdir(dir, { withFileTypes: true });
  const migrationDirectories = [];
  for (const entry of entries.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const file = path.join(dir, entry.name, 'migration.sql');
    const content = await fs
      .readFile(file, 'utf8')
      .then((value) => ({ tag: 'ok' as const, value }))
      .catch((err: Error) => ({ tag: 'error' as const, value: err.message }));
    migrationDirectories.push({ path: entry.name, migrationFile: { path: 'migration.sql', content } });
  }
  return { baseDir: dir, lockfile: { path: 'migration_lock.toml', content: lockContent }, shadowDbInitScript: '', migrationDirectories };
}

// ---------------------------------------------------------------------------------------------------------
// Commands

/** Creates the database if missing and applies every committed migration not yet applied. */
export async function deploy(opts: MigrateOptions = {}): Promise<string[]> {
  const url = opts.databaseUrl ?? process.env.DATABASE_URL ?? DEFAULT_URL;
  const log = opts.log ?? (() => {});
  if (await ensureDatabase(url)) log(`created database ${connectionFields(url).database}`);
  const migrationsList = await readMigrations(opts.migrationsDir);
  const schema = await fs.readFile(opts.schemaFile ?? SCHEMA_FILE, 'utf8');
  const { appliedMigrationNames } = await withEngine(url, schema, (engine) => engine.applyMigrations({ migrationsList, filters: NO_FILTER }), log);
  return appliedMigrationNames;
}

/** Writes a new migration from the schema diff. Returns its directory name, or null when nothing changed.
 * The diff is computed on a scratch database (on DATABASE_URL's server) brought up to the committed
 * migrations, so the result depends only on prisma/migrations and the schema, never on a dev database. */
export async function create(name: string, opts: MigrateOptions & { draft?: boolean } = {}): Promise<string | null> {
  const url = opts.databaseUrl ?? process.env.DATABASE_URL ?? DEFAULT_URL;
  const log = opts.log ?? (() => {});
  const dir = opts.migrationsDir ?? MIGRATIONS_DIR;
  const migrationName = name.trim().toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
  if (!migrationName) throw new Error('create needs a migration name, e.g. `npx tsx prisma/migrate.ts create add_tags`');
  const migrationsList = await readMigrations(dir);
  const schemaFile = opts.schemaFile ?? SCHEMA_FILE;
  const schema = await fs.readFile(schemaFile, 'utf8');
  const scratchUrl = withDatabase(url, `weft_migrate_${process.pid}_${Date.now().toString(36)}`);
  await ensureDatabase(scratchUrl);
  let out;
  try {
    out = await withEngine(
      scratchUrl,
      schema,
      async (engine) => {
        await engine.applyMigrations({ migrationsList, filters: NO_FILTER });
        // createMigration reads the migrations' schema from a cache that devDiagnostic fills (through the
        // shadow database), so this call must come first, as in `prisma migrate dev`.
        const { action } = await engine.devDiagnostic({ migrationsList, filters: NO_FILTER });
        if (action.tag === 'reset') throw new Error(`the committed migrations do not replay cleanly: ${action.reason}`);
        return engine.createMigration({
          draft: opts.draft ?? false,
          migrationName,
          migrationsList,
          schema: { files: [{ path: path.relative(ROOT, schemaFile), content: schema }] },
          filters: NO_FILTER,
        });
      },
      log,
    );
  } finally {
    await dropDatabase(scratchUrl);
  }
  if (out.migrationScript === null) return null;
  const target = path.join(dir, out.generatedMigrationName);
  await fs.mkdir(target, { recursive: true });
  await fs.writeFile(path.join(target, `migration.${out.extension}`), out.migrationScript);
  if (migrationsList.lockfile.content === null) {
    await fs.writeFile(
      path.join(dir, 'migration_lock.toml'),
      '# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "postgresql"\n',
    );
  }
  return out.generatedMigrationName;
}

/** Applied and pending migration names for the database. */
export async function status(opts: MigrateOptions = {}): Promise<{ applied: string[]; pending: string[] }> {
  const url = opts.databaseUrl ?? process.env.DATABASE_URL ?? DEFAULT_URL;
  const local = (await readMigrations(opts.migrationsDir)).migrationDirectories.map((d) => d.path);
  const client = new pg.Client(connectionFields(url));
  await client.connect();
  try {
    const table = await client.query(`SELECT to_regclass('_prisma_migrations') AS t`);
    const rows = table.rows[0].t
      ? (await client.query(`SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`)).rows
      : [];
    const applied = new Set(rows.map((r: { migration_name: string }) => r.migration_name));
    return { applied: local.filter((m) => applied.has(m)), pending: local.filter((m) => !applied.has(m)) };
  } finally {
    await client.end();
  }
}

async function main(argv: string[]): Promise<void> {
  const [command, name] = argv;
  const log = (line: string) => console.log(`[migrate] ${line}`);
  const url = process.env.DATABASE_URL ?? DEFAULT_URL;
  const where = `${connectionFields(url).host}:${connectionFields(url).port}/${connectionFields(url).database}`;
  if (command === 'deploy') {
    const applied = await deploy({ log });
    log(applied.length ? `applied ${applied.length} migration(s) to ${where}: ${applied.join(', ')}` : `${where} is up to date`);
  } else if (command === 'create') {
    const created = await create(name ?? '', { log });
    log(created ? `created prisma/migrations/${created}/migration.sql (apply it with: npx tsx prisma/migrate.ts deploy)` : 'the schema matches the migrations: nothing to create');
  } else if (command === 'status') {
    const s = await status();
    log(`${where}: ${s.applied.length} applied, ${s.pending.length} pending${s.pending.length ? `: ${s.pending.join(', ')}` : ''}`);
  } else {
    console.error('usage: npx tsx prisma/migrate.ts deploy | create <name> | status');
    process.exitCode = 2;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    () => process.exit(process.exitCode ?? 0),
    (err: unknown) => {
      console.error(`[migrate] failed: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
}
