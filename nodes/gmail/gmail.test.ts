/**
 * Gmail node against a fake Gmail API on 127.0.0.1 that records every request: send (the RFC 822 message in
 * `raw` is decoded and parsed: headers, body, attachments from binary data), reply (threading headers,
 * reply-all without the account's own address), draft create, get and getAll (simplified and parsed),
 * search filters as Gmail's q, label and read-status changes, delete, labels, threads, the OAuth2 token
 * refreshed once on 401, a service account with a delegated user, and errors naming node and field.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeContext, runNode } from '../../server/engine/testing/node-context';
import type { NodeOutput } from '../sdk';
import { clearTokenCache } from '../google/auth';
import { buildRfc822 } from './mime';
import { UPLOAD_ABOVE_BYTES } from './operations';
import { gmailNode } from './index';
import { WaitSignal, type ResumeInfo } from '../../server/engine/node';
import { importN8nWorkflow } from '../../server/n8n';
import { N8N_CORPUS_DIR } from '../../server/testing/corpus';

interface Req {
  method: string;
  path: string;
  query: URLSearchParams;
  auth: string;
  body?: Record<string, unknown>;
  contentType: string;
  raw: Buffer;
}
let requests: Req[] = [];
let tokens: Record<string, unknown>[] = [];
let rejectToken: string | undefined;
let server: http.Server;
let baseUrl: string;

const ORIGINAL = [
  'From: Ann <ann@example.com>',
  'To: me@example.com, Bo <bo@example.com>',
  'Cc: cy@example.com',
  'Subject: =?UTF-8?Q?Caf=C3=A9_plans?=',
  'Date: Mon, 23 Nov 2026 10:00:00 +0000',
  'Message-ID: <orig-1@example.com>',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="b1"',
  '',
  '--b1',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'See you at the café.',
  '--b1',
  'Content-Type: text/csv; name="list.csv"',
  'Content-Disposition: attachment; filename="list.csv"',
  'Content-Transfer-Encoding: base64',
  '',
  Buffer.from('a,b\n1,2\n').toString('base64'),
  '--b1--',
  '',
].join('\r\n');

const LABELS = [
  { id: 'INBOX', name: 'INBOX', type: 'system' },
  { id: 'UNREAD', name: 'UNREAD', type: 'system' },
  { id: 'Label_1', name: 'Invoices', type: 'user' },
];
const meta = (id: string) => ({
  id,
  threadId: 't-1',
  labelIds: ['INBOX', 'Label_1'],
  snippet: 'See you',
  sizeEstimate: 900,
  historyId: '77',
  internalDate: '1795428000000',
  payload: {
    mimeType: 'multipart/mixed',
    headers: [
      { name: 'From', value: 'Ann <ann@example.com>' },
      { name: 'To', value: 'me@example.com, Bo <bo@example.com>' },
      { name: 'Cc', value: 'cy@example.com' },
      { name: 'Subject', value: 'Café plans' },
      { name: 'Message-ID', value: '<orig-1@example.com>' },
      { name: 'References', value: '<older@example.com>' },
    ],
  },
});

function handle(method: string, p: string, q: URLSearchParams, body: Record<string, unknown> | undefined): { status: number; json?: unknown } {
  if (p === 'profile') return { status: 200, json: { emailAddress: 'me@example.com' } };
  if (p === 'labels' && method === 'GET') return { status: 200, json: { labels: LABELS } };
  if (p === 'labels' && method === 'POST') return body?.name === 'Dup' ? { status: 409, json: { error: { code: 409, message: 'Label name exists or conflicts' } } } : { status: 200, json: { id: 'Label_9', name: body?.name } };
  if (p === 'messages/send' || p === 'drafts') return { status: 200, json: p === 'drafts' ? { id: 'r-1', message: { id: 'm-new', threadId: 't-9' } } : { id: 'm-new', threadId: String(body?.threadId ?? 't-9'), labelIds: ['SENT'] } };
  if (p === 'messages' && method === 'GET') {
    if (q.get('pageToken') === 'p2') return { status: 200, json: { messages: [{ id: 'm-3', threadId: 't-3' }] } };
    return { status: 200, json: { messages: [{ id: 'm-1', threadId: 't-1' }, { id: 'm-2', threadId: 't-1' }], nextPageToken: 'p2' } };
  }
  const msg = /^messages\/([^/]+)(\/modify)?$/.exec(p);
  if (msg) {
    if (msg[1] === 'missing') return { status: 404, json: { error: { code: 404, message: 'Requested entity was not found.' } } };
    if (method === 'DELETE') return { status: 204 };
    if (msg[2]) return { status: 200, json: { id: msg[1], threadId: 't-1', labelIds: (body?.addLabelIds as string[]) ?? [] } };
    if (q.get('format') === 'raw') return { status: 200, json: { id: msg[1], threadId: 't-1', labelIds: ['INBOX'], sizeEstimate: 900, raw: Buffer.from(ORIGINAL).toString('base64url') } };
    return { status: 200, json: meta(msg[1]) };
  }
  if (p === 'threads') return { status: 200, json: { threads: [{ id: 't-1', snippet: 'See you', historyId: '77' }] } };
  const thread = /^threads\/([^/]+)(\/modify)?$/.exec(p);
  if (thread) return thread[2] ? { status: 200, json: { id: thread[1], messages: [] } } : { status: 200, json: { id: thread[1], historyId: '77', messages: [meta('m-1'), meta('m-2')] } };
  return { status: 400, json: { error: { message: `unexpected ${method} ${p}` } } };
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const bytes = Buffer.concat(chunks);
      const raw = bytes.toString('utf8');
      const url = new URL(req.url ?? '/', 'http://x');
      res.setHeader('content-type', 'application/json');
      if (url.pathname === '/token') {
        const claims = JSON.parse(Buffer.from((new URLSearchParams(raw).get('assertion') ?? '').split('.')[1], 'base64url').toString()) as Record<string, unknown>;
        tokens.push(claims);
        res.end(JSON.stringify({ access_token: 'sa-token', expires_in: 3600 }));
        return;
      }
      const auth = req.headers.authorization ?? '';
      const p = url.pathname.replace(/^\/(upload\/)?gmail\/v1\/users\/me\//, '');
      const contentType = req.headers['content-type'] ?? '';
      const body = raw && contentType.startsWith('application/json') ? (JSON.parse(raw) as Record<string, unknown>) : undefined;
      requests.push({ method: req.method ?? '', path: url.pathname, query: url.searchParams, auth, body, contentType, raw: bytes });
      if (rejectToken && auth === `Bearer ${rejectToken}`) {
        res.statusCode = 401;
        res.end(JSON.stringify({ error: { code: 401, message: 'Request had invalid authentication credentials.' } }));
        return;
      }
      const out = handle(req.method ?? '', p, url.searchParams, requests.at(-1)!.body);
      res.statusCode = out.status;
      res.end(out.json === undefined ? '' : JSON.stringify(out.json));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  requests = [];
  tokens = [];
  rejectToken = undefined;
  clearTokenCache();
});

const oauth = { gmailOAuth2: { accessToken: 'ya29.user-token' } };
const run = (params: Record<string, unknown>, items: Record<string, unknown>[] | { json: Record<string, unknown>; binary?: Record<string, unknown> }[] = [{}]) =>
  runNode(gmailNode, { params: { apiUrl: baseUrl, ...params }, items: items as never, credentials: oauth, node: { name: 'Mail' } });
/** The items' json, typed for field access. */
const jsonOf = (out: NodeOutput) => (out.main ?? []).map((i) => i.json as Record<string, unknown>);
const api = (r: Req) => `${r.method} ${r.path.replace(/^\/(upload\/)?gmail\/v1\/users\/me\//, '')}`;
const sentMessage = async (r: Req) => simpleParser(Buffer.from(String((r.body?.message as Record<string, unknown> | undefined)?.raw ?? r.body?.raw), 'base64url'));

async function failure(promise: Promise<unknown>): Promise<Error> {
  const err = await promise.then(() => undefined, (e: unknown) => e as Error);
  expect(err, 'the node should fail').toBeInstanceOf(Error);
  return err!;
}

describe('gmail node: send, reply, draft', () => {
  it('sends an RFC 822 message (base64url) with cc, bcc, reply-to, sender name and a binary attachment', async () => {
    const pdf = Buffer.from('%PDF-1.4 fake');
    const out = await run(
      { sendTo: '={{ $json.to }}', subject: 'Your certificate – ok', message: '<p>Hi <b>there</b></p>', emailType: 'html', ccList: 'cc@example.com', bccList: 'hidden@example.com', replyTo: 'help@example.com', senderName: 'Weft Bot', attachments: 'data' },
      [{ json: { to: 'ann@example.com, bo@example.com' }, binary: { data: { data: pdf.toString('base64'), mimeType: 'application/pdf', fileName: 'cert.pdf' } } }],
    );
    expect(jsonOf(out)).toEqual([{ id: 'm-new', threadId: 't-9', labelIds: ['SENT'] }]);
    const send = requests.find((r) => api(r) === 'POST messages/send')!;
    expect(send.auth).toBe('Bearer ya29.user-token');
    expect(String(send.body?.raw)).toMatch(/^[A-Za-z0-9_-]+$/); // base64url, no padding
    const mail = await sentMessage(send);
    expect(mail.subject).toBe('Your certificate – ok');
    expect(mail.from?.value).toEqual([{ address: 'me@example.com', name: 'Weft Bot' }]);
    expect((mail.to as { value: { address: string }[] }).value.map((v) => v.address)).toEqual(['ann@example.com', 'bo@example.com']);
    expect((mail.cc as { text: string }).text).toBe('cc@example.com');
    expect((mail.bcc as { text: string }).text).toBe('hidden@example.com');
    expect(mail.replyTo?.text).toBe('help@example.com');
    expect(mail.html).toBe('<p>Hi <b>there</b></p>');
    expect(mail.attachments.map((a) => [a.filename, a.contentType, a.content.toString()])).toEqual([['cert.pdf', 'application/pdf', '%PDF-1.4 fake']]);
  });

  it('sends a message over 4 MB through the upload endpoint as message/rfc822, in its thread', async () => {
    const big = Buffer.alloc(UPLOAD_ABOVE_BYTES, 7);
    const out = await run({ operation: 'reply', messageId: 'm-1', message: 'see attached', replyToSenderOnly: true, attachments: 'data' }, [{ json: {}, binary: { data: { data: big.toString('base64'), mimeType: 'application/octet-stream', fileName: 'big.bin' } } }]);
    expect(jsonOf(out)).toEqual([{ id: 'm-new', threadId: 't-9', labelIds: ['SENT'] }]);
    const r = requests.at(-1)!;
    expect(`${r.method} ${r.path}?${r.query}`).toBe('POST /upload/gmail/v1/users/me/messages/send?uploadType=multipart');
    const boundary = /boundary=(.+)$/.exec(r.contentType)![1];
    const [meta, message] = r.raw.toString('latin1').split(`--${boundary}`).slice(1, -1).map((c) => c.replace(/^\r\n/, '').replace(/\r\n$/, ''));
    expect(meta).toBe('Content-Type: application/json; charset=UTF-8\r\n\r\n{"threadId":"t-1"}');
    expect(message.startsWith('Content-Type: message/rfc822\r\n\r\n')).toBe(true);
    const mail = await simpleParser(Buffer.from(message.slice(message.indexOf('\r\n\r\n') + 4), 'latin1'));
    expect(mail.attachments.map((a) => [a.filename, a.size])).toEqual([['big.bin', big.length]]);
    expect(mail.inReplyTo).toBe('<orig-1@example.com>');
  });

  it('sends plain text without a From header when no sender name is set (Gmail fills it)', async () => {
    await run({ sendTo: 'ann@example.com', subject: 'Hi', message: 'Line 1\nLine 2', emailType: 'text' });
    expect(requests.map(api)).toEqual(['POST messages/send']);
    const mail = await sentMessage(requests[0]);
    expect(mail.text?.trim()).toBe('Line 1\nLine 2');
    expect(mail.html).toBe(false);
    expect(mail.from).toBeUndefined();
  });

  it('replies to everyone on the message but the account itself, in its thread, with In-Reply-To and References', async () => {
    const out = await run({ operation: 'reply', messageId: 'm-1', message: 'Sounds good', emailType: 'text' });
    expect(jsonOf(out)).toEqual([{ id: 'm-new', threadId: 't-1', labelIds: ['SENT'] }]);
    expect(requests.map(api)).toEqual(['GET messages/m-1', 'GET profile', 'POST messages/send']);
    expect(requests[0].query.getAll('metadataHeaders')).toContain('Message-ID');
    const mail = await sentMessage(requests[2]);
    expect(requests[2].body?.threadId).toBe('t-1');
    expect(mail.subject).toBe('Re: Café plans');
    expect(mail.inReplyTo).toBe('<orig-1@example.com>');
    expect(mail.references).toEqual(['<older@example.com>', '<orig-1@example.com>']);
    expect((mail.to as { value: { address: string }[] }).value.map((v) => v.address)).toEqual(['ann@example.com', 'bo@example.com', 'cy@example.com']);
  });

  it('replies to the sender only', async () => {
    await run({ operation: 'reply', messageId: 'm-1', message: 'x', replyToSenderOnly: true });
    expect(requests.map(api)).toEqual(['GET messages/m-1', 'POST messages/send']);
    expect((await sentMessage(requests[1])).to).toMatchObject({ value: [{ address: 'ann@example.com', name: 'Ann' }] });
  });

  it('creates a draft in a thread', async () => {
    const out = await run({ resource: 'draft', operation: 'create', subject: 'Re: plans', message: 'Draft body', emailType: 'text', threadId: 't-1', sendTo: 'ann@example.com' });
    expect(jsonOf(out)).toEqual([{ id: 'r-1', message: { id: 'm-new', threadId: 't-9' } }]);
    const draft = requests[0];
    expect(api(draft)).toBe('POST drafts');
    expect((draft.body?.message as Record<string, unknown>).threadId).toBe('t-1');
    const mail = await sentMessage(draft);
    expect([mail.subject, mail.text?.trim(), (mail.to as { text: string }).text]).toEqual(['Re: plans', 'Draft body', 'ann@example.com']);
  });
});

describe('gmail node: read and change messages', () => {
  it('gets a message simplified: headers as fields, labels with names', async () => {
    const out = await run({ operation: 'get', messageId: 'm-1' });
    expect(jsonOf(out)).toEqual([
      { id: 'm-1', threadId: 't-1', snippet: 'See you', sizeEstimate: 900, historyId: '77', internalDate: '1795428000000', labels: [{ id: 'INBOX', name: 'INBOX' }, { id: 'Label_1', name: 'Invoices' }], From: 'Ann <ann@example.com>', To: 'me@example.com, Bo <bo@example.com>', Cc: 'cy@example.com', Subject: 'Café plans' },
    ]);
    expect(requests[0].query.get('format')).toBe('metadata');
    expect(requests[0].query.getAll('metadataHeaders')).toEqual(['From', 'To', 'Cc', 'Bcc', 'Subject']);
  });

  it('gets a message with Simplify off: parsed text, addresses, headers and attachments as binary', async () => {
    const out = await run({ operation: 'get', messageId: 'm-1', simple: false, downloadAttachments: true });
    const item = out.main[0];
    expect(item.json).toMatchObject({ id: 'm-1', threadId: 't-1', labelIds: ['INBOX'], subject: 'Café plans', text: 'See you at the café.', messageId: '<orig-1@example.com>', date: '2026-11-23T10:00:00.000Z' });
    expect((item.json.from as { value: unknown }).value).toEqual([{ address: 'ann@example.com', name: 'Ann' }]);
    expect((item.json.headers as Record<string, string>).subject).toBe('Subject: =?UTF-8?Q?Caf=C3=A9_plans?=');
    expect(item.binary?.attachment_0).toMatchObject({ fileName: 'list.csv', mimeType: 'text/csv', data: Buffer.from('a,b\n1,2\n').toString('base64') });
  });

  it('getAll turns filters into Gmail search and stops at the limit across pages', async () => {
    const out = await run({ operation: 'getAll', limit: 3, filters: { sender: 'ann@example.com', readStatus: 'unread', labelIds: ['INBOX', 'STARRED'], receivedAfter: '2026-11-01T00:00:00Z', q: 'has:attachment' } });
    expect(jsonOf(out).map((m) => m.id)).toEqual(['m-1', 'm-2', 'm-3']);
    const listCalls = requests.filter((r) => api(r) === 'GET messages');
    expect(listCalls[0].query.get('q')).toBe(`from:ann@example.com is:unread after:${Date.parse('2026-11-01T00:00:00Z') / 1000} has:attachment`);
    expect(listCalls[0].query.getAll('labelIds')).toEqual(['INBOX', 'STARRED']);
    expect(listCalls.map((r) => [r.query.get('maxResults'), r.query.get('pageToken')])).toEqual([['3', null], ['1', 'p2']]);
    expect(requests.filter((r) => api(r) === 'GET labels')).toHaveLength(1); // label names fetched once per run
  });

  it('getAll with a limit of 1 reads one page and one message', async () => {
    const out = await run({ operation: 'getAll', limit: 1, filters: { sender: 'x@y.z' } });
    expect(jsonOf(out).map((m) => m.id)).toEqual(['m-1']);
    expect(requests.map(api)).toEqual(['GET messages', 'GET messages/m-1', 'GET labels']);
  });

  it('marks read / unread, adds and removes labels (ids as text or array), deletes', async () => {
    await run({ operation: 'markAsRead', messageId: 'm-1' });
    await run({ operation: 'markAsUnread', messageId: 'm-1' });
    await run({ operation: 'addLabels', messageId: 'm-1', labelIds: 'Label_1, Label_2' });
    await run({ operation: 'removeLabels', messageId: 'm-1', labelIds: ['INBOX'] });
    const del = await run({ operation: 'delete', messageId: 'm-1' });
    expect(requests.map((r) => [api(r), r.body])).toEqual([
      ['POST messages/m-1/modify', { removeLabelIds: ['UNREAD'] }],
      ['POST messages/m-1/modify', { addLabelIds: ['UNREAD'] }],
      ['POST messages/m-1/modify', { addLabelIds: ['Label_1', 'Label_2'] }],
      ['POST messages/m-1/modify', { removeLabelIds: ['INBOX'] }],
      ['DELETE messages/m-1', undefined],
    ]);
    expect(jsonOf(del)).toEqual([{ success: true }]);
  });

  it('lists labels and threads, gets a thread\'s messages, removes labels from a thread', async () => {
    expect(jsonOf(await run({ resource: 'label', operation: 'getAll', returnAll: true })).map((l) => l.name)).toEqual(['INBOX', 'UNREAD', 'Invoices']);
    expect(jsonOf(await run({ resource: 'thread', operation: 'getAll', returnAll: true, filters: { labelIds: [] } }))).toEqual([{ id: 't-1', snippet: 'See you', historyId: '77' }]);
    const msgs = await run({ resource: 'thread', operation: 'get', threadId: 't-1', returnOnlyMessages: true });
    expect(jsonOf(msgs).map((m) => [m.id, m.Subject])).toEqual([['m-1', 'Café plans'], ['m-2', 'Café plans']]);
    await run({ resource: 'thread', operation: 'removeLabels', threadId: 't-1', labelIds: ['INBOX'] });
    expect(requests.at(-1)!.body).toEqual({ removeLabelIds: ['INBOX'] });
    expect(api(requests.at(-1)!)).toBe('POST threads/t-1/modify');
  });
});

describe('gmail node: auth and errors', () => {
  it('asks for a fresh OAuth2 token once when Gmail answers 401', async () => {
    rejectToken = 'old-token';
    const asked: (string | undefined)[] = [];
    const ctx = makeContext({ def: gmailNode, params: { apiUrl: baseUrl, operation: 'markAsRead', messageId: 'm-1' }, items: [{}], node: { name: 'Mail' } });
    ctx.credentials = async (slot, opts) => {
      asked.push(`${slot}:${opts?.rejected ?? ''}`);
      return { accessToken: opts?.rejected ? 'new-token' : 'old-token' };
    };
    const out = await gmailNode.execute(ctx as never);
    expect(out.main.map((i) => i.json.id)).toEqual(['m-1']);
    expect(asked).toEqual(['gmailOAuth2:', 'gmailOAuth2:old-token']);
    expect(requests.map((r) => r.auth)).toEqual(['Bearer old-token', 'Bearer new-token']);
  });

  it('uses a service account for the delegated user with the Gmail scope', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    await runNode(gmailNode, {
      params: { apiUrl: baseUrl, authentication: 'serviceAccount', operation: 'markAsRead', messageId: 'm-1' },
      items: [{}],
      credentials: { googleApi: { email: 'robot@p.iam.gserviceaccount.com', privateKey, delegatedEmail: 'me@example.com', tokenUrl: `${baseUrl}/token` } },
    });
    expect(tokens).toMatchObject([{ iss: 'robot@p.iam.gserviceaccount.com', sub: 'me@example.com', scope: 'https://mail.google.com/' }]);
    expect(requests[0].auth).toBe('Bearer sa-token');
  });

  it('names the node and the field; never the token', async () => {
    expect((await failure(run({ operation: 'get', messageId: 'missing' }))).message).toBe('Node "Mail", field "messageId" (item 0): Gmail GET messages/missing: Google answered HTTP 404: Requested entity was not found.');
    expect((await failure(run({ sendTo: '', subject: 'x' }))).message).toBe('Node "Mail", field "sendTo" (item 0): is empty; message send needs it');
    expect((await failure(run({ sendTo: 'a@b.c', attachments: 'data' }))).message).toContain('field "attachments" (item 0): the item has no binary property "data"');
    expect((await failure(run({ resource: 'label', operation: 'send' }))).message).toContain('field "operation" (item 0): label has no operation "send"');
    expect((await failure(run({ resource: 'label', operation: 'create', name: 'Dup' }))).message).toBe('Node "Mail", field "name" (item 0): Gmail POST labels: Google answered HTTP 409: Label name exists or conflicts');
    expect((await failure(run({ resource: 'thread', operation: 'get', threadId: '' }))).message).toBe('Node "Mail", field "threadId" (item 0): is empty; thread get needs it');
    expect((await failure(run({ operation: 'getAll', filters: { receivedAfter: 'soon' } }))).message).toContain('field "filters" (item 0): receivedAfter "soon" is not a date');
    const noToken = await failure(runNode(gmailNode, { params: { apiUrl: baseUrl, operation: 'get', messageId: 'm-1' }, items: [{}], credentials: { gmailOAuth2: { clientId: 'x' } }, node: { name: 'Mail' } }));
    expect(noToken.message).toBe('Node "Mail", credential "gmailOAuth2": the OAuth2 credential has no access token; press "Connect" on the Credentials page');
    rejectToken = 'ya29.user-token';
    const refused = await failure(run({ operation: 'get', messageId: 'm-1' }));
    expect(refused.message).toContain('HTTP 401');
    expect(refused.message).not.toContain('ya29.user-token');
  });

  it('builds RFC 822 with encoded non-ASCII headers', async () => {
    const raw = (await buildRfc822({ to: 'Zoë <zoe@example.com>', subject: 'Grüße', body: 'x', html: false, attachments: [] })).toString();
    expect(raw).toMatch(/^Subject: =\?UTF-8\?Q\?Gr=C3=BC=C3=9Fe\?=/m);
    expect(raw).toMatch(/^To: =\?UTF-8\?Q\?Zo=C3=AB\?= <zoe@example.com>/m);
  });
});

describe.skipIf(!existsSync(N8N_CORPUS_DIR))('gmail node: imported corpus nodes run', () => {
  it('1749: getAll unread INBOX messages, get one parsed, star it and mark it read', async () => {
    const doc = JSON.parse(readFileSync(path.join(N8N_CORPUS_DIR, '1749_Todoist_Schedule_Send_Scheduled.json'), 'utf8')) as unknown;
    const { graph } = importN8nWorkflow(doc);
    const gmailNodes = graph.nodes.filter((n) => n.type === 'gmail');
    expect(gmailNodes.length).toBeGreaterThanOrEqual(4);
    const byOp = (op: string, pred: (p: Record<string, unknown>) => boolean = () => true) => gmailNodes.find((n) => n.params.operation === op && pred(n.params))!;
    const exec = (node: (typeof gmailNodes)[number], items: Record<string, unknown>[]) =>
      runNode(gmailNode, { params: { ...node.params, apiUrl: baseUrl }, items, credentials: { gmailOAuth2: { accessToken: 't' } }, node: { name: node.name } });
    const unread = byOp('getAll', (p) => (p.filters as { readStatus?: string }).readStatus === 'unread');
    const listed = await exec(unread, [{}]);
    expect(listed.main.length).toBe(3);
    expect(requests[0].query.get('q')).toBe('is:unread');
    expect(requests[0].query.getAll('labelIds')).toEqual(['INBOX']);
    requests = [];
    const got = await exec(byOp('get'), [{ id: 'm-1' }]);
    expect(got.main[0].json).toMatchObject({ id: 'm-1', subject: 'Café plans' });
    await exec(byOp('addLabels'), [{ id: 'm-1' }]);
    await exec(byOp('markAsRead'), [{ id: 'm-1' }]);
    expect(requests.map((r) => [api(r), r.body])).toEqual([
      ['GET messages/m-1', undefined],
      ['POST messages/m-1/modify', { addLabelIds: ['STARRED'] }],
      ['POST messages/m-1/modify', { removeLabelIds: ['UNREAD'] }],
    ]);
  });
});

describe('gmail node: send and wait (sendAndWait)', () => {
  const RESUME = 'https://weft.example/webhook-waiting/ex1?signature=abc';
  const FORM = 'https://weft.example/form-waiting/ex1?signature=abc';
  const send = (params: Record<string, unknown>, resume?: ResumeInfo) =>
    runNode(gmailNode, {
      params: { apiUrl: baseUrl, operation: 'sendAndWait', sendTo: 'boss@example.com', ...params }, items: [{ who: 'Ann' }, { who: 'Bo' }], credentials: oauth, node: { name: 'Mail' },
      execution: { id: 'ex1', resumeUrl: RESUME, resumeFormUrl: FORM }, resume,
    });
  const parked = (p: Promise<unknown>) => p.then(() => { throw new Error('the node should park'); }, (e: unknown) => e as WaitSignal);

  it('sends one message: HTML with approve/decline links (approved=true/false) and a text alternative, then parks', async () => {
    const signal = await parked(send({ subject: '=Leave for {{ $json.who }}', message: '=Approve leave for {{ $json.who }}?', approvalOptions: { values: { approvalType: 'double' } } }));
    expect(signal).toBeInstanceOf(WaitSignal);
    expect(signal.request).toMatchObject({ kind: 'webhook', config: { reply: 'approval' } });
    expect(requests.map(api)).toEqual(['POST messages/send']);
    const mail = await sentMessage(requests[0]);
    expect(mail.subject).toBe('Leave for Ann');
    expect((mail.to as { text: string }).text).toBe('boss@example.com');
    expect(String(mail.html)).toContain(`href="${RESUME.replace(/&/g, '&amp;')}&amp;approved=true"`);
    expect(String(mail.html)).toContain(`href="${RESUME.replace(/&/g, '&amp;')}&amp;approved=false"`);
    expect(mail.text).toContain(`Approve leave for Ann?\n\nApprove: ${RESUME}&approved=true\nDecline: ${RESUME}&approved=false`);
  });

  it('a free-text request (corpus workflow 1936\'s kind) links the form URL and parks on a form wait', async () => {
    const signal = await parked(send({ subject: 'Reply', message: 'Write back', responseType: 'freeText' }));
    expect(signal.request).toMatchObject({ kind: 'form', config: { reply: 'freeText' } });
    const mail = await sentMessage(requests[0]);
    expect(String(mail.html)).toContain(`href="${FORM.replace(/&/g, '&amp;')}"`);
    expect(mail.text).toContain(`Respond: ${FORM}`);
  });

  it('resumed, outputs the answer and calls nothing', async () => {
    expect(jsonOf(await send({ message: 'x' }, { kind: 'webhook', item: { json: { query: { approved: 'true' } } } }))).toEqual([{ data: { approved: true } }]);
    expect(jsonOf(await send({ responseType: 'freeText' }, { kind: 'form', item: { json: { Response: 'ok', submittedAt: 'x', formMode: 'production' } } }))).toEqual([{ data: { text: 'ok' } }]);
    expect(requests).toEqual([]);
  });

  it('needs a recipient; sends nothing without one', async () => {
    expect((await failure(send({ sendTo: '', message: 'x' }))).message).toContain('Node "Mail", field "sendTo"');
    expect(requests).toEqual([]);
  });
});
