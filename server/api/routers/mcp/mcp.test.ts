import { afterAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { userAndCaller } from '../../test-helpers';
import { closeAllMcpClients } from '../../../mcp';
import { everythingStdio, startEverythingHttp } from '../../../mcp/testing';

afterAll(() => closeAllMcpClients());

describe('mcp router', () => {
  it('lists the tools of an HTTP server for any user, of a stdio server only for admins', async () => {
    const http = await startEverythingHttp();
    try {
      const { api } = await userAndCaller();
      const tools = await api.mcp.listTools({ server: http.config as never });
      expect(tools.map((t) => t.name)).toContain('echo');
      await expect(api.mcp.listTools({ server: everythingStdio() as never })).rejects.toSatisfy(
        (e: unknown) => e instanceof TRPCError && e.code === 'FORBIDDEN',
      );
      const admin = await userAndCaller('admin');
      expect((await admin.api.mcp.listTools({ server: everythingStdio() as never })).map((t) => t.name)).toContain('get-sum');
    } finally {
      await http.stop();
    }
  });

  it('explains a server that cannot be reached', async () => {
    const { api } = await userAndCaller();
    await expect(api.mcp.listTools({ server: { transport: 'http', url: 'http://127.0.0.1:1/mcp' }, timeoutMs: 2000 })).rejects.toSatisfy(
      (e: unknown) => e instanceof TRPCError && e.code === 'BAD_REQUEST' && /Could not list/.test(e.message),
    );
  });
});
