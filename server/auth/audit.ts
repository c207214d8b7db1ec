/**
 * The audit log: sign-in, sign-out, failed sign-ins and sign-ups. Never records passwords.
 */
import type { Db } from '../db';
import { Prisma } from '../generated/prisma/client';

export type AuditAction = 'sign_in' | 'sign_out' | 'sign_in_failed' | 'sign_up';

export async function writeAudit(
  db: Db,
  entry: { action: AuditAction; userId?: string | null; email?: string | null; ip?: string | null; detail?: Record<string, unknown> },
): Promise<void> {
  try {
    await db.auditLog.create({
      data: {
        action: entry.action,
        userId: entry.userId ?? null,
        email: entry.email ?? null,
        ip: entry.ip ?? null,
        detail: entry.detail ? (entry.detail as Prisma.InputJsonValue) : Prisma.JsonNull,
      },
    });
  } catch (err) {
    // Auditing must not turn a sign-in into a 500; the failure itself is logged without the entry's detail.
    console.error(`[audit] could not write ${entry.action}: ${(err as Error).message}`);
  }
}

/** The client address from a request's headers (the first X-Forwarded-For hop when behind a proxy). */
export function clientIp(headers: Headers | undefined | null): string | null {
  if (!headers) return null;
  const fwd = headers.get('x-forwarded-for');
  if (fwd) return fwd.split(',')[0]!.trim() || null;
  return headers.get('x-real-ip');
}
