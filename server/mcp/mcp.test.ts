import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  callMcpTool,
  closeAllMcpClients,
  listMcpTools,
  mcpResultText,
  McpArgumentError,
  McpToolNotFoundError,
  openMcpClientCount,
  validateAgainstSchema,
} from './index';
import { acquire, release } from './pool';
import { everythingStdio, filesystemStdio, freePort, startEverythingHttp, type RunningHttpServer } from './testing';

let http: RunningHttpServer;

beforeAll(async () => {
  http = await startEverythingHttp();
});

afterAll(async () => {
  await closeAllMcpClients();
  await http?.stop();
});

for (const transport of ['stdio', 'http'] as const) {
  describe(`server-everything over ${transport}`, () => {
    const config = () => (transport === 'stdio' ? everythingStdio() : http.config);

    it('lists tools with their input schemas', async () => {
      const tools = await listMcpTools(config());
      const sum = tools.find((t) => t.name === 'get-sum');
      expect(sum?.description).toBe('Returns the sum of two numbers');
      expect(sum?.inputSchema).toMatchObject({ type: 'object', required: ['a', 'b'] });
      expect(tools.map((t) => t.name)).toContain('echo');
    });

    it('calls echo and get-sum', async () => {
      const echo = await callMcpTool(config(), 'echo', { message: 'hello weft' });
      expect(echo.isError).toBe(false);
      expect(mcpResultText(echo)).toBe('Echo: hello weft');
      const sum = await callMcpTool(config(), 'get-sum', { a: 2, b: 3 });
      expect(mcpResultText(sum)).toBe('The sum of 2 and 3 is 5.');
    });

    it('rejects invalid arguments before the call, with the schema message', async () => {
      const wrongType = callMcpTool(config(), 'get-sum', { a: 'two', b: 3 });
      await expect(wrongType).rejects.toBeInstanceOf(McpArgumentError);
      await expect(wrongType).rejects.toThrow('Invalid arguments for MCP tool "get-sum": arguments/a must be number');
      const missing = callMcpTool(config(), 'echo', {});
      await expect(missing).rejects.toThrow("arguments must have required property 'message'");
      await expect(missing).rejects.toMatchObject({ code: 'invalid_arguments', toolName: 'echo' });
    });

    it('names the available tools when the tool does not exist', async () => {
      const err = await callMcpTool(config(), 'no-such-tool', {}).catch((e) => e);
      expect(err).toBeInstanceOf(McpToolNotFoundError);
      expect(err.message).toContain('get-sum');
    });
  });
}

describe('pooling and errors', () => {
  it('reuses one stdio process for repeated calls and closes it on closeAllMcpClients', async () => {
    await closeAllMcpClients();
    const cfg = everythingStdio();
    await Promise.all([1, 2, 3].map((n) => callMcpTool(cfg, 'get-sum', { a: n, b: n })));
    await callMcpTool({ ...cfg }, 'echo', { message: 'again' });
    expect(openMcpClientCount()).toBe(1);
    await closeAllMcpClients();
    expect(openMcpClientCount()).toBe(0);
    // A new call reconnects.
    const r = await callMcpTool(cfg, 'get-sum', { a: 1, b: 1 });
    expect(mcpResultText(r)).toBe('The sum of 1 and 1 is 2.');
  });

  it('honours an already aborted signal', async () => {
    const ac = new AbortController();
    ac.abort(new Error('cancelled by test'));
    await expect(callMcpTool(everythingStdio(), 'echo', { message: 'x' }, { signal: ac.signal })).rejects.toThrow('cancelled by test');
  });

  it('reports a server that cannot start, without env values', async () => {
    const err = await listMcpTools(
      { transport: 'stdio', command: process.execPath, args: ['-e', 'process.exit(3)'], env: { SECRET_TOKEN: 'sk-very-secret' } },
      { timeoutMs: 5000 },
    ).catch((e) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toContain('Could not connect to MCP server');
    expect(err.message).not.toContain('sk-very-secret');
    expect(openMcpClientCount()).toBeLessThanOrEqual(1);
  });

  it('reports a command that does not exist, and a server that never answers', async () => {
    await expect(listMcpTools({ transport: 'stdio', command: '/nonexistent/mcp-server' }, { timeoutMs: 5000 })).rejects.toThrow(
      /Could not connect to MCP server "\/nonexistent\/mcp-server": .*ENOENT/,
    );
    const started = Date.now();
    await expect(
      listMcpTools({ transport: 'stdio', command: process.execPath, args: ['-e', 'setInterval(() => {}, 1000)'] }, { timeoutMs: 500 }),
    ).rejects.toThrow(/Could not connect to MCP server .*timed out/i);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('reports an HTTP server that is not there', async () => {
    const err = await listMcpTools({ transport: 'http', url: 'http://127.0.0.1:9/mcp', headers: { Authorization: 'Bearer sk-x' } }).catch((e) => e);
    expect(err.message).toContain('Could not connect to MCP server http://127.0.0.1:9/mcp');
    expect(err.message).not.toContain('sk-x');
  });
});

describe('server-filesystem over stdio', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'weft-mcp-fs-'));
    writeFileSync(path.join(dir, 'hello.txt'), 'hi');
    writeFileSync(path.join(dir, 'notes.md'), '# notes');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists a temp directory', async () => {
    const cfg = filesystemStdio(dir);
    const tools = await listMcpTools(cfg);
    expect(tools.map((t) => t.name)).toContain('list_directory');
    const result = await callMcpTool(cfg, 'list_directory', { path: dir });
    expect(result.isError).toBe(false);
    const text = mcpResultText(result);
    expect(text).toContain('[FILE] hello.txt');
    expect(text).toContain('[FILE] notes.md');
  });

  it('validates against its schema too', async () => {
    await expect(callMcpTool(filesystemStdio(dir), 'list_directory', { path: 42 })).rejects.toThrow('arguments/path must be string');
  });
});

describe('validateAgainstSchema', () => {
  const schema = {
    type: 'object',
    properties: { n: { type: 'integer', minimum: 1, maximum: 5 }, kind: { enum: ['a', 'b'] }, tags: { type: 'array', items: { type: 'string' } } },
    required: ['n'],
  };
  it('accepts valid values and explains invalid ones', () => {
    expect(validateAgainstSchema(schema, { n: 3, kind: 'a', tags: ['x'] })).toBeUndefined();
    expect(validateAgainstSchema(schema, { n: 9 })).toBe('arguments/n must be <= 5');
    expect(validateAgainstSchema(schema, { n: 1, kind: 'c' })).toBe('arguments/kind must be equal to one of the allowed values');
    expect(validateAgainstSchema(schema, { n: 1, tags: [1] }, 'output')).toBe('output/tags/0 must be string');
    expect(validateAgainstSchema(undefined, { anything: true })).toBeUndefined();
  });
});

describe('timeouts, cancellation and recovery', () => {
  const slow = { duration: 5, steps: 5 };

  it('times out a slow tool call and keeps the connection usable', async () => {
    const cfg = everythingStdio();
    const started = Date.now();
    await expect(callMcpTool(cfg, 'trigger-long-running-operation', slow, { timeoutMs: 400 })).rejects.toThrow(/timed out/i);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(mcpResultText(await callMcpTool(cfg, 'echo', { message: 'still here' }))).toBe('Echo: still here');
  });

  it('aborts a running call through the signal', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(new Error('execution cancelled')), 300);
    await expect(callMcpTool(everythingStdio(), 'trigger-long-running-operation', slow, { signal: ac.signal })).rejects.toThrow('execution cancelled');
  });

  it('starts a new stdio process when the old one died', async () => {
    const cfg = everythingStdio();
    const entry = await acquire(cfg);
    const pid = (entry.client.transport as unknown as { pid: number | null }).pid;
    release(entry);
    expect(pid).toBeGreaterThan(0);
    process.kill(pid!, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 300));
    expect(mcpResultText(await callMcpTool(cfg, 'get-sum', { a: 4, b: 4 }))).toBe('The sum of 4 and 4 is 8.');
  });

  it('opens a new session when the HTTP server restarted and forgot the old one', async () => {
    const port = await freePort();
    let server = await startEverythingHttp(port);
    try {
      expect(mcpResultText(await callMcpTool(server.config, 'echo', { message: 'one' }))).toBe('Echo: one');
      await server.stop();
      server = await startEverythingHttp(port);
      expect(mcpResultText(await callMcpTool(server.config, 'echo', { message: 'two' }))).toBe('Echo: two');
    } finally {
      await server.stop();
    }
  });
});

describe('legacy HTTP+SSE servers', () => {
  it('falls back to the SSE transport when the URL is an SSE endpoint (n8n mcpClientTool sseEndpoint)', async () => {
    const sse = await startEverythingHttp(undefined, 'sse');
    try {
      expect(sse.url).toMatch(/\/sse$/);
      const tools = await listMcpTools(sse.config);
      expect(tools.map((t) => t.name)).toContain('get-sum');
      expect(mcpResultText(await callMcpTool(sse.config, 'get-sum', { a: 7, b: 8 }))).toBe('The sum of 7 and 8 is 15.');
      await expect(callMcpTool(sse.config, 'get-sum', { a: 7 })).rejects.toThrow("arguments must have required property 'b'");
    } finally {
      await closeAllMcpClients();
      await sse.stop();
    }
  });
});

