/**
 * Weft's MCP client. The runtime puts `mcpServices` into ctx.services.mcp; the API's `mcp` router calls
 * listMcpTools; workers call closeAllMcpClients() on shutdown.
 */
import type { NodeServices } from '../engine/node';
import { callMcpTool, listMcpTools } from './client';

export { listMcpTools, callMcpTool, mcpResultText, McpArgumentError, McpToolNotFoundError, describeServer } from './client';
export type { McpCallOptions } from './client';
export { closeAllMcpClients, openMcpClientCount } from './pool';
export { validateAgainstSchema } from './validate';
export type { McpServerConfig, McpToolInfo, McpCallResult } from '../engine/node';

export const mcpServices: NonNullable<NodeServices['mcp']> = {
  listTools: (server, opts) => listMcpTools(server, opts),
  callTool: (server, name, args, opts) => callMcpTool(server, name, args, opts),
};
