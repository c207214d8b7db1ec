/**
 * MCP tool: calls one tool of an MCP server (stdio or Streamable HTTP) per input item. Arguments may use
 * expressions; they are checked against the tool's JSON Schema before the call.
 * Output per item: { text (text blocks joined), content (all blocks), structuredContent?, isError }.
 */
import { defineNode, NodeError, z, type Item } from '../sdk';
import { isArgumentError, loadMcpCredential, mcpAuthCredential, requireService, resultText, serverConfigSchema, withCredential } from './config';

const params = z.object({
  server: serverConfigSchema.describe('The MCP server: a command to start (stdio) or a Streamable HTTP URL'),
  tool: z.string().min(1, 'Choose the tool to call').describe('Tool name as the server lists it'),
  arguments: z
    .union([z.record(z.string(), z.unknown()), z.string()])
    .default({})
    .describe('Tool arguments: a JSON object whose values may be expressions, or an expression giving the object'),
  timeoutMs: z.number().int().positive().default(60_000).describe('Per call, in milliseconds'),
  failOnToolError: z.boolean().default(true).describe('Fail the node when the tool reports an error (otherwise output isError: true)'),
});

function parseArguments(value: Record<string, unknown> | string, nodeName: string, itemIndex: number): Record<string, unknown> {
  if (typeof value !== 'string') return value;
  if (value.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (err) {
    throw new NodeError(`Node "${nodeName}", field "arguments": not valid JSON (${(err as Error).message})`, { field: 'arguments', itemIndex });
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new NodeError(`Node "${nodeName}", field "arguments": must be a JSON object`, { field: 'arguments', itemIndex });
  }
  return parsed as Record<string, unknown>;
}

export const mcpToolNode = defineNode({
  type: 'mcpTool',
  version: 1,
  displayName: 'MCP Tool',
  description: 'Call a tool on an MCP server (stdio or Streamable HTTP)',
  category: 'ai',
  icon: 'plug-zap',
  inputs: [{ name: 'main' }],
  outputs: [{ name: 'main' }],
  params,
  credentials: [mcpAuthCredential],
  async execute(ctx) {
    const mcp = requireService(ctx.services.mcp, ctx.node.name, 'MCP');
    const cred = await loadMcpCredential(ctx);
    const items = ctx.items;
    const out: Item[] = [];
    for (let i = 0; i < items.length; i++) {
      const p = ctx.params(i);
      const args = parseArguments(p.arguments, ctx.node.name, i);
      let result;
      try {
        result = await mcp.callTool(withCredential(p.server, cred), p.tool, args, { signal: ctx.signal, timeoutMs: p.timeoutMs });
      } catch (err) {
        if (ctx.signal.aborted) throw err;
        const message = (err as Error).message;
        if (isArgumentError(err)) {
          throw new NodeError(`Node "${ctx.node.name}", field "arguments": ${message}`, { field: 'arguments', itemIndex: i });
        }
        const field = (err as { code?: unknown }).code === 'tool_not_found' ? 'tool' : 'server';
        throw new NodeError(`Node "${ctx.node.name}", field "${field}": ${message}`, { field, itemIndex: i });
      }
      const text = resultText(result);
      if (result.isError && p.failOnToolError) {
        throw new NodeError(`Node "${ctx.node.name}": MCP tool "${p.tool}" reported an error: ${text || '(no message)'}`, {
          field: 'tool',
          itemIndex: i,
          description: 'Turn off "failOnToolError" to receive tool errors as items with isError: true.',
        });
      }
      out.push({
        json: {
          text,
          content: result.content,
          ...(result.structuredContent ? { structuredContent: result.structuredContent } : {}),
          isError: result.isError,
        },
        pairedItem: { item: i },
      });
    }
    return { main: out };
  },
});

export default mcpToolNode;
