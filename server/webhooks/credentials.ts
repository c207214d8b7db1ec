/**
 * Credentials a webhook authenticates with (header token, basic user/password, HMAC secret), decrypted
 * (server/crypto.ts) and cached in memory briefly so the hot path does not read Postgres per request.
 * Only a credential of the workflow's owner (or of an admin owner's choosing) is used. Never logged.
 */
import type { Db } from '../db';
import { decryptCredential } from '../crypto';

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
