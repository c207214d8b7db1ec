/**
 * One MCP client per server config per process. Stdio servers are child processes: starting one per tool
 * call would cost hundreds of milliseconds, so connections are reused, closed after an idle period, and
 * all closed by closeAllMcpClients() on shutdown. Keys are hashes, so secrets in env/headers are not kept
 * in readable form outside the config itself.
 */
import { createHash } from 'node:crypto';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { McpServerConfig } from '../engine/node';

export const DEFAULT_CONNECT_TIMEOUT_MS = 30_000;
const IDLE_CLOSE_MS = 5 * 60_000;
const STDERR_TAIL_BYTES = 2_000;

export interface PooledClient {
  key: string;
  client: Client;
  /** Last lines the stdio server wrote to stderr, for connection error messages. */
  stderrTail(): string;
  tools?: { list: import('../engine/node').McpToolInfo[]; at: number };
  /** Set by release(); the idle timer closes the connection when nothing used it for a while. */
  idleTimer?: NodeJS.Timeout;
  inUse: number;
}

const pool = new Map<string, Promise<PooledClient>>();

/** Stable key: key order in the config does not matter. */
export function configKey(config: McpServerConfig): string {
  const stable = (v: unknown): unknown =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.keys(v as object).sort().map((k) => [k, stable((v as Record<string, unknown>)[k])]))
      : v;
  return createHash('sha256').update(JSON.stringify(stable(config))).digest('hex');
}

/** Where the server is, for error messages: never env values or header values. */
export function describeServer(config: McpServerConfig): string {
  if (config.transport === 'http') {
    try {
      const u = new URL(config.url);
      return `${u.protocol}//${u.host}${u.pathname}`;
    } catch {
      return 'an invalid URL';
    }
  }
  return `"${config.command}"`;
}

function makeTransport(config: McpServerConfig, onStderr: (chunk: string) => void, legacySse = false): Transport {
  if (config.transport === 'http') {
    const requestInit = config.headers ? { headers: config.headers } : undefined;
    // Servers from before Streamable HTTP (n8n's "SSE endpoint", URLs ending in /sse) speak HTTP+SSE.
    return legacySse ? new SSEClientTransport(new URL(config.url), { requestInit }) : new StreamableHTTPClientTransport(new URL(config.url), { requestInit });
  }
  const transport = new StdioClientTransport({
    command: config.command,
    args: config.args ?? [],
    env: config.env,
    cwd: config.cwd,
    stderr: 'pipe',
  });
  transport.stderr?.on('data', (chunk: Buffer) => onStderr(chunk.toString('utf8')));
  return transport;
}

/** A 4xx answer to the Streamable HTTP initialize POST: per the MCP spec, the sign of a legacy HTTP+SSE server. */
function suggestsLegacySse(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'number' && code >= 400 && code < 500 && code !== 401 && code !== 403;
}

async function connect(key: string, config: McpServerConfig, timeoutMs: number): Promise<PooledClient> {
  let tail = '';
  const onStderr = (chunk: string) => {
    tail = (tail + chunk).slice(-STDERR_TAIL_BYTES);
  };
  const entry: PooledClient = { key, client: undefined as unknown as Client, stderrTail: () => tail.trim(), inUse: 0 };
  const attempt = async (legacySse: boolean): Promise<Client> => {
    const client = new Client({ name: 'weft', version: '0.1.0' }, { capabilities: {} });
    // The SDK reports transport errors here; a closed transport also triggers onclose, which evicts.
    client.onerror = () => {};
    try {
      await client.connect(makeTransport(config, onStderr, legacySse), { timeout: timeoutMs });
    } catch (err) {
      await client.close().catch(() => {});
      throw err;
    }
    client.onclose = () => {
      void evict(key, entry);
    };
    return client;
  };
  try {
    try {
      entry.client = await attempt(false);
    } catch (err) {
      if (config.transport !== 'http' || !suggestsLegacySse(err)) throw err;
      entry.client = await attempt(true).catch((sseErr: Error) => {
        throw new Error(`${(err as Error).message}; as a legacy SSE server: ${sseErr.message}`);
      });
    }
  } catch (err) {
    const detail = tail.trim() ? ` Server output: ${tail.trim().slice(-500)}` : '';
    throw new Error(`Could not connect to MCP server ${describeServer(config)}: ${(err as Error).message}.${detail}`);
  }
  return entry;
}

async function evict(key: string, entry?: PooledClient): Promise<void> {
  const current = pool.get(key);
  if (!current) return;
  if (entry) {
    const resolved = await current.catch(() => undefined);
    if (resolved !== entry) return;
  }
  pool.delete(key);
}

/** A connected client for `config`, shared with concurrent callers. Call release() when done. */
export async function acquire(config: McpServerConfig, timeoutMs = DEFAULT_CONNECT_TIMEOUT_MS): Promise<PooledClient> {
  const key = configKey(config);
  let pending = pool.get(key);
  if (!pending) {
    pending = connect(key, config, timeoutMs);
    pool.set(key, pending);
    // A failed connection must not stay cached.
    pending.catch(() => {
      if (pool.get(key) === pending) pool.delete(key);
    });
  }
  const entry = await pending;
  entry.inUse++;
  if (entry.idleTimer) {
    clearTimeout(entry.idleTimer);
    entry.idleTimer = undefined;
  }
  return entry;
}

export function release(entry: PooledClient): void {
  entry.inUse = Math.max(0, entry.inUse - 1);
  if (entry.inUse === 0 && !entry.idleTimer) {
    entry.idleTimer = setTimeout(() => {
      if (entry.inUse === 0) void closeEntry(entry);
    }, IDLE_CLOSE_MS);
    entry.idleTimer.unref();
  }
}

/** Drops a connection that misbehaved (transport error) so the next call reconnects. */
export async function discard(entry: PooledClient): Promise<void> {
  await closeEntry(entry);
}

async function closeEntry(entry: PooledClient): Promise<void> {
  if (entry.idleTimer) clearTimeout(entry.idleTimer);
  await evict(entry.key, entry);
  await entry.client.close().catch(() => {});
}

/** Closes every pooled MCP connection (stdio servers exit). Workers call it on shutdown. */
export async function closeAllMcpClients(): Promise<void> {
  const entries = [...pool.values()];
  pool.clear();
  await Promise.all(
    entries.map(async (p) => {
      const entry = await p.catch(() => undefined);
      if (!entry) return;
      if (entry.idleTimer) clearTimeout(entry.idleTimer);
      await entry.client.close().catch(() => {});
    }),
  );
}

/** Number of open (or opening) connections: for tests and metrics. */
export function openMcpClientCount(): number {
  return pool.size;
}
