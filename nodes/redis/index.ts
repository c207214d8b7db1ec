/**
 * redis: n8n's Redis node (n8n-nodes-base.redis v1) on one ioredis connection per node run, opened from the
 * `redis` credential and always closed (also on error and cancel). Output shapes per operation: operations.ts.
 *
 * Params (n8n's names; expressions resolve per item; each operation reads only its own fields):
 * - operation: 'get' | 'set' | 'delete' | 'incr' | 'keys' | 'push' | 'pop' | 'publish' | 'info'   (default 'info')
 * - key                     get, set, delete, incr: the key
 * - propertyName            get, pop: output field, dotted path unless dotNotation is off (default 'propertyName')
 * - dotNotation             get, pop: n8n's options.dotNotation (default true)
 * - keyType                 get, set: 'automatic' | 'string' | 'hash' | 'list' | 'sets' (default 'automatic')
 * - value, valueIsJSON      set: the value; a hash from a JSON object (default true) or `field value ...` text
 * - expire, ttl             set, incr: give the key a time to live of ttl seconds (default false, 60)
 * - keyPattern, getValues   keys: KEYS pattern; read each key's value too (default true)
 * - list, tail, messageData push, pop: the list; push/pop at the end instead of the start (default false); the data
 * - channel, messageData    publish
 * - connectTimeoutMs        Weft: how long connecting may take (default 10 000)
 * A failed item follows the node's On Error setting (nodes/per-item.ts): stop the run (default), keep
 * { error } in its place (continue), or send it to the error output (errorOutput). Connecting is not per item:
 * a connection that fails fails the node whatever the setting.
 */
import type { Redis } from 'ioredis';
import { defineNode, NodeError, z, type Item, type JsonObject, type NodeContext, type NodeOutput } from '../sdk';
import { perItem } from '../per-item';
import { readCredential, withRedis } from './client';
import { hashFields, infoToObject, isUsablePath, matchingKeys, parsePopped, readValue, setProperty, toRedisText, typeForValue, writeValue } from './operations';

export const REDIS_OPERATIONS = ['get', 'set', 'delete', 'incr', 'keys', 'push', 'pop', 'publish', 'info'] as const;
export const REDIS_KEY_TYPES = ['automatic', 'string', 'hash', 'list', 'sets'] as const;

/** Text fields: an expression giving a number (an id as key) is used as its text. */
const text = (fallback: string) => z.preprocess((v) => (typeof v === 'number' ? String(v) : v), z.string()).default(fallback);

export const redisParams = z.object({
  operation: z.enum(REDIS_OPERATIONS).default('info').describe('What to do'),
  key: text('').describe('Get, set, delete, increment: the key'),
  propertyName: text('propertyName').describe('Get, pop: field to write the value to (a.b.c is a path unless dot notation is off)'),
  dotNotation: z.boolean().default(true).describe('Get, pop: read the field name as a dotted path'),
  keyType: z.enum(REDIS_KEY_TYPES).default('automatic').describe('Get, set: the type of the key (automatic: ask Redis / go by the value)'),
  value: z.unknown().default('').describe('Set: the value (text, or an expression giving an array or object)'),
  valueIsJSON: z.boolean().default(true).describe('Set a hash: the value is a JSON object (off: "field value field value" text)'),
  expire: z.boolean().default(false).describe('Set, increment: give the key a time to live'),
  ttl: z.coerce.number().int().default(60).describe('Set, increment: time to live in seconds'),
  keyPattern: text('').describe('Keys: pattern such as user:*'),
  getValues: z.boolean().default(true).describe('Keys: read the value of each key too'),
  list: text('').describe('Push, pop: the list'),
  tail: z.boolean().default(false).describe('Push, pop: at the end of the list instead of the start'),
  channel: text('').describe('Publish: the channel'),
  messageData: z.unknown().default('').describe('Push, publish: the data (objects are sent as JSON)'),
  connectTimeoutMs: z.coerce.number().int().positive().default(10_000).describe('How long connecting to Redis may take, in milliseconds'),
});

type Params = z.output<typeof redisParams>;
type Ctx = NodeContext<Params>;

/** The field an operation's Redis errors are about. */
const FIELD_OF: Record<Params['operation'], string> = {
  get: 'key', set: 'key', delete: 'key', incr: 'key', keys: 'keyPattern', push: 'list', pop: 'list', publish: 'channel', info: 'operation',
};

function required(ctx: Ctx, p: Params, field: 'key' | 'keyPattern' | 'list' | 'channel', itemIndex: number): string {
  const value = p[field];
  if (value.trim() === '') throw new NodeError(`Node "${ctx.node.name}", field "${field}": is empty; ${p.operation} needs it`, { field, itemIndex });
  return value;
}

/** The output field of get and pop, checked before anything is read or popped. */
function propertyPath(ctx: Ctx, p: Params, itemIndex: number): string {
  if (!isUsablePath(p.propertyName, p.dotNotation)) {
    throw new NodeError(`Node "${ctx.node.name}", field "propertyName": "${p.propertyName}" is not a usable field name`, { field: 'propertyName', itemIndex });
  }
  return p.propertyName;
}

async function setKey(ctx: Ctx, client: Redis, p: Params, itemIndex: number): Promise<void> {
  const key = required(ctx, p, 'key', itemIndex);
  if (p.value === null || p.value === undefined) throw new NodeError(`Node "${ctx.node.name}", field "value": is empty`, { field: 'value', itemIndex });
  const type = p.keyType === 'automatic' ? (typeForValue(p.value) ?? 'string') : p.keyType;
  const fields = type === 'hash' ? hashFields(p.value, p.valueIsJSON) : undefined;
  if (type === 'hash' && !fields) {
    const want = p.valueIsJSON ? 'a JSON object' : '"field value field value" text';
    throw new NodeError(`Node "${ctx.node.name}", field "value": a hash needs ${want}`, { field: 'value', itemIndex });
  }
  await writeValue(client, key, type, p.value, fields);
  if (p.expire) await client.expire(key, p.ttl);
}

/** One item's operation; returns its output item. */
async function runItem(ctx: Ctx, client: Redis, p: Params, item: Item, itemIndex: number): Promise<Item> {
  const paired = { pairedItem: { item: itemIndex } };
  const passThrough = { ...item, ...paired };
  switch (p.operation) {
    case 'get': {
      const json: JsonObject = {};
      const path = propertyPath(ctx, p, itemIndex);
      setProperty(json, path, await readValue(client, required(ctx, p, 'key', itemIndex), p.keyType), p.dotNotation);
      return { json, ...paired };
    }
    case 'set':
      await setKey(ctx, client, p, itemIndex);
      return passThrough;
    case 'delete':
      await client.del(required(ctx, p, 'key', itemIndex));
      return passThrough;
    case 'incr': {
      const key = required(ctx, p, 'key', itemIndex);
      const value = await client.incr(key);
      if (p.expire && p.ttl > 0) await client.expire(key, p.ttl);
      return { json: { [key]: value }, ...paired };
    }
    case 'keys': {
      const keys = await matchingKeys(client, required(ctx, p, 'keyPattern', itemIndex));
      if (!p.getValues) return { json: { keys }, ...paired };
      const json: JsonObject = {};
      for (const key of keys) json[key] = await readValue(client, key, 'automatic');
      return { json, ...paired };
    }
    case 'push': {
      const list = required(ctx, p, 'list', itemIndex);
      const data = toRedisText(p.messageData);
      await (p.tail ? client.rpush(list, data) : client.lpush(list, data));
      return passThrough;
    }
    case 'pop': {
      const list = required(ctx, p, 'list', itemIndex);
      const path = propertyPath(ctx, p, itemIndex);
      const json: JsonObject = {};
      setProperty(json, path, parsePopped(await (p.tail ? client.rpop(list) : client.lpop(list))), p.dotNotation);
      return { json, ...paired };
    }
    case 'publish':
      await client.publish(required(ctx, p, 'channel', itemIndex), toRedisText(p.messageData));
      return passThrough;
    case 'info':
      throw new Error('info runs once per node run');
  }
}

/** Every item's operation; a failed item follows the node's onError (n8n's "continue on fail", nodes/per-item.ts). */
function runItems(ctx: Ctx, client: Redis): Promise<NodeOutput> {
  return perItem(ctx as NodeContext<unknown>, 'main', async (item, i) => {
    const p = ctx.params(i);
    try {
      return await runItem(ctx, client, p, item, i);
    } catch (err) {
      if (err instanceof NodeError || ctx.signal.aborted) throw err;
      const field = FIELD_OF[p.operation];
      throw new NodeError(`Node "${ctx.node.name}", field "${field}": Redis ${p.operation} failed: ${(err as Error).message}`, { field, itemIndex: i });
    }
  });
}

export const redisNode = defineNode({
  type: 'redis',
  version: 1,
  displayName: 'Redis',
  description: 'Get, set, increment, list, push, pop and publish in Redis',
  category: 'integration',
  icon: 'database',
  inputs: [{ name: 'main' }],
  outputs: [{ name: 'main' }],
  params: redisParams,
  credentials: [{ name: 'redis', type: 'redis', required: true }],
  async execute(ctx) {
    const first = ctx.params(0);
    if (first.operation !== 'info' && ctx.items.length === 0) return { main: [] }; // nothing to do: no connection
    const credential = readCredential(await ctx.credentials('redis'));
    return withRedis({ nodeName: ctx.node.name, credential, connectTimeoutMs: first.connectTimeoutMs, signal: ctx.signal }, async (client): Promise<NodeOutput> =>
      first.operation === 'info' ? { main: [{ json: infoToObject(await client.info()), pairedItem: { item: 0 } }] } : runItems(ctx, client),
    );
  },
});

export default redisNode;
