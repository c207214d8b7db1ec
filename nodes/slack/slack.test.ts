/**
 * Slack node against a fake Slack Web API on 127.0.0.1 (server/testing/fake-api.ts) that records each request (method, path, query,
 * headers, body) and answers as Slack documents: post to a channel and to a user, blocks and attachments,
 * thread replies, update, delete, paged channel history and replies, user info, and errors (ok:false, HTTP
 * errors, bad blocks JSON, empty fields) that name the node and field without the token.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { jsonOf, runNode } from '../../server/engine/testing/node-context';
import { startFakeApi, type FakeApi, type FakeRequest, type FakeReply } from '../../server/testing/fake-api';
import { slackNode } from './index';
import { WaitSignal, type ResumeInfo } from '../../server/engine/node';

type Seen = FakeRequest<Record<string, unknown>>;
const TOKEN = 'xoxb-secret-token-123';
let api: FakeApi<Record<string, unknown>>;
let answer: (s: Seen) => FakeReply = () => ({ body: { ok: true } });
let baseUrl = '';

beforeAll(async () => {
  api = await startFakeApi<Record<string, unknown>>({}, (s) => answer(s));
  baseUrl = `${api.url}/api`;
});
afterAll(() => api.close());
beforeEach(() => {
  api.reset();
  answer = (s) => ({ body: { ok: true, channel: s.body?.channel ?? 'C1', ts: '1700000000.000100', message: { text: s.body?.text } } });
});

const run = (params: Record<string, unknown>, items: Record<string, unknown>[] = [{ n: 1 }], credential: Record<string, unknown> = { accessToken: TOKEN }) =>
  runNode(slackNode, { params: { baseUrl, ...params }, items, credentials: { slackApi: credential }, node: { name: 'Notify' } });

describe('slack node: OAuth2 (slackOAuth2Api)', () => {
  it('sends the token of the slackOAuth2Api credential the runtime hands over', async () => {
    await runNode(slackNode, {
      params: { baseUrl, authentication: 'oAuth2', channelId: 'C9', text: 'hi' }, items: [{}],
      credentials: { slackOAuth2Api: { clientId: 'c', clientSecret: 'SECRET', accessToken: 'xoxp-user-token' } }, node: { name: 'Notify' },
    });
    expect(api.requests[0].headers.authorization).toBe('Bearer xoxp-user-token');
  });

  it('says to connect the credential when it holds no token, and sends nothing', async () => {
    const err = await runNode(slackNode, {
      params: { baseUrl, authentication: 'oAuth2', channelId: 'C9', text: 'hi' }, items: [{}], credentials: { slackOAuth2Api: { clientId: 'c' } }, node: { name: 'Notify' },
    }).then(() => undefined, (e: Error) => e);
    expect(err?.message).toContain('Node "Notify", credential "slackOAuth2Api": the OAuth2 credential has no access token');
    expect(api.requests).toHaveLength(0);
  });
});

describe('slack node: messages', () => {
  it('posts text to a channel with the Bearer token as JSON; the answer\'s ts becomes message_timestamp', async () => {
    const out = await run({ channelId: '#alerts', text: '={{ $json.msg }}' }, [{ msg: 'hi' }, { msg: 'there' }]);
    expect(api.requests.map((s) => [s.method, s.path])).toEqual([['POST', '/api/chat.postMessage'], ['POST', '/api/chat.postMessage']]);
    expect(api.requests[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(api.requests[0].headers['content-type']).toContain('application/json');
    expect(api.requests.map((s) => s.body)).toEqual([{ channel: '#alerts', text: 'hi' }, { channel: '#alerts', text: 'there' }]);
    expect(jsonOf(out)[0]).toEqual({ ok: true, channel: '#alerts', message_timestamp: '1700000000.000100', message: { text: 'hi' } });
    expect(out.main[1].pairedItem).toEqual({ item: 1 });
  });

  it('keeps ts with timestampField ts (n8n 1) and sends Slack 1 attachments and as_user', async () => {
    const attachments = [{ color: '#66FF00', fields: [{ short: true, title: 'Order', value: '7' }], footer: 'f' }];
    const out = await run({ channelId: 'woo', text: 'new order', attachments, asUser: true, timestampField: 'ts' });
    expect(api.requests[0].body).toEqual({ channel: 'woo', text: 'new order', attachments, as_user: true });
    expect(jsonOf(out)[0]).toMatchObject({ ts: '1700000000.000100' });
  });

  it('posts blocks from n8n\'s JSON text to a user, with notification text, thread reply and bot options', async () => {
    const blocksUi = '={\n "blocks": [{ "type": "section", "text": { "type": "mrkdwn", "text": "*{{ $json.name }}* signed up" } }]\n}';
    await run({
      select: 'user', user: 'U123', messageType: 'block', blocksUi, text: 'signup', threadTs: '1.2', replyBroadcast: true,
      mrkdwn: true, unfurlLinks: false, iconUrl: 'https://img/x.png', username: 'bot',
    }, [{ name: 'Ada' }]);
    expect(api.requests[0].body).toEqual({
      channel: 'U123', text: 'signup', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*Ada* signed up' } }],
      thread_ts: '1.2', reply_broadcast: true, mrkdwn: true, unfurl_links: false, icon_url: 'https://img/x.png', username: 'bot',
    });
  });

  it('updates and deletes a message (both answers with message_timestamp)', async () => {
    await run({ operation: 'update', channelId: 'C1', ts: '1.5', text: 'edited', linkNames: true });
    const deleted = await run({ operation: 'delete', channelId: 'C1', timestamp: '1.5' });
    expect(jsonOf(deleted)).toEqual([{ ok: true, channel: 'C1', message_timestamp: '1700000000.000100', message: {} }]);
    expect(api.requests.map((s) => [s.path, s.body])).toEqual([
      ['/api/chat.update', { channel: 'C1', ts: '1.5', text: 'edited', link_names: true }],
      ['/api/chat.delete', { channel: 'C1', ts: '1.5' }],
    ]);
  });
});

describe('slack node: reads', () => {
  it('pages through channel history with GET query parameters (oldest as epoch seconds), one item per message', async () => {
    answer = (s) => (s.query.cursor ? { body: { ok: true, messages: [{ ts: '3' }], response_metadata: { next_cursor: '' } } } : { body: { ok: true, messages: [{ ts: '1' }, { ts: '2' }], response_metadata: { next_cursor: 'next1' } } });
    const out = await run({ resource: 'channel', operation: 'history', channelId: 'C9', returnAll: true, oldest: '2024-01-01T00:00:00Z', inclusive: true });
    expect(jsonOf(out)).toEqual([{ ts: '1' }, { ts: '2' }, { ts: '3' }]);
    expect(api.requests.map((s) => [s.method, s.path])).toEqual([['GET', '/api/conversations.history'], ['GET', '/api/conversations.history']]);
    expect(api.requests[0].query).toEqual({ channel: 'C9', inclusive: 'true', oldest: '1704067200', limit: '200' });
    expect(api.requests[1].query.cursor).toBe('next1');
    expect(api.requests[0].body).toBeUndefined();
  });

  it('stops at limit for thread replies and reads a user', async () => {
    answer = (s) => (s.path.endsWith('users.info') ? { body: { ok: true, user: { id: s.query.user, name: 'ada' } } } : { body: { ok: true, messages: [{ ts: '1' }, { ts: '2' }], response_metadata: { next_cursor: 'more' } } });
    const replies = await run({ resource: 'channel', operation: 'replies', channelId: 'C9', ts: '1', limit: 2 });
    expect(jsonOf(replies)).toEqual([{ ts: '1' }, { ts: '2' }]);
    expect(api.requests[0].query).toEqual({ channel: 'C9', ts: '1', limit: '2' });
    const user = await run({ resource: 'user', operation: 'info', user: 'U7' });
    expect(jsonOf(user)).toEqual([{ id: 'U7', name: 'ada' }]);
  });
});

describe('slack node: errors', () => {
  it('names Slack\'s error code, the node and the field, never the token', async () => {
    answer = () => ({ body: { ok: false, error: 'channel_not_found' } });
    const err = await run({ channelId: 'C404', text: 'x' }).catch((e: Error) => e);
    expect(String(err)).toContain('Node "Notify", field "channelId": Slack chat.postMessage failed: channel_not_found');
    expect(String(err)).not.toContain(TOKEN);
    answer = () => ({ status: 429, body: { ok: false, error: 'ratelimited' } });
    const limited = await run({ resource: 'user', operation: 'info', user: 'U1' }).catch((e: Error) => e);
    expect(String(limited)).toContain('field "user": Slack users.info answered HTTP 429: ratelimited');
  });

  it('checks fields before calling Slack', async () => {
    await expect(run({ channelId: 'C1', text: '' })).rejects.toThrow('Node "Notify", field "text": is empty');
    await expect(run({ select: 'user', user: '', text: 'x' })).rejects.toThrow('field "user": is empty');
    await expect(run({ channelId: 'C1', messageType: 'block', blocksUi: '{ nope' })).rejects.toThrow('field "blocksUi": is not valid JSON');
    await expect(run({ resource: 'user', operation: 'post', user: 'U1' })).rejects.toThrow('field "operation": user has no operation "post"');
    await expect(run({ channelId: 'C1', text: 'x' }, [{}], {})).rejects.toThrow('the Slack credential has no access token');
    expect(api.requests).toEqual([]);
  });

  it('with On Error "continue" a failed item becomes { error } and the others are posted', async () => {
    answer = (s) => (s.body?.channel === 'C404' ? { body: { ok: false, error: 'channel_not_found' } } : { body: { ok: true, ts: '5.5' } });
    const out = await runNode(slackNode, {
      params: { baseUrl, channelId: '={{ $json.c }}', text: 'x' }, items: [{ c: 'C404' }, { c: 'C1' }],
      credentials: { slackApi: { accessToken: TOKEN } }, node: { name: 'Notify', onError: 'continue' },
    });
    expect(jsonOf(out)).toEqual([{ error: expect.stringContaining('channel_not_found') }, { ok: true, message_timestamp: '5.5' }]);
  });
});

describe('slack node: send and wait (sendAndWait)', () => {
  const RESUME = 'https://weft.example/webhook-waiting/ex1?signature=abc';
  const FORM = 'https://weft.example/form-waiting/ex1?signature=abc';
  const send = (params: Record<string, unknown>, resume?: ResumeInfo, items: Record<string, unknown>[] = [{ n: 1 }, { n: 2 }]) =>
    runNode(slackNode, {
      params: { baseUrl, operation: 'sendAndWait', ...params }, items, credentials: { slackApi: { accessToken: TOKEN } }, node: { name: 'Ask' },
      execution: { id: 'ex1', resumeUrl: RESUME, resumeFormUrl: FORM }, resume,
    });
  const parked = (p: Promise<unknown>) => p.then(() => { throw new Error('the node should park'); }, (e: unknown) => e as WaitSignal);

  it('posts the message once with approve and decline URL buttons (approve primary), then parks on a webhook wait', async () => {
    const signal = await parked(send({ channelId: 'C1', message: '=Deploy {{ $json.n }}?', approvalOptions: { values: { approvalType: 'double', approveLabel: 'Ship it' } } }));
    expect(signal).toBeInstanceOf(WaitSignal);
    expect(signal.request).toMatchObject({ kind: 'webhook', config: { reply: 'approval', webhook: { httpMethod: 'GET' } } });
    expect(signal.request.resumeAt).toBeUndefined();
    expect(api.requests.map((s) => s.path)).toEqual(['/api/chat.postMessage']);
    expect(api.requests[0].body).toEqual({
      channel: 'C1', text: 'Deploy 1?',
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: 'Deploy 1?' } },
        { type: 'actions', elements: [
          { type: 'button', text: { type: 'plain_text', text: 'Ship it', emoji: true }, url: `${RESUME}&approved=true`, style: 'primary' },
          { type: 'button', text: { type: 'plain_text', text: 'Decline', emoji: true }, url: `${RESUME}&approved=false` },
        ] },
      ],
    });
  });

  it('sends a free-text request to a user with one button to the form URL and parks on a form wait with a time limit', async () => {
    const before = Date.now();
    const signal = await parked(send({
      select: 'user', user: 'U7', message: 'Why?', responseType: 'freeText',
      sendAndWaitOptions: { messageButtonLabel: 'Answer', responseFormTitle: 'Reason', appendAttribution: true, limitWaitTime: { values: { resumeAmount: 2, resumeUnit: 'hours' } } },
    }));
    expect(signal.request.kind).toBe('form');
    expect(signal.request.resumeAt! - before).toBeGreaterThanOrEqual(7_200_000);
    expect(signal.request.config).toMatchObject({ reply: 'freeText', form: { formTitle: 'Reason', formFields: { values: [{ fieldLabel: 'Response', fieldType: 'textarea', requiredField: true }] } } });
    const body = api.requests[0].body as { channel: string; blocks: Record<string, unknown>[] };
    expect(body.channel).toBe('U7');
    expect(body.blocks[1]).toEqual({ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Answer', emoji: true }, url: FORM, style: 'primary' }] });
    expect(JSON.stringify(body.blocks[2])).toContain('sent automatically with Weft');
  });

  it('resumed, outputs the answer and sends nothing again: approval, free text, custom form, time limit', async () => {
    const approved = await send({ channelId: 'C1', message: 'ok?' }, { kind: 'webhook', item: { json: { query: { approved: 'true' } } } });
    expect(jsonOf(approved)).toEqual([{ data: { approved: true } }]);
    const declined = await send({ channelId: 'C1', message: 'ok?' }, { kind: 'webhook', item: { json: { query: { approved: 'false' } } } });
    expect(jsonOf(declined)).toEqual([{ data: { approved: false } }]);
    const text = await send({ channelId: 'C1', responseType: 'freeText' }, { kind: 'form', item: { json: { Response: 'because', submittedAt: 'x', formMode: 'production' } } });
    expect(jsonOf(text)).toEqual([{ data: { text: 'because' } }]);
    const form = await send(
      { channelId: 'C1', responseType: 'customForm', formFields: { values: [{ fieldLabel: 'Budget', fieldType: 'number' }] } },
      { kind: 'form', item: { json: { Budget: 40, submittedAt: 'x', formMode: 'production' } } },
    );
    expect(jsonOf(form)).toEqual([{ data: { Budget: 40 } }]);
    const timedOut = await send({ channelId: 'C1', message: 'ok?' }, { kind: 'time' });
    expect(jsonOf(timedOut)).toEqual([{ n: 1 }, { n: 2 }]);
    expect(api.requests).toEqual([]);
  });

  it('needs the channel, a custom form\'s fields and resume URLs; sends nothing without them', async () => {
    await expect(send({ channelId: '', message: 'x' })).rejects.toThrow('Node "Ask", field "channelId": is empty');
    await expect(send({ channelId: 'C1', responseType: 'customForm' })).rejects.toThrow('field "formFields": a custom form needs at least one field');
    const noUrls = runNode(slackNode, { params: { baseUrl, operation: 'sendAndWait', channelId: 'C1', message: 'x' }, items: [{}], credentials: { slackApi: { accessToken: TOKEN } }, node: { name: 'Ask' } });
    await expect(noUrls).rejects.toThrow('send and wait needs resume URLs');
    expect(api.requests).toEqual([]);
  });
});
