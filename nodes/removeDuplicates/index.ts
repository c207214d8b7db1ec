/**
 * removeDuplicates: drops items that repeat an earlier item of the same input (n8n's Remove Duplicates,
 * "remove items repeated within current input"; the first occurrence is kept).
 * Params:
 *   compare: 'allFields' | 'allFieldsExcept' | 'selectedFields' (allFields)
 *   fieldsToExclude: string   comma-separated (allFieldsExcept)
 *   fieldsToCompare: string   comma-separated (selectedFields)
 *   removeOtherFields: boolean (false)   selectedFields: output only the compared fields
 *   dotNotation: boolean (true)          field names are paths (a.b)
 * With selectedFields, a field missing from any item is an error (as in n8n).
 * Values are compared deeply (objects and lists by content). Items keep pairedItem to their input item.
 */
import { defineNode, NodeError, z, type Item, type JsonObject } from '../sdk';
import { deepClone, fieldList, getPath, hasPath, setPath, unsetPath } from '../transform/fields';

/** A canonical string for a value: object keys sorted, so key order does not matter. */
function canonical(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const keys = Object.keys(value as object).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
}

export const removeDuplicates = defineNode({
  type: 'removeDuplicates',
  version: 1,
  displayName: 'Remove Duplicates',
  description: 'Drop items that repeat an earlier item, comparing all or chosen fields',
  category: 'transform',
  icon: 'copy-minus',
  inputs: [{ name: 'main' }],
  outputs: [{ name: 'main' }],
  params: z.object({
    compare: z.enum(['allFields', 'allFieldsExcept', 'selectedFields']).default('allFields').describe('Which fields decide that two items are the same'),
    fieldsToExclude: z.string().default('').describe('Fields to ignore, comma-separated (all fields except)'),
    fieldsToCompare: z.string().default('').describe('Fields to compare, comma-separated (selected fields)'),
    removeOtherFields: z.boolean().default(false).describe('Output only the compared fields (selected fields)'),
    dotNotation: z.boolean().default(true).describe('Field names are paths (a.b)'),
  }),
  async execute(ctx) {
    const p = ctx.params(0);
    const seen = new Set<string>();
    const out: Item[] = [];
    const selected = fieldList(p.fieldsToCompare);
    const excluded = fieldList(p.fieldsToExclude);
    if (p.compare === 'selectedFields' && selected.length === 0) {
      throw new NodeError('Field "fieldsToCompare": name at least one field to compare', { field: 'fieldsToCompare' });
    }
    if (p.compare === 'selectedFields') {
      // As n8n does: comparing on a field some items lack is an error, not a silent match on "missing".
      for (const f of selected) {
        if (ctx.items.some((item) => !hasPath(item.json, f, p.dotNotation))) {
          throw new NodeError(`Field "fieldsToCompare": "${f}" is missing from some input items`, { field: 'fieldsToCompare' });
        }
      }
    }
    ctx.items.forEach((item, i) => {
      let key: string;
      if (p.compare === 'selectedFields') key = canonical(selected.map((f) => getPath(item.json, f, p.dotNotation)));
      else if (p.compare === 'allFieldsExcept') {
        const copy = deepClone(item.json);
        for (const f of excluded) unsetPath(copy, f, p.dotNotation);
        key = canonical(copy);
      } else key = canonical(item.json);
      if (seen.has(key)) return;
      seen.add(key);
      let json: JsonObject = item.json;
      if (p.compare === 'selectedFields' && p.removeOtherFields) {
        json = {};
        for (const f of selected) if (hasPath(item.json, f, p.dotNotation)) setPath(json, f, deepClone(getPath(item.json, f, p.dotNotation)), p.dotNotation);
      }
      out.push({ ...item, json, pairedItem: { item: i } });
    });
    return { main: out };
  },
});
