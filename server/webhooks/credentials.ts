/**
 * Credentials a webhook authenticates with (header token, basic user/password, HMAC secret), decrypted
 * (server/crypto.ts) and cached in memory briefly so the hot path does not read Postgres per request.
 * Only a credential of the workflow's owner (or of an admin owner's choosing) is used. Never logged.
 */
import type { Db } from '../db';
import { decryptCredential } from '../crypto';
import type { WebhookRoute } from './routes';

const TTL_MS = 30_000;
const cache = new Map<string, { at: number; data: Record<string, unknown> | null }>();

export async function webhookCredential(db: Db, credentialId: string, ownerId: string | null): Promise<Record<string, unknown> | null> {
  const cacheKey = `${credentialId}:${ownerId ?? ''}`;
  const hit = cache.get(cacheKey);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.data;
  const row = await db.credential.findUnique({ where: { id: credentialId }, select: { data: true, ownerId: true } });
  let data: Record<string, unknown> | null = null;
  if (row) {
    let allowed = !ownerId || row.ownerId === ownerId;
    if (!allowed) {
      const owner = await db.user.findUnique({ where: { id: ownerId! }, select: { role: true } });
      allowed = owner?.role === 'admin';
    }
    if (allowed) data = decryptCredential(row.data);
  }
  cache.set(cacheKey, { at: Date.now(), data });
  return data;
}

export function clearWebhookCredentialCache(): void {
  cache.clear();
}

const CREDENTIAL_SLOT = { headerAuth: 'httpHeaderAuth', basicAuth: 'httpBasicAuth', hmac: 'webhookHmac' } as const;

/** The credential a route's authentication checks against (its node's slot for that kind), or null for none. */
export async function routeCredential(database: Db, route: Pick<WebhookRoute, 'params' | 'credentials' | 'ownerId'>): Promise<Record<string, unknown> | null> {
  const auth = route.params.authentication;
  if (auth === 'none') return null;
  const ref = route.credentials[CREDENTIAL_SLOT[auth]];
  if (!ref?.id) return null;
  return webhookCredential(database, ref.id, route.ownerId);
}
