/**
 * transform: set, rename and remove fields (n8n's Edit Fields / Set, v1 to v3.4).
 *
 * Params (all resolved per item, so any value may be an expression):
 *   mode: 'manual' | 'json'                 manual: `assignments`; json: the object in `json` (n8n "raw" mode)
 *   assignments: [{ name, value, type }]    type: string | number | boolean | array | object | any
 *                                           (any = keep the value as the expression produced it, n8n Set v1/v2)
 *   json: string | object                   a JSON object (json mode), e.g. '={ "id": {{ $json.id }} }' or an
 *                                           expression giving an object, '={{ { ...$json, a: 1 } }}' (n8n jsonOutput)
 *   include: 'all' | 'none' | 'selected' | 'except'   which input fields the output starts from
 *                                           (n8n v3.3+: includeOtherFields false -> none; true -> `include`;
 *                                            v3.0-3.2 `include`; v1/v2: keepOnlySet true -> none)
 *   includeFields: string                   comma-separated paths, for include 'selected'; a path's value
 *                                           is written under its last key (user.last -> last), as n8n does
 *   excludeFields: string                   comma-separated paths, for include 'except'
 *   rename: [{ from, to }]                  fields moved to a new name (read from the input item)
 *   remove: [{ name }]                      fields removed from the output, applied last
 *   dotNotation: boolean (true)             'a.b' writes { a: { b } }; off: a key named "a.b"
 *   ignoreConversionErrors: boolean (false) a value that does not fit its type is kept as it is
 *   strictTypes: boolean (false)            no conversion at all: "5" for a number field is an error
 *   includeBinary: boolean (true)           keep the input item's binary data
 * Order: start from `include`, then rename, then assignments (or json), then remove.
 */
import { DateTime } from 'luxon';
import { defineNode, NodeError, z, type Item, type JsonObject } from '../sdk';
import { coerce } from '../condition/coerce';
import { perItem } from '../per-item';
import { deepClone, describeValue, fieldList, getPath, hasPath, setPath, unsetPath } from './fields';

const assignmentSchema = z.object({
  name: z.string().describe('Field name; dot notation (a.b) creates nested fields'),
  value: z.unknown().describe('Value or expression'),
  type: z.enum(['string', 'number', 'boolean', 'array', 'object', 'any']).default('string').describe('Type the value is converted to'),
});

const params = z.object({
  mode: z.enum(['manual', 'json']).default('manual').describe('manual: set fields one by one; json: set the fields of a JSON object'),
  assignments: z.array(assignmentSchema).default([]).describe('Fields to set'),
  // A JSON text, or an object when the whole field is an expression such as {{ { ...$json, a: 1 } }}.
  json: z.union([z.string(), z.record(z.string(), z.unknown())]).default('').describe('JSON object whose fields are set (json mode)'),
  include: z.enum(['all', 'none', 'selected', 'except']).default('all').describe('Which input fields to keep'),
  includeFields: z.string().default('').describe('Fields to keep, comma-separated (include: selected)'),
  excludeFields: z.string().default('').describe('Fields to drop, comma-separated (include: except)'),
  rename: z.array(z.object({ from: z.string().describe('Current field name'), to: z.string().describe('New field name') })).default([]).describe('Fields to rename'),
  remove: z.array(z.object({ name: z.string().describe('Field to remove') })).default([]).describe('Fields to remove'),
  dotNotation: z.boolean().default(true).describe('Treat dots in names as nested paths'),
  ignoreConversionErrors: z.boolean().default(false).describe('Keep values that do not fit their type instead of failing'),
  strictTypes: z.boolean().default(false).describe('Do not convert values: a value must already have its type'),
  includeBinary: z.boolean().default(true).describe('Keep binary data of the input items'),
});
type Params = z.output<typeof params>;

/** Dates become ISO strings so items stay JSON. */
function plainValue(value: unknown): unknown {
  if (DateTime.isDateTime(value)) return value.toISO();
  if (value instanceof Date) return value.toISOString();
  return value;
}

export function convertAssignment(name: string, raw: unknown, type: string, p: Pick<Params, 'ignoreConversionErrors' | 'strictTypes'>, itemIndex: number, field: string): unknown {
  const value = plainValue(raw);
  if (type === 'any') return value === undefined ? null : value;
  // n8n Set v3.4: a missing value stays null whatever the type (checked against n8n 2.40.7).
  if (value === undefined || value === null) return null;
  const res = coerce(value, type as 'string', p.strictTypes);
  if (res.ok) return plainValue(res.value);
  if (p.ignoreConversionErrors) return value ?? null;
  throw new NodeError(`Field "${name}": ${res.reason}`, {
    field,
    itemIndex,
    description: 'Change the field type, or turn on "ignore conversion errors" to keep the value as it is.',
  });
}

function baseJson(item: Item, p: Params): JsonObject {
  switch (p.include) {
    case 'none':
      return {};
    case 'selected': {
      const out: JsonObject = {};
      for (const f of fieldList(p.includeFields)) {
        if (!hasPath(item.json, f, p.dotNotation)) continue;
        // n8n (Set v3.x, checked on 2.40.7): a path keeps only its last key, 'user.last' -> { last }.
        const key = p.dotNotation ? f.split('.').pop()! : f;
        setPath(out, key, deepClone(getPath(item.json, f, p.dotNotation)), p.dotNotation);
      }
      return out;
    }
    case 'except': {
      const out = deepClone(item.json);
      for (const f of fieldList(p.excludeFields)) unsetPath(out, f, p.dotNotation);
      return out;
    }
    default:
      return deepClone(item.json);
  }
}

function parseJsonParam(value: string | unknown, itemIndex: number): JsonObject {
  let parsed: unknown = value;
  if (typeof value === 'string') {
    if (value.trim() === '') return {};
    try {
      parsed = JSON.parse(value);
    } catch (err) {
      throw new NodeError(`Field "json": not valid JSON (${(err as Error).message})`, { field: 'json', itemIndex, description: 'Write a JSON object such as { "name": "value" }.' });
    }
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new NodeError(`Field "json": expected a JSON object but got ${Array.isArray(parsed) ? 'an array' : describeValue(parsed)}`, { field: 'json', itemIndex });
  }
  return parsed as JsonObject;
}

export function transformItem(item: Item, p: Params, itemIndex: number): Item {
  const json = baseJson(item, p);
  for (const [r, { from, to }] of p.rename.entries()) {
    if (!from || !to) throw new NodeError(`Rename ${r + 1}: both "from" and "to" are needed`, { field: `rename.${r}`, itemIndex });
    if (!hasPath(item.json, from, p.dotNotation)) continue;
    const value = deepClone(getPath(item.json, from, p.dotNotation));
    unsetPath(json, from, p.dotNotation);
    setPath(json, to, value, p.dotNotation);
  }
  if (p.mode === 'json') {
    const obj = parseJsonParam(p.json, itemIndex);
    for (const [key, value] of Object.entries(obj)) setPath(json, key, deepClone(plainValue(value)), p.dotNotation);
  } else {
    p.assignments.forEach((a, k) => {
      const name = String(a.name ?? '').trim() === '' ? '' : a.name;
      if (!name) throw new NodeError(`Assignment ${k + 1}: the field name is empty`, { field: `assignments.${k}.name`, itemIndex });
      const value = convertAssignment(name, a.value, a.type, p, itemIndex, `assignments.${k}.value`);
      setPath(json, name, deepClone(value), p.dotNotation);
    });
  }
  for (const { name } of p.remove) if (name) unsetPath(json, name, p.dotNotation);
  const out: Item = { json, pairedItem: { item: itemIndex } };
  if (p.includeBinary && item.binary) out.binary = item.binary;
  return out;
}

export const transform = defineNode({
  type: 'transform',
  version: 1,
  displayName: 'Edit Fields',
  description: 'Set, rename and remove fields, keeping or dropping the other fields',
  category: 'transform',
  icon: 'pencil',
  inputs: [{ name: 'main' }],
  outputs: [{ name: 'main' }],
  params,
  async execute(ctx) {
    // onError continue / errorOutput: a failed item becomes an error item, the others go on (as n8n).
    return perItem(ctx, 'main', (item, i) => transformItem(item, ctx.params(i), i));
  },
});
