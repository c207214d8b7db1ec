/** tRPC called in-process from server components, as the signed-in user. */
import { TRPCError } from '@trpc/server';
import { notFound, redirect } from 'next/navigation';
import { createCaller } from '../../server/api/root';
import { createContext } from '../../server/api/trpc';
import { currentUser, SIGN_IN_PAGE } from '../../server/auth';

export async function serverCaller() {
  const user = await currentUser();
  if (!user) redirect(SIGN_IN_PAGE);
  return createCaller(createContext({ session: { user } }));
}

/** Runs a query; NOT_FOUND (missing or someone else's) becomes the 404 page. */
export async function orNotFound<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (err) {
    if (err instanceof TRPCError && err.code === 'NOT_FOUND') notFound();
    throw err;
  }
}
