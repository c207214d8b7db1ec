import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeAllMcpClients } from '../../server/mcp';
import { everythingStdio, startEverythingHttp, type RunningHttpServer } from '../../server/mcp/testing';
import { runWithServices } from '../agent/test-context';
import { mcpToolNode } from './index';
import { withCredential } from './config';

let http: RunningHttpServer;
beforeAll(async () => {
  http = await startEverythingHttp();
});
afterAll(async () => {
  await closeAllMcpClients();
  await http?.stop();
});

for (const transport of ['stdio', 'http'] as const) {
  describe(`mcpTool over ${transport}`, () => {
    const server = () => (transport === 'stdio' ? everythingStdio() : http.config);

    it('calls get-sum per item with arguments from expressions', async () => {
      const { output } = await runWithServices(mcpToolNode, {
        name: 'Add',
        params: { server: server(), tool: 'get-sum', arguments: { a: '={{ $json.x }}', b: '={{ $json.y }}' } },
        items: [{ x: 2, y: 3 }, { x: 10, y: -4 }],
      });
      expect(output.main.map((i) => i.json.text)).toEqual(['The sum of 2 and 3 is 5.', 'The sum of 10 and -4 is 6.']);
      expect(output.main[0].json).toMatchObject({ isError: false, content: [{ type: 'text', text: 'The sum of 2 and 3 is 5.' }] });
      expect(output.main[1].pairedItem).toEqual({ item: 1 });
    });

    it('calls echo', async () => {
      const { output } = await runWithServices(mcpToolNode, {
        params: { server: server(), tool: 'echo', arguments: { message: '=Hi {{ $json.name }}' } },
        items: [{ name: 'Ada' }],
      });
      expect(output.main[0].json.text).toBe('Echo: Hi Ada');
    });

    it('rejects invalid arguments before the call, naming the node, the tool and the schema message', async () => {
      const run = runWithServices(mcpToolNode, {
        name: 'Add',
        params: { server: server(), tool: 'get-sum', arguments: { a: '={{ $json.x }}' } },
        items: [{ x: 'two' }],
      });
      await expect(run).rejects.toThrow(
        `Node "Add", field "arguments": Invalid arguments for MCP tool "get-sum": arguments must have required property 'b', arguments/a must be number`,
      );
    });
  });
}

describe('mcpTool errors and options', () => {
  it('accepts arguments as a JSON string', async () => {
    const { output } = await runWithServices(mcpToolNode, {
      params: { server: everythingStdio(), tool: 'get-sum', arguments: '{"a": 1, "b": 1}' },
    });
    expect(output.main[0].json.text).toBe('The sum of 1 and 1 is 2.');
  });

  it('names the tool field when the tool does not exist', async () => {
    await expect(
      runWithServices(mcpToolNode, { name: 'Call', params: { server: everythingStdio(), tool: 'nope', arguments: {} } }),
    ).rejects.toThrow(/Node "Call", field "tool": MCP tool "nope" does not exist on the server\. Available tools: .*echo/);
  });

  it('names the server field when the server is unreachable', async () => {
    const err = await runWithServices(mcpToolNode, {
      name: 'Call',
      params: { server: { transport: 'http', url: 'http://127.0.0.1:9/mcp' }, tool: 'echo', arguments: { message: 'x' } },
      credentials: { mcpAuth: { name: 'x-api-key', value: 'very-secret-value' } },
    }).catch((e) => e);
    expect(err.message).toMatch(/^Node "Call", field "server": Could not connect to MCP server http:\/\/127\.0\.0\.1:9\/mcp/);
    expect(err.message).not.toContain('very-secret-value');
    expect(err.details.field).toBe('server');
  });

  it('passes a credential to a stdio server as environment variables, and to an HTTP server as a header', async () => {
    const { output } = await runWithServices(mcpToolNode, {
      params: { server: everythingStdio(), tool: 'get-env', arguments: {} },
      credentials: { mcpAuth: { WEFT_TEST_TOKEN: 'tok-123' } },
    });
    expect(output.main[0].json.text).toContain('"WEFT_TEST_TOKEN": "tok-123"');
    expect(withCredential({ transport: 'http', url: 'http://127.0.0.1/mcp' }, { name: 'x-api-key', value: 'k' })).toEqual({
      transport: 'http',
      url: 'http://127.0.0.1/mcp',
      headers: { 'x-api-key': 'k' },
    });
    expect(withCredential({ transport: 'http', url: 'http://127.0.0.1/mcp', headers: { a: 'b' } }, { token: 't' })).toMatchObject({ headers: { a: 'b', authorization: 'Bearer t' } });
  });

  it('validates its own params with a clear message', async () => {
    await expect(runWithServices(mcpToolNode, { name: 'Call', params: { server: { transport: 'http', url: 'not a url' }, tool: 'echo' } })).rejects.toThrow(
      /Node "Call", field "server.url": The MCP server URL must be a URL/,
    );
  });
});
