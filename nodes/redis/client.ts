/**
 * One Redis connection per node run (ioredis), from a `redis` credential with n8n's field names
 * (host, port, database, user, password, ssl, disableTlsVerification).
 *
 * withRedis() connects within a time limit, runs the node's work, and always closes the connection: on
 * success, on error and when the run's signal aborts (the socket is dropped at once, so a pending command
 * ends). Messages never carry the password: ioredis does not put it in its errors, and scrub() removes it
 * anyway in case a server echoes it back.
 */
import { Redis, type RedisOptions } from 'ioredis';
import { NodeError } from '../sdk';

export interface RedisCredential {
  host: string;
  port: number;
  database: number;
  user?: string;
  password?: string;
  ssl: boolean;
  disableTlsVerification: boolean;
}

const flag = (v: unknown) => v === true || v === 'true' || v === 1 || v === '1';

/** The credential's fields as stored (the credential form sends strings): typed, with n8n's defaults. */
export function readCredential(data: Record<string, unknown>): RedisCredential {
  const text = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
  const int = (v: unknown, fallback: number) => (v === undefined || v === null || v === '' ? fallback : Number(v));
  return {
    host: text(data.host) || 'localhost',
    port: int(data.port, 6379),
    database: int(data.database, 0),
    user: text(data.user) || undefined,
    password: text(data.password) || undefined,
    ssl: flag(data.ssl),
    disableTlsVerification: flag(data.disableTlsVerification),
  };
}

/** The CLIENT SETNAME of the node's connections (what an operator sees in CLIENT LIST), and of credential tests. */
export const CONNECTION_NAME = 'weft-redis-node';
const TEST_CONNECTION_NAME = 'weft-credential-test';

/** ioredis options for one short-lived connection: no reconnects, no offline queue, no retries. */
export function redisOptions(cred: RedisCredential, connectTimeoutMs: number, connectionName = CONNECTION_NAME): RedisOptions {
  return {
    host: cred.host,
    port: cred.port,
    db: cred.database,
    username: cred.user,
    password: cred.password,
    tls: cred.ssl ? (cred.disableTlsVerification ? { rejectUnauthorized: false } : {}) : undefined,
    connectTimeout: connectTimeoutMs,
    connectionName,
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    reconnectOnError: () => false,
  };
}

/** The message with every occurrence of the password replaced. */
export function scrub(message: string, password: string | undefined): string {
  return password ? message.split(password).join('***') : message;
}

function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('The execution was cancelled');
}

/** Connects (or fails within connectTimeoutMs, naming where it tried), runs `work`, always closes. */
export async function withRedis<T>(
  args: { nodeName: string; credential: RedisCredential; connectTimeoutMs: number; signal: AbortSignal; connectionName?: string },
  work: (client: Redis) => Promise<T>,
): Promise<T> {
  const { nodeName, credential: cred, connectTimeoutMs, signal } = args;
  if (signal.aborted) throw abortError(signal);
  const client = new Redis(redisOptions(cred, connectTimeoutMs, args.connectionName));
  let lastError: Error | undefined;
  client.on('error', (err: Error) => (lastError = err)); // connect() only says "Connection is closed."
  let onAbort = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => {
      drop(client);
      reject(abortError(signal));
    };
  });
  aborted.catch(() => {});
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    await Promise.race([connect(client, connectTimeoutMs), aborted]).catch((err: Error) => {
      if (signal.aborted) throw abortError(signal);
      const why = lastError && /Connection is closed/.test(err.message) ? lastError.message : err.message;
      throw new NodeError(`Node "${nodeName}", credential "redis": ${connectFailure(cred, why)}`, {
        field: 'credentials',
        description: 'Check the host, port, database, user, password and SSL setting of the Redis credential.',
      });
    });
    return await Promise.race([work(client), aborted]);
  } catch (err) {
    if (signal.aborted) throw abortError(signal);
    if (err instanceof Error) err.message = scrub(err.message, cred.password);
    throw err;
  } finally {
    signal.removeEventListener('abort', onAbort);
    await close(client);
  }
}

/** "cannot connect to Redis at host:port (database n): why", without the password. */
function connectFailure(cred: RedisCredential, why: string): string {
  return `cannot connect to Redis at ${cred.host}:${cred.port} (database ${cred.database}): ${scrub(why, cred.password)}`;
}

/** The credential "Test": connect and PING within timeoutMs; the message says what failed, never the password. */
export async function pingRedis(data: Record<string, unknown>, timeoutMs = 10_000): Promise<{ ok: boolean; message: string }> {
  const credential = readCredential(data);
  try {
    const pong = await withRedis({ nodeName: 'test', credential, connectTimeoutMs: timeoutMs, signal: new AbortController().signal, connectionName: TEST_CONNECTION_NAME }, (client) => client.ping());
    return { ok: pong === 'PONG', message: `Redis at ${credential.host}:${credential.port} answered PING.` };
  } catch (err) {
    const message = (err as Error).message.replace(/^Node "test", credential "redis": /, '');
    return { ok: false, message: scrub(message.charAt(0).toUpperCase() + message.slice(1), credential.password) };
  }
}

/** Drops the socket now (ioredis' disconnect() only half-closes it and waits up to 2 s for the server). */
function drop(client: Redis): void {
  client.disconnect();
  client.stream?.destroy();
}

/** connect() bounded by a timer: ioredis' connectTimeout covers the TCP connect, not a server that never answers. */
async function connect(client: Redis, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([client.connect(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** QUIT when the connection is usable (bounded to 1 s), otherwise drop the socket. */
async function close(client: Redis): Promise<void> {
  if (client.status === 'ready') {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([client.quit(), new Promise((resolve) => (timer = setTimeout(resolve, 1000)))]);
    } catch {
      // closing anyway below
    } finally {
      clearTimeout(timer);
    }
  }
  drop(client);
}
