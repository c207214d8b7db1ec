/**
 * n8n's Notion node (n8n-nodes-base.notion v2-v2.2) into nodes/notion: database pages (create, get, get many,
 * update), databases (get, get many, search) and blocks (append, get many). Resource locators become their value
 * (the node reads ids and URLs); propertiesUi/blockUi/filters/sort entries keep n8n's shapes as flat lists.
 * Notion 1 and the page resource stay unsupported; OAuth2 (notionOAuth2Api) keeps its authentication and slot. The field table is shared with
 * the reverse mapper (../reverse/notion.ts), which writes v2.2.
 */
import type { Mapper } from './types';
import { arr, bool, locatorValue, num, obj, str, type Params } from './util';

export const NOTION_DEFAULT_OPERATION: Record<string, string> = { databasePage: 'create', database: 'get', block: 'append' };

/** Per resource.operation: the Weft params it keeps (n8n's top-level parameters with n8n's defaults). */
export const NOTION_FIELDS: Record<string, Record<string, unknown>> = {
  'databasePage.create': { databaseId: '', title: '', simple: true },
  'databasePage.get': { pageId: '', simple: true },
  'databasePage.update': { pageId: '', simple: true },
  'databasePage.getAll': { databaseId: '', returnAll: false, limit: 50, filterType: 'none', simple: true },
  'database.get': { databaseId: '', simple: true },
  'database.getAll': { returnAll: false, limit: 50, simple: true },
  'database.search': { text: '', returnAll: false, limit: 50, simple: true },
  'block.append': { blockId: '' },
  'block.getAll': { blockId: '', returnAll: false, limit: 50 },
};

/** Locator fields: n8n writes them as { __rl, mode, value } from v2.1 on. */
export const NOTION_LOCATORS = new Set(['databaseId', 'pageId', 'blockId']);

export const notion: Mapper = ({ params: p, version, warn }) => {
  if (version < 2) return { unsupported: 'Notion 1 is not supported; open the workflow in n8n to upgrade the node to Notion 2' };
  const resource = str(p.resource, 'page');
  const operation = str(p.operation, NOTION_DEFAULT_OPERATION[resource] ?? '');
  const key = `${resource}.${operation}`;
  const fields = NOTION_FIELDS[key];
  if (!fields) return { unsupported: `Notion ${resource} operation "${operation}" is not supported` };
  const params: Params = { ...(str(p.authentication) === 'oAuth2' ? { authentication: 'oAuth2' } : {}), resource, operation };
  for (const [field, n8nDefault] of Object.entries(fields)) {
    const value = p[field] ?? n8nDefault;
    params[field] = NOTION_LOCATORS.has(field) ? locatorValue(value) : typeof n8nDefault === 'number' ? num(value, n8nDefault) : typeof n8nDefault === 'boolean' ? bool(value, n8nDefault) : value;
  }
  const options = obj(p.options);
  if (operation === 'create' || operation === 'update') params.properties = arr(obj(p.propertiesUi).propertyValues);
  if (key === 'databasePage.create' || key === 'block.append') params.blocks = arr(obj(p.blockUi).blockValues);
  if ((key === 'databasePage.create' || key === 'databasePage.update') && str(options.icon) !== '') params.icon = str(options.icon);
  if (key === 'databasePage.getAll') {
    if (params.filterType === 'manual') {
      params.matchType = str(p.matchType, 'anyFilter');
      params.conditions = arr(obj(p.filters).conditions);
    }
    if (params.filterType === 'json') params.filterJson = p.filterJson ?? '';
    const sorts = arr(obj(options.sort).sortValue);
    if (sorts.length) params.sorts = sorts;
    if (options.downloadFiles === true) warn('Notion "Download Files" is not supported: file properties stay URLs');
  }
  if (key === 'block.getAll') {
    params.simplifyBlocks = version >= 2.2 ? bool(p.simplifyOutput, true) : false;
    if (p.fetchNestedBlocks === true) warn('Notion "Also Fetch Nested Blocks" is not supported: only the top-level blocks are read');
  }
  return { type: 'notion', params };
};
