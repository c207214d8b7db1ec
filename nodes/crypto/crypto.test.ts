/** Crypto: published test vectors (RFC 1321, FIPS 180/202, RFC 4231), per-item expressions, generate, errors. */
import { generateKeyPairSync, createVerify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { makeContext, runNode, jsonOf } from '../../server/engine/testing/node-context';
import { cryptoNode } from './index';

describe('crypto: hash', () => {
  it('hashes with MD5 in hex by default into "data", keeping the item\'s fields', async () => {
    const out = await runNode(cryptoNode, { params: { value: 'abc' }, items: [{ keep: 1 }] });
    expect(jsonOf(out)).toEqual([{ keep: 1, data: '900150983cd24fb0d6963f7d28e17f72' }]);
    expect(out.main[0].pairedItem).toEqual({ item: 0 });
  });
  it('resolves the value per item and writes to a key with a dot as one key (as n8n)', async () => {
    const out = await runNode(cryptoNode, { params: { action: 'hash', type: 'SHA256', value: '={{ $json.s }}', dataPropertyName: 'h.sha' }, items: [{ s: 'abc' }, { s: '' }] });
    expect(jsonOf(out)).toEqual([
      { s: 'abc', 'h.sha': 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad' },
      { s: '', 'h.sha': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' },
    ]);
  });
  it('supports SHA3 and base64', async () => {
    const sha3 = await runNode(cryptoNode, { params: { type: 'SHA3-256', value: 'abc' }, items: [{}] });
    expect(jsonOf(sha3)).toEqual([{ data: '3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532' }]);
    const b64 = await runNode(cryptoNode, { params: { type: 'SHA256', value: 'abc', encoding: 'base64' }, items: [{}] });
    expect(jsonOf(b64)).toEqual([{ data: 'ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=' }]);
  });
  it('hashes binary data when asked and names the missing binary property', async () => {
    const item = { json: {}, binary: { file: { data: Buffer.from('abc').toString('base64'), mimeType: 'text/plain' } } };
    const out = await runNode(cryptoNode, { params: { binaryData: true, binaryPropertyName: 'file' }, items: [item] });
    expect(jsonOf(out)).toEqual([{ data: '900150983cd24fb0d6963f7d28e17f72' }]);
    expect(out.main[0].binary?.file).toBeDefined();
    await expect(runNode(cryptoNode, { params: { binaryData: true }, items: [item] })).rejects.toMatchObject({ details: { field: 'binaryPropertyName' } });
  });
  it('refuses an unknown hash type, naming the field', async () => {
    await expect(runNode(cryptoNode, { params: { type: 'CRC32', value: 'x' }, items: [{}] })).rejects.toThrow(/field "type"/);
  });
});

describe('crypto: hmac', () => {
  it('matches RFC 4231 test case 2 and never logs the secret', async () => {
    const ctx = makeContext({ def: cryptoNode, params: { action: 'hmac', type: 'SHA256', value: 'what do ya want for nothing?', secret: 'Jefe', dataPropertyName: 'sig' }, items: [{}] });
    const out = await cryptoNode.execute(ctx as never);
    expect(jsonOf(out)).toEqual([{ sig: '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843' }]);
    expect(JSON.stringify(ctx.logs)).not.toContain('Jefe');
  });
  it('asks for a secret when it is empty, without echoing anything secret', async () => {
    const err = await runNode(cryptoNode, { params: { action: 'hmac', value: 'x' }, items: [{}] }).catch((e: unknown) => e);
    expect(err).toMatchObject({ details: { field: 'secret', itemIndex: 0 } });
    expect(String((err as Error).message)).toMatch(/Node "Crypto", field "secret"/);
  });
  it('on error "continue" keeps going with the other items', async () => {
    const out = await runNode(cryptoNode, { params: { action: 'hmac', value: 'x', secret: '={{ $json.k }}' }, items: [{ k: 'key' }, { k: '' }], node: { onError: 'continue' } });
    expect(out.main).toHaveLength(2);
    expect(typeof (out.main[0].json.data as string)).toBe('string');
    expect(out.main[1].json.error).toMatch(/secret/);
  });
});

describe('crypto: sign', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  it('signs with RSA-SHA256 and the signature verifies with the public key', async () => {
    const out = await runNode(cryptoNode, { params: { action: 'sign', value: 'hello', privateKey: pem, encoding: 'base64' }, items: [{}] });
    const sig = out.main[0].json.data as string;
    expect(createVerify('RSA-SHA256').update('hello').verify(publicKey, sig, 'base64')).toBe(true);
  });
  it('reports a bad key on the privateKey field without quoting the key', async () => {
    const err = (await runNode(cryptoNode, { params: { action: 'sign', value: 'x', privateKey: 'not-a-key-SECRET' }, items: [{}] }).catch((e: unknown) => e)) as Error;
    expect(err).toMatchObject({ details: { field: 'privateKey' } });
    expect(err.message).not.toContain('SECRET');
  });
  it('names an unknown algorithm', async () => {
    await expect(runNode(cryptoNode, { params: { action: 'sign', value: 'x', privateKey: pem, algorithm: 'NOPE-1' }, items: [{}] })).rejects.toMatchObject({ details: { field: 'algorithm' } });
  });
});

describe('crypto: generate', () => {
  it('generates a different UUID v4 per item', async () => {
    const out = await runNode(cryptoNode, { params: { action: 'generate', dataPropertyName: 'uuid' }, items: [{ a: 1 }, { a: 2 }] });
    const ids = out.main.map((i) => i.json.uuid as string);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(ids[0]).not.toBe(ids[1]);
    expect(out.main[1].json.a).toBe(2);
  });
  it('generates hex, base64 and printable ASCII strings of the asked length', async () => {
    const gen = async (encodingType: string) => (await runNode(cryptoNode, { params: { action: 'generate', encodingType, stringLength: 11 }, items: [{}] })).main[0].json.data as string;
    expect(await gen('hex')).toMatch(/^[0-9a-f]{11}$/);
    expect(await gen('base64')).toMatch(/^[A-Za-z0-9+/=]{11}$/);
    expect(await gen('ascii')).toMatch(/^[!-~]{11}$/);
  });
  it('refuses a length below 1, naming the field', async () => {
    await expect(runNode(cryptoNode, { params: { action: 'generate', encodingType: 'hex', stringLength: 0 }, items: [{}] })).rejects.toThrow(/field "stringLength"/);
  });
});
