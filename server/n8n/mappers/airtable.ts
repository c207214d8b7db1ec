/**
 * n8n's Airtable node into nodes/airtable.
 * - v2 / v2.1: base and table are resource locators (list / url / id): their value is kept (URLs are read at
 *   run time); record operations keep n8n's names, `columns` (resource mapper) becomes mappingMode, columns and
 *   matchingColumns; options.typecast / ignoreFields / updateAllMatches and search's options.fields / view and
 *   sort.property become flat params. v2.0's search runs once for all items (searchOnce), v2.1's once per item.
 *   An export without `operation` holds n8n's default 'read', which is Get.
 * - v1: list / read / append / update / delete become search / get / create / update / deleteRecord on the
 *   `application` base, with records shaped { id, fields, createdTime } (recordShape 'record'); list runs once.
 * The credential slots keep n8n's names (airtableTokenApi, airtableApi). OAuth2 is not supported.
 */
import type { Mapper, MapContext, Mapping } from './types';
import { arr, bool, locatorValue, num, obj, str, type Params } from './util';

const V2_RECORD_OPS = new Set(['get', 'search', 'create', 'update', 'upsert', 'deleteRecord']);
const V2_BASE_OPS = new Set(['getMany', 'getSchema']);
const V1_OPS: Record<string, string> = { list: 'search', read: 'get', append: 'create', update: 'update', delete: 'deleteRecord' };

const OAUTH = 'OAuth2 credentials for Airtable are not supported; use a personal access token';

/** A list param: an array of names or comma-separated text (an expression stays text). */
const names = (v: unknown): string[] | string => (Array.isArray(v) ? v.map((x) => str(x)) : typeof v === 'string' && v.startsWith('=') ? v : str(v).split(',').map((s) => s.trim()).filter(Boolean));

function sortRules(v: unknown): { field: string; direction: string }[] {
  return arr(obj(v).property).map((r) => ({ field: str(obj(r).field), direction: str(obj(r).direction, 'asc') }));
}

function searchParams(p: Params, options: Params, out: Params): void {
  out.filterByFormula = str(p.filterByFormula ?? options.filterByFormula);
  out.returnAll = bool(p.returnAll, true);
  out.limit = p.limit ?? 100;
  out.fields = names(options.fields ?? []);
  out.view = locatorValue(options.view);
  out.sort = sortRules(p.sort ?? options.sort);
}

function writeOptions(options: Params, out: Params): void {
  out.typecast = bool(options.typecast, false);
  out.ignoreFields = names(options.ignoreFields ?? []);
  if (options.updateAllMatches !== undefined) out.updateAllMatches = bool(options.updateAllMatches, false);
}

function v2({ params: p, version, warn }: MapContext): Mapping | { unsupported: string } {
  if (p.authentication === 'airtableOAuth2Api') return { unsupported: OAUTH };
  const resource = str(p.resource, 'record');
  const operation = str(p.operation, resource === 'base' ? 'getMany' : 'read');
  const op = resource === 'record' && operation === 'read' ? 'get' : operation;
  if (resource === 'record' ? !V2_RECORD_OPS.has(op) : resource !== 'base' || !V2_BASE_OPS.has(op)) {
    return { unsupported: `Airtable ${resource} operation "${operation}" is not supported` };
  }
  const options = obj(p.options);
  const params: Params = { operation: op, base: locatorValue(p.base) };
  if (resource === 'record') params.table = locatorValue(p.table);
  switch (op) {
    case 'get':
    case 'deleteRecord':
      params.id = str(p.id);
      break;
    case 'search':
      searchParams(p, options, params);
      if (version < 2.1) params.searchOnce = true;
      break;
    case 'create':
    case 'update':
    case 'upsert': {
      const columns = obj(p.columns);
      params.mappingMode = str(columns.mappingMode, 'defineBelow');
      params.columns = obj(columns.value);
      params.matchingColumns = arr(columns.matchingColumns).map((x) => str(x));
      writeOptions(options, params);
      break;
    }
    case 'getMany':
      params.returnAll = bool(p.returnAll, true);
      params.limit = p.limit ?? 100;
      params.permissionLevel = arr(options.permissionLevel).map((x) => str(x));
      break;
  }
  if (options.downloadFields !== undefined && arr(options.downloadFields).length) warn('Airtable attachments are not downloaded (options.downloadFields is ignored)');
  return { type: 'airtable', params };
}

/** v1 takes the token credential when `authentication` says so, or when only that credential is set. */
const tokenAuth = (p: Params, credentials: unknown) =>
  p.authentication === 'airtableTokenApi' || (p.authentication === undefined && 'airtableTokenApi' in obj(credentials) && !('airtableApi' in obj(credentials)));

function v1({ params: p, node, warn }: MapContext): Mapping | { unsupported: string } {
  if (p.authentication === 'airtableOAuth2Api') return { unsupported: OAUTH };
  const operation = str(p.operation, 'read');
  const op = V1_OPS[operation];
  if (!op) return { unsupported: `Airtable v1 operation "${operation}" is not supported` };
  const params: Params = { operation: op, authentication: tokenAuth(p, node.credentials) ? 'airtableTokenApi' : 'airtableApi', base: locatorValue(p.application), table: locatorValue(p.table), recordShape: 'record' };
  const options = obj(p.options);
  switch (op) {
    case 'search': {
      const more = obj(p.additionalOptions);
      searchParams({ returnAll: p.returnAll, limit: p.limit }, more, params);
      params.searchOnce = true;
      if (p.downloadAttachments === true) warn('Airtable attachments are not downloaded (downloadAttachments is ignored)');
      break;
    }
    case 'get':
    case 'deleteRecord':
      params.id = str(p.id);
      break;
    case 'create':
    case 'update': {
      const all = bool(op === 'create' ? p.addAllFields : p.updateAllFields, true);
      if (op === 'update') params.id = str(p.id);
      const fields = all ? [] : names(p.fields ?? []);
      if (!all && Array.isArray(fields) && !fields.length) {
        // Not all fields and none chosen: n8n sends a record without fields.
        params.mappingMode = 'defineBelow';
        params.columns = {};
      } else {
        params.mappingMode = 'autoMapInputData';
        params.sendFields = fields;
      }
      writeOptions(options, params);
      if (options.bulkSize !== undefined && num(options.bulkSize, 10) !== 10) warn('Airtable writes go in batches of 10 (options.bulkSize is ignored)');
      break;
    }
  }
  return { type: 'airtable', params };
}

export const airtable: Mapper = (ctx) => (ctx.version >= 2 ? v2(ctx) : v1(ctx));
