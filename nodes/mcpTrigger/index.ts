/**
 * MCP Server Trigger (n8n's @n8n/n8n-nodes-langchain.mcpTrigger): an active workflow serves its tools to MCP
 * clients (Claude Desktop, Cursor, another Weft agent...) over Streamable HTTP at /mcp/<path>
 * (server/webhooks/mcp.ts). The tools are the agent's kinds: node tools (any Weft node whose $fromAI(...) params
 * the client fills in), sub-workflows, HTTP requests, code, calculator, Wikipedia.
 *
 * Each tools/call starts one execution of the workflow (mode webhook) whose trigger item is
 * { tool, arguments }; this node runs that tool in the worker (credentials, sandbox and limits as anywhere) and
 * outputs { tool, arguments, result, isError }, which the web process returns to the client as text. Nodes
 * connected after it run too (logging, notifications).
 *
 * Params: path, authentication ('none' | 'bearerAuth' | 'headerAuth', with the httpBearerAuth /
 * httpHeaderAuth credential), nodeTools, tools, toolTimeoutMs.
 */
import { defineNode, NodeError, z, type Item, type JsonObject, type NodeContext } from '../sdk';
import { agentToolSchema, nodeToolSchema, type AgentParams } from '../agent/params';
import { buildToolBindings, type ToolBinding } from '../agent/tools';

export const mcpTriggerParams = z.object({
  path: z.string().default('').describe('Served at /mcp/<path>'),
  authentication: z.enum(['none', 'bearerAuth', 'headerAuth']).default('none').describe('What an MCP client must send'),
  nodeTools: z.array(nodeToolSchema).default([]).describe('Nodes offered as tools; $fromAI(...) in their params is filled by the client'),
  tools: z.array(agentToolSchema).default([]).describe('Other tools: sub-workflows, HTTP requests, code, calculator, Wikipedia'),
  toolTimeoutMs: z.number().int().positive().default(60_000).describe('Per call, in milliseconds'),
});
export type McpTriggerParams = z.output<typeof mcpTriggerParams>;

/** The tool call a request carries: the trigger item. */
export interface McpToolCall extends JsonObject {
  tool: string;
  arguments: JsonObject;
}

/** The bindings of a trigger's tools (names as clients see them). Invoking needs a node run's services. */
export function mcpToolBindings(ctx: Pick<NodeContext, 'node' | 'services' | 'credentials'>, p: McpTriggerParams, signal: AbortSignal, item?: Item): Promise<ToolBinding[]> {
  const asAgent = { mcpServers: [], tools: p.tools, nodeTools: p.nodeTools, toolTimeoutMs: p.toolTimeoutMs } as unknown as AgentParams;
  return buildToolBindings(ctx, asAgent, undefined, signal, item);
}

export const mcpTriggerNode = defineNode({
  type: 'mcpTrigger',
  version: [1, 2],
  displayName: 'MCP Server Trigger',
  description: 'Serves this workflow\'s tools to MCP clients at /mcp/<path>; each tool call runs the workflow',
  category: 'trigger',
  icon: 'server',
  trigger: true,
  inputs: [],
  outputs: [{ name: 'main' }],
  params: mcpTriggerParams,
  rawParamKeys: ['nodeTools'],
  credentials: [
    { name: 'httpBearerAuth', type: 'httpBearerAuth', shownWhen: { authentication: ['bearerAuth'] } },
    { name: 'httpHeaderAuth', type: 'httpHeaderAuth', shownWhen: { authentication: ['headerAuth'] } },
  ],
  async execute(ctx) {
    const given = ctx.triggerData?.items;
    const first = Array.isArray(given) ? given[0] : undefined;
    const json = (first && typeof first === 'object' && 'json' in first ? (first as Item).json : first) as Partial<McpToolCall> | undefined;
    if (!json || typeof json.tool !== 'string') {
      throw new NodeError(`Node "${ctx.node.name}": no tool call. MCP clients call this workflow's tools at /mcp/${String(ctx.rawParams.path ?? '')} while it is active`);
    }
    const p = ctx.params(0);
    const args = json.arguments && typeof json.arguments === 'object' && !Array.isArray(json.arguments) ? json.arguments : {};
    const bindings = await mcpToolBindings(ctx, p, ctx.signal, { json: args });
    const binding = bindings.find((b) => b.name === json.tool);
    if (!binding) throw new NodeError(`Node "${ctx.node.name}": there is no tool "${json.tool}" (tools: ${bindings.map((b) => b.name).join(', ') || 'none'})`, { field: 'tools' });
    const outcome = await binding.invoke(args, ctx.signal);
    return { main: [{ json: { tool: json.tool, arguments: args, result: outcome.text, isError: outcome.isError } }] };
  },
});

export default mcpTriggerNode;
