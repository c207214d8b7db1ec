/**
 * summarize: n8n's Summarize (n8n-nodes-base.summarize v1, v1.1), "pivot table" aggregation of all input items,
 * with the behaviour recorded from n8n 2.40.7 (server/n8n/fixtures/summarize-cases.expected.json).
 *
 * Params:
 *   fields: [{ aggregation, field, includeEmpty, separator }]   n8n fieldsToSummarize.values
 *     aggregation: append | average | concatenate | count | countUnique | max | min | sum   (count)
 *     Output field `<prefix>_<field>` with dots as underscores: appended_, average_, concatenated_, count_,
 *     unique_count_, max_, min_, sum_ (e.g. sum_amount, count_id, appended_o_v).
 *     Empty values (null, missing, '') are left out unless includeEmpty (append, concatenate, count,
 *     countUnique; append writes a missing value as null, concatenate as "undefined").
 *     sum / average use the values that are numbers (0 / null when there are none); max / min compare the
 *     non-empty values one after another with > and < (null when there are none); countUnique counts distinct
 *     values (objects by identity); concatenate joins with `separator` (objects as JSON).
 *   fieldsToSplitBy: string   comma-separated fields to group by (n8n's "Fields to Split By")
 *   outputFormat: separateItems | singleItem   one item per group ({ ...aggregations, ...split values }, objects
 *                 as JSON) or one item nesting the groups by value ({ a: { x: {...} } })
 *   skipEmptySplitFields: boolean   leave out items whose split value is null, missing or ''
 *   continueIfFieldNotFound: boolean   v1 only: without it a field missing from every item fails the node
 *   dotNotation: boolean (true)   field names are paths (a.b); a key that literally holds the dot wins, as in n8n
 * Version 1 differs from 1.1 (as n8n): it fails on a field no item has, and a missing split value is the text
 * "undefined" instead of being left out.
 */
import { defineNode, NodeError, z, type Item, type JsonObject } from '../sdk';
import { getPath } from '../transform/fields';

export const AGGREGATIONS = ['append', 'average', 'concatenate', 'count', 'countUnique', 'max', 'min', 'sum'] as const;
type Aggregation = (typeof AGGREGATIONS)[number];

const PREFIX: Record<Aggregation, string> = {
  append: 'appended', average: 'average', concatenate: 'concatenated', count: 'count', countUnique: 'unique_count', max: 'max', min: 'min', sum: 'sum',
};

const params = z.object({
  fields: z
    .array(
      z.object({
        aggregation: z.enum(AGGREGATIONS).default('count').describe('How to combine the values'),
        field: z.string().default('').describe('Input field (a.b is a path unless dot notation is off)'),
        includeEmpty: z.boolean().default(false).describe('Append, concatenate, count, count unique: include null, missing and empty values'),
        separator: z.string().default(',').describe('Concatenate: text between the values'),
      }),
    )
    .default([{ aggregation: 'count', field: '', includeEmpty: false, separator: ',' }])
    .describe('Fields to summarize'),
  fieldsToSplitBy: z.string().default('').describe('Fields to group by, comma-separated'),
  outputFormat: z.enum(['separateItems', 'singleItem']).default('separateItems').describe('One item per group, or all groups in one item'),
  skipEmptySplitFields: z.boolean().default(false).describe('Leave out items whose split field is empty'),
  continueIfFieldNotFound: z.boolean().default(false).describe('Version 1: do not fail when no item has a field'),
  dotNotation: z.boolean().default(true).describe('Field names are paths (a.b)'),
});
type Params = z.output<typeof params>;
type Field = Params['fields'][number];

const isEmpty = (v: unknown) => v === null || v === undefined || v === '';

/** n8n reads fields like lodash's get: a key that literally holds the dotted name wins over the path. */
function read(json: JsonObject, field: string, dotNotation: boolean): unknown {
  if (!dotNotation || Object.prototype.hasOwnProperty.call(json, field)) return Object.prototype.hasOwnProperty.call(json, field) ? json[field] : undefined;
  return getPath(json, field, true);
}

const outputName = (f: Field) => `${PREFIX[f.aggregation]}_${f.field.replace(/\./g, '_')}`;
const text = (v: unknown) => (v !== null && typeof v === 'object' ? JSON.stringify(v) : String(v));

function aggregate(f: Field, values: unknown[]): unknown {
  const kept = f.includeEmpty && ['append', 'concatenate', 'count', 'countUnique'].includes(f.aggregation) ? values : values.filter((v) => !isEmpty(v));
  const numbers = kept.filter((v): v is number => typeof v === 'number');
  switch (f.aggregation) {
    case 'append':
      return kept.map((v) => (v === undefined ? null : v));
    case 'concatenate':
      return kept.map(text).join(f.separator);
    case 'count':
      return kept.length;
    case 'countUnique':
      return new Set(kept).size;
    case 'sum':
      return numbers.reduce((a, b) => a + b, 0);
    case 'average':
      return numbers.length ? numbers.reduce((a, b) => a + b, 0) / numbers.length : null;
    case 'max':
    case 'min': {
      if (!kept.length) return null;
      let best = kept[0] as number;
      for (const v of kept.slice(1) as number[]) if (f.aggregation === 'max' ? v > best : v < best) best = v;
      return best;
    }
  }
}

function summarizeItems(items: Item[], fields: Field[], dotNotation: boolean): JsonObject {
  const out: JsonObject = {};
  for (const f of fields) out[outputName(f)] = aggregate(f, items.map((it) => read(it.json, f.field, dotNotation))) as JsonObject[string];
  return out;
}

interface Group {
  value: unknown;
  items: Item[];
  indexes: number[];
  children: Map<string, Group>;
}

/** The groups' key: values that print alike in n8n's single-item output share a group. */
const groupKey = (v: unknown) => (v === undefined ? 'undefined' : text(v));

export const summarizeNode = defineNode({
  type: 'summarize',
  version: [1, 1.1],
  displayName: 'Summarize',
  description: 'Sum, count, average, concatenate and more over all items, optionally per group (like a pivot table)',
  category: 'transform',
  icon: 'sigma',
  inputs: [{ name: 'main' }],
  outputs: [{ name: 'main' }],
  params,
  async execute(ctx) {
    if (!ctx.items.length) return { main: [] };
    const p = ctx.params(0);
    const v1 = (ctx.node.typeVersion ?? 1.1) < 1.1;
    const fields = p.fields.filter((f) => f.field.trim() !== '');
    if (!fields.length) throw new NodeError(`Node "${ctx.node.name}", field "fields": add at least one field to summarize (a field name is empty)`, { field: 'fields' });
    if (v1 && !p.continueIfFieldNotFound) {
      for (const f of fields) {
        if (ctx.items.every((it) => read(it.json, f.field, p.dotNotation) === undefined)) {
          throw new NodeError(`Node "${ctx.node.name}", field "fields": the field '${f.field}' does not exist in any items (turn on "Continue if field not found" to summarize anyway)`, { field: 'fields' });
        }
      }
    }
    const splitBy = p.fieldsToSplitBy.split(',').map((s) => s.trim()).filter(Boolean);
    const paired = (indexes: number[]) => indexes.map((item) => ({ item }));
    if (!splitBy.length) return { main: [{ json: summarizeItems(ctx.items, fields, p.dotNotation), pairedItem: paired(ctx.items.map((_, i) => i)) }] };

    const root: Group = { value: undefined, items: [], indexes: [], children: new Map() };
    ctx.items.forEach((item, i) => {
      const values = splitBy.map((s) => read(item.json, s, p.dotNotation));
      if (p.skipEmptySplitFields && values.some(isEmpty)) return;
      let node = root;
      for (const value of values) {
        const key = groupKey(value);
        let child = node.children.get(key);
        if (!child) node.children.set(key, (child = { value, items: [], indexes: [], children: new Map() }));
        node = child;
      }
      node.items.push(item);
      node.indexes.push(i);
    });

    if (p.outputFormat === 'singleItem') {
      const nest = (g: Group, depth: number): JsonObject => {
        const obj: JsonObject = {};
        for (const [key, child] of g.children) obj[key] = depth === splitBy.length - 1 ? summarizeItems(child.items, fields, p.dotNotation) : nest(child, depth + 1);
        return obj;
      };
      return { main: root.children.size ? [{ json: nest(root, 0), pairedItem: paired(ctx.items.map((_, i) => i)) }] : [] };
    }

    const out: Item[] = [];
    const walk = (g: Group, depth: number, path: unknown[]) => {
      for (const child of g.children.values()) {
        const values = [...path, child.value];
        if (depth < splitBy.length - 1) {
          walk(child, depth + 1, values);
          continue;
        }
        const json = summarizeItems(child.items, fields, p.dotNotation);
        // n8n adds the split fields after the aggregations, the last split field first.
        for (let k = splitBy.length - 1; k >= 0; k--) {
          const v = values[k];
          if (v === undefined && !v1) continue;
          json[splitBy[k].replace(/\./g, '_')] = (v === undefined ? 'undefined' : v !== null && typeof v === 'object' ? JSON.stringify(v) : v) as JsonObject[string];
        }
        out.push({ json, pairedItem: paired(child.indexes) });
      }
    };
    walk(root, 0, []);
    return { main: out };
  },
});

export default summarizeNode;
