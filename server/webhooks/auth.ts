/**
 * Webhook authentication: header token, HTTP basic, or an HMAC-SHA256 signature of the raw body.
 * Every comparison is constant-time (crypto.timingSafeEqual on equal-length digests).
 * Missing credentials answer 401, wrong ones 403.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { WebhookParams } from '../../nodes/webhook';
import { WebhookHttpError } from './body';

/** Constant-time equality of two strings of any length (compares their SHA-256 digests). */
export function safeEqual(a: string | Buffer, b: string | Buffer): boolean {
  const da = createHash('sha256').update(a).digest();
  const db = createHash('sha256').update(b).digest();
  return timingSafeEqual(da, db);
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/** The header that carried a secret and must not be stored with the execution, if any. */
export function secretHeaderName(params: WebhookParams, credential: Record<string, unknown> | null): string | null {
  if (params.authentication === 'basicAuth') return 'authorization';
  if (params.authentication === 'headerAuth' && typeof credential?.name === 'string') return credential.name.toLowerCase();
  return null;
}

/** Throws WebhookHttpError(401|403) when the request does not authenticate. */
export function checkWebhookAuth(
  params: WebhookParams,
  credential: Record<string, unknown> | null,
  headers: IncomingHttpHeaders,
  rawBody: Buffer,
): void {
  if (params.authentication === 'none') return;
  if (!credential) throw new WebhookHttpError(500, 'The webhook credentials are not configured');
  switch (params.authentication) {
    case 'headerAuth': {
      const name = String(credential.name ?? '');
      const expected = String(credential.value ?? '');
      if (!name) throw new WebhookHttpError(500, 'The webhook credentials are not configured');
      const given = header(headers, name);
      if (given === undefined) throw new WebhookHttpError(401, 'Authorization is required');
      if (!safeEqual(given, expected)) throw new WebhookHttpError(403, 'Authorization data is wrong');
      return;
    }
    case 'basicAuth': {
      const challenge = { 'www-authenticate': 'Basic realm="Webhook"' };
      const auth = header(headers, 'authorization');
      if (!auth || !/^basic /i.test(auth)) throw new WebhookHttpError(401, 'Authorization is required', challenge);
      const decoded = Buffer.from(auth.slice(6).trim(), 'base64').toString('utf8');
      const sep = decoded.indexOf(':');
      const user = sep >= 0 ? decoded.slice(0, sep) : decoded;
      const password = sep >= 0 ? decoded.slice(sep + 1) : '';
      // Both compared, always, so timing does not reveal which one was wrong.
      const okUser = safeEqual(user, String(credential.user ?? ''));
      const okPassword = safeEqual(password, String(credential.password ?? ''));
      if (!(okUser && okPassword)) throw new WebhookHttpError(403, 'Authorization data is wrong', challenge);
      return;
    }
    case 'hmac': {
      const secret = String(credential.secret ?? '');
      if (!secret) throw new WebhookHttpError(500, 'The webhook credentials are not configured');
      const given = header(headers, params.hmacHeader);
      if (!given) throw new WebhookHttpError(401, `The ${params.hmacHeader} signature header is missing`);
      const expected = createHmac('sha256', secret).update(rawBody).digest();
      if (!timingSafeEqualDigest(expected, decodeSignature(given, params.hmacEncoding))) {
        throw new WebhookHttpError(403, 'The signature does not match the body');
      }
      return;
    }
  }
}

function decodeSignature(value: string, encoding: WebhookParams['hmacEncoding']): Buffer | null {
  let v = value.trim();
  if (encoding === 'github') {
    if (!v.toLowerCase().startsWith('sha256=')) return null;
    v = v.slice(7);
  }
  if (encoding === 'base64') {
    if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(v)) return null;
    return Buffer.from(v, 'base64');
  }
  if (!/^[0-9a-fA-F]+$/.test(v) || v.length % 2) return null;
  return Buffer.from(v, 'hex');
}

function timingSafeEqualDigest(expected: Buffer, given: Buffer | null): boolean {
  // A signature of the wrong length is compared against itself so the work done does not depend on it.
  if (!given || given.length !== expected.length) {
    timingSafeEqual(expected, expected);
    return false;
  }
  return timingSafeEqual(expected, given);
}
