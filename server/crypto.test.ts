import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { CredentialDecryptError, decryptCredential, encryptCredential } from './crypto';

const key = randomBytes(32).toString('hex');

describe('credential encryption', () => {
  it('round-trips a JSON object', () => {
    const data = { apiKey: 'sk-test-123', nested: { a: [1, 2, 3] }, unicode: 'héllo ✓' };
    const sealed = encryptCredential(data, key);
    expect(sealed).not.toContain('sk-test-123');
    expect(decryptCredential(sealed, key)).toEqual(data);
  });

  it('uses a fresh IV each time', () => {
    const a = encryptCredential({ x: 1 }, key);
    const b = encryptCredential({ x: 1 }, key);
    expect(a).not.toEqual(b);
    expect(Buffer.from(a, 'base64').subarray(0, 12)).not.toEqual(Buffer.from(b, 'base64').subarray(0, 12));
  });

  it('accepts a base64 key as well as hex', () => {
    const b64 = randomBytes(32).toString('base64');
    expect(decryptCredential(encryptCredential({ ok: true }, b64), b64)).toEqual({ ok: true });
  });

  it('rejects a tampered ciphertext', () => {
    const raw = Buffer.from(encryptCredential({ password: 'hunter2' }, key), 'base64');
    raw[raw.length - 1] ^= 0x01;
    expect(() => decryptCredential(raw.toString('base64'), key)).toThrow(CredentialDecryptError);
  });

  it('rejects a tampered auth tag or IV', () => {
    for (const index of [0, 14]) {
      const raw = Buffer.from(encryptCredential({ token: 't' }, key), 'base64');
      raw[index] ^= 0xff;
      expect(() => decryptCredential(raw.toString('base64'), key)).toThrow(/modified|differs/);
    }
  });

  it('rejects the wrong key', () => {
    const sealed = encryptCredential({ token: 'abc' }, key);
    expect(() => decryptCredential(sealed, randomBytes(32).toString('hex'))).toThrow(CredentialDecryptError);
  });

  it('rejects truncated data and non-objects', () => {
    expect(() => decryptCredential('AAAA', key)).toThrow(/truncated/);
    expect(() => encryptCredential([1, 2] as unknown as Record<string, unknown>, key)).toThrow(/JSON object/);
  });

  it('rejects keys that are not 32 bytes', () => {
    expect(() => encryptCredential({ a: 1 }, 'abcd')).toThrow(/32 bytes/);
  });

  it('uses WEFT_ENCRYPTION_KEY from the environment by default', () => {
    // global-setup provides a test key to every test process
    expect(process.env.WEFT_ENCRYPTION_KEY).toBeTruthy();
    expect(decryptCredential(encryptCredential({ a: 'b' }))).toEqual({ a: 'b' });
  });
});
