import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { appRouter } from '../../../../server/api/root';
import { createContext } from '../../../../server/api/trpc';
import { currentUser } from '../../../../server/auth';
import { clientIp } from '../../../../server/auth/audit';

export const dynamic = 'force-dynamic';

async function handler(req: Request) {
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router: appRouter,
    createContext: async () => {
      const user = await currentUser();
      return createContext({ session: user ? { user } : null, ip: clientIp(req.headers) });
    },
    onError({ error, path }) {
      if (error.code === 'INTERNAL_SERVER_ERROR') console.error(`[trpc] ${path ?? '?'}: ${error.message}`);
    },
  });
}

export { handler as GET, handler as POST };
