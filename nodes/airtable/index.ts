/**
 * airtable: n8n's Airtable node (n8n-nodes-base.airtable v2/v2.1, and v1 through the importer) on Airtable's
 * REST API (./api.ts). Writes go out in batches of 10 records (Airtable's limit) per base and table; each
 * output item is paired with the input item it came from.
 *
 * Params (n8n v2's names where it has them; expressions resolve per item):
 * - authentication          'airtableTokenApi' (personal access token) | 'airtableApi' (legacy API key); both Bearer
 * - operation               'get' | 'search' | 'create' | 'update' | 'upsert' | 'deleteRecord' (records),
 *                           'getMany' | 'getSchema' (bases)                                      (default 'get')
 * - base, table             ids (appXXX, tblXXX or the table's name) or Airtable URLs; ids are read from URLs
 * - id                      get, deleteRecord: the record id; update: the record id when set (n8n v1's update)
 * - filterByFormula         search: Airtable formula
 * - returnAll, limit        search, getMany: everything (default) or at most `limit` (default 100)
 * - fields, view, sort      search: output fields, view name or id, [{ field, direction }]
 * - searchOnce              search: one search for all items (n8n v1 and v2.0) instead of one per item (v2.1)
 * - mappingMode             create, update, upsert: 'defineBelow' (columns) | 'autoMapInputData' (the item's json)
 * - columns                 defineBelow: column -> value
 * - matchingColumns         update: the column that finds the record ('id' or another); upsert: Airtable's
 *                           fieldsToMergeOn, or ['id'] (records with an id are updated, the others created)
 * - sendFields              autoMapInputData: only these fields of the item (n8n v1's fields); empty: all
 * - ignoreFields            autoMapInputData: fields of the item not sent
 * - typecast                let Airtable convert text to the column's type
 * - updateAllMatches        update by a column: every matching record instead of the first
 * - permissionLevel         getMany: keep bases with one of these levels (empty: all)
 * - recordShape             get, search: 'flat' ({ id, createdTime, ...fields }, n8n v2) | 'record'
 *                           ({ id, createdTime, fields }, n8n v1). Writes output Airtable's records as they are.
 * - baseUrl                 Weft: the API's address (default https://api.airtable.com)
 * A failed item follows the node's On Error setting (nodes/per-item.ts): stop (default), an { error } item in
 * its place (continue) or the error output (errorOutput). A write batch that fails is retried one record at
 * a time in those modes (Airtable applies a batch whole or not at all), so only the failing records fail.
 */
import { defineNode, NodeError, z, type Item, type JsonObject, type NodeContext } from '../sdk';
import { mayContinue, perItemOutput, type ItemResult } from '../per-item';
import { AIRTABLE_API, baseIdOf, batches, listAll, request, tableIdOf, type AirtableClient, type AirtableRecord, type Query } from './api';

export const AIRTABLE_OPERATIONS = ['get', 'search', 'create', 'update', 'upsert', 'deleteRecord', 'getMany', 'getSchema'] as const;
export const AIRTABLE_AUTH = ['airtableTokenApi', 'airtableApi'] as const;
export const PERMISSION_LEVELS = ['none', 'read', 'comment', 'edit', 'create', 'owner'] as const;

/** Text fields: an expression giving a number (an id) is used as its text. */
const text = (fallback: string) => z.preprocess((v) => (typeof v === 'number' ? String(v) : v ?? fallback), z.string()).default(fallback);
/** A list of names: an array, or comma-separated text. */
const names = () =>
  z
    .preprocess((v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : v ?? []), z.array(z.preprocess((x) => (typeof x === 'number' ? String(x) : x), z.string())))
    .default([]);

export const airtableParams = z.object({
  authentication: z.enum(AIRTABLE_AUTH).default('airtableTokenApi').describe('Credential: personal access token, or the legacy API key'),
  operation: z.enum(AIRTABLE_OPERATIONS).default('get').describe('What to do'),
  base: text('').describe('Base id (appXXX) or its Airtable URL'),
  table: text('').describe('Table id (tblXXX), name or Airtable URL'),
  id: text('').describe('Get, delete: the record id; update: the record id (else found by the matching column)'),
  filterByFormula: text('').describe('Search: Airtable formula, e.g. NOT({Name} = "")'),
  returnAll: z.boolean().default(true).describe('Search, list bases: return everything'),
  limit: z.coerce.number().int().min(1).default(100).describe('Search, list bases: at most this many'),
  fields: names().describe('Search: only these fields'),
  view: text('').describe('Search: the view (name or id)'),
  sort: z
    .array(z.object({ field: z.string(), direction: z.enum(['asc', 'desc']).default('asc') }))
    .default([])
    .describe('Search: sort rules'),
  searchOnce: z.boolean().default(false).describe('Search: one search for all input items instead of one per item'),
  mappingMode: z.enum(['defineBelow', 'autoMapInputData']).default('defineBelow').describe('Create, update, upsert: the columns below, or the input item as it is'),
  columns: z.preprocess((v) => v ?? {}, z.record(z.string(), z.unknown())).default({}).describe('Column -> value'),
  matchingColumns: names().describe('Update, upsert: the columns that find the record'),
  sendFields: names().describe('Input item: only these fields (empty: all)'),
  ignoreFields: names().describe('Input item: fields not sent'),
  typecast: z.boolean().default(false).describe('Let Airtable convert values to the column type'),
  updateAllMatches: z.boolean().default(false).describe('Update by a column: every matching record, not only the first'),
  permissionLevel: z.array(z.enum(PERMISSION_LEVELS)).default([]).describe('List bases: only these permission levels'),
  recordShape: z.enum(['flat', 'record']).default('flat').describe('Get, search: fields flattened next to id (n8n v2) or under "fields" (n8n v1)'),
  baseUrl: z.string().default(AIRTABLE_API).describe('Airtable API address'),
});

type Params = z.output<typeof airtableParams>;
type Ctx = NodeContext<Params>;

const fail = (ctx: Ctx, field: string, message: string, itemIndex?: number) => new NodeError(`Node "${ctx.node.name}", field "${field}": ${message}`, { field, itemIndex });

async function clientFor(ctx: Ctx, p: Params): Promise<AirtableClient> {
  let credential: Record<string, unknown>;
  try {
    credential = await ctx.credentials(p.authentication);
  } catch (err) {
    throw fail(ctx, 'authentication', `no usable ${p.authentication} credential (${(err as Error).message})`);
  }
  const token = p.authentication === 'airtableApi' ? credential.apiKey : credential.accessToken;
  if (typeof token !== 'string' || !token) throw fail(ctx, 'authentication', `the ${p.authentication} credential has no ${p.authentication === 'airtableApi' ? 'apiKey' : 'accessToken'}`);
  return { nodeName: ctx.node.name, baseUrl: p.baseUrl || AIRTABLE_API, token, fetch: ctx.services.fetch ?? globalThis.fetch, signal: ctx.signal };
}

function baseOf(ctx: Ctx, p: Params, i: number): string {
  const id = baseIdOf(p.base);
  if (!id) throw fail(ctx, 'base', p.base.trim() ? `"${p.base}" is not a base id or Airtable URL` : 'is empty; choose the base', i);
  return encodeURIComponent(id);
}

/** `{base}/{table}` for record requests. */
function endpointOf(ctx: Ctx, p: Params, i: number): string {
  const base = baseOf(ctx, p, i);
  const table = tableIdOf(p.table);
  if (!table) throw fail(ctx, 'table', p.table.trim() ? `"${p.table}" is not a table id, name or Airtable URL` : 'is empty; choose the table', i);
  return `${base}/${encodeURIComponent(table)}`;
}

function recordId(ctx: Ctx, p: Params, i: number): string {
  if (!p.id.trim()) throw fail(ctx, 'id', `is empty; ${p.operation === 'get' ? 'get' : 'delete'} needs the record id`, i);
  return p.id.trim();
}

function shape(record: AirtableRecord, p: Params): JsonObject {
  if (p.recordShape === 'record') return record as JsonObject;
  const { fields, ...rest } = record;
  return { ...rest, ...(fields ?? {}) } as JsonObject;
}

const paired = (i: number) => ({ pairedItem: { item: i } });

/** The fields an item sends: the columns, or the item's json (only sendFields, without ignoreFields). */
function fieldsOf(p: Params, item: Item): Record<string, unknown> {
  if (p.mappingMode === 'defineBelow') return { ...p.columns };
  const json = item.json as Record<string, unknown>;
  const picked = p.sendFields.length ? Object.fromEntries(p.sendFields.filter((f) => f in json).map((f) => [f, json[f]])) : { ...json };
  for (const f of p.ignoreFields) delete picked[f];
  return picked;
}

/** Runs fn for every input item; a failed item becomes its error when the node continues on fail. */
async function eachItem(ctx: Ctx, fn: (i: number) => Promise<Item[]>, count = ctx.items.length): Promise<ItemResult[]> {
  const results: ItemResult[] = ctx.items.map(() => ({ items: [] }));
  for (let i = 0; i < count; i++) {
    try {
      results[i] = { items: await fn(i) };
    } catch (err) {
      if (!mayContinue(ctx as NodeContext<unknown>, err)) throw err;
      results[i] = { error: err };
    }
  }
  return results;
}

function getRecords(ctx: Ctx, c: AirtableClient): Promise<ItemResult[]> {
  return eachItem(ctx, async (i) => {
    const p = ctx.params(i);
    const record = await request<AirtableRecord>(c, 'GET', `${endpointOf(ctx, p, i)}/${encodeURIComponent(recordId(ctx, p, i))}`, { field: 'id', itemIndex: i });
    return [{ json: shape(record, p), ...paired(i) }];
  });
}

function search(ctx: Ctx, c: AirtableClient): Promise<ItemResult[]> {
  const once = ctx.params(0).searchOnce;
  return eachItem(
    ctx,
    async (i) => {
      const p = ctx.params(i);
      const query: Query = { filterByFormula: p.filterByFormula, fields: p.fields.length ? p.fields : undefined, sort: p.sort.length ? p.sort : undefined, view: p.view };
      if (!p.returnAll) query.maxRecords = p.limit;
      const records = await listAll<AirtableRecord>(c, endpointOf(ctx, p, i), 'records', query, { field: 'filterByFormula', itemIndex: i, max: p.returnAll ? undefined : p.limit });
      const pairedItem = once ? ctx.items.map((_, k) => ({ item: k })) : { item: i };
      return records.map((r) => ({ json: shape(r, p), pairedItem }));
    },
    once ? 1 : ctx.items.length,
  );
}

/** One record to write, with where it goes and which item it came from. */
interface Write {
  item: number;
  endpoint: string;
  method: 'POST' | 'PATCH';
  typecast: boolean;
  mergeOn?: string[];
  record: { id?: string; fields: Record<string, unknown> };
}

/**
 * Sends entries in batches of 10 (per batch key); each answer item goes to the input item it pairs with.
 * Airtable applies a batch whole or not at all, so when the node continues on fail a failed batch is sent
 * again one entry at a time: only the entries that fail on their own become errors.
 */
async function sendBatches<T extends { item: number }>(ctx: Ctx, results: ItemResult[], entries: T[], key: (e: T) => string, send: (batch: T[]) => Promise<Item[]>): Promise<ItemResult[]> {
  const fail = (item: number, err: unknown) => {
    results[item] = { error: err };
  };
  const deliver = (out: Item[]) => {
    for (const it of out) {
      const r = results[(it.pairedItem as { item: number }).item];
      if ('items' in r && r.error === undefined) r.items.push(it);
    }
  };
  for (const batch of batches(entries, key)) {
    try {
      deliver(await send(batch));
    } catch (err) {
      if (!mayContinue(ctx as NodeContext<unknown>, err)) throw err;
      if (batch.length === 1) {
        fail(batch[0].item, err);
        continue;
      }
      for (const entry of batch) {
        if (results[entry.item].error !== undefined) continue;
        try {
          deliver(await send([entry]));
        } catch (one) {
          if (!mayContinue(ctx as NodeContext<unknown>, one)) throw one;
          fail(entry.item, one);
        }
      }
    }
  }
  return results;
}

/** Per item: its writes, or the error found while preparing them. */
type Prepared = { results: ItemResult[]; writes: Write[] };

async function prepare(ctx: Ctx, build: (i: number) => Write[] | Promise<Write[]>): Promise<Prepared> {
  const writes: Write[] = [];
  const results = await eachItem(ctx, async (i) => {
    writes.push(...(await build(i)));
    return [];
  });
  return { results, writes };
}

function sendWrites(ctx: Ctx, c: AirtableClient, { results, writes }: Prepared, field: string): Promise<ItemResult[]> {
  const key = (w: Write) => JSON.stringify([w.endpoint, w.method, w.typecast, w.mergeOn ?? null]);
  return sendBatches(ctx, results, writes, key, async (batch) => {
    const { endpoint, method, typecast, mergeOn } = batch[0];
    const body: Record<string, unknown> = { records: batch.map((w) => w.record), typecast };
    if (mergeOn) body.performUpsert = { fieldsToMergeOn: mergeOn };
    const res = await request<{ records?: AirtableRecord[] }>(c, method, endpoint, { body, field, itemIndex: batch[0].item });
    return (res.records ?? []).map((r, k) => ({ json: r as JsonObject, ...paired(batch[Math.min(k, batch.length - 1)].item) }));
  });
}

function createWrite(ctx: Ctx, i: number): Write[] {
  const p = ctx.params(i);
  return [{ item: i, endpoint: endpointOf(ctx, p, i), method: 'POST', typecast: p.typecast, record: { fields: fieldsOf(p, ctx.items[i]) } }];
}

/** The matching column of update (n8n's update matches on one column). */
function matchColumn(ctx: Ctx, p: Params, i: number): string {
  if (p.id.trim()) return 'id';
  const column = p.matchingColumns[0];
  if (!column) throw fail(ctx, 'matchingColumns', 'is empty; update needs the column that finds the record (e.g. id)', i);
  return column;
}

function updateWrites(ctx: Ctx, c: AirtableClient): Promise<Prepared> {
  const tables = new Map<string, Promise<AirtableRecord[]>>();
  return prepare(ctx, async (i) => {
    const p = ctx.params(i);
    const endpoint = endpointOf(ctx, p, i);
    const column = matchColumn(ctx, p, i);
    const fields = fieldsOf(p, ctx.items[i]);
    const base = { item: i, endpoint, method: 'PATCH' as const, typecast: p.typecast };
    if (column === 'id') {
      const id = p.id.trim() || (fields.id === undefined || fields.id === null ? '' : String(fields.id));
      delete fields.id;
      if (!id) throw fail(ctx, p.mappingMode === 'defineBelow' ? 'columns' : 'matchingColumns', 'the record id is empty', i);
      return [{ ...base, record: { id, fields } }];
    }
    const wanted = fields[column];
    if (p.mappingMode === 'defineBelow') delete fields[column];
    const key = `${endpoint}\n${column}`;
    if (!tables.has(key)) tables.set(key, listAll<AirtableRecord>(c, endpoint, 'records', { fields: [column] }, { field: 'matchingColumns', itemIndex: i }));
    const matches = (await tables.get(key)!).filter((r) => String(r.fields?.[column] ?? '') === String(wanted ?? ''));
    return (p.updateAllMatches ? matches : matches.slice(0, 1)).map((m): Write => ({ ...base, record: { id: m.id, fields } }));
  });
}

function upsertWrite(ctx: Ctx, i: number): Write[] {
  const p = ctx.params(i);
  const endpoint = endpointOf(ctx, p, i);
  const fields = fieldsOf(p, ctx.items[i]);
  if (!p.matchingColumns.length) throw fail(ctx, 'matchingColumns', 'is empty; upsert needs the columns that find the record', i);
  if (!p.matchingColumns.includes('id')) return [{ item: i, endpoint, method: 'PATCH', typecast: p.typecast, mergeOn: p.matchingColumns, record: { fields } }];
  const id = fields.id === undefined || fields.id === null ? '' : String(fields.id);
  delete fields.id;
  // A record without an id cannot be updated: Airtable gets it as a new record (as n8n does after Airtable's 422).
  return [id ? { item: i, endpoint, method: 'PATCH', typecast: p.typecast, record: { id, fields } } : { item: i, endpoint, method: 'POST', typecast: p.typecast, record: { fields } }];
}

async function deleteRecords(ctx: Ctx, c: AirtableClient): Promise<ItemResult[]> {
  const entries: { item: number; endpoint: string; id: string }[] = [];
  const results = await eachItem(ctx, async (i) => {
    const p = ctx.params(i);
    entries.push({ item: i, endpoint: endpointOf(ctx, p, i), id: recordId(ctx, p, i) });
    return [];
  });
  return sendBatches(ctx, results, entries, (e) => e.endpoint, async (batch) => {
    const res = await request<{ records?: JsonObject[] }>(c, 'DELETE', batch[0].endpoint, { query: { records: batch.map((e) => e.id) }, field: 'id', itemIndex: batch[0].item });
    return (res.records ?? []).map((r, k) => ({ json: r, ...paired(batch[Math.min(k, batch.length - 1)].item) }));
  });
}

function getBases(ctx: Ctx, c: AirtableClient): Promise<ItemResult[]> {
  return eachItem(ctx, async (i) => {
    const p = ctx.params(i);
    let bases = await listAll<JsonObject>(c, 'meta/bases', 'bases', {}, { field: 'operation', itemIndex: i });
    if (p.permissionLevel.length) bases = bases.filter((b) => (p.permissionLevel as string[]).includes(String(b.permissionLevel)));
    if (!p.returnAll) bases = bases.slice(0, p.limit);
    return bases.map((b) => ({ json: b, ...paired(i) }));
  });
}

function getSchema(ctx: Ctx, c: AirtableClient): Promise<ItemResult[]> {
  return eachItem(ctx, async (i) => {
    const p = ctx.params(i);
    const res = await request<{ tables?: JsonObject[] }>(c, 'GET', `meta/bases/${baseOf(ctx, p, i)}/tables`, { field: 'base', itemIndex: i });
    return (res.tables ?? []).map((t) => ({ json: t, ...paired(i) }));
  });
}

async function run(ctx: Ctx, c: AirtableClient, operation: Params['operation']): Promise<ItemResult[]> {
  switch (operation) {
    case 'get':
      return getRecords(ctx, c);
    case 'search':
      return search(ctx, c);
    case 'create':
      return sendWrites(ctx, c, await prepare(ctx, (i) => createWrite(ctx, i)), 'columns');
    case 'update':
      return sendWrites(ctx, c, await updateWrites(ctx, c), 'columns');
    case 'upsert':
      return sendWrites(ctx, c, await prepare(ctx, (i) => upsertWrite(ctx, i)), 'columns');
    case 'deleteRecord':
      return deleteRecords(ctx, c);
    case 'getMany':
      return getBases(ctx, c);
    case 'getSchema':
      return getSchema(ctx, c);
  }
}

export const airtableNode = defineNode({
  type: 'airtable',
  version: 1,
  displayName: 'Airtable',
  description: 'Get, search, create, update, upsert and delete Airtable records; list bases and table schemas',
  category: 'integration',
  icon: 'database',
  inputs: [{ name: 'main' }],
  outputs: [{ name: 'main' }],
  params: airtableParams,
  credentials: AIRTABLE_AUTH.map((type) => ({ name: type, type, shownWhen: { authentication: [type] } })),
  async execute(ctx) {
    if (ctx.items.length === 0) return { main: [] };
    const first = ctx.params(0);
    const client = await clientFor(ctx, first);
    return perItemOutput(ctx as NodeContext<unknown>, 'main', await run(ctx, client, first.operation));
  },
});

export default airtableNode;
