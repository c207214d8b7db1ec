/**
 * Listing and calling MCP tools over the pooled connections. Arguments are validated against the tool's
 * inputSchema before anything is sent, so a bad call fails with the schema's message and the server never
 * sees it.
 */
import type { McpCallResult, McpServerConfig, McpToolInfo } from '../engine/node';
import { acquire, describeServer, discard, release, type PooledClient } from './pool';
import { validateAgainstSchema } from './validate';

export const DEFAULT_CALL_TIMEOUT_MS = 60_000;
const TOOL_LIST_TTL_MS = 30_000;

export interface McpCallOptions {
  signal?: AbortSignal;
  /** Per request (connect, list, call) in milliseconds. */
  timeoutMs?: number;
}

/** Arguments that do not match the tool's inputSchema. `code` lets node plugins recognise it without importing this class. */
export class McpArgumentError extends Error {
  readonly code = 'invalid_arguments';
  constructor(
    readonly toolName: string,
    readonly schemaMessage: string,
  ) {
    super(`Invalid arguments for MCP tool "${toolName}": ${schemaMessage}`);
    this.name = 'McpArgumentError';
  }
}

export class McpToolNotFoundError extends Error {
  readonly code = 'tool_not_found';
  constructor(
    readonly toolName: string,
    readonly available: string[],
  ) {
    super(`MCP tool "${toolName}" does not exist on the server. Available tools: ${available.join(', ') || '(none)'}`);
    this.name = 'McpToolNotFoundError';
  }
}

function abortError(signal: AbortSignal): Error {
  const reason = signal.reason;
  return reason instanceof Error ? reason : new Error('The MCP request was aborted');
}

/** Waits for `promise` unless `signal` aborts first (the promise itself keeps running: connections are shared). */
function untilAborted<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(abortError(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

async function withClient<T>(config: McpServerConfig, opts: McpCallOptions, fn: (entry: PooledClient) => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const acquiring = acquire(config, opts.timeoutMs);
    let entry: PooledClient;
    try {
      entry = await untilAborted(acquiring, opts.signal);
    } catch (err) {
      // Aborted while connecting: the connection still opens for others; give back our claim on it.
      acquiring.then(release, () => {});
      throw err;
    }
    try {
      return await fn(entry);
    } catch (err) {
      // A dead or confused connection is dropped; tool-level errors (McpError from the server) are not transport failures.
      if (!isTransportFailure(err)) throw err;
      await discard(entry);
      // The server forgot our session (it restarted): the request was refused unprocessed, so one retry on a new session is safe.
      if (attempt === 0 && isStaleSession(err) && !opts.signal?.aborted) continue;
      throw err;
    } finally {
      release(entry);
    }
  }
}

function isStaleSession(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  const msg = (err as Error)?.message ?? '';
  return code === 404 || (code === 400 && /session/i.test(msg));
}

function isTransportFailure(err: unknown): boolean {
  const msg = (err as Error)?.message ?? '';
  return isStaleSession(err) || /Connection closed|Not connected|ECONNREFUSED|ECONNRESET|fetch failed|Streamable HTTP error/i.test(msg);
}

async function fetchTools(entry: PooledClient, opts: McpCallOptions, fresh: boolean): Promise<McpToolInfo[]> {
  if (!fresh && entry.tools && Date.now() - entry.tools.at < TOOL_LIST_TTL_MS) return entry.tools.list;
  const list: McpToolInfo[] = [];
  let cursor: string | undefined;
  do {
    const page = await entry.client.listTools(cursor ? { cursor } : undefined, {
      signal: opts.signal,
      timeout: opts.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS,
    });
    for (const t of page.tools) {
      list.push({
        name: t.name,
        ...(t.title ? { title: t.title } : {}),
        ...(t.description ? { description: t.description } : {}),
        inputSchema: t.inputSchema as Record<string, unknown>,
      });
    }
    cursor = page.nextCursor;
  } while (cursor);
  entry.tools = { list, at: Date.now() };
  return list;
}

/** The server's tools (name, description, inputSchema). Used by the API for the editor and by the agent. */
export async function listMcpTools(config: McpServerConfig, opts: McpCallOptions = {}): Promise<McpToolInfo[]> {
  return withClient(config, opts, (entry) => fetchTools(entry, opts, true));
}

/** Looks the tool up (refreshing the cached list once if it is unknown) and checks `args` against its schema. */
async function checkedTool(entry: PooledClient, name: string, args: Record<string, unknown>, opts: McpCallOptions): Promise<McpToolInfo> {
  let tools = await fetchTools(entry, opts, false);
  let tool = tools.find((t) => t.name === name);
  if (!tool) {
    tools = await fetchTools(entry, opts, true);
    tool = tools.find((t) => t.name === name);
  }
  if (!tool) throw new McpToolNotFoundError(name, tools.map((t) => t.name));
  const problem = validateAgainstSchema(tool.inputSchema, args);
  if (problem) throw new McpArgumentError(name, problem);
  return tool;
}

/** Validates the arguments, then calls the tool. A tool that reports failure returns isError: true (not thrown). */
export async function callMcpTool(
  config: McpServerConfig,
  name: string,
  args: Record<string, unknown>,
  opts: McpCallOptions = {},
): Promise<McpCallResult> {
  return withClient(config, opts, async (entry) => {
    await checkedTool(entry, name, args, opts);
    const result = await entry.client.callTool({ name, arguments: args }, undefined, {
      signal: opts.signal,
      timeout: opts.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS,
    });
    const content = Array.isArray(result.content) ? (result.content as Record<string, unknown>[]) : [];
    // Old servers answer with { toolResult } instead of content.
    if (!Array.isArray(result.content) && 'toolResult' in result) {
      content.push({ type: 'text', text: JSON.stringify(result.toolResult) });
    }
    return {
      content,
      ...(result.structuredContent ? { structuredContent: result.structuredContent as Record<string, unknown> } : {}),
      isError: result.isError === true,
    };
  });
}

/** Text blocks joined; other blocks summarised, so a model or a person gets something readable. */
export function mcpResultText(result: McpCallResult): string {
  const parts: string[] = [];
  for (const block of result.content) {
    if (block.type === 'text' && typeof block.text === 'string') parts.push(block.text);
    else if (block.type === 'resource' && block.resource && typeof (block.resource as { text?: unknown }).text === 'string') {
      parts.push((block.resource as { text: string }).text);
    } else if (block.type === 'resource_link') parts.push(`[resource ${String(block.uri)}]`);
    else if (block.type === 'image' || block.type === 'audio') parts.push(`[${block.type} ${String(block.mimeType ?? '')}]`);
  }
  if (parts.length === 0 && result.structuredContent) parts.push(JSON.stringify(result.structuredContent));
  return parts.join('\n');
}

export { describeServer };
