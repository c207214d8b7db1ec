import { describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { testDb, randomId } from '../testing';
import { callerFor } from '../api/test-helpers';
import { authenticate, signUp } from './users';
import { MAX_FAILURES, redisThrottle } from './throttle';
import { testRedis } from '../testing';
import { sessionUserFromCookieHeader } from './session';
import { encode } from 'next-auth/jwt';

describe('sign-up and sign-in', () => {
  it('hashes the password, audits sign-up, sign-in and failures', async () => {
    const db = testDb();
    const email = `Person-${randomId()}@Example.com`;
    const user = await signUp(db, { email, password: 'a long password' }, '127.0.0.9');
    expect(user.email).toBe(email.toLowerCase());
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.passwordHash).toMatch(/^\$2[aby]\$10\$/);

    expect(await authenticate(db, { email, password: 'a long password' }, '127.0.0.9')).toMatchObject({ id: user.id });
    expect(await authenticate(db, { email, password: 'wrong password' })).toBeNull();
    expect(await authenticate(db, { email: `nobody-${randomId()}@example.com`, password: 'whatever' })).toBeNull();

    const audit = await db.auditLog.findMany({ where: { userId: user.id }, orderBy: { createdAt: 'asc' } });
    expect(audit.map((a) => a.action)).toEqual(['sign_up', 'sign_in', 'sign_in_failed']);
    expect(audit[1]!.ip).toBe('127.0.0.9');
    expect(JSON.stringify(audit)).not.toContain('long password');
  });

  it('refuses a duplicate email and weak input through the API', async () => {
    const api = callerFor(null);
    const email = `dup-${randomId()}@example.com`;
    await api.auth.signUp({ email, password: 'password-1' });
    await expect(api.auth.signUp({ email: email.toUpperCase(), password: 'password-2' })).rejects.toSatisfy(
      (e: unknown) => e instanceof TRPCError && e.code === 'CONFLICT',
    );
    await expect(api.auth.signUp({ email: 'not-an-email', password: 'password-1' })).rejects.toSatisfy(
      (e: unknown) => e instanceof TRPCError && e.code === 'BAD_REQUEST',
    );
    await expect(api.auth.signUp({ email: `x-${randomId()}@example.com`, password: 'short' })).rejects.toSatisfy(
      (e: unknown) => e instanceof TRPCError && e.code === 'BAD_REQUEST',
    );
  });

  it('reads the session user from an Auth.js cookie and rejects forged ones', async () => {
    const secret = process.env.AUTH_SECRET!;
    const token = await encode({ token: { sub: 'u1', uid: 'u1', email: 'a@b.c', role: 'admin' }, secret, salt: 'authjs.session-token' });
    expect(await sessionUserFromCookieHeader(`x=1; authjs.session-token=${token}`, secret)).toEqual({ id: 'u1', email: 'a@b.c', name: null, role: 'admin' });
    expect(await sessionUserFromCookieHeader(`authjs.session-token=${token}`, 'another-secret-of-32-characters!!')).toBeNull();
    expect(await sessionUserFromCookieHeader(undefined, secret)).toBeNull();
  });

  it('refuses an email after too many failed attempts, even with the right password', async () => {
    const db = testDb();
    const redis = testRedis();
    try {
      const throttle = redisThrottle(redis, `${process.env.WEFT_QUEUE_PREFIX}_${randomId()}`);
      const email = `locked-${randomId()}@example.com`;
      await signUp(db, { email, password: 'right password' });
      expect(await authenticate(db, { email, password: 'right password' }, null, throttle)).not.toBeNull();
      for (let i = 0; i < MAX_FAILURES; i++) await throttle.recordFailure(email);
      expect(await authenticate(db, { email, password: 'right password' }, null, throttle)).toBeNull();
      const last = await db.auditLog.findFirst({ where: { email }, orderBy: { createdAt: 'desc' } });
      expect(last).toMatchObject({ action: 'sign_in_failed', detail: { reason: 'too_many_failures' } });
      await throttle.clear(email);
      expect(await authenticate(db, { email, password: 'right password' }, null, throttle)).not.toBeNull();
    } finally {
      await redis.quit();
    }
  });
});
