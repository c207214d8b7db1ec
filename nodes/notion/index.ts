/**
 * notion: n8n's Notion node (n8n-nodes-base.notion v2-v2.2) on Notion's API with the `notionApi` credential
 * (apiKey as a Bearer token, Notion-Version header) or, with authentication 'oAuth2', a `notionOAuth2Api`
 * credential (its access token, the same way). Each input item makes one call (lists may page); n8n's
 * On Error setting (continue, error output) applies per item.
 * Property values, filters, blocks and the simplified output: properties.ts.
 *
 * Params (n8n's names; n8n's nested collections are flat lists here):
 * - resource / operation   databasePage: create | get | getAll | update; database: get | getAll | search;
 *                          block: append | getAll
 * - databaseId, pageId, blockId   an id (dashes optional) or a Notion URL (n8n's locators arrive as their value)
 * - title                  create: the page title (written to the database's title property)
 * - properties             create, update: n8n's propertiesUi.propertyValues entries ({ key: "Name|type", ... })
 * - blocks                 create, append: n8n's blockUi.blockValues entries ({ type, textContent })
 * - icon                   create, update: an emoji, or an image URL
 * - simple                 n8n's Simplify: pages as { id, name, url, property_<name> }, databases as { id, name, url }
 * - simplifyBlocks         get many blocks: a text block's text as plain `content` (n8n 2.2's Simplify Output)
 * - returnAll, limit       getAll, search (default limit 50)
 * - filterType, matchType, conditions, filterJson   getAll: none | manual (conditions joined by or/and) | json
 * - sorts                  getAll: n8n's options.sort.sortValue entries
 * - text                   database search: the query
 * - baseUrl, notionVersion Notion's API (default https://api.notion.com/v1, version 2021-08-16 as n8n 2.x)
 */
import { defineNode, NodeError, oauth2AccessToken, z, type Item, type JsonObject, type NodeContext } from '../sdk';
import { perItem } from '../per-item';
import { notionApi, notionId, notionList, type NotionCall } from './api';
import { buildBlocks, buildProperties, buildSorts, filterCondition, simplifyBlock, simplifyDatabase, simplifyPage, withParentId, type Entry } from './properties';

export const NOTION_OPERATIONS_OF = { databasePage: ['create', 'get', 'getAll', 'update'], database: ['get', 'getAll', 'search'], block: ['append', 'getAll'] } as const;
export const NOTION_OPERATIONS = ['create', 'get', 'getAll', 'update', 'search', 'append'] as const;

const text = (fallback = '') => z.preprocess((v) => (typeof v === 'number' ? String(v) : v), z.string()).default(fallback);
const entries = () => z.array(z.record(z.string(), z.unknown())).default([]);

export const notionParams = z.object({
  authentication: z.enum(['apiKey', 'oAuth2']).default('apiKey').describe('An API key credential (notionApi) or OAuth2 (notionOAuth2Api)'),
  resource: z.enum(['databasePage', 'database', 'block']).default('databasePage').describe('What to work on'),
  operation: z.enum(NOTION_OPERATIONS).default('create').describe('What to do'),
  databaseId: text().describe('Database ID or URL'),
  pageId: text().describe('Database page ID or URL'),
  blockId: text().describe('Block (or page) ID or URL'),
  title: text().describe('Create: page title'),
  properties: entries().describe('Create, update: property values ({ key: "Name|type", <value field> })'),
  blocks: entries().describe('Create, append: blocks ({ type, textContent })'),
  icon: text().describe('Create, update: page icon (an emoji or an image URL)'),
  simple: z.boolean().default(true).describe('Simplify the output'),
  simplifyBlocks: z.boolean().default(true).describe('Get many blocks: text blocks as { id, type, content } (n8n 2.2\'s Simplify Output)'),
  returnAll: z.boolean().default(false).describe('Get many, search: all results'),
  limit: z.coerce.number().int().positive().default(50).describe('Get many, search: at most this many'),
  filterType: z.enum(['none', 'manual', 'json']).default('none').describe('Get many pages: how to filter'),
  matchType: z.enum(['anyFilter', 'allFilters']).default('anyFilter').describe('Manual filter: any or all conditions'),
  conditions: entries().describe('Manual filter conditions ({ key: "Name|type", condition, <value field> })'),
  filterJson: z.unknown().default('').describe('JSON filter (Notion filter object)'),
  sorts: entries().describe('Get many pages: sort rules ({ key, direction, timestamp })'),
  text: text().describe('Database search: text to look for'),
  baseUrl: z.url().default('https://api.notion.com/v1').describe('Notion API base URL'),
  notionVersion: text('2021-08-16').describe('Notion-Version header'),
});

type Params = z.output<typeof notionParams>;
type Ctx = NodeContext<Params>;
type IdField = 'databaseId' | 'pageId' | 'blockId';

/** Notion API versions before 2022-02-22 name block text and rich-text filters `text`. */
const legacyApi = (p: Params) => p.notionVersion < '2022-02-22';

function fail(ctx: Ctx, field: string, message: string, itemIndex: number): never {
  throw new NodeError(`Node "${ctx.node.name}", field "${field}": ${message}`, { field, itemIndex });
}

function idOf(ctx: Ctx, p: Params, field: IdField, itemIndex: number): string {
  const value = p[field].trim();
  if (value === '') fail(ctx, field, `is empty; ${p.resource} ${p.operation} needs it`, itemIndex);
  return notionId(value) ?? fail(ctx, field, `"${value}" is not a Notion ID or URL`, itemIndex);
}

function guarded<T>(ctx: Ctx, field: string, itemIndex: number, build: () => T): T {
  try {
    return build();
  } catch (err) {
    return fail(ctx, field, (err as Error).message, itemIndex);
  }
}

function filterOf(ctx: Ctx, p: Params, itemIndex: number): JsonObject | undefined {
  if (p.filterType === 'manual') {
    if (p.conditions.length === 0) return undefined;
    const list = guarded(ctx, 'conditions', itemIndex, () => p.conditions.map((c) => filterCondition(c as Entry, legacyApi(p))));
    return { [p.matchType === 'allFilters' ? 'and' : 'or']: list };
  }
  if (p.filterType === 'json') {
    if (typeof p.filterJson === 'object' && p.filterJson !== null) return p.filterJson as JsonObject;
    if (typeof p.filterJson !== 'string' || p.filterJson.trim() === '') return undefined;
    return guarded(ctx, 'filterJson', itemIndex, () => JSON.parse(p.filterJson as string) as JsonObject);
  }
  return undefined;
}

/** The name of a database's title property (what create writes `title` into). */
async function titleProperty(ctx: Ctx, call: NotionCall, databaseId: string, itemIndex: number): Promise<string> {
  const db = await notionApi(call, 'GET', `/databases/${databaseId}`, undefined, 'databaseId');
  const entry = Object.entries((db.properties ?? {}) as Record<string, Entry>).find(([, prop]) => prop?.type === 'title');
  return entry?.[0] ?? fail(ctx, 'title', 'the database has no title property', itemIndex);
}

/** A page icon: an image URL (n8n's iconType 'file') or an emoji. */
const iconOf = (icon: string): JsonObject => (/^https?:\/\//.test(icon) ? { type: 'external', external: { url: icon } } : { type: 'emoji', emoji: icon });

async function createPage(ctx: Ctx, call: NotionCall, p: Params, itemIndex: number): Promise<JsonObject> {
  const databaseId = idOf(ctx, p, 'databaseId', itemIndex);
  const properties = guarded(ctx, 'properties', itemIndex, () => buildProperties(p.properties as Entry[]));
  if (p.title !== '') properties[await titleProperty(ctx, call, databaseId, itemIndex)] = { title: [{ type: 'text', text: { content: p.title } }] };
  const body: JsonObject = { parent: { database_id: databaseId }, properties };
  if (p.blocks.length) body.children = guarded(ctx, 'blocks', itemIndex, () => buildBlocks(p.blocks as Entry[], legacyApi(p)));
  if (p.icon !== '') body.icon = iconOf(p.icon);
  return notionApi(call, 'POST', '/pages', body, 'properties');
}

const pages = (p: Params, list: JsonObject[]) => (p.simple ? list.map(simplifyPage) : list);
const databases = (p: Params, list: JsonObject[]) => (p.simple ? list.map(simplifyDatabase) : list);

async function runItem(ctx: Ctx, call: NotionCall, p: Params, i: number): Promise<JsonObject[]> {
  const limit = p.returnAll ? undefined : p.limit;
  const op = `${p.resource}.${p.operation}`;
  switch (op) {
    case 'databasePage.create':
      return pages(p, [await createPage(ctx, call, p, i)]);
    case 'databasePage.get':
      return pages(p, [await notionApi(call, 'GET', `/pages/${idOf(ctx, p, 'pageId', i)}`, undefined, 'pageId')]);
    case 'databasePage.update': {
      const properties = guarded(ctx, 'properties', i, () => buildProperties(p.properties as Entry[]));
      const body: JsonObject = { properties };
      if (p.icon !== '') body.icon = iconOf(p.icon);
      return pages(p, [await notionApi(call, 'PATCH', `/pages/${idOf(ctx, p, 'pageId', i)}`, body, 'properties')]);
    }
    case 'databasePage.getAll': {
      const body: JsonObject = {};
      const filter = filterOf(ctx, p, i);
      if (filter) body.filter = filter;
      if (p.sorts.length) body.sorts = buildSorts(p.sorts as Entry[]);
      return pages(p, await notionList(call, 'POST', `/databases/${idOf(ctx, p, 'databaseId', i)}/query`, body, 'databaseId', limit));
    }
    case 'database.get':
      return databases(p, [await notionApi(call, 'GET', `/databases/${idOf(ctx, p, 'databaseId', i)}`, undefined, 'databaseId')]);
    case 'database.getAll':
    case 'database.search': {
      const body: JsonObject = { filter: { property: 'object', value: 'database' } };
      if (p.operation === 'search' && p.text !== '') body.query = p.text;
      return databases(p, await notionList(call, 'POST', '/search', body, p.operation === 'search' ? 'text' : 'operation', limit));
    }
    case 'block.append': {
      const children = guarded(ctx, 'blocks', i, () => buildBlocks(p.blocks as Entry[], legacyApi(p)));
      return [await notionApi(call, 'PATCH', `/blocks/${idOf(ctx, p, 'blockId', i)}/children`, { children }, 'blocks')];
    }
    case 'block.getAll': {
      const blockId = idOf(ctx, p, 'blockId', i);
      const blocks = await notionList(call, 'GET', `/blocks/${blockId}/children`, {}, 'blockId', limit);
      const listed = blocks.map((b) => withParentId(b, blockId));
      return p.simplifyBlocks ? listed.map((b) => simplifyBlock(b, blockId)) : listed;
    }
    default:
      return fail(ctx, 'operation', `${p.resource} has no operation "${p.operation}"`, i);
  }
}

async function apiKey(ctx: Ctx): Promise<string> {
  if (ctx.params(0).authentication === 'oAuth2') return oauth2AccessToken(ctx as NodeContext<unknown>, 'notionOAuth2Api');
  const value = (await ctx.credentials('notionApi'))?.apiKey;
  if (typeof value !== 'string' || value === '') throw new NodeError(`Node "${ctx.node.name}": the Notion credential has no API key`, { field: 'credentials' });
  return value;
}

export const notionNode = defineNode({
  type: 'notion',
  version: 1,
  displayName: 'Notion',
  description: 'Create, read, update and query Notion database pages; list and search databases; append and read blocks',
  category: 'integration',
  icon: 'blocks',
  inputs: [{ name: 'main' }],
  outputs: [{ name: 'main' }],
  params: notionParams,
  // Shown by authentication (so neither is required for the other's nodes), as HTTP Request's slots.
  credentials: [
    { name: 'notionApi', type: 'notionApi', shownWhen: { authentication: ['apiKey'] } },
    { name: 'notionOAuth2Api', type: 'notionOAuth2Api', types: ['notionOAuth2Api', 'oAuth2Api'], shownWhen: { authentication: ['oAuth2'] } },
  ],
  async execute(ctx) {
    if (ctx.items.length === 0) return { main: [] };
    const key = await apiKey(ctx);
    const fetchImpl = ctx.services.fetch ?? globalThis.fetch;
    // n8n's On Error setting: continue / error output per failed item (../per-item.ts).
    return perItem(ctx as NodeContext<unknown>, 'main', async (_item, i): Promise<Item[]> => {
      const p = ctx.params(i);
      const call: NotionCall = { nodeName: ctx.node.name, baseUrl: p.baseUrl, apiKey: key, version: p.notionVersion, fetchImpl, signal: ctx.signal, itemIndex: i };
      return (await runItem(ctx, call, p, i)).map((json) => ({ json, pairedItem: { item: i } }));
    });
  },
});

export default notionNode;
