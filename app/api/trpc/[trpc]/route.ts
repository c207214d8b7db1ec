import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { appRouter } from '../../../../server/api/root';
import { createContext } from '../../../../server/api/trpc';
import { currentUser } from '../../../../server/auth';
import { clientIp } from '../../../../server/auth/audit';

export const dynamic = 'force-dynamic';

/** The origin the browser used; behind a proxy, its X-Forwarded-Host/Proto. */
function originOf(req: Request): string | null {
  const host = req.headers.get('x-forwarded-host') ?? req.headers.get('host');
  if (!host) return null;
  const proto = req.headers.get('x-forwarded-proto') ?? new URL(req.url).protocol.replace(':', '');
  return `${proto.split(',')[0]!.trim()}://${host.split(',')[0]!.trim()}`;
}

async function handler(req: Request) {
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router: appRouter,
    createContext: async () => {
      const user = await currentUser();
      return createContext({ session: user ? { user } : null, ip: clientIp(req.headers), origin: originOf(req) });
    },
    onError({ error, path }) {
      if (error.code === 'INTERNAL_SERVER_ERROR') console.error(`[trpc] ${path ?? '?'}: ${error.message}`);
    },
  });
}

export { handler as GET, handler as POST };
