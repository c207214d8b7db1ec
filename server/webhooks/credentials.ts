/**
 * Credentials a webhook authenticates with (header token, basic user/password, HMAC secret), decrypted from
 * the Credential table (AES-256-GCM: base64(iv | tag | ciphertext), key WEFT_ENCRYPTION_KEY) and cached in
 * memory for a short time so the hot path does not read Postgres per request. Never logged.
 */
import { createDecipheriv } from 'node:crypto';
import type { Db } from '../db';
import { decodeKey, env } from '../env';

const TTL_MS = 30_000;
const cache = new Map<string, { at: number; data: Record<string, unknown> }>();

export function decryptCredentialData(stored: string, key: Buffer): Record<string, unknown> {
  const buf = Buffer.from(stored, 'base64');
  const iv = buf.subarray(0, 12);
  const tag = buf.subarray(12, 28);
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAuthTag(tag);
  const plain = Buffer.concat([decipher.update(buf.subarray(28)), decipher.final()]).toString('utf8');
  return JSON.parse(plain) as Record<string, unknown>;
}

export async function webhookCredential(db: Db, credentialId: string): Promise<Record<string, unknown> | null> {
  const hit = cache.get(credentialId);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.data;
  const row = await db.credential.findUnique({ where: { id: credentialId }, select: { data: true } });
  if (!row) return null;
  const raw = env().WEFT_ENCRYPTION_KEY;
  const key = raw ? decodeKey(raw) : null;
  if (!key) throw new Error('WEFT_ENCRYPTION_KEY is not set: webhook credentials cannot be decrypted');
  const data = decryptCredentialData(row.data, key);
  cache.set(credentialId, { at: Date.now(), data });
  return data;
}

export function clearWebhookCredentialCache(): void {
  cache.clear();
}
