/**
 * Google authentication shared by the Google nodes (Sheets, Gmail, Drive):
 * - a service account (`googleApi`: email, privateKey, optional delegatedEmail, tokenUrl): a JWT signed RS256
 *   with the account's private key for the node's scope (RFC 7523), exchanged at the token URL and cached per
 *   process (per credential and scope) until a minute before it expires;
 * - an OAuth2 credential (n8n's gmailOAuth2 / googleDriveOAuth2Api / googleOAuth2Api, or Weft's generic
 *   oAuth2Api): the runtime hands the node a current `accessToken`; a 401 asks it once for a fresh one;
 * - a plain bearer token (`httpBearerAuth`).
 * The private key and tokens never appear in a message: errors are scrubbed of every secret the auth holds.
 */
import { createHash, createSign } from 'node:crypto';
import { NodeError, oauth2AccessToken, type NodeContext } from '../sdk';

export const DEFAULT_TOKEN_URL = 'https://oauth2.googleapis.com/token';

export interface ServiceAccount {
  email: string;
  privateKey: string;
  delegatedEmail?: string;
  tokenUrl: string;
}

export interface GoogleAuth {
  /** The bearer token for a call (fetched or cached). */
  token(signal: AbortSignal): Promise<string>;
  /** A fresh token after the API refused `rejected` with 401; absent when the auth cannot refresh. */
  refresh?(rejected: string, signal: AbortSignal): Promise<string>;
  /** Secrets to scrub from messages. */
  secrets: string[];
}

export class GoogleApiError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

/**
 * The key as PEM with its line breaks: keys pasted from the JSON key file often carry "\n" as two characters,
 * and a single-line form field drops the breaks altogether.
 */
export function pemOf(raw: string): string {
  const text = raw.replace(/\\n/g, '\n').trim();
  const m = /-----BEGIN ([A-Z ]+)-----([\s\S]*?)-----END \1-----/.exec(text);
  if (!m) return text;
  const body = m[2].replace(/\s+/g, '');
  return `-----BEGIN ${m[1]}-----\n${(body.match(/.{1,64}/g) ?? []).join('\n')}\n-----END ${m[1]}-----\n`;
}

export function readServiceAccount(data: Record<string, unknown>, nodeName: string): ServiceAccount {
  const email = text(data.email);
  const privateKey = text(data.privateKey);
  if (!email) throw new NodeError(`Node "${nodeName}", credential "googleApi": the service account email is empty`, { field: 'credentials' });
  if (!privateKey) throw new NodeError(`Node "${nodeName}", credential "googleApi": the private key is empty`, { field: 'credentials' });
  const delegated = data.impersonate === false || data.impersonate === 'false' ? '' : text(data.delegatedEmail);
  return { email, privateKey: pemOf(privateKey), delegatedEmail: delegated || undefined, tokenUrl: text(data.tokenUrl) || DEFAULT_TOKEN_URL };
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

/** The signed assertion Google's token endpoint takes (RFC 7523) for `scope` (space-separated scopes). */
export function signJwt(sa: ServiceAccount, nowSeconds: number, scope: string): string {
  const header = { alg: 'RS256', typ: 'JWT' };
  const claims: Record<string, unknown> = { iss: sa.email, scope, aud: sa.tokenUrl, iat: nowSeconds, exp: nowSeconds + 3600 };
  if (sa.delegatedEmail) claims.sub = sa.delegatedEmail;
  const unsigned = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
  let signature: Buffer;
  try {
    signature = createSign('RSA-SHA256').update(unsigned).sign(sa.privateKey);
  } catch {
    throw new GoogleApiError('the private key of the service account is not a valid PEM private key');
  }
  return `${unsigned}.${b64url(signature)}`;
}

/** Tokens per credential and scope (hash of both), valid until `expires` (ms). */
const tokenCache = new Map<string, { token: string; expires: number }>();

export function clearTokenCache(): void {
  tokenCache.clear();
}

export function scrub(message: string, secrets: string[]): string {
  let out = message;
  for (const s of secrets) if (s && s.length >= 6) out = out.split(s).join('***');
  return out;
}

export function causeOf(err: unknown): string {
  const e = err as Error & { cause?: { message?: string; code?: string } };
  const cause = e.cause?.code ?? e.cause?.message;
  return cause ? `${e.message} (${cause})` : e.message;
}

export function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('The execution was cancelled');
}

async function exchange(sa: ServiceAccount, scope: string, signal: AbortSignal): Promise<{ token: string; expiresIn: number }> {
  const body = new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: signJwt(sa, Math.floor(Date.now() / 1000), scope) });
  let res: Response;
  try {
    res = await fetch(sa.tokenUrl, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' }, signal });
  } catch (err) {
    if (signal.aborted) throw abortError(signal);
    throw new GoogleApiError(`cannot reach the token URL ${sa.tokenUrl}: ${causeOf(err)}`);
  }
  const raw = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(raw) as Record<string, unknown>;
  } catch {
    /* not JSON */
  }
  if (!res.ok || typeof json.access_token !== 'string') {
    const why = [json.error, json.error_description].filter((x) => typeof x === 'string').join(': ') || raw.slice(0, 200);
    throw new GoogleApiError(`the token URL refused the service account ${sa.email} (HTTP ${res.status}): ${why}`, res.status);
  }
  return { token: json.access_token, expiresIn: typeof json.expires_in === 'number' ? json.expires_in : 3600 };
}

export function serviceAccountAuth(sa: ServiceAccount, scope: string): GoogleAuth {
  const key = createHash('sha256').update(JSON.stringify([sa.email, sa.privateKey, sa.delegatedEmail ?? '', sa.tokenUrl, scope])).digest('hex');
  const fetchToken = async (signal: AbortSignal) => {
    const { token, expiresIn } = await exchange(sa, scope, signal);
    tokenCache.set(key, { token, expires: Date.now() + Math.max(0, expiresIn - 60) * 1000 });
    auth.secrets.push(token);
    return token;
  };
  const auth: GoogleAuth = {
    secrets: [sa.privateKey],
    async token(signal) {
      const hit = tokenCache.get(key);
      if (hit && hit.expires > Date.now()) return hit.token;
      return fetchToken(signal);
    },
    async refresh(rejected, signal) {
      const hit = tokenCache.get(key);
      if (hit && hit.token !== rejected && hit.expires > Date.now()) return hit.token;
      tokenCache.delete(key);
      return fetchToken(signal);
    },
  };
  return auth;
}

export function bearerAuth(data: Record<string, unknown>, nodeName: string): GoogleAuth {
  const token = text(data.token) || text(data.accessToken);
  if (!token) throw new NodeError(`Node "${nodeName}", credential "httpBearerAuth": the access token is empty`, { field: 'credentials' });
  return { secrets: [token], token: async () => token };
}

/**
 * An OAuth2 credential in slot `slot` (gmailOAuth2, googleDriveOAuth2Api, googleOAuth2Api or oAuth2Api): its
 * current access token from the runtime (the SDK's oauth2AccessToken); a 401 asks once for a fresh one.
 */
export async function oauth2Auth(ctx: NodeContext<unknown>, slot: string): Promise<GoogleAuth> {
  let current = await oauth2AccessToken(ctx, slot);
  const auth: GoogleAuth = {
    secrets: [current],
    token: async () => current,
    async refresh(rejected) {
      current = await oauth2AccessToken(ctx, slot, { rejected });
      auth.secrets.push(current);
      return current;
    },
  };
  return auth;
}
