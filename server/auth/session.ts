/**
 * The signed-in user as every server layer sees it, and reading it from a session cookie outside
 * Next (the socket.io handshake).
 */
import { decode } from 'next-auth/jwt';
import type { Db } from '../db';

export type Role = 'admin' | 'user';

export interface SessionUser {
  id: string;
  email: string;
  name?: string | null;
  role: Role;
}

/** Auth.js cookie names: the __Secure- prefix is used when the site is served over https. */
export const SESSION_COOKIES = ['authjs.session-token', '__Secure-authjs.session-token'] as const;

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    try {
      out[name] = decodeURIComponent(value);
    } catch {
      out[name] = value;
    }
  }
  return out;
}

/** Reassembles a possibly chunked cookie (`name.0`, `name.1`, ...), as Auth.js splits large JWTs. */
function readChunked(cookies: Record<string, string>, name: string): string | undefined {
  if (cookies[name]) return cookies[name];
  const chunks: string[] = [];
  for (let i = 0; cookies[`${name}.${i}`] !== undefined; i++) chunks.push(cookies[`${name}.${i}`]!);
  return chunks.length ? chunks.join('') : undefined;
}

/** Decodes the Auth.js JWT from a Cookie header; null when absent, expired or forged. */
export async function sessionUserFromCookieHeader(header: string | undefined, secret: string): Promise<SessionUser | null> {
  const cookies = parseCookies(header);
  for (const name of SESSION_COOKIES) {
    const token = readChunked(cookies, name);
    if (!token) continue;
    try {
      const payload = await decode({ token, secret, salt: name });
      const user = payload ? tokenToUser(payload) : null;
      if (user) return user;
    } catch {
      // forged or encrypted with another secret: treat as signed out
    }
  }
  return null;
}

export function tokenToUser(payload: Record<string, unknown>): SessionUser | null {
  const id = (payload.uid ?? payload.sub) as unknown;
  const email = payload.email as unknown;
  if (typeof id !== 'string' || typeof email !== 'string') return null;
  return {
    id,
    email,
    name: typeof payload.name === 'string' ? payload.name : null,
    role: payload.role === 'admin' ? 'admin' : 'user',
  };
}

/** The user as the database has it now (null when deleted): the JWT only says who signed in. */
export async function refreshSessionUser(db: Db, id: string): Promise<SessionUser | null> {
  const row = await db.user.findUnique({ where: { id }, select: { id: true, email: true, name: true, role: true } });
  return row ? { id: row.id, email: row.email, name: row.name, role: row.role } : null;
}
