/**
 * MCP: the tools a server configuration offers, for the MCP tool node's inspector.
 * stdio servers start a process on the web server, so only admins may list them from the browser.
 */
import { z } from 'zod';
import { TRPCError } from '@trpc/server';
import { createTRPCRouter, isAdmin, protectedProcedure, requireCredential } from '../../trpc';
import { decryptCredentialData } from '../../../credentials/service';

const serverConfig = z.discriminatedUnion('transport', [
  z.object({
    transport: z.literal('stdio'),
    command: z.string().min(1),
    args: z.array(z.string()).optional(),
    env: z.record(z.string(), z.string()).optional(),
    cwd: z.string().optional(),
  }),
  z.object({
    transport: z.literal('http'),
    url: z.url('The MCP server URL must be a URL'),
    headers: z.record(z.string(), z.string()).optional(),
  }),
]);

export const mcpRouter = createTRPCRouter({
  listTools: protectedProcedure
    .input(z.object({ server: serverConfig, credentialId: z.string().optional(), timeoutMs: z.number().int().min(100).max(60_000).optional() }))
    .query(async ({ ctx, input }) => {
      const server = { ...input.server };
      if (server.transport === 'stdio' && !isAdmin(ctx)) {
        throw new TRPCError({ code: 'FORBIDDEN', message: 'Only admins can list the tools of a stdio MCP server from the editor.' });
      }
      if (input.credentialId && server.transport === 'http') {
        // An httpHeaderAuth credential adds its header; the secret stays on the server.
        const cred = await requireCredential(ctx, input.credentialId);
        const d = decryptCredentialData(cred.data) as { name?: string; value?: string; token?: string };
        if (d.name && d.value) server.headers = { ...server.headers, [d.name]: d.value };
        else if (d.token) server.headers = { ...server.headers, authorization: `Bearer ${d.token}` };
      }
      const { listMcpTools } = await import('../../../mcp');
      try {
        return await listMcpTools(server, { timeoutMs: input.timeoutMs ?? 15_000 });
      } catch (err) {
        throw new TRPCError({ code: 'BAD_REQUEST', message: `Could not list the MCP server's tools: ${(err as Error).message}` });
      }
    }),
});
