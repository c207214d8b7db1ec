/**
 * The URLs that resume a waiting execution ($execution.resumeUrl and $execution.resumeFormUrl, as in n8n):
 * `<public URL>/webhook-waiting/<execution id>?signature=...` and `/form-waiting/...`. The signature is an
 * HMAC of the execution id under a key derived from WEFT_ENCRYPTION_KEY (else AUTH_SECRET), so a resume URL
 * cannot be made up from an execution id seen elsewhere; server/webhooks/waiting.ts checks it.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { env } from '../env';

export const WEBHOOK_WAITING_PREFIX = '/webhook-waiting/';
export const FORM_WAITING_PREFIX = '/form-waiting/';

let cachedKey: Buffer | null | undefined;

function signingKey(): Buffer | null {
  if (cachedKey !== undefined) return cachedKey;
  const e = env();
  const secret = e.WEFT_ENCRYPTION_KEY ?? e.AUTH_SECRET;
  cachedKey = secret ? createHmac('sha256', secret).update('weft resume urls').digest() : null;
  return cachedKey;
}

/** The signature for an execution's resume URLs; null when the server has no secret to sign with. */
export function resumeSignature(executionId: string): string | null {
  const key = signingKey();
  return key ? createHmac('sha256', key).update(executionId).digest('base64url').slice(0, 32) : null;
}

export function verifyResumeSignature(executionId: string, signature: string | null | undefined): boolean {
  const expected = resumeSignature(executionId);
  if (!expected || !signature || signature.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(signature), Buffer.from(expected));
}

export function publicBaseUrl(publicUrl: string | undefined): string {
  return (publicUrl ?? `http://${env().HOST === '0.0.0.0' ? '127.0.0.1' : env().HOST}:${env().PORT}`).replace(/\/+$/, '');
}

export function resumeUrls(publicUrl: string | undefined, executionId: string): { resumeUrl?: string; resumeFormUrl?: string } {
  const signature = resumeSignature(executionId);
  if (!signature) return {};
  const base = publicBaseUrl(publicUrl);
  return {
    resumeUrl: `${base}${WEBHOOK_WAITING_PREFIX}${executionId}?signature=${signature}`,
    resumeFormUrl: `${base}${FORM_WAITING_PREFIX}${executionId}?signature=${signature}`,
  };
}

/** For tests that change the environment. */
export function resetResumeKey(): void {
  cachedKey = undefined;
}
