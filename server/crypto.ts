/**
 * Credential encryption: AES-256-GCM under WEFT_ENCRYPTION_KEY (32 bytes, hex or base64).
 * Stored format: base64(iv[12] | tag[16] | ciphertext). The tag authenticates the ciphertext, so a
 * tampered value or a wrong key fails loudly instead of decrypting to garbage.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { decodeKey, env } from './env';

const IV_BYTES = 12;
const TAG_BYTES = 16;

export type CredentialData = Record<string, unknown>;

export class CredentialDecryptError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CredentialDecryptError';
  }
}

/** The key from the environment, or an explicit one (hex or base64). */
export function encryptionKey(explicit?: string | Buffer): Buffer {
  if (Buffer.isBuffer(explicit)) {
    if (explicit.length !== 32) throw new Error('The credential encryption key must be 32 bytes');
    return explicit;
  }
  const raw = explicit ?? env().WEFT_ENCRYPTION_KEY;
  if (!raw) {
    throw new Error(
      'WEFT_ENCRYPTION_KEY is not set: credentials cannot be stored or read. ' +
        'Set it to 32 random bytes (e.g. `openssl rand -hex 32`); scripts/start.sh generates one into .weft/secrets.env.',
    );
  }
  const key = decodeKey(raw);
  if (!key) throw new Error('WEFT_ENCRYPTION_KEY must be 32 bytes as 64 hex characters or base64');
  return key;
}

/** Encrypts a credential's data (a JSON object). A fresh random IV every time. */
export function encryptCredential(data: CredentialData, key?: string | Buffer): string {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new TypeError('Credential data must be a JSON object');
  }
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', encryptionKey(key), iv);
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(data), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64');
}

/** Decrypts what encryptCredential produced. Throws CredentialDecryptError on tampering or a wrong key. */
export function decryptCredential(payload: string, key?: string | Buffer): CredentialData {
  const k = encryptionKey(key);
  const raw = Buffer.from(payload, 'base64');
  if (raw.length < IV_BYTES + TAG_BYTES) throw new CredentialDecryptError('Credential data is truncated or not encrypted');
  const iv = raw.subarray(0, IV_BYTES);
  const tag = raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES);
  const ciphertext = raw.subarray(IV_BYTES + TAG_BYTES);
  let plain: string;
  try {
    const decipher = createDecipheriv('aes-256-gcm', k, iv);
    decipher.setAuthTag(tag);
    plain = Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
  } catch {
    throw new CredentialDecryptError(
      'Credential data could not be decrypted: it was modified, or WEFT_ENCRYPTION_KEY differs from the key it was saved with',
    );
  }
  return JSON.parse(plain) as CredentialData;
}
