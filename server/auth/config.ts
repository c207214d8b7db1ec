/**
 * next-auth (v5) configuration: email and password through the Credentials provider, JWT sessions.
 * The JWT carries the user's id (uid) and role; server/auth/session.ts reads the same token outside Next.
 */
import NextAuth, { type NextAuthConfig } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { db } from '../db';
import { clientIp, writeAudit } from './audit';
import { refreshSessionUser, tokenToUser, type SessionUser } from './session';
import { authenticate } from './users';
import { redisThrottle } from './throttle';
import { redis } from '../redis';
import { env } from '../env';

export const SIGN_IN_PAGE = '/sign-in';

export const authConfig = {
  trustHost: true,
  // next-auth reads AUTH_SECRET from the environment itself; server/main.ts makes sure one is set.
  session: { strategy: 'jwt', maxAge: 30 * 24 * 60 * 60 },
  pages: { signIn: SIGN_IN_PAGE },
  providers: [
    Credentials({
      credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
      async authorize(credentials, request) {
        const throttle = redisThrottle(redis(), env().WEFT_QUEUE_PREFIX);
        const user = await authenticate(db(), credentials, clientIp(request?.headers), throttle);
        return user ? { id: user.id, email: user.email, name: user.name, role: user.role } : null;
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.uid = user.id;
        token.role = (user as { role?: string }).role ?? 'user';
      }
      return token;
    },
    session({ session, token }) {
      const u = tokenToUser(token as Record<string, unknown>);
      if (u) Object.assign(session.user, { id: u.id, role: u.role });
      return session;
    },
  },
  events: {
    async signOut(message) {
      const token = 'token' in message ? message.token : null;
      const u = token ? tokenToUser(token as Record<string, unknown>) : null;
      await writeAudit(db(), { action: 'sign_out', userId: u?.id ?? null, email: u?.email ?? null });
    },
  },
} satisfies NextAuthConfig;

export const { auth, handlers, signIn, signOut } = NextAuth(authConfig);

/**
 * The signed-in user for server components, route handlers and tRPC; null when signed out. The JWT is
 * checked against the database, so a deleted user is signed out and a role change applies at once.
 */
export async function currentUser(): Promise<SessionUser | null> {
  const session = await auth();
  const user = session?.user as (SessionUser & { id?: string }) | undefined;
  if (!user?.id) return null;
  return refreshSessionUser(db(), user.id);
}
