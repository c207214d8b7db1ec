/**
 * Microsoft Outlook node against a fake Microsoft Graph on 127.0.0.1: send builds Graph's sendMail JSON (recipients,
 * HTML / text body, importance, fileAttachments from binary data), get / getAll select fields and build $filter
 * (folders, read status, dates, custom) and follow @odata.nextLink, move / update / delete, the OAuth2 token
 * refreshed once on 401, and errors naming node and field without the token.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeContext, runNode, jsonOf } from '../../server/engine/testing/node-context';
import { startFakeApi, type FakeApi } from '../../server/testing/fake-api';
import { MAX_INLINE_ATTACHMENT_BYTES, microsoftOutlookNode, SIMPLE_FIELDS } from './index';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
let api: FakeApi<Body>;
const TOKEN = 'eyJ0eXAi.outlook-token';

beforeAll(async () => {
  api = await startFakeApi<Body>();
});
afterAll(() => api.close());
beforeEach(() => {
  api.reset();
  api.routes = {
    'POST /v1.0/me/sendMail': () => ({ status: 202 }),
    'GET /v1.0/me/messages': (r) =>
      r.query.$skiptoken === '2'
        ? { body: { value: [{ id: 'm3' }] } }
        : { body: { value: [{ id: 'm1', subject: 'A' }, { id: 'm2', subject: 'B' }], '@odata.nextLink': `${api.url}/v1.0/me/messages?$top=2&$skiptoken=2` } },
    'GET /v1.0/me/messages/:id': (r) =>
      r.params.id === 'gone'
        ? { status: 404, body: { error: { code: 'ErrorItemNotFound', message: 'The specified object was not found in the store.' } } }
        : { body: { id: r.params.id, subject: 'Hello', bodyPreview: 'Hi', conversationId: 'c1', from: { emailAddress: { name: 'Ann', address: 'ann@x.io' } }, toRecipients: [{ emailAddress: { address: 'me@x.io' } }], categories: [], hasAttachments: false } },
    'POST /v1.0/me/messages/:id/move': (r) => ({ status: 201, body: { id: `${r.params.id}-moved`, parentFolderId: r.body?.destinationId } }),
    'PATCH /v1.0/me/messages/:id': (r) => ({ body: { id: r.params.id, ...r.body } }),
    'DELETE /v1.0/me/messages/:id': () => ({ status: 204 }),
    'POST /v1.0/me/messages/:id/createReply': (r) => ({ status: 201, body: { id: `draft-${r.params.id}`, isDraft: true, subject: 'RE: Hello' } }),
    'POST /v1.0/me/messages/:id/createReplyAll': (r) => ({ status: 201, body: { id: `draft-all-${r.params.id}`, isDraft: true } }),
    'POST /v1.0/me/messages/:id/attachments': () => ({ status: 201, body: { id: 'att-1' } }),
    'POST /v1.0/me/messages/:id/send': () => ({ status: 202 }),
  };
});

const run = (params: Record<string, unknown>, items: unknown[] = [{}]) =>
  runNode(microsoftOutlookNode, { params: { apiUrl: api.url, ...params }, items: items as never, credentials: { microsoftOutlookOAuth2Api: { accessToken: TOKEN } }, node: { name: 'Outlook' } });

describe('microsoftOutlook node: send', () => {
  it('posts sendMail with recipients, an HTML body, importance and the item\'s files as fileAttachments', async () => {
    const pdf = Buffer.from('%PDF-1.4 invoice');
    const out = await run(
      {
        toRecipients: 'ann@example.com, bo@example.com',
        subject: 'Invoice',
        bodyContent: '<p>Attached</p>',
        additionalFields: { ccRecipients: 'cc@example.com', bccRecipients: 'hidden@example.com', replyTo: 'help@example.com', importance: 'High', attachments: { attachments: [{ binaryPropertyName: 'data' }, { binaryPropertyName: 'logo' }] } },
      },
      [{ json: {}, binary: { data: { data: pdf.toString('base64'), mimeType: 'application/pdf', fileName: 'invoice.pdf' }, logo: { data: Buffer.from('png').toString('base64'), mimeType: 'image/png' } } }],
    );
    expect(jsonOf(out)).toEqual([{ success: true }]);
    const [r] = api.requests;
    expect(`${r.method} ${r.path}`).toBe('POST /v1.0/me/sendMail');
    expect(r.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(r.body).toEqual({
      message: {
        subject: 'Invoice',
        body: { contentType: 'HTML', content: '<p>Attached</p>' },
        toRecipients: [{ emailAddress: { address: 'ann@example.com' } }, { emailAddress: { address: 'bo@example.com' } }],
        ccRecipients: [{ emailAddress: { address: 'cc@example.com' } }],
        bccRecipients: [{ emailAddress: { address: 'hidden@example.com' } }],
        replyTo: [{ emailAddress: { address: 'help@example.com' } }],
        importance: 'High',
        attachments: [
          { '@odata.type': '#microsoft.graph.fileAttachment', name: 'invoice.pdf', contentType: 'application/pdf', contentBytes: pdf.toString('base64') },
          { '@odata.type': '#microsoft.graph.fileAttachment', name: 'logo', contentType: 'image/png', contentBytes: Buffer.from('png').toString('base64') },
        ],
      },
      saveToSentItems: true,
    });
  });

  it('sends a text body with categories, custom headers, a from address and a read receipt; may skip Sent Items', async () => {
    await run({
      toRecipients: 'a@b.c',
      subject: 's',
      bodyContent: 'plain',
      additionalFields: { bodyContentType: 'Text', saveToSentItems: false, categories: ['Red'], from: 'shared@x.io', isReadReceiptRequested: true, internetMessageHeaders: { headers: [{ name: 'X-Ticket', value: '42' }] } },
    });
    expect(api.requests[0].body).toEqual({
      message: {
        subject: 's',
        body: { contentType: 'Text', content: 'plain' },
        toRecipients: [{ emailAddress: { address: 'a@b.c' } }],
        from: { emailAddress: { address: 'shared@x.io' } },
        isReadReceiptRequested: true,
        categories: ['Red'],
        internetMessageHeaders: [{ name: 'X-Ticket', value: '42' }],
      },
      saveToSentItems: false,
    });
    await run({ toRecipients: 'a@b.c', subject: 'empty' });
    expect(api.requests[1].body!.message.body).toEqual({ contentType: 'HTML', content: ' ' });
  });
});

describe('microsoftOutlook node: reply', () => {
  it('creates a reply with the comment and fields, attaches the item\'s file to the draft, then sends it', async () => {
    const out = await run(
      { operation: 'reply', messageId: 'm1', comment: 'Thanks!', additionalFields: { ccRecipients: 'boss@x.io', bodyContentType: 'Text', attachments: { attachments: [{ binaryPropertyName: 'data' }] } } },
      [{ json: {}, binary: { data: { data: Buffer.from('a,b').toString('base64'), mimeType: 'text/csv', fileName: 'list.csv' } } }],
    );
    expect(jsonOf(out)).toEqual([{ id: 'draft-m1', isDraft: true, subject: 'RE: Hello' }]);
    expect(api.requests.map((r) => [r.method, r.path, r.body])).toEqual([
      ['POST', '/v1.0/me/messages/m1/createReply', { comment: 'Thanks!', message: { ccRecipients: [{ emailAddress: { address: 'boss@x.io' } }] } }],
      ['POST', '/v1.0/me/messages/draft-m1/attachments', { '@odata.type': '#microsoft.graph.fileAttachment', name: 'list.csv', contentType: 'text/csv', contentBytes: Buffer.from('a,b').toString('base64') }],
      ['POST', '/v1.0/me/messages/draft-m1/send', undefined],
    ]);
  });

  it('reply all with only a comment; send off keeps the draft', async () => {
    await run({ operation: 'reply', messageId: 'm2', replyType: 'replyAll', comment: 'Noted', send: false, additionalFields: { ccRecipients: 'ignored@x.io' } });
    expect(api.requests.map((r) => [r.method, r.path, r.body])).toEqual([['POST', '/v1.0/me/messages/m2/createReplyAll', { comment: 'Noted' }]]);
  });
});

describe('microsoftOutlook node: read and change messages', () => {
  it('get selects the simplified fields (addresses as text), or the chosen ones, or everything', async () => {
    expect(jsonOf(await run({ operation: 'get', messageId: 'm1' }))).toEqual([{ id: 'm1', conversationId: 'c1', subject: 'Hello', bodyPreview: 'Hi', from: 'ann@x.io', to: ['me@x.io'], categories: [], hasAttachments: false }]);
    expect(api.requests[0].query).toEqual({ $select: SIMPLE_FIELDS.join(',') });
    await run({ operation: 'get', messageId: 'm1', output: 'fields', fields: ['subject', 'body'] });
    await run({ operation: 'get', messageId: 'm1', output: 'raw' });
    expect(api.requests.slice(1).map((r) => r.query)).toEqual([{ $select: 'subject,body' }, {}]);
  });

  it('getAll builds $filter from folders, read status, dates and the custom filter, and follows nextLink up to the limit', async () => {
    const out = await run({
      operation: 'getAll',
      limit: 2,
      output: 'fields',
      fields: ['flag', 'subject'],
      filters: { custom: "flag/flagStatus eq 'notFlagged'", foldersToInclude: ['F1', "it's"], readStatus: 'unread', receivedAfter: '2026-11-01T00:00:00Z' },
    });
    expect(jsonOf(out)).toEqual([{ id: 'm1', subject: 'A' }, { id: 'm2', subject: 'B' }]);
    expect(api.requests).toHaveLength(1);
    expect(api.requests[0].query).toEqual({
      $select: 'flag,subject',
      $top: '2',
      $filter: "(parentFolderId eq 'F1' or parentFolderId eq 'it''s') and isRead eq false and receivedDateTime ge 2026-11-01T00:00:00.000Z and flag/flagStatus eq 'notFlagged'",
    });
    const all = await run({ operation: 'getAll', returnAll: true, output: 'raw' });
    expect(jsonOf(all)).toEqual([{ id: 'm1', subject: 'A' }, { id: 'm2', subject: 'B' }, { id: 'm3' }]);
    expect(api.requests.slice(1).map((r) => r.query.$skiptoken ?? r.query.$top)).toEqual(['100', '2']);
  });

  it('getAll: sender matches address or name, a search term goes to $search, simplified output by default', async () => {
    const out = await run({ operation: 'getAll', limit: 2, filters: { sender: "O'Hara", readStatus: 'both', hasAttachments: true } });
    expect(api.requests[0].query).toEqual({
      $select: SIMPLE_FIELDS.join(','),
      $top: '2',
      $filter: "(from/emailAddress/address eq 'O''Hara' or from/emailAddress/name eq 'O''Hara') and hasAttachments eq true",
    });
    expect(jsonOf(out)).toEqual([
      { id: 'm1', subject: 'A', to: [] },
      { id: 'm2', subject: 'B', to: [] },
    ]);
    await run({ operation: 'getAll', search: 'invoice "2026"', limit: 5, filters: { readStatus: 'unread' } });
    expect(api.requests[1].query).toEqual({ $select: SIMPLE_FIELDS.join(','), $search: '"invoice 2026"', $top: '5' });
  });

  it('moves, updates categories (an array or comma-separated) and deletes', async () => {
    expect(jsonOf(await run({ operation: 'move', messageId: 'm1', folderId: 'F-junk' }))).toEqual([{ success: true }]);
    expect(api.requests[0]).toMatchObject({ method: 'POST', path: '/v1.0/me/messages/m1/move', body: { destinationId: 'F-junk' } });
    const updated = await run({ operation: 'update', messageId: 'm1', updateFields: { categories: ['Receipt', 'Saas'], isRead: true } });
    expect(jsonOf(updated)).toEqual([{ id: 'm1', categories: ['Receipt', 'Saas'], isRead: true }]);
    await run({ operation: 'update', messageId: 'm1', updateFields: { categories: 'A, B' } });
    expect(api.requests[2].body).toEqual({ categories: ['A', 'B'] });
    expect(jsonOf(await run({ operation: 'delete', messageId: 'm/1' }))).toEqual([{ success: true }]);
    expect(`${api.requests[3].method} ${api.requests[3].path}`).toBe('DELETE /v1.0/me/messages/m%2F1');
  });

  it('update with a folder moves the message first, then changes it under its new ID', async () => {
    const out = await run({ operation: 'update', messageId: 'm1', updateFields: { folderId: { __rl: true, mode: 'list', value: 'F-archive' }, isRead: false } });
    expect(api.requests.map((r) => [r.method, r.path, r.body])).toEqual([
      ['POST', '/v1.0/me/messages/m1/move', { destinationId: 'F-archive' }],
      ['PATCH', '/v1.0/me/messages/m1-moved', { isRead: false }],
    ]);
    expect(jsonOf(out)).toEqual([{ id: 'm1-moved', isRead: false }]);
    const onlyMoved = await run({ operation: 'update', messageId: 'm2', updateFields: { folderId: 'F-archive' } });
    expect(jsonOf(onlyMoved)).toEqual([{ id: 'm2-moved', parentFolderId: 'F-archive' }]);
    expect(api.requests).toHaveLength(3);
  });
});

describe('microsoftOutlook node: auth and errors', () => {
  it('asks for a fresh OAuth2 token once when Graph answers 401', async () => {
    api.routes = { 'GET /v1.0/me/messages/:id': (r) => (r.headers.authorization === 'Bearer new-token' ? { body: { id: 'm1' } } : { status: 401, body: { error: { message: 'Access token has expired' } } }) };
    const asked: unknown[] = [];
    const ctx = makeContext({ def: microsoftOutlookNode, params: { apiUrl: api.url, operation: 'get', messageId: 'm1', output: 'raw' }, items: [{}], node: { name: 'Outlook' } });
    ctx.credentials = async (slot: string, opts?: { rejected?: string }) => {
      asked.push([slot, opts?.rejected]);
      return { accessToken: opts?.rejected ? 'new-token' : 'old-token' };
    };
    const out = await microsoftOutlookNode.execute(ctx as never);
    expect(jsonOf(out as never)).toEqual([{ id: 'm1' }]);
    expect(asked).toEqual([['microsoftOutlookOAuth2Api', undefined], ['microsoftOutlookOAuth2Api', 'old-token']]);
  });

  it('names the node, the field and Graph\'s message; never the token', async () => {
    const err = await run({ operation: 'get', messageId: 'gone' }).catch((e: Error) => e);
    expect(String(err)).toContain('Node "Outlook", field "messageId" (item 0): Microsoft Graph GET me/messages/gone failed (HTTP 404): The specified object was not found in the store.');
    api.routes = { '*': (r) => ({ status: 403, body: { error: { message: `token ${String(r.headers.authorization)} lacks Mail.Send` } } }) };
    const denied = await run({ toRecipients: 'a@b.c' }).catch((e: Error) => e);
    expect(String(denied)).toContain('field "toRecipients"');
    expect(String(denied)).not.toContain(TOKEN);
    api.reset();
    await expect(run({ toRecipients: '' })).rejects.toThrow('Node "Outlook", field "toRecipients" (item 0): is empty; message send needs it');
    await expect(run({ operation: 'move', messageId: 'm1' })).rejects.toThrow('field "folderId" (item 0): is empty');
    await expect(run({ operation: 'update', messageId: 'm1' })).rejects.toThrow('field "updateFields" (item 0): is empty');
    await expect(run({ toRecipients: 'a@b.c', additionalFields: { attachments: { attachments: [{ binaryPropertyName: 'file' }] } } })).rejects.toThrow('field "additionalFields.attachments" (item 0): the item has no binary property "file"');
    const big = Buffer.alloc(MAX_INLINE_ATTACHMENT_BYTES + 1, 1).toString('base64');
    await expect(run({ toRecipients: 'a@b.c', additionalFields: { attachments: { attachments: [{ binaryPropertyName: 'data' }] } } }, [{ json: {}, binary: { data: { data: big, mimeType: 'application/zip', fileName: 'big.zip' } } }])).rejects.toThrow(
      'field "additionalFields.attachments" (item 0): "big.zip" is 3.0 MB; Microsoft Graph takes attachments of up to 3.0 MB in one request',
    );
    await expect(run({ operation: 'getAll', filters: { receivedAfter: 'soon' } })).rejects.toThrow('field "filters" (item 0): receivedAfter "soon" is not a date-time');
    expect(api.requests).toEqual([]);
  });
});
