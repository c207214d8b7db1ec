/**
 * RSS Feed Trigger's poll against a feed served on 127.0.0.1: the first poll records the newest date, later
 * polls emit only entries dated after it (and undated entries not seen before), a manual run emits the newest
 * entry, and a bad URL or answer names the node and field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeContext } from '../../server/engine/testing/node-context';
import { startFakeApi, type FakeApi } from '../../server/testing/fake-api';
import { rssFeedReadTriggerNode as node, newEntries } from './index';

let api: FakeApi;
let entries: { title: string; date?: string; guid?: string }[] = [];
const rss = () =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>${entries
    .map((e) => `<item><title>${e.title}</title>${e.guid ? `<guid>${e.guid}</guid>` : ''}${e.date ? `<pubDate>${e.date}</pubDate>` : ''}</item>`)
    .join('')}</channel></rss>`;

beforeAll(async () => {
  api = await startFakeApi({
    'GET /feed': () => ({ raw: rss(), headers: { 'content-type': 'application/rss+xml' } }),
    'GET /html': () => ({ raw: '<html><body>not a feed</body></html>', headers: { 'content-type': 'text/html' } }),
  });
});
afterAll(() => api.close());

const ctx = (params: Record<string, unknown> = {}) => makeContext({ def: node as never, params: { feedUrl: `${api.url}/feed`, ...params }, node: { name: 'News' } });
const poll = (state?: Record<string, unknown>, manual = false) => node.poll!(ctx() as never, state as never, { manual });

describe('RSS Feed Trigger poll', () => {
  it('emits only entries newer than the last poll, in feed order', async () => {
    entries = [
      { title: 'B', date: 'Tue, 10 Nov 2026 10:00:00 GMT' },
      { title: 'A', date: 'Mon, 09 Nov 2026 10:00:00 GMT' },
    ];
    const first = await poll();
    expect(first.state).toMatchObject({ lastItemDate: '2026-11-10T10:00:00.000Z' });

    const none = await poll(first.state);
    expect(none.items).toEqual([]);
    expect(none.state).toMatchObject({ lastItemDate: '2026-11-10T10:00:00.000Z' });

    entries = [{ title: 'D', date: 'Thu, 12 Nov 2026 10:00:00 GMT' }, { title: 'C', date: 'Wed, 11 Nov 2026 10:00:00 GMT' }, ...entries];
    const next = await poll(none.state);
    expect(next.items.map((i) => i.json.title)).toEqual(['D', 'C']);
    expect(next.items[0].json).toMatchObject({ isoDate: '2026-11-12T10:00:00.000Z', pubDate: 'Thu, 12 Nov 2026 10:00:00 GMT' });
    expect(next.state).toMatchObject({ lastItemDate: '2026-11-12T10:00:00.000Z' });
  });

  it('undated entries count as new when their guid was not in the feed before', () => {
    const before = newEntries([{ title: 'x', guid: '1' }], undefined);
    const after = newEntries([{ title: 'y', guid: '2' }, { title: 'x', guid: '1' }], before.state);
    expect(after.fresh.map((e) => e.title)).toEqual(['y']);
    expect(after.state.undated).toEqual(['2', '1']);
  });

  it('a manual run emits the newest entry', async () => {
    entries = [{ title: 'Old', date: 'Mon, 09 Nov 2026 10:00:00 GMT' }, { title: 'New', date: 'Tue, 10 Nov 2026 10:00:00 GMT' }];
    expect((await poll(undefined, true)).items.map((i) => i.json.title)).toEqual(['New']);
    const out = await node.execute(ctx() as never);
    expect(out.main.map((i) => i.json.title)).toEqual(['New']);
    // In an execution started by a poll, the items found are the output.
    const started = await node.execute(makeContext({ def: node as never, params: {}, triggerData: { items: [{ json: { title: 'polled' } }] } }) as never);
    expect(started.main.map((i) => i.json.title)).toEqual(['polled']);
  });

  it('names the node and field when the URL or the answer is wrong', async () => {
    await expect(node.poll!(makeContext({ def: node as never, params: { feedUrl: '' }, node: { name: 'News' } }) as never, undefined, { manual: false })).rejects.toThrow(/Node "News", field "feedUrl": the URL is empty/);
    await expect(node.poll!(makeContext({ def: node as never, params: { feedUrl: 'ftp://x' }, node: { name: 'News' } }) as never, undefined, { manual: false })).rejects.toThrow(/not an http or https URL/);
    await expect(node.poll!(ctx({ feedUrl: `${api.url}/missing` }) as never, undefined, { manual: false })).rejects.toThrow(/field "feedUrl".*status code 404/);
    await expect(node.poll!(ctx({ feedUrl: `${api.url}/html` }) as never, undefined, { manual: false })).rejects.toThrow(/not an RSS or Atom feed/);
  });
});
