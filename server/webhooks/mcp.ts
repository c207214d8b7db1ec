/**
 * Weft as an MCP server: an active workflow with an MCP Server Trigger (nodes/mcpTrigger) is a route stored
 * under the method MCP at its path; /mcp/<path> speaks MCP's Streamable HTTP transport (stateless, JSON
 * answers) with the official SDK. tools/list answers from the trigger's params (no execution); tools/call
 * starts one execution (mode webhook, trigger item { tool, arguments }) that runs the tool in a worker, waits
 * for it, and answers with the trigger node's result as text (isError when the tool or the run failed).
 * Authentication (bearer token or a header, the node's credential) is checked before anything else.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { mcpToolBindings, mcpTriggerParams, type McpTriggerParams } from '../../nodes/mcpTrigger';
import type { GraphNode } from '../engine/types';
import { safeEqual } from './auth';
import { readBody, WebhookHttpError } from './body';
import { webhookCredential } from './credentials';
import type { WebhookDeps } from './http';
import { requestPath } from './paths';
import { checkRateLimit } from './rateLimit';
import { sendJson } from './respond';
import type { WebhookRoute } from './routes';
import { acceptFinished, type WaitOutcome } from './waiter';
import { startAndWait } from './modes';

export const MCP_ROUTE_METHOD = 'MCP';
export const MCP_PREFIX = '/mcp/';
const CALL_TIMEOUT_MS = 120_000;

export function isMcpPath(pathname: string): boolean {
  return pathname.startsWith(MCP_PREFIX);
}

function triggerOf(route: WebhookRoute): { node: GraphNode; params: McpTriggerParams } | null {
  const node = route.graph?.nodes.find((n) => n.id === route.nodeId);
  if (!node || node.type !== 'mcpTrigger' || node.disabled) return null;
  const parsed = mcpTriggerParams.safeParse(node.params ?? {});
  return parsed.success ? { node, params: parsed.data } : null;
}

async function authorised(deps: WebhookDeps, route: WebhookRoute, params: McpTriggerParams, req: IncomingMessage): Promise<boolean> {
  if (params.authentication === 'none') return true;
  const slot = params.authentication === 'bearerAuth' ? 'httpBearerAuth' : 'httpHeaderAuth';
  const ref = route.credentials[slot];
  const cred = ref?.id ? await webhookCredential(deps.db, ref.id, route.ownerId) : null;
  if (!cred) throw new WebhookHttpError(500, 'The MCP server\'s credential is not configured');
  const header = (name: string) => {
    const v = req.headers[name.toLowerCase()];
    return Array.isArray(v) ? v[0] : v;
  };
  if (params.authentication === 'bearerAuth') {
    const given = header('authorization') ?? '';
    return /^bearer /i.test(given) && safeEqual(given.slice(7).trim(), String(cred.token ?? ''));
  }
  const name = String(cred.name ?? '');
  const given = name ? header(name) : undefined;
  return given !== undefined && safeEqual(given, String(cred.value ?? ''));
}

export async function handleMcpRequest(deps: WebhookDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const path = requestPath(q === -1 ? url : url.slice(0, q), MCP_PREFIX);
  const match = path ? await deps.findRoute(MCP_ROUTE_METHOD, path, false) : null;
  const trigger = match ? triggerOf(match.route) : null;
  if (!match || !trigger) return sendJson(res, 404, { error: 'There is no active MCP server at this address' });
  const route = match.route;
  if (!(await authorised(deps, route, trigger.params, req))) {
    return sendJson(res, 401, { error: 'Authorization is required' }, { 'www-authenticate': 'Bearer' });
  }
  const method = (req.method ?? 'GET').toUpperCase();
  // Stateless server: no sessions to resume or end, no server-initiated stream.
  if (method !== 'POST') return sendJson(res, 405, { jsonrpc: '2.0', error: { code: -32000, message: 'Method not allowed: POST JSON-RPC messages' }, id: null }, { allow: 'POST' });
  const rl = await checkRateLimit(deps.redis, route.scope, { rateLimit: 600, rateLimitWindow: 'sliding' });
  if (rl && !rl.allowed) return sendJson(res, 429, { error: 'Too many requests' }, { 'retry-after': String(rl.retryAfterSeconds) });
  const raw = await readBody(req, deps.maxBody);
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    return sendJson(res, 400, { jsonrpc: '2.0', error: { code: -32700, message: 'Parse error: the body must be JSON-RPC' }, id: null });
  }

  const server = new Server({ name: `weft:${route.workflowId}`, version: '1.0.0' }, { capabilities: { tools: {} } });
  // Listing needs no credentials or services: only the tools' names, descriptions and schemas.
  const listCtx = {
    node: trigger.node,
    services: {},
    credentials: async () => {
      throw new Error('credentials are not read when listing tools');
    },
  };
  server.setRequestHandler(ListToolsRequestSchema, async () => {
    const bindings = await mcpToolBindings(listCtx, trigger.params, AbortSignal.timeout(10_000));
    return { tools: bindings.map((b) => ({ name: b.name, description: b.description, inputSchema: b.parameters as { type: 'object' } })) };
  });
  server.setRequestHandler(CallToolRequestSchema, async (request) => {
    const bindings = await mcpToolBindings(listCtx, trigger.params, AbortSignal.timeout(10_000));
    if (!bindings.some((b) => b.name === request.params.name)) {
      return { content: [{ type: 'text' as const, text: `There is no tool "${request.params.name}"` }], isError: true };
    }
    return callTool(deps, route, request.params.name, (request.params.arguments ?? {}) as Record<string, unknown>);
  });
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  res.on('close', () => {
    void transport.close();
    void server.close();
  });
  await server.connect(transport);
  await transport.handleRequest(req, res, body);
}

/** One tool call = one execution of the workflow; its trigger node's output is the answer. */
async function callTool(deps: WebhookDeps, route: WebhookRoute, tool: string, args: Record<string, unknown>) {
  let executionId: string;
  let outcome: WaitOutcome;
  try {
    ({ executionId, outcome } = await startAndWait(deps, route, { json: { tool, arguments: args as never } }, 'MCP', acceptFinished, CALL_TIMEOUT_MS));
  } catch {
    return { content: [{ type: 'text' as const, text: 'The workflow could not be started' }], isError: true };
  }
  if (outcome.kind === 'timeout') return { content: [{ type: 'text' as const, text: `The tool is still running (execution ${executionId})` }], isError: true };
  const { rows } = await deps.pool.query<{ outputItems: { main?: { json: { result?: unknown; isError?: unknown } }[] } | null; error: { message?: string } | null }>(
    `SELECT "outputItems", error FROM "NodeRun" WHERE "executionId" = $1 AND "nodeId" = $2 ORDER BY "runIndex" LIMIT 1`,
    [executionId, route.nodeId],
  );
  const json = rows[0]?.outputItems?.main?.[0]?.json;
  if (!json) {
    const reason = rows[0]?.error?.message ?? (outcome.kind === 'finished' ? outcome.error?.message : undefined) ?? 'no result';
    return { content: [{ type: 'text' as const, text: `The tool failed: ${reason}` }], isError: true };
  }
  return { content: [{ type: 'text' as const, text: typeof json.result === 'string' ? json.result : JSON.stringify(json.result ?? null) }], isError: json.isError === true };
}
