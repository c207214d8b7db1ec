/**
 * Notion node against a fake Notion API on 127.0.0.1 (server/testing/fake-api.ts) that records each request and answers as Notion
 * documents: create (title into the database's title property, property values in n8n's formats, blocks,
 * icon), update by URL, get, paged queries with manual and JSON filters and sorts, simplified output,
 * database list/search, block append and simplified block list, and errors that name node and field.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { jsonOf, runNode } from '../../server/engine/testing/node-context';
import { startFakeApi, type FakeApi, type FakeReply, type FakeRequest } from '../../server/testing/fake-api';
import { notionNode } from './index';
import { filterCondition, snakeCase } from './properties';

type Seen = FakeRequest<Record<string, unknown>>;
const KEY = 'secret_notion_key_42';
const DB = '1d858554-d218-807c-936c-d06c8a8ec769';
const PAGE = '9aba7f55-a7de-4329-9d5b-6d127937fa49';
let api: FakeApi<Record<string, unknown>>;
let answer: (s: Seen) => FakeReply;
let baseUrl = '';

const page = (id: string, title: string) => ({
  object: 'page', id, url: `https://www.notion.so/${id.replace(/-/g, '')}`,
  properties: {
    Name: { id: 'title', type: 'title', title: [{ plain_text: title }] },
    'Due Date': { type: 'date', date: { start: '2024-05-01', end: null } },
    Status: { type: 'status', status: { name: 'Done' } },
    Tags: { type: 'multi_select', multi_select: [{ name: 'a' }, { name: 'b' }] },
    'isActive (dev)': { type: 'checkbox', checkbox: true },
    Owner: { type: 'people', people: [{ object: 'user', id: 'u1', person: { email: 'ada@x.io' } }, { object: 'user', id: 'u2' }] },
    Total: { type: 'formula', formula: { type: 'number', number: 12 } },
    Notes: { type: 'rich_text', rich_text: [{ plain_text: 'one ' }, { plain_text: 'two' }] },
  },
});

beforeAll(async () => {
  api = await startFakeApi<Record<string, unknown>>({}, (s) => answer(s));
  baseUrl = `${api.url}/v1`;
});
afterAll(() => api.close());
beforeEach(() => {
  api.reset();
  answer = (s) => {
    if (s.method === 'GET' && s.path.startsWith('/v1/databases/')) return { body: { object: 'database', id: DB, url: 'https://www.notion.so/db', title: [{ plain_text: 'Tasks' }], properties: { Task: { type: 'title' }, Tags: { type: 'multi_select' } } } };
    if (s.path.startsWith('/v1/pages')) return { body: page(PAGE, 'Write tests') };
    return { body: { object: 'list', results: [], has_more: false, next_cursor: null } };
  };
});

const run = (params: Record<string, unknown>, items: Record<string, unknown>[] = [{ n: 1 }], credential: Record<string, unknown> = { apiKey: KEY }) =>
  runNode(notionNode, { params: { baseUrl, ...params }, items, credentials: { notionApi: credential }, node: { name: 'Tasks DB' } });

describe('notion node: OAuth2 (notionOAuth2Api)', () => {
  it('sends the access token of the notionOAuth2Api credential as the Bearer token', async () => {
    await runNode(notionNode, {
      params: { baseUrl, authentication: 'oAuth2', resource: 'databasePage', operation: 'get', pageId: PAGE }, items: [{}],
      credentials: { notionOAuth2Api: { clientId: 'c', clientSecret: 'S', accessToken: 'ntn-oauth-token' } }, node: { name: 'Tasks DB' },
    });
    expect(api.requests[0]!.headers.authorization).toBe('Bearer ntn-oauth-token');
  });
});

describe('notion node: database pages', () => {
  it('creates a page: the title goes into the database\'s title property, properties in n8n\'s formats, blocks and icon', async () => {
    const properties = [
      { key: 'Quantity|number', numberValue: '={{ $json.qty }}' },
      { key: 'Category|select', selectValue: 'Food' },
      { key: 'Tags|multi_select', multiSelectValue: 'a, b' },
      { key: 'Stage|status', statusValue: 'In progress' },
      { key: 'Done|checkbox', checkboxValue: '={{ $json.done }}' },
      { key: 'Site|url', urlValue: 'https://x.io' },
      { key: 'Mail|email', emailValue: 'a@x.io' },
      { key: 'Notes|rich_text', textContent: 'hello' },
      { key: 'When|date', date: '2024-05-01T10:00:00Z' },
      { key: 'Day|date', date: '2024-05-01T10:00:00Z', includeTime: false },
      { key: 'Span|date', range: true, dateStart: '2024-05-01', dateEnd: '2024-05-03', includeTime: false },
      { key: 'Links|relation', relationValue: ['r1', 'r2'] },
      { key: 'Who|people', peopleValue: 'u1' },
    ];
    const out = await run({ databaseId: `https://www.notion.so/Feed-${DB.replace(/-/g, '')}?v=1`, title: '={{ $json.name }}', properties, blocks: [{ type: 'heading_1', textContent: 'Hi' }, { textContent: 'para' }], icon: '🤖' }, [{ name: 'Milk', qty: 2, done: true }]);
    expect(api.requests.map((s) => [s.method, s.path])).toEqual([['GET', `/v1/databases/${DB}`], ['POST', '/v1/pages']]);
    expect(api.requests[1].headers.authorization).toBe(`Bearer ${KEY}`);
    expect(api.requests[1].headers['notion-version']).toBe('2021-08-16');
    expect(api.requests[1].body).toEqual({
      parent: { database_id: DB },
      properties: {
        Quantity: { number: 2 }, Category: { select: { name: 'Food' } }, Tags: { multi_select: [{ name: 'a' }, { name: 'b' }] },
        Stage: { status: { name: 'In progress' } }, Done: { checkbox: true }, Site: { url: 'https://x.io' }, Mail: { email: 'a@x.io' },
        Notes: { rich_text: [{ type: 'text', text: { content: 'hello' } }] },
        When: { date: { start: '2024-05-01T10:00:00+00:00', end: null } }, Day: { date: { start: '2024-05-01', end: null } },
        Span: { date: { start: '2024-05-01', end: '2024-05-03' } },
        Links: { relation: [{ id: 'r1' }, { id: 'r2' }] }, Who: { people: [{ object: 'user', id: 'u1' }] },
        Task: { title: [{ type: 'text', text: { content: 'Milk' } }] },
      },
      children: [
        { object: 'block', type: 'heading_1', heading_1: { text: [{ type: 'text', text: { content: 'Hi' } }] } },
        { object: 'block', type: 'paragraph', paragraph: { text: [{ type: 'text', text: { content: 'para' } }] } },
      ],
      icon: { type: 'emoji', emoji: '🤖' },
    });
    expect(jsonOf(out)).toEqual([{
      id: PAGE, name: 'Write tests', url: `https://www.notion.so/${PAGE.replace(/-/g, '')}`,
      property_name: 'Write tests', property_due_date: { start: '2024-05-01', end: null }, property_status: 'Done', property_tags: ['a', 'b'],
      property_is_active_dev: true, property_owner: ['ada@x.io', {}], property_total: 12, property_notes: 'one two',
    }]);
  });

  it('updates a page given by URL and returns the raw page with simple off', async () => {
    const out = await run({ operation: 'update', pageId: `https://www.notion.so/Post-${PAGE.replace(/-/g, '')}`, properties: [{ key: 'Status|status', statusValue: 'Done' }, { key: 'Due|date', date: '' }], icon: 'https://img/i.png', simple: false });
    expect(api.requests.map((s) => [s.method, s.path, s.body])).toEqual([['PATCH', `/v1/pages/${PAGE}`, { properties: { Status: { status: { name: 'Done' } }, Due: { date: null } }, icon: { type: 'external', external: { url: 'https://img/i.png' } } }]]);
    expect(jsonOf(out)[0]).toMatchObject({ object: 'page', id: PAGE });
  });

  it('gets a page by id', async () => {
    const out = await run({ operation: 'get', pageId: PAGE.replace(/-/g, '') });
    expect(api.requests[0].path).toBe(`/v1/pages/${PAGE}`);
    expect(jsonOf(out)[0]).toMatchObject({ id: PAGE, property_status: 'Done' });
  });

  it('queries pages page by page with n8n\'s manual filter and sorts, up to limit', async () => {
    answer = (s) => ({ body: { object: 'list', results: s.body?.start_cursor ? [page('p3', 'c')] : [page('p1', 'a'), page('p2', 'b')], has_more: !s.body?.start_cursor, next_cursor: 'cur2' } });
    const out = await run({
      operation: 'getAll', databaseId: DB, limit: 3, filterType: 'manual', matchType: 'allFilters',
      conditions: [
        { key: 'ClickUp ID|rich_text', condition: 'equals', richTextValue: '={{ $json.id }}' },
        { key: 'Created time|created_time', condition: 'past_week' },
        { key: 'Date|formula', condition: 'equals', textValue: '01.05.2024', returnType: 'text' },
        { key: 'Done|checkbox', condition: 'equals', checkboxValue: true },
        { key: 'Notes|rich_text', condition: 'is_empty' },
        { key: 'Due|date', condition: 'on_or_after', date: '2024-05-01T12:00:00+02:00' },
      ],
      sorts: [{ key: 'Name|title', direction: 'ascending' }, { timestamp: true, key: 'created_time', direction: 'descending' }],
    }, [{ id: 'abc' }]);
    expect(jsonOf(out).map((p) => (p as { name: string }).name)).toEqual(['a', 'b', 'c']);
    expect(api.requests.map((s) => [s.method, s.path])).toEqual([['POST', `/v1/databases/${DB}/query`], ['POST', `/v1/databases/${DB}/query`]]);
    expect(api.requests[0].body).toEqual({
      filter: { and: [
        { property: 'ClickUp ID', text: { equals: 'abc' } },
        { property: 'Created time', created_time: { past_week: {} } },
        { property: 'Date', formula: { text: { equals: '01.05.2024' } } },
        { property: 'Done', checkbox: { equals: true } },
        { property: 'Notes', text: { is_empty: true } },
        { property: 'Due', date: { on_or_after: '2024-05-01T10:00:00Z' } },
      ] },
      sorts: [{ property: 'Name', direction: 'ascending' }, { timestamp: 'created_time', direction: 'descending' }],
      page_size: 3,
    });
    expect(api.requests[1].body).toMatchObject({ page_size: 1, start_cursor: 'cur2' });
  });

  it('sends a JSON filter as is; any-filter conditions are joined with or', async () => {
    await run({ operation: 'getAll', databaseId: DB, returnAll: true, filterType: 'json', filterJson: '{"property":"Status","status":{"does_not_equal":"Done"}}' });
    expect(api.requests[0].body).toEqual({ filter: { property: 'Status', status: { does_not_equal: 'Done' } }, page_size: 100 });
    expect(filterCondition({ key: 'Tags|multi_select', condition: 'contains', multiSelectValue: 'x' })).toEqual({ property: 'Tags', multi_select: { contains: 'x' } });
    // Notion API 2022-02-22 and later: rich_text, phone_number, formula string
    expect(filterCondition({ key: 'N|rich_text', condition: 'contains', richTextValue: 'a' }, false)).toEqual({ property: 'N', rich_text: { contains: 'a' } });
    expect(filterCondition({ key: 'P|phone_number', condition: 'equals', phoneNumberValue: '1' }, false)).toEqual({ property: 'P', phone_number: { equals: '1' } });
    expect(filterCondition({ key: 'F|formula', condition: 'equals', returnType: 'text', textValue: 'a' }, false)).toEqual({ property: 'F', formula: { string: { equals: 'a' } } });
  });
});

describe('notion node: databases and blocks', () => {
  it('gets, lists and searches databases (simplified to id, name, url)', async () => {
    const db = await run({ resource: 'database', operation: 'get', databaseId: DB });
    expect(jsonOf(db)).toEqual([{ id: DB, name: 'Tasks', url: 'https://www.notion.so/db' }]);
    answer = () => ({ body: { object: 'list', results: [{ object: 'database', id: 'd1', title: [{ plain_text: 'A' }], url: 'u' }], has_more: false } });
    const found = await run({ resource: 'database', operation: 'search', text: 'A' });
    expect(jsonOf(found)).toEqual([{ id: 'd1', name: 'A', url: 'u' }]);
    expect(api.requests[1]).toMatchObject({ method: 'POST', path: '/v1/search', body: { filter: { property: 'object', value: 'database' }, query: 'A', page_size: 50 } });
  });

  it('appends blocks and lists them simplified (text as content, other blocks keep their object)', async () => {
    await run({ resource: 'block', operation: 'append', blockId: PAGE, blocks: [{ type: 'to_do', textContent: 'task', checked: true }] });
    expect(api.requests[0]).toMatchObject({ method: 'PATCH', path: `/v1/blocks/${PAGE}/children`, body: { children: [{ object: 'block', type: 'to_do', to_do: { text: [{ type: 'text', text: { content: 'task' } }], checked: true } }] } });
    answer = () => ({ body: { object: 'list', has_more: false, results: [
      { object: 'block', id: 'b1', created_time: 't', has_children: false, type: 'paragraph', paragraph: { text: [{ plain_text: 'Hello ' }, { plain_text: 'world' }] } },
      { object: 'block', id: 'b2', created_time: 't', has_children: false, type: 'image', image: { type: 'file', file: { url: 'https://img' } } },
    ] } });
    const out = await run({ resource: 'block', operation: 'getAll', blockId: `https://www.notion.so/${PAGE.replace(/-/g, '')}`, returnAll: true });
    expect(api.requests[1]).toMatchObject({ method: 'GET', path: `/v1/blocks/${PAGE}/children`, query: { page_size: '100' } });
    expect(jsonOf(out)).toEqual([
      { object: 'block', parent_id: PAGE, id: 'b1', has_children: false, type: 'paragraph', root_id: PAGE, content: 'Hello world' },
      { object: 'block', parent_id: PAGE, id: 'b2', has_children: false, type: 'image', root_id: PAGE, image: { type: 'file', file: { url: 'https://img' } } },
    ]);
  });

  it('makes n8n\'s snake_case keys', () => {
    expect(['Due Date', 'isActive (dev)', 'URL (dev)', 'env id', 'Prénom', 'ClickUp ID'].map(snakeCase)).toEqual(['due_date', 'is_active_dev', 'url_dev', 'env_id', 'pr_nom', 'click_up_id']);
  });
});

describe('notion node: errors', () => {
  it('names Notion\'s error code, the node and the field, never the key', async () => {
    answer = () => ({ status: 400, body: { object: 'error', status: 400, code: 'validation_error', message: 'Status is not a property that exists.' } });
    const err = await run({ operation: 'update', pageId: PAGE, properties: [{ key: 'Status|status', statusValue: 'x' }] }).catch((e: Error) => e);
    expect(String(err)).toContain('Node "Tasks DB", field "properties": Notion PATCH /pages/');
    expect(String(err)).toContain('(HTTP 400 validation_error): Status is not a property that exists.');
    expect(String(err)).not.toContain(KEY);
  });

  it('checks ids, property types and JSON before calling Notion', async () => {
    await expect(run({ operation: 'get', pageId: '' })).rejects.toThrow('Node "Tasks DB", field "pageId": is empty');
    await expect(run({ operation: 'get', pageId: 'not-an-id' })).rejects.toThrow('field "pageId": "not-an-id" is not a Notion ID or URL');
    await expect(run({ operation: 'update', pageId: PAGE, properties: [{ key: 'X|rollup' }] })).rejects.toThrow('field "properties": property type "rollup" cannot be set');
    await expect(run({ operation: 'getAll', databaseId: DB, filterType: 'json', filterJson: '{bad' })).rejects.toThrow('field "filterJson"');
    await expect(run({ resource: 'block', operation: 'update' })).rejects.toThrow('field "operation": block has no operation "update"');
    await expect(run({ operation: 'get', pageId: PAGE }, [{}], {})).rejects.toThrow('the Notion credential has no API key');
    expect(api.requests).toEqual([]);
  });

  it('with On Error "continue" a failed item becomes { error } and the others are read', async () => {
    const out = await runNode(notionNode, {
      params: { baseUrl, operation: 'get', pageId: '={{ $json.id }}' }, items: [{ id: 'nope' }, { id: PAGE }],
      credentials: { notionApi: { apiKey: KEY } }, node: { name: 'Tasks DB', onError: 'continue' },
    });
    expect(out.main.map((i) => i.json)).toEqual([{ error: expect.stringContaining('"nope" is not a Notion ID or URL') }, expect.objectContaining({ id: PAGE })]);
    expect(out.main.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
  });
});
