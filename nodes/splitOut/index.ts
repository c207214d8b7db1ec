/**
 * splitOut: turns a list inside each item into separate items (n8n's Split Out; Item Lists "split out").
 *
 * Params:
 *   fieldToSplitOut: string            the list field (a path); several fields separated by commas are split
 *                                      side by side (element k of each goes into item k)
 *   include: 'none' | 'all' | 'selected' (none)   other fields copied into every new item
 *                                      (n8n noOtherFields / allOtherFields / selectedOtherFields)
 *   fieldsToInclude: string            comma-separated, for include 'selected'
 *   destinationFieldName: string ('')  put each element under this name; empty: an object element becomes
 *                                      the item itself when include is 'none', otherwise (and for any other
 *                                      element) it goes under the field's name
 *   dotNotation: boolean (true)        field names are paths (a.b)
 *   includeBinary: boolean (false)     copy the input item's binary data to every new item
 * A field that holds a single value gives one item, an object one item per value; a missing field gives no items (n8n
 * 2.40.7 does not fail either). Selected other fields keep their written name as the key ("o.x": 1), as
 * n8n does. New items keep pairedItem to their input item.
 */
import { defineNode, NodeError, z, type Item, type JsonObject } from '../sdk';
import { deepClone, fieldList, getPath, hasPath, isPlainObject, unsetPath } from '../transform/fields';

const params = z.object({
  fieldToSplitOut: z.string().default('').describe('Field holding the list to split (comma-separated for several)'),
  include: z.enum(['none', 'all', 'selected']).default('none').describe('Other fields to keep in each new item'),
  fieldsToInclude: z.string().default('').describe('Fields to keep, comma-separated (include: selected)'),
  destinationFieldName: z.string().default('').describe('Field for each element (empty: same as the split field)'),
  dotNotation: z.boolean().default(true).describe('Field names are paths (a.b)'),
  includeBinary: z.boolean().default(false).describe('Copy binary data to the new items'),
});

export const splitOut = defineNode({
  type: 'splitOut',
  version: 1,
  displayName: 'Split Out',
  description: 'Turn a list inside an item into separate items',
  category: 'transform',
  icon: 'ungroup',
  inputs: [{ name: 'main' }],
  outputs: [{ name: 'main' }],
  params,
  async execute(ctx) {
    const out: Item[] = [];
    ctx.items.forEach((item, i) => {
      const p = ctx.params(i);
      const fields = fieldList(p.fieldToSplitOut);
      if (fields.length === 0) throw new NodeError('Field "fieldToSplitOut": name the field that holds the list', { field: 'fieldToSplitOut', itemIndex: i });
      const dests = fieldList(p.destinationFieldName);
      const lists = fields.map((f) => {
        if (!hasPath(item.json, f, p.dotNotation)) return undefined;
        const v = getPath(item.json, f, p.dotNotation);
        if (Array.isArray(v)) return v;
        if (v === null || v === undefined) return [];
        // An object splits into its values ({ x: 1 } -> 1), as n8n 2.40.7 does.
        return isPlainObject(v) ? Object.values(v) : [v];
      });
      if (lists.every((l) => l === undefined)) return;
      let base: JsonObject = {};
      let after: JsonObject = {};
      if (p.include === 'all') {
        base = deepClone(item.json);
        for (const f of fields) unsetPath(base, f, p.dotNotation);
      } else if (p.include === 'selected') {
        for (const f of fieldList(p.fieldsToInclude)) {
          if (hasPath(item.json, f, p.dotNotation)) after[f] = deepClone(getPath(item.json, f, p.dotNotation));
        }
      }
      const count = Math.max(...lists.map((l) => l?.length ?? 0));
      for (let k = 0; k < count; k++) {
        let json: JsonObject = deepClone(base);
        fields.forEach((f, n) => {
          const list = lists[n];
          if (!list || k >= list.length) return;
          const element = deepClone(list[k]);
          const dest = dests[n] ?? (fields.length === 1 ? dests[0] : undefined);
          if (dest) json[dest] = element;
          // n8n 2.40.7 makes an object element the item itself only when no other fields are included;
          // with other fields it stays under the field's name.
          else if (isPlainObject(element) && fields.length === 1 && p.include === 'none') json = { ...json, ...element };
          else json[f] = element;
        });
        json = { ...json, ...deepClone(after) };
        const newItem: Item = { json, pairedItem: { item: i } };
        if (p.includeBinary && item.binary) newItem.binary = item.binary;
        out.push(newItem);
      }
    });
    return { main: out };
  },
});
