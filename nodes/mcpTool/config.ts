/**
 * MCP server settings shared by the MCP tool node and the agent node: the zod schema of a server config
 * (the inspector form), how a credential adds its secret, and how a tool result reads as text.
 */
import { NodeError, z, type McpCallResult, type McpServerConfig } from '../sdk';

const stringMap = z.record(z.string(), z.string());

export const stdioServerSchema = z.object({
  transport: z.literal('stdio'),
  command: z.string().min(1, 'The command that starts the MCP server is required').describe('Executable, e.g. npx or node'),
  args: z.array(z.string()).default([]).describe('Arguments, one per entry'),
  env: stringMap.optional().describe('Environment variables (put secrets in the credential instead)'),
  cwd: z.string().optional().describe('Working directory'),
});

export const httpServerSchema = z.object({
  transport: z.literal('http'),
  url: z.url('The MCP server URL must be a URL, e.g. http://127.0.0.1:3001/mcp').describe('Streamable HTTP endpoint'),
  headers: stringMap.optional().describe('HTTP headers (put secrets in the credential instead)'),
});

export const serverConfigSchema = z.discriminatedUnion('transport', [stdioServerSchema, httpServerSchema]);
export type ServerConfigParam = z.output<typeof serverConfigSchema>;

/** Credential slot both nodes offer for the server's secret. */
export const MCP_AUTH_SLOT = 'mcpAuth';
export const mcpAuthCredential = {
  name: MCP_AUTH_SLOT,
  type: 'httpHeaderAuth',
  types: ['httpHeaderAuth', 'httpBearerAuth', 'mcpServerAuth'],
  required: false,
};

/**
 * Applies a credential to a server config. HTTP servers: httpHeaderAuth { name, value } adds that header,
 * httpBearerAuth { token } adds Authorization, a `headers` object is merged. Stdio servers: the
 * credential's string fields become environment variables (e.g. { GITHUB_TOKEN }), as does an `env` object.
 */
export function withCredential(server: ServerConfigParam, cred: Record<string, unknown> | undefined): McpServerConfig {
  const base: McpServerConfig =
    server.transport === 'stdio'
      ? { transport: 'stdio', command: server.command, args: server.args, ...(server.env ? { env: server.env } : {}), ...(server.cwd ? { cwd: server.cwd } : {}) }
      : { transport: 'http', url: server.url, ...(server.headers ? { headers: server.headers } : {}) };
  if (!cred) return base;
  const strings = (v: unknown): Record<string, string> =>
    v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).filter(([, x]) => typeof x === 'string')) as Record<string, string> : {};
  if (base.transport === 'http') {
    const headers = { ...base.headers, ...strings(cred.headers) };
    if (typeof cred.name === 'string' && typeof cred.value === 'string') headers[cred.name] = cred.value;
    if (typeof cred.token === 'string') headers.authorization = `Bearer ${cred.token}`;
    return { ...base, headers };
  }
  const { env: nested, ...flat } = cred;
  return { ...base, env: { ...base.env, ...strings(flat), ...strings(nested) } };
}

/** Loads the node's mcpAuth credential if one is chosen; none chosen means no secret. */
export async function loadMcpCredential(ctx: {
  node: { credentials?: Record<string, unknown> };
  credentials(name: string): Promise<Record<string, unknown>>;
}): Promise<Record<string, unknown> | undefined> {
  return ctx.node.credentials?.[MCP_AUTH_SLOT] ? ctx.credentials(MCP_AUTH_SLOT) : undefined;
}

/** Text blocks joined by newlines; other blocks summarised, so a model or a person gets something readable. */
export function resultText(result: McpCallResult): string {
  const parts: string[] = [];
  for (const block of result.content) {
    if (block.type === 'text' && typeof block.text === 'string') parts.push(block.text);
    else if (block.type === 'resource') {
      const res = block.resource as { text?: unknown; uri?: unknown } | undefined;
      parts.push(typeof res?.text === 'string' ? res.text : `[resource ${String(res?.uri ?? '')}]`);
    } else if (block.type === 'resource_link') parts.push(`[resource ${String(block.uri ?? '')}]`);
    else if (block.type === 'image' || block.type === 'audio') parts.push(`[${block.type} ${String(block.mimeType ?? '')}]`);
  }
  if (parts.length === 0 && result.structuredContent) parts.push(JSON.stringify(result.structuredContent));
  return parts.join('\n');
}

/** The services a node needs, or a clear error when the runtime did not provide them. */
export function requireService<T>(service: T | undefined, nodeName: string, what: string): T {
  if (!service) throw new NodeError(`Node "${nodeName}": the ${what} service is not available in this runtime`);
  return service;
}

export function isArgumentError(err: unknown): err is Error & { code: 'invalid_arguments'; schemaMessage?: string } {
  return !!err && typeof err === 'object' && (err as { code?: unknown }).code === 'invalid_arguments';
}
