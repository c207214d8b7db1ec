/**
 * sort: orders items by fields, or shuffles them (n8n's Sort, "simple" and "random" types).
 * Params:
 *   type: 'simple' | 'random' (simple)
 *   fields: [{ field, order: 'ascending' | 'descending' }]   simple: compared in turn; n8n sortFieldsUi.sortField
 *                                                            (fieldName -> field; order defaults to ascending)
 *   dotNotation: boolean (true)   field names are paths (a.b); n8n options.disableDotNotation inverted
 * Comparison: numbers numerically, strings by character code (as JavaScript's < does), booleans
 * false < true; items missing a field (undefined/null) go last in either order; a field no item has is
 * an error (as in n8n). The sort is stable. Items keep pairedItem to their input item.
 */
import { defineNode, NodeError, z } from '../sdk';
import { getPath } from '../transform/fields';

function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  const sa = typeof a === 'object' ? JSON.stringify(a) : (a as string | number);
  const sb = typeof b === 'object' ? JSON.stringify(b) : (b as string | number);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

export const sort = defineNode({
  type: 'sort',
  version: 1,
  displayName: 'Sort',
  description: 'Order items by fields, or in random order',
  category: 'flow',
  icon: 'arrow-up-down',
  inputs: [{ name: 'main' }],
  outputs: [{ name: 'main' }],
  params: z.object({
    type: z.enum(['simple', 'random']).default('simple').describe('simple: by fields; random: shuffle'),
    fields: z
      .array(z.object({ field: z.string().describe('Field to sort by'), order: z.enum(['ascending', 'descending']).default('ascending').describe('Order') }))
      .default([])
      .describe('Fields to sort by, most important first'),
    dotNotation: z.boolean().default(true).describe('Field names are paths (a.b)'),
  }),
  async execute(ctx) {
    const p = ctx.params(0);
    const indexed = ctx.items.map((item, i) => ({ ...item, pairedItem: { item: i } }));
    if (p.type === 'random') {
      for (let i = indexed.length - 1; i > 0; i--) {
        const j = Math.floor(Math.random() * (i + 1));
        [indexed[i], indexed[j]] = [indexed[j], indexed[i]];
      }
      return { main: indexed };
    }
    if (p.fields.length === 0) throw new NodeError('Field "fields": add at least one field to sort by', { field: 'fields' });
    p.fields.forEach((f, k) => {
      if (!f.field) throw new NodeError(`Field "fields.${k}.field": the field name is empty`, { field: `fields.${k}.field` });
    });
    p.fields.forEach((f, k) => {
      if (indexed.length > 0 && indexed.every((item) => getPath(item.json, f.field, p.dotNotation) === undefined)) {
        throw new NodeError(`Field "fields.${k}.field": no input item has the field "${f.field}"`, { field: `fields.${k}.field` });
      }
    });
    const keyed = indexed.map((item) => ({ item, keys: p.fields.map((f) => getPath(item.json, f.field, p.dotNotation)) }));
    keyed.sort((x, y) => {
      for (let k = 0; k < p.fields.length; k++) {
        const a = x.keys[k];
        const b = y.keys[k];
        const aMissing = a === undefined || a === null;
        const bMissing = b === undefined || b === null;
        if (aMissing || bMissing) {
          if (aMissing && bMissing) continue;
          return aMissing ? 1 : -1;
        }
        const c = compareValues(a, b);
        if (c !== 0) return p.fields[k].order === 'descending' ? -c : c;
      }
      return 0;
    });
    return { main: keyed.map((k) => k.item) };
  },
});
