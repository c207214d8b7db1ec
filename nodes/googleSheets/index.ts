/**
 * googleSheets: n8n's Google Sheets node (n8n-nodes-base.googleSheets v4.x, and v1's read / append / lookup)
 * on the Sheets v4 REST API. Authentication: a Google service account (`googleApi` credential: email,
 * privateKey, optional delegatedEmail; tokens from a signed JWT, see api.ts), an OAuth2 credential (n8n's
 * googleSheetsOAuth2Api, or googleOAuth2Api / oAuth2Api, in the googleSheetsOAuth2Api slot: the runtime gives a
 * current token, refreshed once after a 401) or a bearer access token (`httpBearerAuth`). The API address is the `apiUrl` param (default https://sheets.googleapis.com).
 *
 * Params (n8n's names where n8n has them):
 * - operation      read (one item per data row, keyed by the header, with row_number when rowNumbers),
 *                  append, update (rows whose matchingColumns equal the item's values; row_number matches the
 *                  row itself), appendOrUpdate (update, else append), create (add a sheet named `title`)
 * - documentId     the spreadsheet id or its URL
 * - sheetName, sheetBy   the sheet: by name, by id (a number, or gid=N), or by URL (#gid=N)
 * - range          optional A1 range; one holding "!" names its own sheet (n8n v1's range)
 * - headerRow, firstDataRow   1-based rows of the header and the first data row
 * - filters, combineFilters, returnAllMatches   read: rows where the column equals the value (AND / OR);
 *                  all matching rows or only the first
 * - mappingMode    autoMapInputData (the item's fields by header) or defineBelow (`columns`)
 * - columns, matchingColumns, cellFormat (RAW / USER_ENTERED), valueRenderMode, handlingExtraData
 * Writes go out in one call per node run (values:append / values:batchUpdate), as n8n batches them; the
 * output is the written items. Errors name the node and the field; never the private key or a token.
 */
import { defineNode, NodeError, z, type Item, type JsonObject, type NodeContext } from '../sdk';
import { perItem } from '../per-item';
import { oauth2Auth } from '../google/auth';
import { bearerAuth, callSheets, DEFAULT_SHEETS_URL, readServiceAccount, serviceAccountAuth, SheetsApiError, type SheetsAuth } from './api';

export const SHEETS_OPERATIONS = ['read', 'append', 'update', 'appendOrUpdate', 'create'] as const;

const text = (fallback = '') => z.preprocess((v) => (typeof v === 'number' ? String(v) : v === null || v === undefined ? fallback : v), z.string()).default(fallback);
const rowNumber = (fallback: number) => z.preprocess((v) => (v === '' || v === null ? undefined : v), z.coerce.number().int().min(1).default(fallback));

export const googleSheetsParams = z.object({
  authentication: z
    .enum(['serviceAccount', 'oAuth2', 'accessToken'])
    .default('serviceAccount')
    .describe('A service account (googleApi), an OAuth2 credential (googleSheetsOAuth2Api, googleOAuth2Api or oAuth2Api) or a bearer access token (httpBearerAuth)'),
  operation: z.enum(SHEETS_OPERATIONS).default('read').describe('What to do'),
  documentId: text().describe('The spreadsheet: its id or URL'),
  sheetName: text().describe('The sheet: its name, id (gid) or URL'),
  sheetBy: z.enum(['name', 'id', 'url']).default('name').describe('How sheetName names the sheet'),
  range: text().describe('Optional A1 range (e.g. A:F, or Sheet1!A1:D); empty: the whole sheet'),
  headerRow: rowNumber(1).describe('Row holding the column names'),
  firstDataRow: rowNumber(2).describe('First row holding data'),
  filters: z.array(z.object({ column: text(), value: text() })).default([]).describe('read: keep rows whose column equals the value'),
  combineFilters: z.enum(['AND', 'OR']).default('AND').describe('read: rows must match all filters or any'),
  returnAllMatches: z.boolean().default(true).describe('read with filters: every matching row, or only the first'),
  rowNumbers: z.boolean().default(true).describe('read: add row_number to each row'),
  valueRenderMode: z.enum(['UNFORMATTED_VALUE', 'FORMATTED_VALUE', 'FORMULA']).default('UNFORMATTED_VALUE').describe('read: how cells are read'),
  mappingMode: z.enum(['autoMapInputData', 'defineBelow']).default('defineBelow').describe('Writes: the item\'s own fields, or the columns below'),
  columns: z.record(z.string(), z.unknown()).default({}).describe('Writes (defineBelow): column name -> value'),
  matchingColumns: z.array(z.string()).default([]).describe('update / appendOrUpdate: the columns that find the row'),
  cellFormat: z.enum(['USER_ENTERED', 'RAW']).default('USER_ENTERED').describe('Writes: values as typed in the UI (formulas, dates) or raw'),
  handlingExtraData: z.enum(['insertInNewColumn', 'ignoreIt', 'error']).default('insertInNewColumn').describe('autoMapInputData: fields the header lacks'),
  title: text().describe('create: the new sheet\'s name'),
  apiUrl: text(DEFAULT_SHEETS_URL).describe('Sheets API address (default https://sheets.googleapis.com)'),
});

type Params = z.output<typeof googleSheetsParams>;
type Ctx = NodeContext<Params>;
type Cell = string | number | boolean;

function fail(ctx: Ctx, field: string, message: string): NodeError {
  return new NodeError(`Node "${ctx.node.name}", field "${field}": ${message}`, { field });
}

/** The spreadsheet id from an id or a docs.google.com URL. */
export function spreadsheetIdOf(value: string): string {
  const m = /\/spreadsheets\/d\/([A-Za-z0-9_-]+)/.exec(value);
  return m ? m[1] : value.trim();
}

/** A sheet id from "123", "gid=123" or a URL with #gid=123; undefined when there is none. */
export function sheetIdOf(value: string): number | undefined {
  const m = /(?:^|[#&?]gid=|^gid=)(\d+)\s*$/.exec(value.trim()) ?? /^(\d+)$/.exec(value.trim());
  return m ? Number(m[1]) : undefined;
}

interface Target {
  spreadsheetId: string;
  /** The quoted sheet title for A1 ranges. */
  sheet: string;
  title: string;
}

const quote = (title: string) => `'${title.replace(/'/g, "''")}'`;
const enc = encodeURIComponent;

class Sheets {
  constructor(
    readonly ctx: Ctx,
    readonly auth: SheetsAuth,
    readonly base: string,
  ) {}

  call(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
    return callSheets(this.auth, this.base, method, path, body, this.ctx.signal);
  }

  async target(p: Params): Promise<Target> {
    const spreadsheetId = spreadsheetIdOf(p.documentId);
    if (!spreadsheetId) throw fail(this.ctx, 'documentId', 'is empty; give the spreadsheet id or URL');
    if (p.operation === 'create') return { spreadsheetId, sheet: '', title: '' };
    const raw = p.sheetName.trim();
    if (!raw) {
      if (p.range.includes('!')) {
        const name = p.range.slice(0, p.range.lastIndexOf('!'));
        const title = /^'.*'$/.test(name) ? name.slice(1, -1).replace(/''/g, "'") : name;
        return { spreadsheetId, sheet: quote(title), title };
      }
      const first = await this.sheetTitles(spreadsheetId);
      if (!first.length) throw fail(this.ctx, 'sheetName', 'the spreadsheet has no sheet');
      return { spreadsheetId, sheet: quote(first[0].title), title: first[0].title };
    }
    if (p.sheetBy === 'name') return { spreadsheetId, sheet: quote(raw), title: raw };
    const id = sheetIdOf(raw);
    if (id === undefined) throw fail(this.ctx, 'sheetName', `"${raw}" holds no sheet id (a number, gid=N or a URL with #gid=N)`);
    const found = (await this.sheetTitles(spreadsheetId)).find((s) => s.sheetId === id);
    if (!found) throw fail(this.ctx, 'sheetName', `the spreadsheet has no sheet with id ${id}`);
    return { spreadsheetId, sheet: quote(found.title), title: found.title };
  }

  async sheetTitles(spreadsheetId: string): Promise<{ sheetId: number; title: string }[]> {
    const meta = await this.call('GET', `${enc(spreadsheetId)}?fields=sheets.properties`);
    const sheets = Array.isArray(meta.sheets) ? (meta.sheets as { properties?: { sheetId?: number; title?: string } }[]) : [];
    return sheets.map((s) => ({ sheetId: Number(s.properties?.sheetId), title: String(s.properties?.title ?? '') }));
  }

  /** The A1 range of the data: the `range` param (with its own sheet, or this one), else the whole sheet. */
  rangeOf(t: Target, p: Params): string {
    if (p.range.includes('!')) return p.range;
    return p.range ? `${t.sheet}!${p.range}` : t.sheet;
  }

  async values(t: Target, range: string, render: string): Promise<Cell[][]> {
    const got = await this.call('GET', `${enc(t.spreadsheetId)}/values/${enc(range)}?valueRenderOption=${render}&dateTimeRenderOption=FORMATTED_STRING`);
    return Array.isArray(got.values) ? (got.values as Cell[][]) : [];
  }
}

const localPart = (range: string) => (range.includes('!') ? range.slice(range.lastIndexOf('!') + 1) : range);

/** The first row number of an A1 range ("A3:F" -> 3); 1 when it gives none. */
function rangeStartRow(range: string): number {
  const m = /^[A-Za-z]*(\d+)/.exec(localPart(range));
  return m ? Number(m[1]) : 1;
}

/** The 0-based first column of an A1 range ("C:F" -> 2); 0 when it gives none (a whole sheet). */
function rangeStartCol(range: string): number {
  const m = /^([A-Za-z]+)/.exec(localPart(range));
  return m ? [...m[1].toUpperCase()].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1 : 0;
}

interface Table {
  header: string[];
  /** Data rows with their 1-based sheet row number. */
  rows: { rowNumber: number; cells: Cell[] }[];
}

async function readTable(s: Sheets, t: Target, p: Params, render = p.valueRenderMode): Promise<Table> {
  const range = s.rangeOf(t, p);
  const values = await s.values(t, range, render);
  const start = rangeStartRow(range);
  const header = (values[p.headerRow - start] ?? []).map((c) => String(c ?? ''));
  const rows: Table['rows'] = [];
  for (let i = Math.max(0, p.firstDataRow - start); i < values.length; i++) {
    const cells = values[i] ?? [];
    if (cells.every((c) => c === '' || c === null || c === undefined)) continue;
    rows.push({ rowNumber: start + i, cells });
  }
  return { header, rows };
}

function rowObject(table: Table, row: Table['rows'][number], withNumber: boolean): JsonObject {
  const out: JsonObject = withNumber ? { row_number: row.rowNumber } : {};
  table.header.forEach((name, i) => {
    if (name) out[name] = row.cells[i] ?? '';
  });
  return out;
}

const same = (cell: unknown, value: unknown) => String(cell ?? '') === String(value ?? '');

async function readItem(s: Sheets, p: Params, itemIndex: number): Promise<Item[]> {
  const t = await s.target(p);
  const table = await readTable(s, t, p);
  const filters = p.filters.filter((f) => f.column.trim() !== '');
  for (const f of filters) {
    if (!table.header.includes(f.column)) throw fail(s.ctx, 'filters', `the sheet has no column "${f.column}" (columns: ${table.header.filter(Boolean).join(', ') || 'none'})`);
  }
  const matches = (row: Table['rows'][number]) => {
    const test = (f: { column: string; value: string }) => same(row.cells[table.header.indexOf(f.column)], f.value);
    return !filters.length || (p.combineFilters === 'OR' ? filters.some(test) : filters.every(test));
  };
  let rows = table.rows.filter(matches);
  if (filters.length && !p.returnAllMatches) rows = rows.slice(0, 1);
  return rows.map((row) => ({ json: rowObject(table, row, p.rowNumbers), pairedItem: { item: itemIndex } }));
}

/** A value as a cell: objects as JSON text, null as empty. */
function cellOf(v: unknown): Cell {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  return JSON.stringify(v);
}

/** What one item writes: its own fields (autoMap) or the resolved columns, without row_number. */
function recordOf(p: Params, item: Item): JsonObject {
  const source = p.mappingMode === 'autoMapInputData' ? item.json : (p.columns as JsonObject);
  return { ...source };
}

/** Columns the record has and the header lacks: added to the header, ignored or an error. */
async function extendHeader(s: Sheets, t: Target, p: Params, table: Table, records: JsonObject[]): Promise<void> {
  const missing = [...new Set(records.flatMap((r) => Object.keys(r)))].filter((k) => k !== 'row_number' && !table.header.includes(k));
  if (!missing.length) return;
  if (table.header.length && (p.mappingMode === 'defineBelow' || p.handlingExtraData === 'error')) {
    throw fail(s.ctx, p.mappingMode === 'defineBelow' ? 'columns' : 'handlingExtraData', `the sheet has no column ${missing.map((m) => `"${m}"`).join(', ')}`);
  }
  if (table.header.length && p.handlingExtraData === 'ignoreIt') return;
  table.header = [...table.header, ...missing];
  const cell = `${t.sheet}!${columnLetter(rangeStartCol(p.range))}${p.headerRow}`;
  await s.call('PUT', `${enc(t.spreadsheetId)}/values/${enc(cell)}?valueInputOption=RAW`, { values: [table.header] });
}

const rowCells = (header: string[], record: JsonObject): Cell[] => header.map((h) => (h in record ? cellOf(record[h]) : ''));

async function append(s: Sheets, t: Target, p: Params, table: Table, records: JsonObject[]): Promise<void> {
  if (!records.length) return;
  const range = `${t.sheet}!${columnLetter(rangeStartCol(p.range))}${p.headerRow}`;
  await s.call('POST', `${enc(t.spreadsheetId)}/values/${enc(range)}:append?valueInputOption=${p.cellFormat}&insertDataOption=INSERT_ROWS`, {
    values: records.map((r) => rowCells(table.header, r)),
  });
}

/** The column letter(s) of a 0-based index (0 -> A, 26 -> AA). */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

async function write(ctx: Ctx, s: Sheets): Promise<Item[]> {
  const first = ctx.params(0);
  const perItemParams = ctx.items.map((_, i) => ctx.params(i));
  const records = ctx.items.map((item, i) => recordOf(perItemParams[i], item));
  const t = await s.target(first);
  if (!t.sheet) throw fail(ctx, 'sheetName', 'is empty; writes need the sheet');
  const table = await readTable(s, t, first, 'UNFORMATTED_VALUE');
  await extendHeader(s, t, first, table, records);
  if (first.operation === 'append') {
    await append(s, t, first, table, records.map(({ row_number: _drop, ...r }) => r));
  } else {
    const matching = first.matchingColumns.filter(Boolean);
    if (!matching.length) throw fail(ctx, 'matchingColumns', `is empty; ${first.operation} needs the column that finds the row`);
    const data: { range: string; values: Cell[][] }[] = [];
    const toAppend: JsonObject[] = [];
    for (const [i, record] of records.entries()) {
      const rows = findRows(ctx, table, matching, record, i);
      if (!rows.length) {
        if (first.operation === 'appendOrUpdate') toAppend.push(record);
        continue;
      }
      for (const row of rows) {
        for (const [name, value] of Object.entries(record)) {
          const col = table.header.indexOf(name);
          if (name === 'row_number' || col < 0 || matching.includes(name)) continue;
          data.push({ range: `${t.sheet}!${columnLetter(col + rangeStartCol(first.range))}${row}`, values: [[cellOf(value)]] });
        }
      }
    }
    if (data.length) await s.call('POST', `${enc(t.spreadsheetId)}/values:batchUpdate`, { valueInputOption: first.cellFormat, data });
    await append(s, t, first, table, toAppend.map(({ row_number: _drop, ...r }) => r));
  }
  return records.map((json, i) => ({ json, pairedItem: { item: i } }));
}

/** Sheet rows (1-based) whose matching columns equal the record's values; row_number names the row itself. */
function findRows(ctx: Ctx, table: Table, matching: string[], record: JsonObject, itemIndex: number): number[] {
  for (const m of matching) {
    if (!(m in record)) throw new NodeError(`Node "${ctx.node.name}", field "matchingColumns" (item ${itemIndex}): the item gives no value for "${m}"`, { field: 'matchingColumns', itemIndex });
  }
  if (matching.length === 1 && matching[0] === 'row_number') {
    const n = Number(record.row_number);
    return Number.isInteger(n) && n > 0 ? [n] : [];
  }
  for (const m of matching) if (!table.header.includes(m)) throw fail(ctx, 'matchingColumns', `the sheet has no column "${m}"`);
  return table.rows.filter((r) => matching.every((m) => same(r.cells[table.header.indexOf(m)], record[m]))).map((r) => r.rowNumber);
}

async function createSheet(ctx: Ctx, s: Sheets, p: Params, itemIndex: number): Promise<Item> {
  const t = await s.target(p);
  const title = p.title.trim();
  const answer = await s.call('POST', `${enc(t.spreadsheetId)}:batchUpdate`, { requests: [{ addSheet: { properties: title ? { title } : {} } }] });
  const replies = Array.isArray(answer.replies) ? (answer.replies as { addSheet?: { properties?: JsonObject } }[]) : [];
  return { json: { ...(replies[0]?.addSheet?.properties ?? {}), spreadsheetId: t.spreadsheetId }, pairedItem: { item: itemIndex } };
}

/** n8n's credential type for the node's OAuth2, and the slot's name (an imported workflow keeps it). */
const OAUTH2_SLOT = 'googleSheetsOAuth2Api';

async function authOf(ctx: Ctx, p: Params): Promise<SheetsAuth> {
  if (p.authentication === 'accessToken') return bearerAuth(await ctx.credentials('httpBearerAuth'), ctx.node.name);
  if (p.authentication === 'oAuth2') return oauth2Auth(ctx as NodeContext<unknown>, OAUTH2_SLOT);
  return serviceAccountAuth(readServiceAccount(await ctx.credentials('googleApi'), ctx.node.name));
}

/** API failures become errors naming the node and the operation. */
async function guarded<T>(ctx: Ctx, p: Params, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof NodeError || ctx.signal.aborted || !(err instanceof SheetsApiError)) throw err;
    throw new NodeError(`Node "${ctx.node.name}", field "${p.operation === 'create' ? 'title' : 'documentId'}" (${p.operation}): ${err.message}`, { field: 'documentId' });
  }
}

export const googleSheetsNode = defineNode({
  type: 'googleSheets',
  version: 1,
  displayName: 'Google Sheets',
  description: 'Read, append and update rows of a Google Sheet, and add sheets',
  category: 'integration',
  icon: 'sheet',
  inputs: [{ name: 'main' }],
  outputs: [{ name: 'main' }],
  params: googleSheetsParams,
  credentials: [
    { name: 'googleApi', type: 'googleApi', shownWhen: { authentication: ['serviceAccount'] } },
    { name: OAUTH2_SLOT, type: OAUTH2_SLOT, types: [OAUTH2_SLOT, 'googleOAuth2Api', 'oAuth2Api'], shownWhen: { authentication: ['oAuth2'] } },
    { name: 'httpBearerAuth', type: 'httpBearerAuth', shownWhen: { authentication: ['accessToken'] } },
  ],
  async execute(ctx) {
    if (ctx.items.length === 0) return { main: [] };
    const p = ctx.params(0);
    const auth = await authOf(ctx, p);
    const base = (p.apiUrl.trim() || DEFAULT_SHEETS_URL).replace(/\/+$/, '');
    const s = new Sheets(ctx, auth, base);
    if (p.operation === 'read') return perItem(ctx as NodeContext<unknown>, 'main', (_item, i) => guarded(ctx, p, () => readItem(s, ctx.params(i), i)));
    if (p.operation === 'create') return perItem(ctx as NodeContext<unknown>, 'main', (_item, i) => guarded(ctx, p, () => createSheet(ctx, s, ctx.params(i), i)));
    return { main: await guarded(ctx, p, () => write(ctx, s)) };
  },
});

export default googleSheetsNode;
