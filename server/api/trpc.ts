/**
 * tRPC in three parts: the context ({ db, session }), the setup (superjson, zod errors surfaced to the
 * client), and the procedures. Ownership helpers answer NOT_FOUND for anything the user may not see,
 * so another user's ids are indistinguishable from ids that do not exist.
 */
import { initTRPC, TRPCError } from '@trpc/server';
import superjson from 'superjson';
import { z, ZodError } from 'zod';
import { db as getDb, type Db } from '../db';
import type { SessionUser } from '../auth/session';

// ---------------------------------------------------------------------------------------------
// 1. Context
// ---------------------------------------------------------------------------------------------

export interface Session {
  user: SessionUser;
}

export interface Context {
  db: Db;
  session: Session | null;
  /** Client IP for the audit log, when known. */
  ip?: string | null;
  /** The origin the browser used (https://weft.example.com), for URLs shown to the person. */
  origin?: string | null;
}

/** Tests and the route handler both build the context through this. */
export function createContext(opts: { session: Session | null; db?: Db; ip?: string | null; origin?: string | null }): Context {
  return { db: opts.db ?? getDb(), session: opts.session, ip: opts.ip ?? null, origin: opts.origin ?? null };
}

// ---------------------------------------------------------------------------------------------
// 2. Setup
// ---------------------------------------------------------------------------------------------

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    // Unexpected failures may carry SQL or paths in their message: the browser gets a plain sentence
    // in production (the route handler logs the real one).
    const hide = error.code === 'INTERNAL_SERVER_ERROR' && process.env.NODE_ENV === 'production';
    return {
      ...shape,
      message: hide ? 'Something went wrong on the server. Try again; if it keeps happening, check the server log.' : shape.message,
      data: {
        ...shape.data,
        zodError: cause instanceof ZodError ? z.flattenError(cause) : null,
      },
    };
  },
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

// ---------------------------------------------------------------------------------------------
// 3. Procedures
// ---------------------------------------------------------------------------------------------

export const publicProcedure = t.procedure;

export const protectedProcedure = t.procedure.use(({ ctx, next }) => {
  if (!ctx.session?.user) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in to continue.' });
  return next({ ctx: { ...ctx, session: ctx.session } });
});

export type AuthedContext = Context & { session: Session };

export function isAdmin(ctx: AuthedContext): boolean {
  return ctx.session.user.role === 'admin';
}

/** Prisma `where` fragment restricting rows to the user's own (admins: everything). */
export function ownedBy(ctx: AuthedContext): { ownerId?: string } {
  return isAdmin(ctx) ? {} : { ownerId: ctx.session.user.id };
}

export function notFound(what: string): TRPCError {
  return new TRPCError({ code: 'NOT_FOUND', message: `${what} not found.` });
}

/** The workflow if the user may see it, else NOT_FOUND. */
export async function requireWorkflow(ctx: AuthedContext, id: string) {
  const wf = await ctx.db.workflow.findFirst({ where: { id, ...ownedBy(ctx) } });
  if (!wf) throw notFound('Workflow');
  return wf;
}

/** The execution if the user may see it (their own, or on a workflow they own), else NOT_FOUND. */
export async function requireExecution(ctx: AuthedContext, id: string) {
  const where = isAdmin(ctx)
    ? { id }
    : { id, OR: [{ ownerId: ctx.session.user.id }, { workflow: { ownerId: ctx.session.user.id } }] };
  const ex = await ctx.db.execution.findFirst({ where });
  if (!ex) throw notFound('Execution');
  return ex;
}

/** The credential row (still encrypted) if the user may see it, else NOT_FOUND. */
export async function requireCredential(ctx: AuthedContext, id: string) {
  const cred = await ctx.db.credential.findFirst({ where: { id, ...ownedBy(ctx) } });
  if (!cred) throw notFound('Credential');
  return cred;
}
