/**
 * Telegram Trigger's poll against a fake Bot API on 127.0.0.1: getUpdates with offset = last update_id + 1 and
 * allowed_updates from `updates`, the update objects as items, chat and user filters, a manual run emitting the
 * latest update, and the webhook conflict (409) explained, or resolved with deleteWebhook. The token never
 * appears in an error.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeContext } from '../../server/engine/testing/node-context';
import { startFakeApi, type FakeApi } from '../../server/testing/fake-api';
import { telegramTriggerNode as node, wanted } from './index';

const TOKEN = '999:secret-bot-token';
let api: FakeApi<Record<string, unknown>>;
let updates: Record<string, unknown>[] = [];
let webhookSet = false;

const msg = (id: number, chat = 42, from = 7, text = `m${id}`) => ({ update_id: id, message: { message_id: id, chat: { id: chat, type: 'private' }, from: { id: from }, date: 1700000000, text } });

beforeAll(async () => {
  api = await startFakeApi<Record<string, unknown>>({
    [`POST /bot${TOKEN}/getUpdates`]: (r) => {
      if (webhookSet) return { status: 409, body: { ok: false, error_code: 409, description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first" } };
      const offset = typeof r.body?.offset === 'number' ? r.body.offset : 0;
      // Telegram: a negative offset gives the last -offset updates (and forgets the earlier ones).
      return { body: { ok: true, result: offset < 0 ? updates.slice(offset) : updates.filter((u) => (u.update_id as number) >= offset) } };
    },
    [`POST /bot${TOKEN}/getFile`]: (r) => ({ body: { ok: true, result: { file_id: r.body?.file_id, file_path: r.body?.file_id === 'big' ? undefined : `photos/${String(r.body?.file_id)}.jpg` } } }),
    [`GET /file/bot${TOKEN}/photos/:name`]: (r) => ({ raw: Buffer.from(`bytes of ${r.params.name}`), headers: { 'content-type': 'application/octet-stream' } }),
    [`POST /bot${TOKEN}/deleteWebhook`]: () => {
      webhookSet = false;
      return { body: { ok: true, result: true } };
    },
  });
});
afterAll(() => api.close());
beforeEach(() => {
  api.reset();
  updates = [];
  webhookSet = false;
});

const ctx = (params: Record<string, unknown> = {}) =>
  makeContext({ def: node as never, params: { updates: ['message'], ...params }, credentials: { telegramApi: { accessToken: TOKEN, baseUrl: api.url } }, node: { name: 'Bot' } });
const poll = (state?: Record<string, unknown>, params: Record<string, unknown> = {}, manual = false) => node.poll!(ctx(params) as never, state as never, { manual });

describe('Telegram Trigger poll', () => {
  it('asks for the updates after the last one and emits the update objects', async () => {
    updates = [msg(100), msg(101)];
    const first = await poll();
    expect(first.state).toEqual({ offset: 102 });
    expect(api.requests[0].body).toEqual({ timeout: 0, limit: 100, allowed_updates: ['message'], offset: -1 });

    updates.push(msg(102), { update_id: 103, callback_query: { id: 'cb', from: { id: 7 }, data: 'x' } });
    const next = await poll(first.state);
    expect(api.requests[1].body).toMatchObject({ offset: 102 });
    // callback_query is not among `updates`: not emitted, but confirmed (offset moves past it).
    expect(next.items.map((i) => i.json)).toEqual([msg(102)]);
    expect(next.state).toEqual({ offset: 104 });

    const idle = await poll(next.state);
    expect(idle.items).toEqual([]);
    expect(idle.state).toEqual({ offset: 104 });
  });

  it("'*' asks for Telegram's default set and takes every type; chat and user filters", async () => {
    updates = [msg(1), { update_id: 2, callback_query: { id: 'cb', from: { id: 8 }, message: { chat: { id: 43 } } } }];
    const all = await poll({ offset: 1 }, { updates: ['*'] });
    expect(api.requests[0].body).toMatchObject({ allowed_updates: [], offset: 1 });
    expect(all.items.map((i) => i.json.update_id)).toEqual([1, 2]);
    expect((await poll({ offset: 1 }, { updates: ['*'], chatIds: '43' })).items.map((i) => i.json.update_id)).toEqual([2]);
    expect((await poll({ offset: 1 }, { updates: ['*'], userIds: '7, 9' })).items.map((i) => i.json.update_id)).toEqual([1]);
    expect(wanted(msg(5) as never, { updates: ['callback_query'], chatIds: '', userIds: '' })).toBe(false);
  });

  it('a manual run emits the latest pending update without confirming any', async () => {
    updates = [msg(10), msg(11)];
    const out = await node.execute(ctx() as never);
    expect(out.main.map((i) => i.json)).toEqual([msg(11)]);
    expect(api.requests[0].body).not.toHaveProperty('offset');
  });

  it('explains the webhook conflict, and deletes the webhook when told to', async () => {
    webhookSet = true;
    const err = await poll().catch((e: Error) => e);
    expect(String(err)).toMatch(/Node "Bot": Telegram refuses getUpdates while the bot has a webhook set/);
    expect(String(err)).not.toContain(TOKEN);
    updates = [msg(5)];
    const ok = await poll(undefined, { deleteWebhook: true });
    expect(ok.state).toEqual({ offset: 6 });
    expect(api.requests.map((r) => r.path.split('/').pop())).toEqual(['getUpdates', 'getUpdates', 'deleteWebhook', 'getUpdates']);
  });

  it('download: the photo at imageSize (or the file) into binary data; none for the first poll', async () => {
    const photo = { update_id: 20, message: { message_id: 20, chat: { id: 42 }, photo: [{ file_id: 's' }, { file_id: 'm' }, { file_id: 'l' }] } };
    const doc = { update_id: 21, message: { message_id: 21, chat: { id: 42 }, document: { file_id: 'doc', file_name: 'a.pdf' } } };
    const big = { update_id: 22, message: { message_id: 22, chat: { id: 42 }, video: { file_id: 'big' } } };
    updates = [photo, doc, big, msg(23)];
    await poll(undefined, { download: true });
    expect(api.requests.map((r) => r.path.split('/').pop())).toEqual(['getUpdates']);
    const out = await poll({ offset: 20 }, { download: true, imageSize: 'extraLarge' });
    expect(out.items.map((i) => i.json.update_id)).toEqual([20, 21, 22, 23]);
    // extraLarge on a photo with three sizes: the largest there is.
    expect(Buffer.from(out.items[0].binary!.data.data, 'base64').toString()).toBe('bytes of l.jpg');
    expect(out.items[0].binary!.data).toMatchObject({ fileName: 'l.jpg', mimeType: 'image/jpeg' });
    expect(Buffer.from(out.items[1].binary!.data.data, 'base64').toString()).toBe('bytes of doc.jpg');
    expect(out.items[2].binary).toBeUndefined(); // no file_path (over 20 MB)
    expect(out.items[3].binary).toBeUndefined(); // text only
    const small = await poll({ offset: 20 }, { download: true, imageSize: 'small' });
    expect(small.items[0].binary!.data.fileName).toBe('s.jpg');
  });

  it('other Bot API errors name the node, never the token', async () => {
    const err = await node.poll!(makeContext({ def: node as never, params: {}, credentials: { telegramApi: { accessToken: 'bad:token', baseUrl: api.url } }, node: { name: 'Bot' } }) as never, undefined, { manual: false }).catch((e: Error) => e);
    expect(String(err)).toMatch(/Node "Bot": Telegram getUpdates/);
    expect(String(err)).not.toContain('bad:token');
  });
});
