/**
 * Google Sheets Trigger's poll against a fake Sheets API on 127.0.0.1: the sheet is read with the Google Sheets
 * node's read (sheet by id, header row, row numbers) under the trigger's own credential slot; the first poll
 * records the last row, later polls emit the rows below it; a manual run emits the last row.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeContext } from '../../server/engine/testing/node-context';
import { startFakeApi, type FakeApi } from '../../server/testing/fake-api';
import { googleSheetsTriggerNode as node } from './index';

let api: FakeApi;
let grid: (string | number)[][] = [];

beforeAll(async () => {
  api = await startFakeApi({
    'GET /v4/spreadsheets/:id': () => ({ body: { sheets: [{ properties: { sheetId: 0, title: 'Other' } }, { properties: { sheetId: 7, title: 'Leads' } }] } }),
    'GET /v4/spreadsheets/:id/values/:range': () => ({ body: { values: grid } }),
  });
});
afterAll(() => api.close());
beforeEach(() => api.reset());

const ctx = (params: Record<string, unknown> = {}) =>
  makeContext({
    def: node as never,
    params: { documentId: 'https://docs.google.com/spreadsheets/d/SHEET1/edit', sheetName: 'gid=7', sheetBy: 'id', apiUrl: api.url, ...params },
    credentials: { googleSheetsTriggerOAuth2Api: { accessToken: 'tok-s' } },
    node: { name: 'Leads' },
  });

describe('Google Sheets Trigger poll', () => {
  it('records the last row, then emits the rows added below it, keyed by the header', async () => {
    grid = [['Name', 'Email'], ['Ann', 'a@x'], ['Bo', 'b@x']];
    const first = await node.poll!(ctx() as never, undefined, { manual: false });
    expect(first).toEqual({ items: [], state: { lastRow: 3 } });
    const values = api.requests.find((r) => r.path.includes('/values/'))!;
    expect(decodeURIComponent(values.path)).toBe("/v4/spreadsheets/SHEET1/values/'Leads'");
    expect(values.headers.authorization).toBe('Bearer tok-s');

    grid.push(['Cy', 'c@x'], ['', ''], ['Di', 'd@x']);
    const next = await node.poll!(ctx() as never, first.state, { manual: false });
    expect(next.items.map((i) => i.json)).toEqual([{ row_number: 4, Name: 'Cy', Email: 'c@x' }, { row_number: 6, Name: 'Di', Email: 'd@x' }]);
    expect(next.state).toEqual({ lastRow: 6 });
    expect((await node.poll!(ctx() as never, next.state, { manual: false })).items).toEqual([]);
  });

  it('a manual run emits the last row; an empty document id names the field', async () => {
    grid = [['Name'], ['Ann'], ['Bo']];
    const out = await node.execute(ctx() as never);
    expect(out.main.map((i) => i.json)).toEqual([{ row_number: 3, Name: 'Bo' }]);
    await expect(node.poll!(ctx({ documentId: '' }) as never, undefined, { manual: false })).rejects.toThrow(/Node "Leads", field "documentId"/);
  });

  it('a sheet id the spreadsheet does not have fails the poll, naming the node', async () => {
    await expect(node.poll!(ctx({ sheetName: '99' }) as never, { lastRow: 1 }, { manual: false })).rejects.toThrow(/Leads.*no sheet with id 99/);
  });
});
