/**
 * Gmail Trigger's poll against a fake Gmail API on 127.0.0.1: the first poll records the time (one list call to
 * check the mailbox), later polls search `after:` a minute before the previous poll with the node's filters,
 * leave out drafts and the messages the previous poll returned, and emit the Gmail node's simplified messages;
 * a manual run emits the newest match.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeContext } from '../../server/engine/testing/node-context';
import { startFakeApi, type FakeApi } from '../../server/testing/fake-api';
import { gmailTriggerNode as node } from './index';

let api: FakeApi;
/** Message ids the list answers (newest first). */
let listed: string[] = [];
const meta = (id: string) => ({
  id,
  threadId: `t-${id}`,
  labelIds: ['INBOX'],
  snippet: `about ${id}`,
  payload: { headers: [{ name: 'From', value: 'ann@example.com' }, { name: 'Subject', value: `Subject ${id}` }] },
});

beforeAll(async () => {
  api = await startFakeApi({
    'GET /gmail/v1/users/me/messages': (r) => {
      const max = Number(r.query.maxResults ?? 100);
      return { body: { messages: listed.slice(0, max).map((id) => ({ id, threadId: `t-${id}` })), resultSizeEstimate: listed.length } };
    },
    'GET /gmail/v1/users/me/messages/:id': (r) => ({ body: meta(r.params.id) }),
    'GET /gmail/v1/users/me/labels': () => ({ body: { labels: [{ id: 'INBOX', name: 'INBOX' }] } }),
  });
});
afterAll(() => api.close());
beforeEach(() => {
  api.reset();
  listed = [];
});

const ctx = (params: Record<string, unknown> = {}) =>
  makeContext({ def: node as never, params: { apiUrl: api.url, ...params }, credentials: { gmailOAuth2: { accessToken: 'tok-1' } }, node: { name: 'Inbox' } });
const lists = () => api.requests.filter((r) => r.path === '/gmail/v1/users/me/messages');

describe('Gmail Trigger poll', () => {
  it('records the time first, then emits only messages not seen, with the filters as Gmail search', async () => {
    listed = ['m1'];
    const before = Math.floor(Date.now() / 1000);
    const first = await node.poll!(ctx({ filters: { sender: 'ann@example.com', readStatus: 'unread' } }) as never, undefined, { manual: false });
    expect(first.items).toEqual([]);
    expect(first.state.lastTimeChecked).toBeGreaterThanOrEqual(before);
    expect(lists()[0].headers.authorization).toBe('Bearer tok-1');

    listed = ['m2', 'm1'];
    const state = { lastTimeChecked: 1_800_000_000, seen: ['m1'] };
    const next = await node.poll!(ctx({ filters: { sender: 'ann@example.com', readStatus: 'unread' } }) as never, state, { manual: false });
    expect(lists()[1].query.q).toBe(`from:ann@example.com is:unread after:${1_800_000_000 - 60} -in:draft`);
    expect(next.items.map((i) => i.json)).toEqual([
      expect.objectContaining({ id: 'm2', Subject: 'Subject m2', From: 'ann@example.com', labels: [{ id: 'INBOX', name: 'INBOX' }] }),
    ]);
    expect(next.state.seen).toEqual(['m2', 'm1']);
    expect(next.state.lastTimeChecked).toBeGreaterThanOrEqual(before);

    const idle = await node.poll!(ctx() as never, next.state, { manual: false });
    expect(idle.items).toEqual([]);
  });

  it('includeDrafts drops the -in:draft; labels and spam/trash pass through', async () => {
    await node.poll!(ctx({ filters: { includeDrafts: true, labelIds: ['INBOX'], includeSpamTrash: true, q: 'has:attachment' } }) as never, { lastTimeChecked: 1_800_000_000, seen: [] }, { manual: false });
    const q = lists()[0].searchParams;
    expect(q.get('q')).toBe(`after:${1_800_000_000 - 60} has:attachment`);
    expect(q.getAll('labelIds')).toEqual(['INBOX']);
    expect(q.get('includeSpamTrash')).toBe('true');
  });

  it('a manual run emits the newest matching message', async () => {
    listed = ['m9', 'm8'];
    const out = await node.execute(ctx() as never);
    expect(out.main.map((i) => i.json.id)).toEqual(['m9']);
    expect(lists()[0].query.maxResults).toBe('1');
  });

  it('an API failure names the node', async () => {
    const bad = makeContext({ def: node as never, params: { apiUrl: `${api.url}/nowhere` }, credentials: { gmailOAuth2: { accessToken: 'tok-1' } }, node: { name: 'Inbox' } });
    await expect(node.poll!(bad as never, { lastTimeChecked: 1, seen: [] }, { manual: false })).rejects.toThrow(/Inbox/);
  });
});
