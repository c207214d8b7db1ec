/**
 * OAuth2 credentials: getting, storing and refreshing access tokens for the OAuth2 family of types: n8n's
 * generic `oAuth2Api` (every setting the user's) and its service types (googleSheetsOAuth2Api, slackOAuth2Api, ...:
 * ./oauth2-presets.ts supplies URLs, scopes and grant; resolveOAuth2Settings() merges them over the stored data,
 * so everything below reads one shape whatever the type).
 *
 * - Tokens live inside the credential's encrypted data under `oauthTokenData` ({ access_token,
 *   refresh_token, token_type, scope, expires_at (ms since epoch) }); they never leave the server.
 * - clientCredentials: the token is fetched from accessTokenUrl when a node first needs it and reused
 *   (from the credential row, so every worker shares it) until EXPIRY_MARGIN_MS before it expires.
 * - authorizationCode / pkce: startAuthorization() builds the provider's URL with a random `state` kept in
 *   Redis (bound to the user and credential, STATE_TTL_S, single use: GETDEL); completeAuthorization() checks
 *   it, exchanges the code and stores the tokens. An expired token is refreshed with the refresh token.
 * - Refreshing takes a row lock (SELECT ... FOR UPDATE) on the credential, then looks again: a worker that
 *   waited on another's refresh uses the new token instead of spending the refresh token a second time.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Db } from '../db';
import { decryptCredential, encryptCredential } from '../crypto';
import { env } from '../env';
import { GENERIC_OAUTH2_TYPE, isOAuth2FamilyType, OAUTH2_PRESET_TYPES, resolveOAuth2Settings } from './oauth2-presets';

export { isOAuth2FamilyType, resolveOAuth2Settings };
export const OAUTH2_TYPE = GENERIC_OAUTH2_TYPE;
/** Every credential type the OAuth2 flow serves. */
export const OAUTH2_FAMILY_TYPES: string[] = [GENERIC_OAUTH2_TYPE, ...OAUTH2_PRESET_TYPES];
export const CALLBACK_PATH = '/api/oauth2/callback';
const EXPIRY_MARGIN_MS = 60_000;
const STATE_TTL_S = 600;
const TOKEN_TIMEOUT_MS = 15_000;
const statePrefix = () => `${env().WEFT_QUEUE_PREFIX}:oauth2:state:`;

export interface OAuth2TokenData {
  access_token: string;
  refresh_token?: string;
  token_type?: string;
  scope?: string;
  /** When the access token expires (ms since epoch); absent: the provider did not say. */
  expires_at?: number;
}

export class OAuth2Error extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OAuth2Error';
  }
}

type Data = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' ? v : '');

export function tokenDataOf(data: Data): OAuth2TokenData | undefined {
  const t = data.oauthTokenData as OAuth2TokenData | undefined;
  return t && typeof t === 'object' && typeof t.access_token === 'string' && t.access_token ? t : undefined;
}

function grantTypeOf(data: Data): 'authorizationCode' | 'clientCredentials' | 'pkce' {
  const g = str(data.grantType);
  return g === 'clientCredentials' || g === 'pkce' ? g : 'authorizationCode';
}

function fresh(t: OAuth2TokenData | undefined, now = Date.now()): t is OAuth2TokenData {
  return !!t && (t.expires_at === undefined || t.expires_at - EXPIRY_MARGIN_MS > now);
}

/** POSTs a token request (form-encoded); client id/secret as Basic auth (authentication 'header') or in the body. */
export async function requestToken(data: Data, params: Record<string, string>, fetchImpl: typeof fetch = fetch): Promise<OAuth2TokenData> {
  const tokenUrl = str(data.accessTokenUrl);
  if (!tokenUrl) throw new OAuth2Error('the OAuth2 credential has no access token URL');
  const body = new URLSearchParams(params);
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
  const clientId = str(data.clientId);
  const clientSecret = str(data.clientSecret);
  if (str(data.authentication) === 'body' || !clientSecret) {
    body.set('client_id', clientId);
    if (clientSecret) body.set('client_secret', clientSecret);
  } else {
    headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64')}`;
  }
  let res: Response;
  try {
    res = await fetchImpl(tokenUrl, { method: 'POST', headers, body, signal: AbortSignal.timeout(TOKEN_TIMEOUT_MS) });
  } catch (err) {
    throw new OAuth2Error(`could not reach the token URL ${tokenUrl}: ${(err as Error).message}`);
  }
  const text = await res.text();
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = Object.fromEntries(new URLSearchParams(text)); // some providers answer form-encoded
  }
  // Slack answers 200 with ok:false; its user token sits under authed_user (the preset's tokenPath).
  if (json.ok === false && typeof json.error === 'string' && !json.access_token) {
    throw new OAuth2Error(`the token URL answered ${res.status}: ${json.error}`);
  }
  const nested = str(data.tokenPath) ? json[str(data.tokenPath)] : undefined;
  if (nested && typeof nested === 'object' && typeof (nested as Record<string, unknown>).access_token === 'string') {
    json = nested as Record<string, unknown>;
  }
  if (!res.ok || typeof json.access_token !== 'string') {
    const why = str(json.error_description) || str(json.error) || text.slice(0, 200);
    throw new OAuth2Error(`the token URL answered ${res.status}${why ? `: ${why}` : ''}`);
  }
  const expiresIn = Number(json.expires_in);
  return {
    access_token: json.access_token,
    ...(typeof json.refresh_token === 'string' ? { refresh_token: json.refresh_token } : {}),
    ...(typeof json.token_type === 'string' ? { token_type: json.token_type } : {}),
    ...(typeof json.scope === 'string' ? { scope: json.scope } : {}),
    ...(Number.isFinite(expiresIn) && expiresIn > 0 ? { expires_at: Date.now() + expiresIn * 1000 } : {}),
  };
}

/** A new token for the credential: client credentials, or the refresh token of the stored one. */
async function newToken(data: Data, fetchImpl: typeof fetch): Promise<OAuth2TokenData> {
  if (grantTypeOf(data) === 'clientCredentials') {
    const scope = str(data.scope);
    return requestToken(data, { grant_type: 'client_credentials', ...(scope ? { scope } : {}) }, fetchImpl);
  }
  const old = tokenDataOf(data);
  if (!old) throw new OAuth2Error('the OAuth2 credential is not connected: press "Connect" on the credentials page');
  if (!old.refresh_token) throw new OAuth2Error('the access token expired and the provider gave no refresh token: connect the credential again');
  const t = await requestToken(data, { grant_type: 'refresh_token', refresh_token: old.refresh_token }, fetchImpl);
  // Providers may keep the refresh token unchanged and leave it out of the answer.
  return { ...t, refresh_token: t.refresh_token ?? old.refresh_token };
}

/**
 * The credential's data with a usable `accessToken` (and `oauthTokenData`). Fetches or refreshes when the
 * stored token is missing or about to expire, or when `rejected` (a token the API just answered 401 to)
 * is still the stored one.
 */
export async function oauth2Credential(
  db: Db,
  credentialId: string,
  opts: { rejected?: string; fetch?: typeof fetch } = {},
): Promise<Data> {
  const usable = (t: OAuth2TokenData | undefined): t is OAuth2TokenData => fresh(t) && t.access_token !== opts.rejected;
  const row = await db.credential.findUniqueOrThrow({ where: { id: credentialId }, select: { data: true, type: true } });
  const data = decryptCredential(row.data);
  const current = tokenDataOf(data);
  if (usable(current)) return withToken(data, current);

  return db.$transaction(
    async (tx) => {
      const locked = await tx.$queryRaw<{ data: string }[]>`SELECT data FROM "Credential" WHERE id = ${credentialId} FOR UPDATE`;
      if (!locked[0]) throw new OAuth2Error('the credential was deleted');
      const latest = decryptCredential(locked[0].data);
      const seen = tokenDataOf(latest);
      if (usable(seen)) return withToken(latest, seen); // another worker refreshed while we waited
      const token = await newToken(resolveOAuth2Settings(row.type, latest), opts.fetch ?? fetch);
      const next = { ...latest, oauthTokenData: token };
      await tx.credential.update({ where: { id: credentialId }, data: { data: encryptCredential(next) } });
      return withToken(next, token);
    },
    { timeout: TOKEN_TIMEOUT_MS + 5_000, maxWait: TOKEN_TIMEOUT_MS },
  );
}

function withToken(data: Data, token: OAuth2TokenData): Data {
  return { ...data, oauthTokenData: token, accessToken: token.access_token };
}

// ---- authorization code / PKCE -------------------------------------------------------------------------

interface StateRecord {
  userId: string;
  credentialId: string;
  redirectUri: string;
  codeVerifier?: string;
}

const base64url = (b: Buffer) => b.toString('base64url');

/** The redirect URI to register with the provider. */
export function redirectUriFor(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${CALLBACK_PATH}`;
}

/** Builds the provider's authorization URL and remembers its state (single use, STATE_TTL_S). */
export async function startAuthorization(
  redis: Redis,
  args: { userId: string; credentialId: string; data: Data; baseUrl: string; type?: string },
): Promise<{ url: string; redirectUri: string }> {
  const data = resolveOAuth2Settings(args.type ?? OAUTH2_TYPE, args.data);
  const grant = grantTypeOf(data);
  if (grant === 'clientCredentials') throw new OAuth2Error('a client credentials grant needs no connecting: the token is fetched when a node runs');
  const authUrl = str(data.authUrl);
  if (!authUrl) throw new OAuth2Error('the OAuth2 credential has no authorization URL');
  const url = new URL(authUrl);
  const state = base64url(randomBytes(24));
  const redirectUri = redirectUriFor(args.baseUrl);
  const record: StateRecord = { userId: args.userId, credentialId: args.credentialId, redirectUri };
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', str(data.clientId));
  url.searchParams.set('redirect_uri', redirectUri);
  url.searchParams.set('state', state);
  const scope = str(data.scope);
  if (scope) url.searchParams.set('scope', scope);
  if (grant === 'pkce') {
    record.codeVerifier = base64url(randomBytes(32));
    url.searchParams.set('code_challenge', base64url(createHash('sha256').update(record.codeVerifier).digest()));
    url.searchParams.set('code_challenge_method', 'S256');
  }
  for (const [k, v] of new URLSearchParams(str(data.authQueryParameters).replace(/^[?&]/, ''))) url.searchParams.set(k, v);
  await redis.set(statePrefix() + state, JSON.stringify(record), 'EX', STATE_TTL_S);
  return { url: url.toString(), redirectUri };
}

/**
 * The callback: takes the state (once), checks it was issued to this user for a credential they own,
 * exchanges the code and stores the tokens encrypted. Returns the credential's id.
 */
export async function completeAuthorization(
  db: Db,
  redis: Redis,
  args: { userId: string; state: string; code: string; fetch?: typeof fetch },
): Promise<string> {
  if (!args.state) throw new OAuth2Error('the provider sent no state');
  const raw = await redis.getdel(statePrefix() + args.state);
  if (!raw) throw new OAuth2Error('unknown or expired state: start connecting again');
  const record = JSON.parse(raw) as StateRecord;
  if (record.userId !== args.userId) throw new OAuth2Error('this sign-in was started by another user');
  if (!args.code) throw new OAuth2Error('the provider sent no code');
  const cred = await db.credential.findFirst({ where: { id: record.credentialId, ownerId: args.userId, type: { in: OAUTH2_FAMILY_TYPES } } });
  if (!cred) throw new OAuth2Error('the credential does not exist or is not yours');
  const data = resolveOAuth2Settings(cred.type, decryptCredential(cred.data));
  const token = await requestToken(
    data,
    { grant_type: 'authorization_code', code: args.code, redirect_uri: record.redirectUri, ...(record.codeVerifier ? { code_verifier: record.codeVerifier } : {}) },
    args.fetch ?? fetch,
  );
  await db.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ data: string }[]>`SELECT data FROM "Credential" WHERE id = ${cred.id} FOR UPDATE`;
    if (!locked[0]) throw new OAuth2Error('the credential was deleted');
    const latest = decryptCredential(locked[0].data);
    await tx.credential.update({ where: { id: cred.id }, data: { data: encryptCredential({ ...latest, oauthTokenData: token }) } });
  });
  return cred.id;
}

/** Forgets a state (the provider answered with an error instead of a code). */
export async function discardState(redis: Redis, state: string): Promise<void> {
  if (state) await redis.del(statePrefix() + state);
}

/** Whether a stored OAuth2-family credential holds a token (for the credentials page; never the token itself). */
export function oauth2Status(data: Data, type: string = OAUTH2_TYPE): { connected: boolean; grantType: string; expiresAt?: number } {
  const t = tokenDataOf(data);
  return { connected: !!t, grantType: grantTypeOf(resolveOAuth2Settings(type, data)), ...(t?.expires_at ? { expiresAt: t.expires_at } : {}) };
}
