/** nodes/notion back into n8n's Notion node v2.2: ids as locators (URL mode for URLs), lists back into their n8n collections. */
import { setIf, str, type Params, type ReverseMapper } from './types';
import { NOTION_DEFAULT_OPERATION, NOTION_FIELDS, NOTION_LOCATORS } from '../mappers/notion';

const locator = (value: string) => ({ __rl: true, value, mode: /^=?https?:|\$json\.url|\.url\b/.test(value) ? 'url' : 'id' });
const list = (v: unknown): Params[] => (Array.isArray(v) ? (v as Params[]) : []);

export const notion: ReverseMapper = ({ params: p, warn }) => {
  const resource = str(p.resource, 'databasePage');
  const operation = str(p.operation, NOTION_DEFAULT_OPERATION[resource]);
  const key = `${resource}.${operation}`;
  // n8n's default is the API key; OAuth2 (the notionOAuth2Api slot) is named.
  const parameters: Params = { ...(p.authentication === 'oAuth2' ? { authentication: 'oAuth2' } : {}), resource };
  setIf(parameters, 'operation', operation, NOTION_DEFAULT_OPERATION[resource]);
  for (const [field, n8nDefault] of Object.entries(NOTION_FIELDS[key] ?? {})) {
    if (NOTION_LOCATORS.has(field)) parameters[field] = locator(str(p[field]));
    else setIf(parameters, field, p[field], n8nDefault);
  }
  const options: Params = {};
  if (operation === 'create' || operation === 'update') parameters.propertiesUi = { propertyValues: list(p.properties) };
  if ((key === 'databasePage.create' || key === 'block.append') && list(p.blocks).length) parameters.blockUi = { blockValues: list(p.blocks) };
  if ((key === 'databasePage.create' || key === 'databasePage.update') && str(p.icon) !== '') {
    options.icon = p.icon;
    if (/^=?https?:/.test(str(p.icon))) options.iconType = 'file';
  }
  if (key === 'databasePage.getAll') {
    if (p.filterType === 'manual') {
      setIf(parameters, 'matchType', p.matchType, 'anyFilter');
      parameters.filters = { conditions: list(p.conditions) };
    }
    if (p.filterType === 'json') parameters.filterJson = p.filterJson ?? '';
    if (list(p.sorts).length) options.sort = { sortValue: list(p.sorts) };
  }
  if (key === 'block.getAll') setIf(parameters, 'simplifyOutput', p.simplifyBlocks, true);
  if (['databasePage.create', 'databasePage.update', 'databasePage.getAll', 'database.search'].includes(key)) parameters.options = options;
  if (str(p.baseUrl) !== '' && p.baseUrl !== 'https://api.notion.com/v1') warn('Notion: n8n always calls https://api.notion.com/v1; the base URL is not exported');
  if (str(p.notionVersion) !== '' && p.notionVersion !== '2022-02-22') warn('Notion: n8n sends its own Notion-Version; the version is not exported');
  return { type: 'n8n-nodes-base.notion', typeVersion: 2.2, parameters };
};
