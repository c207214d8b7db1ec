/**
 * Google Sheets API access for the Google Sheets node: an access token from a service account (`googleApi`:
 * a JWT signed RS256 with the account's private key for the spreadsheets scope, exchanged at the token URL,
 * cached per process until a minute before it expires) or a plain bearer token (`httpBearerAuth`), and JSON
 * calls to the Sheets v4 REST API. The private key and tokens never appear in a message: errors name the
 * call, the status and what Google said, scrubbed of every secret the credential holds.
 */
import { createHash, createSign } from 'node:crypto';
import { NodeError } from '../sdk';

export const SHEETS_SCOPE = 'https://www.googleapis.com/auth/spreadsheets';
export const DEFAULT_TOKEN_URL = 'https://oauth2.googleapis.com/token';
export const DEFAULT_SHEETS_URL = 'https://sheets.googleapis.com';

export interface ServiceAccount {
  email: string;
  privateKey: string;
  delegatedEmail?: string;
  tokenUrl: string;
}

export interface SheetsAuth {
  /** The bearer token for a call (fetched or cached). */
  token(signal: AbortSignal): Promise<string>;
  /** Secrets to scrub from messages. */
  secrets: string[];
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

/** The signed assertion Google's token endpoint takes (RFC 7523). */
export function signJwt(sa: ServiceAccount, nowSeconds: number): string {
  const header = { alg: 'RS256', typ: 'JWT' };
  const claims: Record<string, unknown> = { iss: sa.email, scope: SHEETS_SCOPE, aud: sa.tokenUrl, iat: nowSeconds, exp: nowSeconds + 3600 };
  if (sa.delegatedEmail) claims.sub = sa.delegatedEmail;
  const unsigned = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
  let signature: Buffer;
  try {
    signature = createSign('RSA-SHA256').update(unsigned).sign(sa.privateKey);
  } catch {
    throw new SheetsApiError('the private key of the service account is not a valid PEM private key');
  }
  return `${unsigned}.${b64url(signature)}`;
}

/** Tokens per credential (hash of its fields), valid until `expires` (ms). */
const tokenCache = new Map<string, { token: string; expires: number }>();

export function clearTokenCache(): void {
  tokenCache.clear();
}

export class SheetsApiError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export function scrub(message: string, secrets: string[]): string {
  let out = message;
  for (const s of secrets) if (s && s.length >= 6) out = out.split(s).join('***');
  return out;
}

function causeOf(err: unknown): string {
  const e = err as Error & { cause?: { message?: string; code?: string } };
  const cause = e.cause?.code ?? e.cause?.message;
  return cause ? `${e.message} (${cause})` : e.message;
}

async function exchange(sa: ServiceAccount, signal: AbortSignal): Promise<{ token: string; expiresIn: number }> {
  const body = new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: signJwt(sa, Math.floor(Date.now() / 1000)) });
  let res: Response;
  try {
    res = await fetch(sa.tokenUrl, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' }, signal });
  } catch (err) {
    if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('The execution was cancelled');
    throw new SheetsApiError(`cannot reach the token URL ${sa.tokenUrl}: ${causeOf(err)}`);
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
    throw new SheetsApiError(`the token URL refused the service account ${sa.email} (HTTP ${res.status}): ${why}`, res.status);
  }
  return { token: json.access_token, expiresIn: typeof json.expires_in === 'number' ? json.expires_in : 3600 };
}

export function serviceAccountAuth(sa: ServiceAccount): SheetsAuth {
  const key = createHash('sha256').update(JSON.stringify([sa.email, sa.privateKey, sa.delegatedEmail ?? '', sa.tokenUrl])).digest('hex');
  const auth: SheetsAuth = {
    secrets: [sa.privateKey],
    async token(signal) {
      const hit = tokenCache.get(key);
      if (hit && hit.expires > Date.now()) return hit.token;
      const { token, expiresIn } = await exchange(sa, signal);
      tokenCache.set(key, { token, expires: Date.now() + Math.max(0, expiresIn - 60) * 1000 });
      auth.secrets.push(token);
      return token;
    },
  };
  return auth;
}

export function bearerAuth(data: Record<string, unknown>, nodeName: string): SheetsAuth {
  const token = text(data.token) || text(data.accessToken);
  if (!token) throw new NodeError(`Node "${nodeName}", credential "httpBearerAuth": the access token is empty`, { field: 'credentials' });
  return { secrets: [token], token: async () => token };
}

/** One JSON call to the Sheets API (path relative to {baseUrl}/v4/spreadsheets). */
export async function callSheets(
  auth: SheetsAuth,
  baseUrl: string,
  method: string,
  path: string,
  body: unknown,
  signal: AbortSignal,
): Promise<Record<string, unknown>> {
  const url = `${baseUrl}/v4/spreadsheets/${path}`;
  const what = `${method} ${path.split('?')[0]}`;
  const token = await auth.token(signal);
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (err) {
    if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('The execution was cancelled');
    throw new SheetsApiError(scrub(`${what}: cannot reach the Sheets API at ${baseUrl}: ${causeOf(err)}`, auth.secrets));
  }
  const raw = await res.text();
  let json: Record<string, unknown> | undefined;
  try {
    json = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  } catch {
    json = undefined;
  }
  if (!res.ok || !json) {
    const err = json?.error as { message?: string } | undefined;
    const why = typeof err?.message === 'string' ? err.message : raw.slice(0, 200);
    throw new SheetsApiError(scrub(`${what}: Google answered HTTP ${res.status}: ${why}`, auth.secrets), res.status);
  }
  return json;
}
