/**
 * airtable node against a fake Airtable API on 127.0.0.1 (server/testing/fake-api.ts) that keeps one table in memory, pages lists two
 * records at a time (offset), refuses batches over 10 records and other tokens, and records every request.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { jsonOf, makeContext, runNode } from '../../server/engine/testing/node-context';
import { startFakeApi, type FakeApi, type FakeReply, type FakeRequest } from '../../server/testing/fake-api';
import { airtableNode } from './index';
import { baseIdOf, queryString, tableIdOf } from './api';

type Seen = FakeRequest<Record<string, unknown>>;
type Rec = { id: string; createdTime: string; fields: Record<string, unknown> };

const TOKEN = 'pat-secret-123';
let table: Rec[] = [];
let nextId = 1;
let api: FakeApi<Record<string, unknown>>;
let baseUrl = '';

const newId = () => `rec${String(nextId++).padStart(5, '0')}`;
const reset = () => {
  api.reset();
  nextId = 1;
  table = ['Ada', 'Bob', 'Cy', 'Di', 'Ed'].map((Name, i) => ({ id: newId(), createdTime: `2024-01-0${i + 1}T00:00:00.000Z`, fields: { Name, Score: i * 10 } }));
};

function handle(req: Seen): FakeReply {
  const url = { pathname: req.path, searchParams: req.searchParams };
  const body = req.body;
  const json = (status: number, value: unknown): FakeReply => ({ status, body: value });
  if (req.headers.authorization !== `Bearer ${TOKEN}`) return json(401, { error: { type: 'AUTHENTICATION_REQUIRED', message: 'Authentication required' } });
  const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent); // v0, ...
  if (parts[1] === 'meta' && parts[2] === 'bases' && parts.length === 3) {
    const all = [1, 2, 3].map((n) => ({ id: `app${n}`, name: `Base ${n}`, permissionLevel: n === 2 ? 'read' : 'create' }));
    const offset = Number(url.searchParams.get('offset') ?? 0);
    return json(200, { bases: all.slice(offset, offset + 2), ...(offset + 2 < all.length ? { offset: String(offset + 2) } : {}) });
  }
  if (parts[1] === 'meta' && parts[4] === 'tables') return json(200, { tables: [{ id: 'tblPeople', name: 'People', primaryFieldId: 'fld1', fields: [{ id: 'fld1', name: 'Name', type: 'singleLineText' }] }] });
  const [, base, tbl, id] = parts;
  if (base !== 'appBASE' || (tbl !== 'tblPeople' && tbl !== 'People')) return json(404, { error: { type: 'TABLE_NOT_FOUND', message: `Could not find table ${tbl}` } });
  if (req.method === 'GET' && id) {
    const r = table.find((x) => x.id === id);
    return r ? json(200, r) : json(404, { error: 'NOT_FOUND' });
  }
  if (req.method === 'GET') {
    let list = table;
    const formula = url.searchParams.get('filterByFormula');
    if (formula === '{Score} > 15') list = list.filter((r) => Number(r.fields.Score) > 15);
    const max = Number(url.searchParams.get('maxRecords') ?? Infinity);
    list = list.slice(0, max);
    const fields = url.searchParams.getAll('fields[]');
    const offset = Number(url.searchParams.get('offset') ?? 0);
    const page = list.slice(offset, offset + 2).map((r) => (fields.length ? { ...r, fields: Object.fromEntries(fields.filter((f) => f in r.fields).map((f) => [f, r.fields[f]])) } : r));
    return json(200, { records: page, ...(offset + 2 < list.length ? { offset: String(offset + 2) } : {}) });
  }
  const records = (body?.records ?? []) as { id?: string; fields: Record<string, unknown> }[];
  if (req.method === 'DELETE') {
    const ids = url.searchParams.getAll('records[]');
    if (ids.length > 10) return json(422, { error: { type: 'INVALID_REQUEST', message: 'too many records' } });
    table = table.filter((r) => !ids.includes(r.id));
    return json(200, { records: ids.map((x) => ({ id: x, deleted: true })) });
  }
  if (records.length > 10) return json(422, { error: { type: 'INVALID_RECORDS', message: 'at most 10 records' } });
  if (req.method === 'POST') {
    const created = records.map((r) => ({ id: newId(), createdTime: '2024-02-01T00:00:00.000Z', fields: r.fields }));
    table.push(...created);
    return json(200, { records: created });
  }
  if (req.method === 'PATCH') {
    const mergeOn = (body?.performUpsert as { fieldsToMergeOn?: string[] } | undefined)?.fieldsToMergeOn;
    const out: Rec[] = [];
    // Airtable applies a batch whole or not at all.
    const missing = records.find((r) => r.id && !table.some((x) => x.id === r.id));
    if (missing) return json(404, { error: { type: 'INVALID_RECORDS', message: `Record ${missing.id} not found` } });
    for (const r of records) {
      let target = r.id ? table.find((x) => x.id === r.id) : mergeOn ? table.find((x) => mergeOn.every((f) => x.fields[f] === r.fields[f])) : undefined;
      if (!target && r.id) return json(404, { error: { type: 'INVALID_RECORDS', message: `Record ${r.id} not found` } });
      if (!target) {
        target = { id: newId(), createdTime: '2024-02-01T00:00:00.000Z', fields: {} };
        table.push(target);
      }
      Object.assign(target.fields, r.fields);
      out.push(target);
    }
    return json(200, { records: out });
  }
  return json(405, { error: 'METHOD_NOT_ALLOWED' });
}

beforeAll(async () => {
  api = await startFakeApi<Record<string, unknown>>({}, handle);
  baseUrl = api.url;
});
afterAll(() => api.close());
beforeEach(reset);

const credentials = { airtableTokenApi: { accessToken: TOKEN } };
const run = (params: Record<string, unknown>, items: Record<string, unknown>[] = [{}], extra: { credentials?: Record<string, Record<string, unknown>> } = {}) =>
  runNode(airtableNode, { params: { base: 'appBASE', table: 'tblPeople', baseUrl, ...params }, items, credentials: extra.credentials ?? credentials, node: { name: 'People table' } });
const lastOf = (method: string) => api.requests.filter((s) => s.method === method);

describe('airtable: ids from URLs and query strings', () => {
  it('reads base and table ids from Airtable URLs and leaves ids and names as they are', () => {
    expect(baseIdOf('https://airtable.com/appQ6mE9KSzlvaGDT/tblUwwRXGnNzesNgr/viwX?blocks=hide')).toBe('appQ6mE9KSzlvaGDT');
    expect(tableIdOf('https://airtable.com/appQ6mE9KSzlvaGDT/tblUwwRXGnNzesNgr/viwX')).toBe('tblUwwRXGnNzesNgr');
    expect(tableIdOf('My Table')).toBe('My Table');
    expect(baseIdOf('https://example.com/nothing')).toBe('');
  });

  it('writes arrays and sort rules in Airtable\'s bracket form', () => {
    expect(decodeURIComponent(queryString({ fields: ['Name', 'Score'], sort: [{ field: 'Score', direction: 'desc' }], view: '' }))).toBe('?fields[]=Name&fields[]=Score&sort[0][field]=Score&sort[0][direction]=desc');
  });
});

describe('airtable: records', () => {
  it('get: GET {base}/{table}/{id} with the Bearer token; v2 output flattens fields next to id and createdTime', async () => {
    const out = await run({ operation: 'get', id: '={{ $json.rid }}', base: 'https://airtable.com/appBASE/tblPeople' }, [{ rid: 'rec00002' }]);
    expect(jsonOf(out)).toEqual([{ id: 'rec00002', createdTime: '2024-01-02T00:00:00.000Z', Name: 'Bob', Score: 10 }]);
    expect(api.requests[0]).toMatchObject({ method: 'GET', path: '/v0/appBASE/tblPeople/rec00002', headers: { authorization: `Bearer ${TOKEN}` } });
  });

  it('get with recordShape record (n8n v1) keeps { id, createdTime, fields }', async () => {
    const out = await run({ operation: 'get', id: 'rec00001', recordShape: 'record' });
    expect(jsonOf(out)).toEqual([{ id: 'rec00001', createdTime: '2024-01-01T00:00:00.000Z', fields: { Name: 'Ada', Score: 0 } }]);
  });

  it('search with returnAll follows offset over every page and sends filterByFormula, fields and sort', async () => {
    const out = await run({ operation: 'search', filterByFormula: '{Score} > 15', fields: 'Name', sort: [{ field: 'Score', direction: 'desc' }] });
    expect(jsonOf(out)).toEqual([
      { id: 'rec00003', createdTime: '2024-01-03T00:00:00.000Z', Name: 'Cy' },
      { id: 'rec00004', createdTime: '2024-01-04T00:00:00.000Z', Name: 'Di' },
      { id: 'rec00005', createdTime: '2024-01-05T00:00:00.000Z', Name: 'Ed' },
    ]);
    const gets = lastOf('GET');
    expect(gets).toHaveLength(2);
    expect(gets.map((g) => g.searchParams.get('offset'))).toEqual([null, '2']);
    expect(gets[0].searchParams.get('filterByFormula')).toBe('{Score} > 15');
    expect(gets[0].searchParams.getAll('fields[]')).toEqual(['Name']);
    expect(gets[0].searchParams.get('sort[0][field]')).toBe('Score');
    expect(gets[0].searchParams.get('sort[0][direction]')).toBe('desc');
  });

  it('search with a limit sends maxRecords and stops there; per item (v2.1) or once for all items (v1, v2.0)', async () => {
    const perItem = await run({ operation: 'search', returnAll: false, limit: 3 }, [{}, {}]);
    expect(jsonOf(perItem)).toHaveLength(6);
    expect(perItem.main[3].pairedItem).toEqual({ item: 1 });
    expect(lastOf('GET')[0].searchParams.get('maxRecords')).toBe('3');
    api.reset();
    const once = await run({ operation: 'search', returnAll: false, limit: 1, searchOnce: true }, [{}, {}]);
    expect(jsonOf(once)).toHaveLength(1);
    expect(once.main[0].pairedItem).toEqual([{ item: 0 }, { item: 1 }]);
    expect(lastOf('GET')).toHaveLength(1);
  });

  it('create sends the columns of 23 items in batches of 10 with typecast; output items pair with their input', async () => {
    const items = Array.from({ length: 23 }, (_, i) => ({ n: `P${i}` }));
    const out = await run({ operation: 'create', columns: { Name: '={{ $json.n }}' }, typecast: true }, items);
    const posts = lastOf('POST');
    expect(posts.map((p) => (p.body!.records as unknown[]).length)).toEqual([10, 10, 3]);
    expect(posts[0].body!.typecast).toBe(true);
    expect((posts[0].body!.records as unknown[])[0]).toEqual({ fields: { Name: 'P0' } });
    expect(posts[0].path).toBe('/v0/appBASE/tblPeople');
    expect(jsonOf(out)).toHaveLength(23);
    expect(out.main[22]).toMatchObject({ json: { fields: { Name: 'P22' } }, pairedItem: { item: 22 } });
  });

  it('create from the input item (autoMapInputData) leaves out ignoreFields; sendFields picks fields (n8n v1)', async () => {
    await run({ operation: 'create', mappingMode: 'autoMapInputData', ignoreFields: 'secret' }, [{ Name: 'Zed', secret: 'x' }]);
    expect(lastOf('POST')[0].body).toEqual({ records: [{ fields: { Name: 'Zed' } }], typecast: false });
    api.reset();
    await run({ operation: 'create', mappingMode: 'autoMapInputData', sendFields: ['Name'] }, [{ Name: 'Yan', other: 1 }]);
    expect(lastOf('POST')[0].body).toEqual({ records: [{ fields: { Name: 'Yan' } }], typecast: false });
  });

  it('update matching on id takes the id out of the columns and PATCHes the rest', async () => {
    const out = await run({ operation: 'update', matchingColumns: ['id'], columns: { id: '={{ $json.id }}', Score: 99 } }, [{ id: 'rec00001' }, { id: 'rec00003' }]);
    expect(lastOf('PATCH')).toHaveLength(1);
    expect(lastOf('PATCH')[0].body).toEqual({ records: [{ id: 'rec00001', fields: { Score: 99 } }, { id: 'rec00003', fields: { Score: 99 } }], typecast: false });
    expect(jsonOf(out)).toEqual([
      { id: 'rec00001', createdTime: '2024-01-01T00:00:00.000Z', fields: { Name: 'Ada', Score: 99 } },
      { id: 'rec00003', createdTime: '2024-01-03T00:00:00.000Z', fields: { Name: 'Cy', Score: 99 } },
    ]);
  });

  it('update matching on another column reads that column of the table (all pages) to find the record', async () => {
    await run({ operation: 'update', matchingColumns: ['Name'], columns: { Name: 'Ed', Score: 7 } });
    const gets = lastOf('GET');
    expect(gets.map((g) => g.searchParams.getAll('fields[]'))).toEqual([['Name'], ['Name'], ['Name']]);
    expect(lastOf('PATCH')[0].body).toEqual({ records: [{ id: 'rec00005', fields: { Score: 7 } }], typecast: false });
  });

  it('update with the record id param (n8n v1) sends the item\'s fields', async () => {
    await run({ operation: 'update', id: 'rec00002', mappingMode: 'autoMapInputData', typecast: true }, [{ Score: 5 }]);
    expect(lastOf('PATCH')[0].body).toEqual({ records: [{ id: 'rec00002', fields: { Score: 5 } }], typecast: true });
  });

  it('upsert merges on the matching columns with performUpsert; on id it creates records that have none', async () => {
    await run({ operation: 'upsert', matchingColumns: ['Name'], columns: { Name: '={{ $json.n }}', Score: 1 } }, [{ n: 'Ada' }, { n: 'New' }]);
    expect(lastOf('PATCH')[0].body).toEqual({ records: [{ fields: { Name: 'Ada', Score: 1 } }, { fields: { Name: 'New', Score: 1 } }], typecast: false, performUpsert: { fieldsToMergeOn: ['Name'] } });
    expect(table.filter((r) => r.fields.Name === 'New')).toHaveLength(1);
    api.reset();
    await run({ operation: 'upsert', matchingColumns: ['id'], columns: { URL: 'https://x' } });
    expect(lastOf('POST')[0].body).toEqual({ records: [{ fields: { URL: 'https://x' } }], typecast: false });
  });

  it('deleteRecord sends records[] in batches of 10 and outputs { id, deleted }', async () => {
    const items = Array.from({ length: 12 }, (_, i) => ({ id: `recX${i}` }));
    const out = await run({ operation: 'deleteRecord', id: '={{ $json.id }}' }, items);
    const deletes = lastOf('DELETE');
    expect(deletes.map((d) => d.searchParams.getAll('records[]').length)).toEqual([10, 2]);
    expect(out.main[11]).toEqual({ json: { id: 'recX11', deleted: true }, pairedItem: { item: 11 } });
  });
});

describe('airtable: bases', () => {
  it('getMany lists bases over offset pages, filtered by permission level and limited', async () => {
    expect(jsonOf(await run({ operation: 'getMany' })).map((b) => (b as { id: string }).id)).toEqual(['app1', 'app2', 'app3']);
    expect(lastOf('GET').map((g) => [g.path, g.searchParams.get('offset')])).toEqual([['/v0/meta/bases', null], ['/v0/meta/bases', '2']]);
    expect(jsonOf(await run({ operation: 'getMany', permissionLevel: ['read'] }))).toEqual([{ id: 'app2', name: 'Base 2', permissionLevel: 'read' }]);
    expect(jsonOf(await run({ operation: 'getMany', returnAll: false, limit: 1 }))).toHaveLength(1);
  });

  it('getSchema outputs one item per table of the base', async () => {
    const out = await run({ operation: 'getSchema', base: 'https://airtable.com/appBASE' });
    expect(jsonOf(out)).toEqual([{ id: 'tblPeople', name: 'People', primaryFieldId: 'fld1', fields: [{ id: 'fld1', name: 'Name', type: 'singleLineText' }] }]);
    expect(api.requests[0].path).toBe('/v0/meta/bases/appBASE/tables');
  });
});

describe('airtable: errors name the node and the field, never the token', () => {
  const failure = async (p: Promise<unknown>) => {
    const err = (await p.then(() => undefined, (e: Error) => e)) as Error & { details?: { field?: string } };
    expect(err).toBeInstanceOf(Error);
    expect(err.message).not.toContain(TOKEN);
    return err;
  };

  it('a missing record: Airtable\'s 404 about the id field', async () => {
    const err = await failure(run({ operation: 'get', id: 'recNOPE' }));
    expect(err.message).toBe('Node "People table", field "id": Airtable answered 404: NOT_FOUND');
    expect(err.details?.field).toBe('id');
  });

  it('an unknown table, an empty base, an empty id, a missing match column', async () => {
    expect((await failure(run({ operation: 'search', table: 'Nope' }))).message).toContain('Airtable answered 404: TABLE_NOT_FOUND: Could not find table Nope');
    expect((await failure(run({ operation: 'search', base: '' }))).message).toBe('Node "People table", field "base": is empty; choose the base');
    expect((await failure(run({ operation: 'deleteRecord', id: '' }))).message).toBe('Node "People table", field "id": is empty; delete needs the record id');
    expect((await failure(run({ operation: 'update', columns: { Name: 'x' } }))).message).toContain('field "matchingColumns": is empty');
    expect(api.requests.filter((s) => s.method !== 'GET')).toHaveLength(0);
  });

  it('a wrong token: 401 about the credential; a missing credential says so', async () => {
    const err = await failure(run({ operation: 'get', id: 'rec00001' }, [{}], { credentials: { airtableTokenApi: { accessToken: 'wrong' } } }));
    expect(err.message).toBe('Node "People table", field "authentication": Airtable answered 401: AUTHENTICATION_REQUIRED: Authentication required (check the access token)');
    expect((await failure(run({ operation: 'get', id: 'rec00001' }, [{}], { credentials: {} }))).message).toContain('field "authentication": no usable airtableTokenApi credential');
  });

  it('the legacy airtableApi credential sends its apiKey as the Bearer token', async () => {
    const out = await run({ operation: 'get', id: 'rec00001', authentication: 'airtableApi' }, [{}], { credentials: { airtableApi: { apiKey: TOKEN } } });
    expect(jsonOf(out)).toHaveLength(1);
  });
});

describe('airtable: On Error per item (continue / error output)', () => {
  const runAs = (onError: 'continue' | 'errorOutput', params: Record<string, unknown>, items: Record<string, unknown>[]) =>
    // The engine adds the error port for errorOutput; execute directly so the test sees it.
    airtableNode.execute(makeContext({ def: airtableNode as never, params: { base: 'appBASE', table: 'tblPeople', baseUrl, ...params }, items, credentials, node: { name: 'People table', onError } }) as never);

  it('get: a missing record becomes { error } in its place; the others are read', async () => {
    const out = await runAs('continue', { operation: 'get', id: '={{ $json.id }}' }, [{ id: 'rec00001' }, { id: 'recNOPE' }, { id: '' }, { id: 'rec00002' }]);
    expect(out.main.map((i) => i.json)).toEqual([
      expect.objectContaining({ id: 'rec00001', Name: 'Ada' }),
      { error: 'Node "People table", field "id": Airtable answered 404: NOT_FOUND' },
      { error: 'Node "People table", field "id": is empty; get needs the record id' },
      expect.objectContaining({ id: 'rec00002', Name: 'Bob' }),
    ]);
    expect(out.main.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
    await expect(run({ operation: 'get', id: '={{ $json.id }}' }, [{ id: 'rec00001' }, { id: 'recNOPE' }])).rejects.toThrow('404');
  });

  it('update: a batch Airtable refuses is sent again record by record; only the bad record fails (error output)', async () => {
    const items = [{ id: 'rec00001', Name: 'A2' }, { id: 'recMISSING', Name: 'X' }, { id: 'rec00003', Name: 'C2' }, { Name: 'no id' }];
    const out = await runAs('errorOutput', { operation: 'update', mappingMode: 'autoMapInputData', matchingColumns: ['id'] }, items);
    expect(out.main.map((i) => [(i.json as { id: string }).id, i.pairedItem])).toEqual([['rec00001', { item: 0 }], ['rec00003', { item: 2 }]]);
    expect(out.error.map((i) => i.json)).toEqual([
      { id: 'recMISSING', Name: 'X', error: expect.stringContaining('Record recMISSING not found') },
      { Name: 'no id', error: 'Node "People table", field "matchingColumns": the record id is empty' },
    ]);
    expect(table.find((r) => r.id === 'rec00001')?.fields.Name).toBe('A2');
    expect(table.find((r) => r.id === 'rec00003')?.fields.Name).toBe('C2');
    const patches = lastOf('PATCH').map((s) => (s.body?.records as unknown[]).length);
    expect(patches).toEqual([3, 1, 1, 1]); // the batch of three, then each record alone
  });

  it('without On Error the refused batch fails the node and nothing is retried', async () => {
    await expect(run({ operation: 'update', mappingMode: 'autoMapInputData', matchingColumns: ['id'] }, [{ id: 'rec00001', Name: 'A2' }, { id: 'recMISSING' }])).rejects.toThrow('Record recMISSING not found');
    expect(lastOf('PATCH')).toHaveLength(1);
    expect(table.find((r) => r.id === 'rec00001')?.fields.Name).toBe('Ada');
  });
});
