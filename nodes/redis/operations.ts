/**
 * The Redis node's operations on an open connection, with n8n's Redis node (v1) output shapes:
 * - get: a new item holding only `propertyName` (dot notation unless turned off); a missing key gives null.
 *   keyType 'automatic' asks TYPE first (string, hash, list and set are read; other types give null).
 * - set: string / hash / list / sets, or by the value's JS type when 'automatic' (text: string, array: list,
 *   object: hash); then EXPIRE when `expire` is on. The input item passes through.
 * - incr: a new item { [key]: the new value }; EXPIRE when `expire` is on and ttl > 0.
 * - keys: one item { [key]: value, ... } (values read as with 'automatic'), or { keys: [...] } without values;
 *   found with SCAN rather than n8n's KEYS, which blocks the server on a large database.
 * - pop: a new item with the popped value (parsed as JSON when it is JSON) at `propertyName`.
 * - delete, push, publish: the input item passes through.
 * - info: one item for the whole run, INFO's fields (numbers as numbers, `a=1,b=2` values as objects).
 * Where n8n's behaviour is a bug, Weft does what the option says instead (see the README of server/n8n):
 * an existing set is read by 'automatic' (n8n asks for type "sets" and gets null), a list value replaces the
 * list (n8n's LSET fails on a new key), and objects are written as JSON rather than "[object Object]".
 */
import type { Redis } from 'ioredis';
import type { JsonObject } from '../sdk';

export type KeyType = 'automatic' | 'string' | 'hash' | 'list' | 'sets';

type Json = JsonObject[string];

/** Reads a key as the given type; 'automatic' asks Redis for the key's type first. */
export async function readValue(client: Redis, key: string, keyType: KeyType): Promise<Json> {
  const type = keyType === 'automatic' ? await client.type(key) : keyType;
  switch (type) {
    case 'string':
      return client.get(key);
    case 'hash':
      return client.hgetall(key);
    case 'list':
      return client.lrange(key, 0, -1);
    case 'set':
    case 'sets':
      return client.smembers(key);
    default:
      return null; // 'none' (no such key), zset, stream: nothing n8n reads
  }
}

/** Keys matching the pattern, by SCAN (KEYS would block the server on a large database); each key once. */
export async function matchingKeys(client: Redis, pattern: string): Promise<string[]> {
  const found = new Set<string>();
  let cursor = '0';
  do {
    const [next, batch] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    for (const key of batch) found.add(key);
    cursor = next;
  } while (cursor !== '0');
  return [...found];
}

/** Text for Redis: strings as they are, objects and arrays as JSON, other values as String() gives them. */
export function toRedisText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** The type 'automatic' writes for a value, or undefined when n8n cannot tell (numbers, booleans, null). */
export function typeForValue(value: unknown): Exclude<KeyType, 'automatic'> | undefined {
  if (typeof value === 'string') return 'string';
  if (Array.isArray(value)) return 'list';
  if (value && typeof value === 'object') return 'hash';
  return undefined;
}

/** Hash fields from the value: a JSON object (text or already an object), or `field value field value` text. */
export function hashFields(value: unknown, valueIsJSON: boolean): Record<string, string> | undefined {
  let source: unknown = value;
  if (valueIsJSON && typeof value === 'string') {
    try {
      source = JSON.parse(value);
    } catch {
      source = undefined;
    }
  } else if (!valueIsJSON) {
    const words = toRedisText(value).split(' ').filter((w) => w !== '');
    if (words.length === 0 || words.length % 2 !== 0) return undefined;
    const out: Record<string, string> = {};
    for (let i = 0; i < words.length; i += 2) out[words[i]] = words[i + 1];
    return out;
  }
  if (!source || typeof source !== 'object' || Array.isArray(source)) return undefined;
  return Object.fromEntries(Object.entries(source).map(([k, v]) => [k, toRedisText(v)]));
}

/** Elements of a list or set value: an array's elements, or a JSON array text's, or the value itself. */
export function members(value: unknown): string[] {
  let list: unknown = value;
  if (typeof value === 'string' && value.trim().startsWith('[')) {
    try {
      list = JSON.parse(value);
    } catch {
      list = value;
    }
  }
  return Array.isArray(list) ? list.map(toRedisText) : [toRedisText(list)];
}

/** Writes the value as `type` in one MULTI; lists and sets of no elements only remove the old key. */
export async function writeValue(client: Redis, key: string, type: Exclude<KeyType, 'automatic'>, value: unknown, fields?: Record<string, string>): Promise<void> {
  if (type === 'string') {
    await client.set(key, toRedisText(value));
    return;
  }
  if (type === 'hash') {
    if (fields && Object.keys(fields).length) await client.hset(key, fields);
    return;
  }
  const elements = members(value);
  const tx = client.multi().del(key);
  if (elements.length) (type === 'list' ? tx.rpush(key, ...elements) : tx.sadd(key, ...elements));
  const results = await tx.exec();
  const failed = results?.find(([err]) => err);
  if (failed?.[0]) throw failed[0];
}

/** Parses a popped value as JSON when it is JSON, as n8n does. */
export function parsePopped(value: string | null): Json {
  if (value === null) return null;
  try {
    return JSON.parse(value) as Json;
  } catch {
    return value;
  }
}

/** INFO text as an object: `# Section` and empty lines skipped, numeric text as numbers, `a=1,b=x` as objects. */
export function infoToObject(text: string): JsonObject {
  const out: JsonObject = {};
  const parse = (v: string): string | number => (/^[\d.]+$/.test(v) ? parseFloat(v) : v);
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const [key, rawValue] = line.split(':');
    if (key === undefined || rawValue === undefined) continue;
    const value = rawValue.trim();
    if (value.includes('=')) {
      const nested: JsonObject = {};
      for (const pair of value.split(',')) {
        const [k, v = ''] = pair.split('=');
        nested[k] = parse(v);
      }
      out[key] = nested;
    } else {
      out[key] = parse(value);
    }
  }
  return out;
}

const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const pathParts = (path: string) => path.split(/\.|\[(\d+)\]/).filter((p) => p !== undefined && p !== '');

/** Whether setProperty can write to the path: not empty, no __proto__ / constructor / prototype. */
export function isUsablePath(path: string, dotNotation: boolean): boolean {
  const parts = dotNotation ? pathParts(path) : [path];
  return parts.length > 0 && parts.every((p) => p !== '' && !UNSAFE_KEYS.has(p));
}

/** Sets a property on `target`: a dotted path (a.b[0].c) unless dotNotation is off. */
export function setProperty(target: JsonObject, path: string, value: Json, dotNotation: boolean): void {
  if (!isUsablePath(path, dotNotation)) throw new Error(`"${path}" is not a usable property name`);
  if (!dotNotation) {
    target[path] = value;
    return;
  }
  const parts = pathParts(path);
  let cur: Record<string, unknown> = target;
  parts.forEach((part, i) => {
    if (i === parts.length - 1) {
      cur[part] = value;
      return;
    }
    const next = cur[part];
    if (!next || typeof next !== 'object') cur[part] = /^\d+$/.test(parts[i + 1]) ? [] : {};
    cur = cur[part] as Record<string, unknown>;
  });
}
