/**
 * Weft as an MCP server, on the real stack: an active workflow with an MCP Server Trigger, called by the
 * official MCP SDK client over Streamable HTTP on loopback. tools/list comes from the trigger's tools (a node
 * tool's schema from its $fromAI calls); each tools/call is one execution whose worker runs the tool; bearer
 * authentication is enforced; an inactive workflow serves nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { randomId, uniquePrefix } from '../testing';
import { activeWorkflow, chain, createCredential, executionsOf, node, startWebhookStack, type WebhookStack } from './test-helpers';

process.env.WEFT_QUEUE_PREFIX = uniquePrefix('mcpserver');

let stack: WebhookStack;
beforeAll(async () => {
  stack = await startWebhookStack();
}, 60_000);
afterAll(async () => {
  await stack?.close();
});

const trigger = (path: string, extra: Record<string, unknown> = {}) =>
  node('MCP', 'mcpTrigger', {
    path,
    nodeTools: [
      {
        name: 'greet',
        description: 'Greets someone by name',
        nodeType: 'transform',
        params: { assignments: [{ name: 'greeting', value: "={{ 'Hello, ' + $fromAI('name', 'Who to greet', 'string') + '!' }}", type: 'string' }], include: 'none' },
      },
    ],
    tools: [{ kind: 'calculator' }],
    ...extra,
  });

async function connect(path: string, headers: Record<string, string> = {}) {
  const client = new Client({ name: 'weft-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${stack.base}/mcp/${path}`), { requestInit: { headers } }));
  return client;
}

describe('MCP Server Trigger', () => {
  it('lists the tools and runs each call as an execution of the workflow', async () => {
    const path = `tools-${randomId()}`;
    const wf = await activeWorkflow(stack.ownerId, chain(trigger(path)));
    const client = await connect(path);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name).sort()).toEqual(['calculator', 'greet']);
      const greet = tools.find((t) => t.name === 'greet')!;
      expect(greet.description).toBe('Greets someone by name');
      expect(greet.inputSchema).toEqual({ type: 'object', properties: { name: { type: 'string', description: 'Who to greet' } }, required: ['name'] });
      expect(await executionsOf(wf)).toHaveLength(0); // listing runs nothing

      const hello = await client.callTool({ name: 'greet', arguments: { name: 'Ada' } });
      expect(hello.isError).toBeFalsy();
      expect(JSON.parse((hello.content as { text: string }[])[0].text)).toEqual({ greeting: 'Hello, Ada!' });
      const sum = await client.callTool({ name: 'calculator', arguments: { expression: '(2 + 3) * 4' } });
      expect((sum.content as { text: string }[])[0].text).toBe('20');
      const runs = await executionsOf(wf);
      expect(runs.map((r) => [r.mode, r.status])).toEqual([
        ['webhook', 'succeeded'],
        ['webhook', 'succeeded'],
      ]);
      const missing = await client.callTool({ name: 'nope', arguments: {} });
      expect(missing.isError).toBe(true);
    } finally {
      await client.close();
    }
  });

  it('asks for the bearer token it was given, and an inactive or unknown path answers 404', async () => {
    const path = `secure-${randomId()}`;
    const credId = await createCredential(stack.ownerId, 'httpBearerAuth', { token: 'mcp-s3cret' });
    const n = trigger(path, { authentication: 'bearerAuth' });
    n.credentials = { httpBearerAuth: { id: credId, name: 'token' } };
    await activeWorkflow(stack.ownerId, chain(n));
    await expect(connect(path)).rejects.toThrow();
    await expect(connect(path, { authorization: 'Bearer wrong' })).rejects.toThrow();
    const client = await connect(path, { authorization: 'Bearer mcp-s3cret' });
    expect((await client.listTools()).tools).toHaveLength(2);
    await client.close();
    const res = await fetch(`${stack.base}/mcp/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(401);
    expect((await fetch(`${stack.base}/mcp/nothing-${randomId()}`, { method: 'POST', body: '{}' })).status).toBe(404);
  });
});
