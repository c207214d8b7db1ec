/**
 * nodes/airtable back into n8n's Airtable node: v1 (list / read / append / update / delete) for nodes whose
 * records keep n8n v1's shape, otherwise v2.1 (v2 for a search that runs once for all items), with base and
 * table as resource locators (mode 'url' for URLs, else 'id') and `columns` as n8n's resource mapper value.
 */
import { setIf, type Params, type ReverseMapper, type ReverseMapping } from './types';

const V1_OPS: Record<string, string> = { search: 'list', get: 'read', create: 'append', update: 'update', deleteRecord: 'delete' };

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' && v ? v.split(',').map((s) => s.trim()).filter(Boolean) : []);
const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const locator = (v: unknown) => {
  const value = text(v);
  return { __rl: true, mode: /^https?:\/\//i.test(value) ? 'url' : 'id', value };
};

/** The resource mapper's schema: one entry per column the node writes or matches on. */
function schemaOf(columns: Params, matching: string[]): Params[] {
  const ids = [...new Set([...matching, ...Object.keys(columns)])];
  return ids.map((id) => ({ id, displayName: id, required: false, defaultMatch: id === 'id', display: true, type: 'string', canBeUsedToMatch: true, ...(id === 'id' ? { readOnly: true } : {}) }));
}

function writeOptions(p: Params, op: string): Params {
  const options: Params = {};
  if (p.typecast === true) options.typecast = true;
  const ignore = list(p.ignoreFields);
  if (ignore.length) options.ignoreFields = ignore.join(',');
  if (op === 'update' && p.updateAllMatches === true) options.updateAllMatches = true;
  return options;
}

function searchOf(p: Params, parameters: Params, options: Params): void {
  setIf(parameters, 'filterByFormula', text(p.filterByFormula), '');
  const returnAll = p.returnAll !== false;
  setIf(parameters, 'returnAll', returnAll, true);
  if (!returnAll) parameters.limit = p.limit ?? 100;
  const fields = list(p.fields);
  if (fields.length) options.fields = fields;
  if (text(p.view)) options.view = { __rl: true, mode: 'id', value: text(p.view) };
}

function sortOf(p: Params): Params | undefined {
  const rules = Array.isArray(p.sort) ? (p.sort as Params[]) : [];
  return rules.length ? { property: rules.map((r) => ({ field: text(r.field), direction: text(r.direction) || 'asc' })) } : undefined;
}

function v1(p: Params, op: string): ReverseMapping {
  const parameters: Params = { operation: V1_OPS[op], application: text(p.base), table: text(p.table) };
  if (p.authentication === 'airtableTokenApi') parameters.authentication = 'airtableTokenApi';
  if (op === 'search') {
    const more: Params = {};
    searchOf(p, parameters, more);
    if (more.filterByFormula === undefined && parameters.filterByFormula !== undefined) {
      more.filterByFormula = parameters.filterByFormula;
      delete parameters.filterByFormula;
    }
    const sort = sortOf(p);
    if (sort) more.sort = sort;
    if (more.view) more.view = (more.view as Params).value;
    parameters.additionalOptions = more;
  } else if (op === 'get' || op === 'deleteRecord' || op === 'update') {
    parameters.id = text(p.id);
  }
  if (op === 'create' || op === 'update') {
    const fields = list(p.sendFields);
    if (p.mappingMode !== 'autoMapInputData') parameters[op === 'create' ? 'addAllFields' : 'updateAllFields'] = false;
    else if (fields.length) {
      parameters[op === 'create' ? 'addAllFields' : 'updateAllFields'] = false;
      parameters.fields = fields;
    }
    parameters.options = writeOptions(p, op);
  }
  return { type: 'n8n-nodes-base.airtable', typeVersion: 1, parameters };
}

export const airtable: ReverseMapper = ({ params: p, warn }) => {
  const op = typeof p.operation === 'string' ? p.operation : 'get';
  const columns = p.columns && typeof p.columns === 'object' ? Object.keys(p.columns) : [];
  const v1Writes = p.mappingMode === 'autoMapInputData' || !columns.length;
  if (p.recordShape === 'record' && V1_OPS[op] && (v1Writes || (op !== 'create' && op !== 'update'))) return v1(p, op);
  if (p.recordShape === 'record') warn('n8n Airtable v1 cannot express this (no such operation, or columns set one by one); exported as Airtable v2.1');
  if (p.authentication === 'airtableApi') warn('n8n Airtable v2 takes a personal access token (airtableTokenApi), not the legacy API key');
  if (p.baseUrl !== undefined && p.baseUrl !== 'https://api.airtable.com') warn('The Airtable API address has no n8n equivalent (n8n calls https://api.airtable.com)');
  const parameters: Params = {};
  if (op === 'getMany' || op === 'getSchema') {
    parameters.resource = 'base';
    parameters.operation = op;
    if (op === 'getSchema') parameters.base = locator(p.base);
    else {
      setIf(parameters, 'returnAll', p.returnAll !== false, true);
      if (p.returnAll === false) parameters.limit = p.limit ?? 100;
      const levels = list(p.permissionLevel);
      parameters.options = levels.length ? { permissionLevel: levels } : {};
    }
    return { type: 'n8n-nodes-base.airtable', typeVersion: 2.1, parameters };
  }
  parameters.operation = op;
  parameters.base = locator(p.base);
  parameters.table = locator(p.table);
  const options: Params = {};
  if (op === 'get' || op === 'deleteRecord') parameters.id = text(p.id);
  if (op === 'search') {
    searchOf(p, parameters, options);
    const sort = sortOf(p);
    if (sort) parameters.sort = sort;
  }
  if (op === 'create' || op === 'update' || op === 'upsert') {
    const columns = p.columns && typeof p.columns === 'object' ? (p.columns as Params) : {};
    const matching = list(p.matchingColumns);
    const mappingMode = p.mappingMode === 'autoMapInputData' ? 'autoMapInputData' : 'defineBelow';
    if (list(p.sendFields).length) warn('n8n v2 sends every field of the input item (only ignoreFields can leave some out)');
    if (op === 'update' && text(p.id)) warn('n8n v2 finds the record to update by its columns: the id is written as the "id" column');
    const value = op === 'update' && text(p.id) && mappingMode === 'defineBelow' ? { id: text(p.id), ...columns } : columns;
    const matchingColumns = op === 'update' && text(p.id) ? ['id'] : matching;
    parameters.columns = { mappingMode, value: mappingMode === 'defineBelow' ? value : {}, matchingColumns, schema: schemaOf(mappingMode === 'defineBelow' ? value : {}, matchingColumns) };
    Object.assign(options, writeOptions(p, op));
  }
  parameters.options = options;
  return { type: 'n8n-nodes-base.airtable', typeVersion: op === 'search' && p.searchOnce === true ? 2 : 2.1, parameters };
};
