/**
 * Crypto (n8n's Crypto v1), with Node's crypto: hash, HMAC or sign a value, or generate a random string.
 * Each output item is the input item with the result written to `dataPropertyName`, taken as one key as n8n
 * does (`a.b` is a key with a dot; checked against n8n 2.40.7).
 *
 * Params (expressions resolve per item):
 * - action: 'hash' | 'hmac' | 'sign' | 'generate'                      (default 'hash')
 * - type: 'MD5'|'SHA1'|'SHA256'|'SHA384'|'SHA512'|'SHA3-256'|'SHA3-384'|'SHA3-512'   hash/hmac (default 'MD5')
 * - value: string                 the text to hash, HMAC or sign
 * - binaryData: boolean           hash/hmac the item's binary `binaryPropertyName` instead of `value` (default false)
 * - binaryPropertyName: string    default 'data'
 * - secret: string                hmac: the key (never logged, never in error messages)
 * - algorithm: string             sign: an OpenSSL signature algorithm, e.g. 'RSA-SHA256' (default)
 * - privateKey: string            sign: PEM private key (never logged, never in error messages)
 * - encoding: 'hex' | 'base64'    hash/hmac/sign output (default 'hex')
 * - encodingType: 'uuid' | 'hex' | 'base64' | 'ascii'   generate (default 'uuid')
 * - stringLength: number          generate hex/base64/ascii: length of the string (default 32)
 * - dataPropertyName: string      the key the result goes to (default 'data')
 */
import { createHash, createHmac, createSign, randomBytes, randomInt, randomUUID } from 'node:crypto';
import { defineNode, z, type Item, type JsonObject, type NodeContext } from '../sdk';
import { fieldError, perItem } from '../per-item';
import { deepClone, setPath } from '../transform/fields';

const hashTypes = ['MD5', 'SHA1', 'SHA256', 'SHA384', 'SHA512', 'SHA3-256', 'SHA3-384', 'SHA3-512'] as const;

const params = z.object({
  action: z.enum(['hash', 'hmac', 'sign', 'generate']).default('hash').describe('What to do'),
  type: z.enum(hashTypes).default('MD5').describe('Hash / HMAC: algorithm'),
  value: z.preprocess((v) => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v)), z.string()).describe('Hash / HMAC / sign: the text to work on'),
  binaryData: z.boolean().default(false).describe('Hash / HMAC: use the item\'s binary data instead of Value'),
  binaryPropertyName: z.string().default('data').describe('Hash / HMAC: binary property holding the data'),
  secret: z.string().default('').describe('HMAC: secret key').meta({ secret: true }),
  algorithm: z.string().default('RSA-SHA256').describe('Sign: signature algorithm, e.g. RSA-SHA256'),
  privateKey: z.string().default('').describe('Sign: private key (PEM)').meta({ secret: true }),
  encoding: z.enum(['hex', 'base64']).default('hex').describe('Hash / HMAC / sign: output encoding'),
  encodingType: z.enum(['uuid', 'hex', 'base64', 'ascii']).default('uuid').describe('Generate: kind of random string'),
  stringLength: z.coerce.number().int().min(1).max(10_000).default(32).describe('Generate: length of the string (not for UUID)'),
  dataPropertyName: z.string().default('data').describe('Field to write the result to (one key, dots included)'),
});

type Params = z.output<typeof params>;

export const cryptoNode = defineNode({
  type: 'crypto',
  version: 1,
  displayName: 'Crypto',
  description: 'Hash, HMAC or sign a value, or generate a random string or UUID',
  category: 'transform',
  icon: 'key-round',
  inputs: [{ name: 'main' }],
  outputs: [{ name: 'main' }],
  params,
  async execute(ctx) {
    return perItem(ctx as NodeContext<unknown>, 'main', (item, i): Item => {
      const p = ctx.params(i);
      if (!p.dataPropertyName.trim()) throw fieldError(ctx, 'dataPropertyName', i, 'give the field to write the result to');
      const json = deepClone(item.json) as JsonObject;
      setPath(json, p.dataPropertyName, compute(ctx, p, item, i), false);
      return { ...(item.binary ? { binary: item.binary } : {}), json, pairedItem: { item: i } };
    });
  },
});

function compute(ctx: NodeContext<Params>, p: Params, item: Item, i: number): string {
  switch (p.action) {
    case 'generate':
      return generate(p.encodingType, p.stringLength);
    case 'hash':
      return createHash(nodeAlgorithm(p.type)).update(input(ctx, p, item, i)).digest(p.encoding);
    case 'hmac':
      if (!p.secret) throw fieldError(ctx, 'secret', i, 'an HMAC needs a secret key');
      return createHmac(nodeAlgorithm(p.type), p.secret).update(input(ctx, p, item, i)).digest(p.encoding);
    case 'sign': {
      if (!p.privateKey.trim()) throw fieldError(ctx, 'privateKey', i, 'signing needs a private key (PEM)');
      let signer;
      try {
        signer = createSign(p.algorithm);
      } catch {
        throw fieldError(ctx, 'algorithm', i, `"${p.algorithm}" is not a signature algorithm this server knows (e.g. RSA-SHA256)`);
      }
      try {
        return signer.update(p.value).sign(p.privateKey, p.encoding);
      } catch {
        // The key's text stays out of the message: it is a secret.
        throw fieldError(ctx, 'privateKey', i, `the private key could not sign with ${p.algorithm}; check it is a PEM private key that fits the algorithm`);
      }
    }
  }
}

/** n8n's names (SHA3-256) -> OpenSSL's (sha3-256). */
const nodeAlgorithm = (type: Params['type']) => type.toLowerCase();

function input(ctx: NodeContext<Params>, p: Params, item: Item, i: number): string | Buffer {
  if (!p.binaryData) return p.value;
  const bin = item.binary?.[p.binaryPropertyName];
  if (!bin) throw fieldError(ctx, 'binaryPropertyName', i, `the item has no binary property "${p.binaryPropertyName}"`);
  return Buffer.from(bin.data, 'base64');
}

const PRINTABLE = Array.from({ length: 94 }, (_, k) => String.fromCharCode(33 + k)).join('');

function generate(kind: Params['encodingType'], length: number): string {
  switch (kind) {
    case 'uuid':
      return randomUUID();
    case 'hex':
      return randomBytes(Math.ceil(length / 2)).toString('hex').slice(0, length);
    case 'base64':
      return randomBytes(length).toString('base64').slice(0, length);
    case 'ascii':
      return Array.from({ length }, () => PRINTABLE[randomInt(PRINTABLE.length)]).join('');
  }
}

