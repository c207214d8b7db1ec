/**
 * n8n's Redis node (n8n-nodes-base.redis v1) into nodes/redis. The Weft params have n8n's names; each
 * operation keeps only its own fields (n8n's defaults where the export leaves one out), and options.dotNotation
 * becomes the flat `dotNotation`. The credential slot keeps n8n's name, `redis`. The reverse mapper
 * (../reverse/redis.ts) reads the same table.
 */
import type { Mapper } from './types';
import { obj, str, type Params } from './util';
import { REDIS_OPERATIONS } from '../../../nodes/redis';

/** Per operation: its parameters and n8n's default for each (what n8n leaves out of an export). */
export const REDIS_FIELDS: Record<(typeof REDIS_OPERATIONS)[number], Record<string, unknown>> = {
  get: { key: '', propertyName: 'propertyName', keyType: 'automatic' },
  set: { key: '', value: '', keyType: 'automatic', valueIsJSON: true, expire: false, ttl: 60 },
  delete: { key: '' },
  incr: { key: '', expire: false, ttl: 60 },
  keys: { keyPattern: '', getValues: true },
  push: { list: '', messageData: '', tail: false },
  pop: { list: '', tail: false, propertyName: 'propertyName' },
  publish: { channel: '', messageData: '' },
  info: {},
};

/** Operations whose n8n node has options.dotNotation. */
export const REDIS_DOT_NOTATION_OPS = new Set(['get', 'pop']);

const isOperation = (op: string): op is keyof typeof REDIS_FIELDS => Object.hasOwn(REDIS_FIELDS, op);

export const redis: Mapper = ({ params: p }) => {
  const operation = str(p.operation, 'info');
  if (!isOperation(operation)) return { unsupported: `Redis operation "${operation}" is not supported` };
  const params: Params = { operation };
  for (const [field, n8nDefault] of Object.entries(REDIS_FIELDS[operation])) params[field] = p[field] ?? n8nDefault;
  if (REDIS_DOT_NOTATION_OPS.has(operation)) params.dotNotation = obj(p.options).dotNotation !== false;
  return { type: 'redis', params };
};
