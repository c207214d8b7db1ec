/**
 * aggregate: turns all input items into one item (n8n's Aggregate).
 *
 * Params:
 *   aggregate: 'individualFields' | 'allItemData' (individualFields)
 *              n8n aggregateIndividualFields / aggregateAllItemData
 *   fields: [{ field, outputField }]     individualFields: collect `field` (a path) of every item into a list
 *                                        named `outputField` (empty: the path's last key, "o.x" -> "x");
 *                                        n8n fieldsToAggregate.fieldToAggregate
 *                                        [{ fieldToAggregate, renameField, outputFieldName }]
 *   mergeLists: boolean (false)          a field holding a list adds its elements instead of the list
 *   keepMissing: boolean (false)         a missing or null value adds null instead of being skipped
 *   destinationField: string ('data')    allItemData: the field that holds the list of items
 *   include: 'all' | 'selected' | 'except' (all)   allItemData: which fields of each item
 *                                        (n8n allFields / specifiedFields / allFieldsExcept)
 *   includeFields, excludeFields: string comma-separated top-level keys (not paths, as in n8n)
 *   dotNotation: boolean (true)          field names are paths (a.b)
 *   includeBinaries: boolean (false), keepOnlyUniqueBinaries: boolean (false)
 * Output 'main': one item whose pairedItem lists every input item.
 */
import { defineNode, NodeError, z, type BinaryData, type Item, type JsonObject } from '../sdk';
import { deepClone, fieldList, getPath, parsePath } from '../transform/fields';

const params = z.object({
  aggregate: z.enum(['individualFields', 'allItemData']).default('individualFields').describe('Aggregate chosen fields, or whole items'),
  fields: z
    .array(z.object({ field: z.string().describe('Input field'), outputField: z.string().default('').describe('Output field name (empty: same name)') }))
    .default([])
    .describe('Fields to aggregate into lists'),
  mergeLists: z.boolean().default(false).describe('Flatten fields that are lists into one list'),
  keepMissing: z.boolean().default(false).describe('Add null for missing or null values'),
  destinationField: z.string().default('data').describe('Field for the list of items (all item data)'),
  include: z.enum(['all', 'selected', 'except']).default('all').describe('Fields of each item to include (all item data)'),
  includeFields: z.string().default('').describe('Fields to include, comma-separated'),
  excludeFields: z.string().default('').describe('Fields to exclude, comma-separated'),
  dotNotation: z.boolean().default(true).describe('Field names are paths (a.b)'),
  includeBinaries: z.boolean().default(false).describe('Include the binary data of all items'),
  keepOnlyUniqueBinaries: z.boolean().default(false).describe('Skip binary data already included'),
});
type Params = z.output<typeof params>;

/** All item data: field names are top-level keys, not paths (n8n 2.40.7 reads "o.x" as a key here). */
function pickFields(json: JsonObject, p: Params): JsonObject {
  if (p.include === 'selected') {
    const out: JsonObject = {};
    for (const f of fieldList(p.includeFields)) if (Object.prototype.hasOwnProperty.call(json, f)) out[f] = deepClone(json[f]);
    return out;
  }
  const out = deepClone(json);
  if (p.include === 'except') for (const f of fieldList(p.excludeFields)) delete out[f];
  return out;
}

/** Without a rename, a path aggregates into a field named by its last key ("o.x" -> "x"), as in n8n. */
function defaultOutputName(field: string, dotNotation: boolean): string {
  const keys = parsePath(field, dotNotation);
  return keys[keys.length - 1] ?? field;
}

function collectBinaries(items: Item[], uniqueOnly: boolean): Record<string, BinaryData> | undefined {
  const out: Record<string, BinaryData> = {};
  const seen = new Set<string>();
  for (const item of items) {
    for (const [key, bin] of Object.entries(item.binary ?? {})) {
      if (uniqueOnly) {
        if (seen.has(bin.data)) continue;
        seen.add(bin.data);
      }
      let name = key;
      for (let n = 1; name in out; n++) name = `${key}_${n}`;
      out[name] = bin;
    }
  }
  return Object.keys(out).length ? out : undefined;
}

export const aggregate = defineNode({
  type: 'aggregate',
  version: 1,
  displayName: 'Aggregate',
  description: 'Combine fields of all items, or the items themselves, into lists in one item',
  category: 'transform',
  icon: 'layers',
  inputs: [{ name: 'main' }],
  outputs: [{ name: 'main' }],
  params,
  async execute(ctx) {
    const p = ctx.params(0);
    const items = ctx.items;
    const json: JsonObject = {};
    if (p.aggregate === 'allItemData') {
      if (!p.destinationField) throw new NodeError('Field "destinationField": give the output field a name', { field: 'destinationField' });
      json[p.destinationField] = items.map((item) => pickFields(item.json, p));
    } else {
      if (p.fields.length === 0) throw new NodeError('Field "fields": add at least one field to aggregate', { field: 'fields' });
      const names = new Set<string>();
      p.fields.forEach((f, k) => {
        if (!f.field) throw new NodeError(`Field "fields.${k}.field": the input field name is empty`, { field: `fields.${k}.field` });
        const name = f.outputField || defaultOutputName(f.field, p.dotNotation);
        if (names.has(name)) {
          throw new NodeError(`Field "fields.${k}.outputField": the output field "${name}" is used twice; give each aggregated field its own output name`, { field: `fields.${k}.outputField` });
        }
        names.add(name);
        const values: unknown[] = [];
        for (const item of items) {
          const v = getPath(item.json, f.field, p.dotNotation);
          if (v === undefined || v === null) {
            if (p.keepMissing) values.push(null);
            continue;
          }
          if (p.mergeLists && Array.isArray(v)) values.push(...deepClone(v));
          else values.push(deepClone(v));
        }
        json[name] = values;
      });
    }
    const out: Item = { json, pairedItem: items.map((_, i) => ({ item: i })) };
    if (p.includeBinaries) {
      const binary = collectBinaries(items, p.keepOnlyUniqueBinaries);
      if (binary) out.binary = binary;
    }
    return { main: [out] };
  },
});
