/**
 * n8n's Google Sheets node into nodes/googleSheets (resource sheet).
 * - v2 - v4.x: documentId and sheetName are resource locators (list / url / id / name): list and id name the
 *   sheet by its id (gid), url by a URL, name by its title. read / append / update / appendOrUpdate / create
 *   keep n8n's names; `columns` (v4's resource mapper) becomes mappingMode, columns and matchingColumns;
 *   v2/v3's dataMode, fieldsUi and columnToMatchOn / valueToMatchOn become the same. filtersUI becomes
 *   filters; options.returnFirstMatch / returnAllMatches, combineFilters, cellFormat, handlingExtraData,
 *   outputFormatting and locationDefine / dataLocationOnSheet (header row, first data row, A1 range) become
 *   flat params.
 * - v1: sheetId + range; read and lookup (lookupColumn / lookupValue, options.returnAllMatches) read the range
 *   without row_number, keyRow / dataStartRow (0-based) become headerRow / firstDataRow, append auto-maps.
 * Authentication: OAuth2 (googleSheetsOAuth2Api, n8n's default from v2) maps to authentication 'oAuth2' with the
 * slot kept under n8n's type (the credential is Weft's googleSheetsOAuth2Api: server/credentials/oauth2-presets.ts);
 * a service account (googleApi) to 'serviceAccount'.
 */
import type { Mapper, MapContext, Mapping } from './types';
import { arr, bool, num, obj, str, type Params } from './util';

const V4_OPS = new Set(['read', 'append', 'update', 'appendOrUpdate', 'create']);
const V1_OPS = new Set(['read', 'lookup', 'append']);

/** The value of a resource locator (or the plain value), numbers as text. */
const rlValue = (v: unknown): string => {
  const raw = v && typeof v === 'object' && 'value' in (v as Params) ? (v as Params).value : v;
  return typeof raw === 'number' ? String(raw) : str(raw);
};
const rlMode = (v: unknown): string => (v && typeof v === 'object' ? str((v as Params).mode, 'list') : 'id');

function sheetParams(p: Params, out: Params): void {
  out.documentId = rlValue(p.documentId);
  const mode = rlMode(p.sheetName);
  out.sheetBy = mode === 'name' ? 'name' : mode === 'url' ? 'url' : 'id';
  const value = rlValue(p.sheetName);
  out.sheetName = out.sheetBy === 'id' ? value.replace(/^gid=(\d+)$/, '$1') : value;
}

/** n8n's authentication: OAuth2 (v2+'s default, or a googleSheetsOAuth2Api credential) or a service account. */
function authOf(ctx: MapContext): 'oAuth2' | 'serviceAccount' {
  const creds = obj(ctx.node.credentials);
  const oauth = 'googleSheetsOAuth2Api' in creds || (ctx.version >= 2 ? ctx.params.authentication !== 'serviceAccount' && !('googleApi' in creds) : ctx.params.authentication === 'oAuth2');
  return oauth ? 'oAuth2' : 'serviceAccount';
}

/** Header row, first data row and A1 range from options.locationDefine / dataLocationOnSheet. */
function location(options: Params, out: Params): void {
  const loc = obj(obj(options.locationDefine ?? options.dataLocationOnSheet).values);
  out.range = loc.rangeDefinition === 'specifyRangeA1' ? str(loc.range) : '';
  out.headerRow = loc.rangeDefinition === 'specifyRange' ? num(loc.headerRow, 1) : 1;
  out.firstDataRow = loc.rangeDefinition === 'specifyRange' ? num(loc.firstDataRow, 2) : 2;
}

function readParams(p: Params, options: Params, out: Params): void {
  out.filters = arr(obj(p.filtersUI).values).map((f) => ({ column: str(obj(f).lookupColumn), value: rlValueText(obj(f).lookupValue) }));
  if (p.combineFilters === 'OR') out.combineFilters = 'OR';
  const firstOnly = options.returnFirstMatch === true || options.returnAllMatches === 'returnFirstMatch';
  out.returnAllMatches = !firstOnly;
  out.valueRenderMode = str(obj(obj(options.outputFormatting).values).general, 'UNFORMATTED_VALUE');
}

const rlValueText = (v: unknown): string => (typeof v === 'number' || typeof v === 'boolean' ? String(v) : str(v));

/** v4's resource mapper, or v2/v3's dataMode + fieldsUi + columnToMatchOn. */
function writeParams(p: Params, version: number, op: string, out: Params): void {
  if (version >= 4) {
    const columns = obj(p.columns);
    out.mappingMode = str(columns.mappingMode, 'defineBelow') === 'autoMapInputData' ? 'autoMapInputData' : 'defineBelow';
    out.columns = out.mappingMode === 'defineBelow' ? obj(columns.value) : {};
    out.matchingColumns = arr(columns.matchingColumns).map((x) => str(x));
    return;
  }
  const auto = str(p.dataMode, 'defineBelow') === 'autoMapInputData';
  out.mappingMode = auto ? 'autoMapInputData' : 'defineBelow';
  const columns: Params = {};
  for (const f of arr(obj(p.fieldsUi).values)) columns[str(obj(f).column)] = obj(f).fieldValue ?? '';
  const match = str(p.columnToMatchOn);
  if (op !== 'append' && match) {
    out.matchingColumns = [match];
    if (!auto) columns[match] = p.valueToMatchOn ?? '';
  } else out.matchingColumns = [];
  out.columns = auto ? {} : columns;
}

function v4(ctx: MapContext): Mapping | { unsupported: string } {
  const p = ctx.params;
  const resource = str(p.resource, 'sheet');
  const op = str(p.operation, 'read');
  if (resource !== 'sheet') return { unsupported: `Google Sheets ${resource} operations are not supported (only the sheet resource)` };
  if (!V4_OPS.has(op)) return { unsupported: `Google Sheets operation "${op}" is not supported` };
  const options = obj(p.options);
  const params: Params = { operation: op, authentication: authOf(ctx) };
  if (op === 'create') {
    params.documentId = rlValue(p.documentId);
    params.title = str(p.title);
    return { type: 'googleSheets', params };
  }
  sheetParams(p, params);
  location(options, params);
  if (op === 'read') readParams(p, options, params);
  else {
    writeParams(p, ctx.version, op, params);
    params.cellFormat = options.cellFormat === 'RAW' ? 'RAW' : 'USER_ENTERED';
    params.handlingExtraData = str(options.handlingExtraData, 'insertInNewColumn');
  }
  return { type: 'googleSheets', params };
}

function v1(ctx: MapContext): Mapping | { unsupported: string } {
  const p = ctx.params;
  const op = str(p.operation, 'read');
  if (!V1_OPS.has(op)) return { unsupported: `Google Sheets v1 operation "${op}" is not supported` };
  const options = obj(p.options);
  const params: Params = {
    operation: op === 'append' ? 'append' : 'read',
    authentication: authOf(ctx),
    documentId: str(p.sheetId),
    sheetName: '',
    range: str(p.range) || 'A:F',
    headerRow: num(p.keyRow, 0) + 1,
    firstDataRow: num(p.dataStartRow, 1) + 1,
    rowNumbers: false,
  };
  if (op === 'append') {
    Object.assign(params, { mappingMode: 'autoMapInputData', columns: {}, handlingExtraData: 'ignoreIt', cellFormat: str(options.valueInputMode, 'RAW') === 'USER_ENTERED' ? 'USER_ENTERED' : 'RAW' });
  } else {
    params.valueRenderMode = str(options.valueRenderMode, 'UNFORMATTED_VALUE');
    if (op === 'lookup') {
      params.filters = [{ column: str(p.lookupColumn), value: rlValueText(p.lookupValue) }];
      params.returnAllMatches = bool(options.returnAllMatches, false);
    }
  }
  return { type: 'googleSheets', params };
}

export const googleSheets: Mapper = (ctx) => (ctx.version >= 2 ? v4(ctx) : v1(ctx));
