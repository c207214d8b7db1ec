/**
 * Sign-up and credential checks, independent of next-auth so tests and the CLI can call them.
 */
import { z } from 'zod';
import type { Db } from '../db';
import { writeAudit } from './audit';
import { dummyHash, hashPassword, verifyPassword } from './password';
import type { SessionUser } from './session';
import type { SignInThrottle } from './throttle';

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email('Enter a valid email address').max(254));

export const passwordSchema = z
  .string()
  .min(8, 'The password needs at least 8 characters')
  .max(200, 'The password may have at most 200 characters');

export const signUpSchema = z.object({
  email: emailSchema,
  password: passwordSchema,
  name: z.string().trim().max(100).optional(),
});

export const signInSchema = z.object({ email: emailSchema, password: z.string().min(1).max(200) });

export class EmailTakenError extends Error {
  constructor() {
    super('An account with this email already exists. Sign in instead.');
    this.name = 'EmailTakenError';
  }
}

/** Creates a user. The first user of the installation becomes admin (serialised by an advisory lock). */
export async function signUp(db: Db, input: z.input<typeof signUpSchema>, ip?: string | null): Promise<SessionUser> {
  const data = signUpSchema.parse(input);
  const passwordHash = await hashPassword(data.password);
  const user = await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('weft:sign-up'))`;
    if (await tx.user.findUnique({ where: { email: data.email }, select: { id: true } })) throw new EmailTakenError();
    const isFirst = (await tx.user.count()) === 0;
    return tx.user.create({
      data: { email: data.email, name: data.name || null, passwordHash, role: isFirst ? 'admin' : 'user' },
    });
  });
  await writeAudit(db, { action: 'sign_up', userId: user.id, email: user.email, ip, detail: { role: user.role } });
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

/**
 * Checks email and password; writes sign_in or sign_in_failed to the audit log. With a throttle, an
 * email with too many recent failures is refused without looking at the password.
 */
export async function authenticate(db: Db, input: unknown, ip?: string | null, throttle?: SignInThrottle): Promise<SessionUser | null> {
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) {
    await writeAudit(db, { action: 'sign_in_failed', email: emailOf(input), ip, detail: { reason: 'invalid_input' } });
    return null;
  }
  const { email, password } = parsed.data;
  if (throttle && (await throttle.isLocked(email).catch(() => false))) {
    await writeAudit(db, { action: 'sign_in_failed', email, ip, detail: { reason: 'too_many_failures' } });
    return null;
  }
  const user = await db.user.findUnique({ where: { email } });
  const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyHash()));
  if (!user || !ok) {
    await writeAudit(db, {
      action: 'sign_in_failed',
      userId: user?.id ?? null,
      email,
      ip,
      detail: { reason: user ? 'wrong_password' : 'unknown_email' },
    });
    await throttle?.recordFailure(email).catch(() => {});
    return null;
  }
  await throttle?.clear(email).catch(() => {});
  await writeAudit(db, { action: 'sign_in', userId: user.id, email: user.email, ip });
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

function emailOf(input: unknown): string | null {
  const e = (input as { email?: unknown } | null)?.email;
  return typeof e === 'string' ? e.slice(0, 254) : null;
}
