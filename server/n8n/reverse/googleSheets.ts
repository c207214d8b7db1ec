/**
 * nodes/googleSheets back into n8n's Google Sheets node: v1 (read / lookup / append on sheetId + range) for
 * nodes that read without row numbers (what the v1 import gives), otherwise v4.5 with documentId and
 * sheetName as resource locators (url / id / name) and `columns` as n8n's resource mapper value. The service
 * account becomes authentication 'serviceAccount' with the googleApi credential, OAuth2 n8n's OAuth2 with the
 * googleSheetsOAuth2Api slot; a bearer token has no n8n equivalent (exported as n8n's default OAuth2, with a warning).
 */
import { setIf, type Params, type ReverseMapper, type ReverseMapping } from './types';

const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
const filtersOf = (v: unknown): { column: string; value: string }[] =>
  (Array.isArray(v) ? (v as Params[]) : []).map((f) => ({ column: text(f.column), value: text(f.value) })).filter((f) => f.column);

function sheetLocator(p: Params): Params {
  const value = text(p.sheetName);
  if (p.sheetBy === 'name') return { __rl: true, mode: 'name', value };
  if (p.sheetBy === 'url') return { __rl: true, mode: 'url', value };
  const gid = /^(?:gid=)?(\d+)$/.exec(value.trim());
  return { __rl: true, mode: 'id', value: gid ? gid[1] : value };
}

function schemaOf(ids: string[]): Params[] {
  return ids.map((id) => ({ id, displayName: id, required: false, defaultMatch: false, display: true, type: 'string', canBeUsedToMatch: true, ...(id === 'row_number' ? { readOnly: true } : {}) }));
}

function v1(p: Params, op: string): ReverseMapping {
  const filters = filtersOf(p.filters);
  // v1's authentication defaults to the service account; OAuth2 is named.
  const parameters: Params = { authentication: p.authentication === 'oAuth2' ? 'oAuth2' : 'serviceAccount', sheetId: text(p.documentId), range: text(p.range) || 'A:F' };
  setIf(parameters, 'keyRow', (Number(p.headerRow) || 1) - 1, 0);
  setIf(parameters, 'dataStartRow', (Number(p.firstDataRow) || 2) - 1, 1);
  const options: Params = {};
  if (op === 'append') {
    parameters.operation = 'append';
    if (p.cellFormat === 'USER_ENTERED') options.valueInputMode = 'USER_ENTERED';
  } else {
    if (filters.length) {
      parameters.operation = 'lookup';
      parameters.lookupColumn = filters[0].column;
      parameters.lookupValue = filters[0].value;
      if (p.returnAllMatches === true) options.returnAllMatches = true;
    }
    if (typeof p.valueRenderMode === 'string' && p.valueRenderMode !== 'UNFORMATTED_VALUE') options.valueRenderMode = p.valueRenderMode;
  }
  parameters.options = options;
  return { type: 'n8n-nodes-base.googleSheets', typeVersion: 1, parameters };
}

export const googleSheets: ReverseMapper = ({ params: p, warn }) => {
  const op = typeof p.operation === 'string' ? p.operation : 'read';
  const filters = filtersOf(p.filters);
  if (p.rowNumbers === false && (op === 'read' || op === 'append') && filters.length <= 1) return v1(p, op);
  if (p.rowNumbers === false) warn('n8n Google Sheets v4 always adds row_number to the rows it reads');
  if (p.authentication === 'accessToken') warn('n8n has no bearer-token authentication for Google Sheets: exported with OAuth2 (n8n\'s default)');
  if (p.apiUrl !== undefined && p.apiUrl !== 'https://sheets.googleapis.com') warn('The Sheets API address has no n8n equivalent (n8n calls https://sheets.googleapis.com)');
  const parameters: Params = {};
  // v4.5's authentication defaults to OAuth2 (left out, as n8n writes it); the service account is named.
  if (p.authentication !== 'accessToken' && p.authentication !== 'oAuth2') parameters.authentication = 'serviceAccount';
  const documentId = text(p.documentId);
  parameters.documentId = { __rl: true, mode: /^=?https?:\/\//i.test(documentId) ? 'url' : 'id', value: documentId };
  const options: Params = {};
  if (op === 'create') {
    parameters.operation = 'create';
    parameters.title = text(p.title);
    parameters.options = options;
    return { type: 'n8n-nodes-base.googleSheets', typeVersion: 4.5, parameters };
  }
  if (op !== 'read') parameters.operation = op;
  parameters.sheetName = sheetLocator(p);
  const range = text(p.range);
  if (range) options.dataLocationOnSheet = { values: { rangeDefinition: 'specifyRangeA1', range } };
  else if ((p.headerRow !== undefined && p.headerRow !== 1) || (p.firstDataRow !== undefined && p.firstDataRow !== 2)) {
    options.dataLocationOnSheet = { values: { rangeDefinition: 'specifyRange', headerRow: p.headerRow ?? 1, firstDataRow: p.firstDataRow ?? 2 } };
  }
  if (op === 'read') {
    if (filters.length) parameters.filtersUI = { values: filters.map((f) => ({ lookupColumn: f.column, lookupValue: f.value })) };
    if (p.combineFilters === 'OR') parameters.combineFilters = 'OR';
    if (p.returnAllMatches === false) options.returnFirstMatch = true;
    if (typeof p.valueRenderMode === 'string' && p.valueRenderMode !== 'UNFORMATTED_VALUE') options.outputFormatting = { values: { general: p.valueRenderMode, date: 'FORMATTED_STRING' } };
  } else {
    const mappingMode = p.mappingMode === 'autoMapInputData' ? 'autoMapInputData' : 'defineBelow';
    const value = mappingMode === 'defineBelow' && p.columns && typeof p.columns === 'object' ? (p.columns as Params) : {};
    const matchingColumns = list(p.matchingColumns);
    parameters.columns = { mappingMode, value, matchingColumns, schema: schemaOf([...new Set([...Object.keys(value), ...matchingColumns])]) };
    if (p.cellFormat === 'RAW') options.cellFormat = 'RAW';
    if (typeof p.handlingExtraData === 'string' && p.handlingExtraData !== 'insertInNewColumn') options.handlingExtraData = p.handlingExtraData;
  }
  parameters.options = options;
  return { type: 'n8n-nodes-base.googleSheets', typeVersion: 4.5, parameters };
};
