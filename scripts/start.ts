/**
 * Starts Weft: services, secrets, migrations, the Next build, the demo seed, then the web server and a
 * worker; Ctrl-C stops everything it started. Run through scripts/start.sh (which installs dependencies).
 *
 *   --test   for end-to-end tests: a fresh database (weft_e2e_<time>_<pid>) and a unique queue prefix,
 *            random secrets, dropped again on exit. The port comes from PORT (default 3100).
 *
 * Environment: DATABASE_URL, REDIS_URL, PORT (3000), HOST (127.0.0.1), AUTH_SECRET, WEFT_ENCRYPTION_KEY,
 * WEFT_DEMO_PASSWORD, WEFT_SKIP_BUILD=1 (never build), WEFT_WORKERS (number of worker processes, 1).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureSecrets, loadSecrets, resolvePostgres, resolveRedis, type Service } from './services';
import { connectionFields, deploy, withDatabase } from '../prisma/migrate';
import { nextBuildIsCurrent } from './build-check';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const testMode = process.argv.includes('--test');
const say = (line: string) => console.log(`[weft] ${line}`);

const children: { name: string; proc: ChildProcess }[] = [];
const cleanups: (() => Promise<void>)[] = [];
let stopping = false;

async function stopAll(code: number): Promise<never> {
  if (stopping) return new Promise<never>(() => {});
  stopping = true;
  say('stopping...');
  await Promise.all(
    children.map(
      ({ proc }) =>
        new Promise<void>((resolve) => {
          if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
          const timer = setTimeout(() => {
            proc.kill('SIGKILL');
            resolve();
          }, 10_000);
          proc.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          proc.kill('SIGTERM');
        }),
    ),
  );
  for (const cleanup of cleanups.reverse()) await cleanup().catch((err: Error) => say(`cleanup: ${err.message}`));
  process.exit(code);
}

function run(name: string, script: string, env: NodeJS.ProcessEnv): ChildProcess {
  const tsx = path.join(ROOT, 'node_modules', '.bin', 'tsx');
  const proc = spawn(tsx, [script], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = (chunk: Buffer, stream: NodeJS.WriteStream) => {
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) stream.write(`[${name}] ${line}\n`);
  };
  proc.stdout!.on('data', (c: Buffer) => prefix(c, process.stdout));
  proc.stderr!.on('data', (c: Buffer) => prefix(c, process.stderr));
  proc.on('exit', (code, signal) => {
    if (stopping) return;
    say(`${name} exited (${signal ?? `code ${code}`}); stopping the rest`);
    void stopAll(code || 1);
  });
  children.push({ name, proc });
  return proc;
}

async function waitForHttp(url: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !stopping) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.status < 500) return true;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

function runBuild(env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const proc = spawn(path.join(ROOT, 'node_modules', '.bin', 'next'), ['build'], { cwd: ROOT, env, stdio: 'inherit' });
    proc.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`next build failed (exit ${code})`))));
  });
}

async function main(): Promise<void> {
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  // 1. Services
  const log = (line: string) => say(line);
  const postgres: Service = await resolvePostgres({ root: ROOT, log });
  cleanups.push(postgres.stop);
  const redis: Service = await resolveRedis({ root: ROOT, log });
  cleanups.push(redis.stop);
  const pgWhere = `${connectionFields(postgres.url).host}:${connectionFields(postgres.url).port}`;
  say(`Postgres: ${pgWhere} (${postgres.source}); Redis: ${new URL(redis.url).host} (${redis.source})`);

  // 2. Database and secrets
  let databaseUrl = postgres.url;
  let queuePrefix = process.env.WEFT_QUEUE_PREFIX ?? 'weft';
  let secrets: { AUTH_SECRET: string; WEFT_ENCRYPTION_KEY: string };
  let demoPassword: string;
  if (testMode) {
    const { createTestDatabase, dropDatabase, deleteRedisPrefix } = await import('../server/testing/database');
    const name = `weft_e2e_${Date.now().toString(36)}_${process.pid}`;
    databaseUrl = await createTestDatabase(withDatabase(postgres.url, 'postgres'), name);
    queuePrefix = name;
    cleanups.push(async () => {
      await dropDatabase(databaseUrl);
      await deleteRedisPrefix(redis.url, name);
    });
    secrets = { AUTH_SECRET: randomBytes(32).toString('base64url'), WEFT_ENCRYPTION_KEY: randomBytes(32).toString('hex') };
    demoPassword = process.env.WEFT_DEMO_PASSWORD ?? 'weft-e2e-demo-password';
    say(`test database ${name}`);
  } else {
    const s = ensureSecrets(ROOT);
    if (s.generated.length) say(`generated ${s.generated.join(' and ')} into .weft/secrets.env (keep this file: credentials are encrypted with it)`);
    secrets = s;
    const file = path.join(ROOT, '.weft', 'secrets.env');
    demoPassword = process.env.WEFT_DEMO_PASSWORD ?? loadSecrets(file).WEFT_DEMO_PASSWORD ?? '';
    if (!demoPassword) {
      demoPassword = randomBytes(9).toString('base64url');
      fs.appendFileSync(file, `WEFT_DEMO_PASSWORD=${demoPassword}\n`, { mode: 0o600 });
    }
    const applied = await deploy({ databaseUrl, log });
    say(applied.length ? `applied migrations: ${applied.join(', ')}` : 'database schema is up to date');
  }

  const port = process.env.PORT ?? (testMode ? '3100' : '3000');
  const host = process.env.HOST ?? '127.0.0.1';
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    REDIS_URL: redis.url,
    WEFT_QUEUE_PREFIX: queuePrefix,
    AUTH_SECRET: secrets.AUTH_SECRET,
    WEFT_ENCRYPTION_KEY: secrets.WEFT_ENCRYPTION_KEY,
    AUTH_TRUST_HOST: 'true',
    AUTH_URL: process.env.AUTH_URL ?? `http://${host}:${port}`,
    PORT: port,
    HOST: host,
    NEXT_TELEMETRY_DISABLED: '1',
  };

  // 3. Build (skipped when .next is newer than every source file)
  if (process.env.WEFT_SKIP_BUILD === '1') say('skipping next build (WEFT_SKIP_BUILD=1)');
  else if (nextBuildIsCurrent(ROOT)) say('Next build is up to date');
  else {
    say('building the web app (next build)...');
    await runBuild(env);
  }

  // 4. Demo data
  Object.assign(process.env, { DATABASE_URL: databaseUrl });
  const { seed } = await import('../prisma/seed');
  const { createDb } = await import('../server/db');
  const seedDb = createDb(databaseUrl, 2);
  try {
    const result = await seed(seedDb, demoPassword);
    if (result.created.length) say(`seeded the demo ${result.created.join(' and ')}`);
  } finally {
    await seedDb.$disconnect();
  }

  // 5. Processes
  const workers = Math.max(1, Number(process.env.WEFT_WORKERS ?? 1));
  run('web', 'server/main.ts', env);
  for (let i = 0; i < workers; i++) run(workers > 1 ? `worker${i + 1}` : 'worker', 'workers/main.ts', env);

  const url = `http://${host}:${port}`;
  if (await waitForHttp(`${url}/healthz`, 120_000)) {
    say(`Weft is running at ${url}`);
    say(`sign in as demo@weft.local / ${demoPassword}`);
    say('press Ctrl-C to stop');
  } else if (!stopping) {
    say(`the web server did not answer on ${url} within 2 minutes`);
    await stopAll(1);
  }
}

main().catch(async (err: unknown) => {
  console.error(`[weft] ${err instanceof Error ? err.message : String(err)}`);
  await stopAll(1);
});
