/**
 * Telegram node against a fake Bot API on 127.0.0.1 (server/testing/fake-api.ts) that records each request (method path, JSON body or
 * multipart fields and files) and answers as Telegram documents it: every operation, the upload of an item's
 * binary file, file download, and errors that name the node and field but never the bot token.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { jsonOf, runNode } from '../../server/engine/testing/node-context';
import { freePort } from '../../server/testing';
import { startFakeApi, type FakeApi, type FakeReply, type FakeRequest } from '../../server/testing/fake-api';
import { testCredential } from '../../server/credentials/test-connection';
import { ATTRIBUTION, telegramNode } from './index';
import { WaitSignal, type ResumeInfo } from '../../server/engine/node';

const TOKEN = '123456:AAE-secret_token-xyz';

interface Recorded {
  method: string;
  path: string;
  contentType: string;
  json?: Record<string, unknown>;
  fields?: Record<string, string>;
  files?: Record<string, { name: string; type: string; bytes: Buffer }>;
}

const requests: Recorded[] = [];
/** Per Bot API method: the answer (status, body); default: ok with a message result. */
let answers: Record<string, { status: number; body: unknown }> = {};
const FILE_BYTES = Buffer.from('OggS\u0000voice-bytes');
const message = (extra: Record<string, unknown> = {}) => ({ message_id: 77, chat: { id: 42, type: 'private' }, date: 1700000000, ...extra });

let api: FakeApi;
let baseUrl: string;

/** The request as this test reads it: JSON body, or multipart fields and files. */
async function record(req: FakeRequest): Promise<Recorded> {
  const contentType = req.headers['content-type'] ?? '';
  const rec: Recorded = { method: req.method, path: decodeURIComponent(req.path + (req.searchParams.size ? `?${req.searchParams}` : '')), contentType };
  if (contentType.startsWith('application/json')) rec.json = JSON.parse(req.text) as Record<string, unknown>;
  if (contentType.startsWith('multipart/form-data')) {
    const form = await new Response(new Uint8Array(req.raw), { headers: { 'content-type': contentType } }).formData();
    rec.fields = {};
    rec.files = {};
    for (const [key, value] of form.entries()) {
      if (typeof value === 'string') rec.fields[key] = value;
      else rec.files[key] = { name: value.name, type: value.type, bytes: Buffer.from(await value.arrayBuffer()) };
    }
  }
  return rec;
}

async function reply(req: FakeRequest): Promise<FakeReply> {
  const rec = await record(req);
  requests.push(rec);
  const prefix = `/file/bot${TOKEN}/`;
  if (rec.path.startsWith(prefix)) return { raw: FILE_BYTES, headers: { 'content-type': 'application/octet-stream' } };
  const method = rec.path.split('/').pop() ?? '';
  const answer = answers[method] ?? { status: 200, body: { ok: true, result: message({ text: rec.json?.text }) } };
  return { status: answer.status, body: answer.body };
}

beforeAll(async () => {
  api = await startFakeApi({}, reply);
  baseUrl = api.url;
});
afterAll(() => api.close());
beforeEach(() => {
  api.reset();
  requests.length = 0;
  answers = {};
});

const run = (params: Record<string, unknown>, items: Record<string, unknown>[] | { json: Record<string, unknown>; binary?: Record<string, unknown> }[] = [{ in: 1 }], credential?: Record<string, unknown>) =>
  runNode(telegramNode, { params, items: items as never, credentials: { telegramApi: credential ?? { accessToken: TOKEN, baseUrl } }, node: { name: 'Notify' } });

async function failure(promise: Promise<unknown>): Promise<Error> {
  const err = await promise.then(() => undefined, (e: unknown) => e as Error);
  expect(err, 'the node should fail').toBeInstanceOf(Error);
  return err!;
}

describe('telegram node: messages', () => {
  it('sends a message as corpus workflows do (HTML, attribution off) and outputs Telegram\'s whole answer', async () => {
    const out = await run({ operation: 'sendMessage', chatId: '={{ $json.chat }}', text: '=Hi <b>{{ $json.name }}</b>', parse_mode: 'HTML', appendAttribution: false }, [{ chat: 42, name: 'Ann' }, { chat: -100, name: 'Bo' }]);
    expect(requests.map((r) => [r.method, r.path])).toEqual([['POST', `/bot${TOKEN}/sendMessage`], ['POST', `/bot${TOKEN}/sendMessage`]]);
    expect(requests[0].json).toEqual({ chat_id: '42', text: 'Hi <b>Ann</b>', parse_mode: 'HTML' });
    expect(requests[1].json).toEqual({ chat_id: '-100', text: 'Hi <b>Bo</b>', parse_mode: 'HTML' });
    expect(jsonOf(out)).toEqual([{ ok: true, result: message({ text: 'Hi <b>Ann</b>' }) }, { ok: true, result: message({ text: 'Hi <b>Bo</b>' }) }]);
    expect(out.main.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
  });

  it('defaults to Markdown, appends the attribution, and sends reply, silence, preview, thread and an inline keyboard', async () => {
    await run({
      chatId: '42', text: 'Done', appendAttribution: true, reply_to_message_id: '5', disable_notification: true, disable_web_page_preview: true, message_thread_id: 571,
      replyMarkup: 'inlineKeyboard',
      inlineKeyboard: { rows: [{ row: { buttons: [{ text: 'Open', additionalFields: { url: 'https://example.com' } }, { text: 'OK', additionalFields: { callback_data: 'ok' } }] } }] },
    });
    expect(requests[0].json).toEqual({
      chat_id: '42', text: `Done\n\n_${ATTRIBUTION}_`, parse_mode: 'Markdown', disable_web_page_preview: true, disable_notification: true, reply_to_message_id: 5, message_thread_id: 571,
      reply_markup: { inline_keyboard: [[{ text: 'Open', url: 'https://example.com' }, { text: 'OK', callback_data: 'ok' }]] },
    });
  });

  it('edits a message text, deletes a message, pins one and sends a chat action', async () => {
    answers.deleteMessage = { status: 200, body: { ok: true, result: true } };
    answers.sendChatAction = { status: 200, body: { ok: true, result: true } };
    await run({ operation: 'editMessageText', chatId: '42', messageId: '77', text: 'Edited', parse_mode: 'HTML', replyMarkup: 'inlineKeyboard', inlineKeyboard: { rows: [{ row: { buttons: [{ text: 'x', additionalFields: { callback_data: 'x' } }] } }] } });
    await run({ operation: 'editMessageText', messageType: 'inlineMessage', inlineMessageId: 'AbC', text: 'Inline' });
    const deleted = await run({ operation: 'deleteMessage', chatId: '42', messageId: '={{ 77 }}' });
    await run({ operation: 'pinChatMessage', chatId: '42', messageId: '77', disable_notification: true });
    const action = await run({ operation: 'sendChatAction', chatId: '42', action: 'upload_document' });
    expect(requests.map((r) => [r.path.split('/').pop(), r.json])).toEqual([
      ['editMessageText', { chat_id: '42', message_id: 77, text: 'Edited', parse_mode: 'HTML', reply_markup: { inline_keyboard: [[{ text: 'x', callback_data: 'x' }]] } }],
      ['editMessageText', { inline_message_id: 'AbC', text: 'Inline' }],
      ['deleteMessage', { chat_id: '42', message_id: 77 }],
      ['pinChatMessage', { chat_id: '42', message_id: 77, disable_notification: true }],
      ['sendChatAction', { chat_id: '42', action: 'upload_document' }],
    ]);
    expect(jsonOf(deleted)).toEqual([{ ok: true, result: true }]);
    expect(jsonOf(action)).toEqual([{ ok: true, result: true }]);
  });
});

describe('telegram node: media', () => {
  it('sends a photo by URL with a caption (JSON body)', async () => {
    await run({ operation: 'sendPhoto', chatId: '42', file: '={{ $json.url }}', caption: 'New video' }, [{ url: 'https://img.example/a.jpg' }]);
    expect(requests[0]).toMatchObject({ path: `/bot${TOKEN}/sendPhoto`, json: { chat_id: '42', photo: 'https://img.example/a.jpg', caption: 'New video' } });
  });

  it('uploads the item\'s binary file as multipart/form-data under the media field, named by fileName', async () => {
    const pdf = Buffer.from('%PDF-1.4 resume');
    const item = { json: { name: 'ann' }, binary: { data: { data: pdf.toString('base64'), mimeType: 'application/pdf', fileName: 'upload.pdf' } } };
    await run({ operation: 'sendDocument', chatId: '42', binaryData: true, fileName: '={{ $json.name }}.pdf', message_thread_id: 571, replyMarkup: 'forceReply', forceReply: { selective: true } }, [item]);
    const rec = requests[0];
    expect(rec.path).toBe(`/bot${TOKEN}/sendDocument`);
    expect(rec.contentType).toMatch(/^multipart\/form-data; boundary=/);
    expect(rec.fields).toEqual({ chat_id: '42', message_thread_id: '571', reply_markup: JSON.stringify({ force_reply: true, selective: true }) });
    expect(Object.keys(rec.files!)).toEqual(['document']);
    expect(rec.files!.document).toMatchObject({ name: 'ann.pdf', type: 'application/pdf' });
    expect(rec.files!.document.bytes.equals(pdf)).toBe(true);
  });

  it('uploads audio and video from another binary property under their own file names', async () => {
    const mp3 = Buffer.from('ID3 audio');
    await run({ operation: 'sendAudio', chatId: '42', binaryData: true, binaryPropertyName: 'voice' }, [{ json: {}, binary: { voice: { data: mp3.toString('base64'), mimeType: 'audio/mpeg', fileName: 'answer.mp3' } } }]);
    await run({ operation: 'sendVideo', chatId: '42', file: 'BAACAgIAAxkBAAI' });
    expect(requests[0].files!.audio).toMatchObject({ name: 'answer.mp3', type: 'audio/mpeg' });
    expect(requests[0].files!.audio.bytes.equals(mp3)).toBe(true);
    expect(requests[1].json).toEqual({ chat_id: '42', video: 'BAACAgIAAxkBAAI' });
  });
});

describe('telegram node: files and chats', () => {
  it('gets a file and downloads it into binary "data" (the answer as json, type from the file name)', async () => {
    answers.getFile = { status: 200, body: { ok: true, result: { file_id: 'F1', file_unique_id: 'U1', file_size: FILE_BYTES.length, file_path: 'voice/file_3.oga' } } };
    const out = await run({ resource: 'file', operation: 'get', fileId: '={{ $json.message.voice.file_id }}' }, [{ message: { voice: { file_id: 'F1' } } }]);
    expect(requests.map((r) => [r.method, r.path])).toEqual([['POST', `/bot${TOKEN}/getFile`], ['GET', `/file/bot${TOKEN}/voice/file_3.oga`]]);
    expect(requests[0].json).toEqual({ file_id: 'F1' });
    expect(jsonOf(out)).toEqual([answers.getFile.body]);
    const bin = out.main[0].binary!.data;
    expect(Buffer.from(bin.data, 'base64').equals(FILE_BYTES)).toBe(true);
    expect(bin).toMatchObject({ fileName: 'file_3.oga', mimeType: 'audio/ogg', fileSize: FILE_BYTES.length });
  });

  it('with download off only asks getFile; chat get and administrators', async () => {
    answers.getFile = { status: 200, body: { ok: true, result: { file_id: 'F1', file_path: 'photos/p.jpg' } } };
    answers.getChat = { status: 200, body: { ok: true, result: { id: 42, type: 'group', title: 'Team' } } };
    answers.getChatAdministrators = { status: 200, body: { ok: true, result: [{ status: 'creator', user: { id: 1 } }, { status: 'administrator', user: { id: 2 } }] } };
    const file = await run({ resource: 'file', operation: 'get', fileId: 'F1', download: false });
    const chat = await run({ resource: 'chat', operation: 'get', chatId: '42' });
    const admins = await run({ resource: 'chat', operation: 'administrators', chatId: '42' });
    expect(requests.map((r) => r.path.split('/').pop())).toEqual(['getFile', 'getChat', 'getChatAdministrators']);
    expect(file.main[0].binary).toBeUndefined();
    expect(jsonOf(chat)).toEqual([{ ok: true, result: { id: 42, type: 'group', title: 'Team' } }]);
    expect(jsonOf(admins)).toEqual([{ status: 'creator', user: { id: 1 } }, { status: 'administrator', user: { id: 2 } }]);
  });
});

describe('telegram node: On Error per item', () => {
  it('continue: a failing item becomes { error } in its place, the others are sent', async () => {
    const out = await runNode(telegramNode, {
      params: { chatId: '={{ $json.chat }}', text: 'hi' }, items: [{ chat: '' }, { chat: 42 }],
      credentials: { telegramApi: { accessToken: TOKEN, baseUrl } }, node: { name: 'Notify', onError: 'continue' },
    });
    expect(jsonOf(out)).toEqual([{ error: expect.stringMatching(/field "chatId" \(item 0\): is empty/) }, { ok: true, result: message({ text: 'hi' }) }]);
    expect(out.main.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
    expect(requests).toHaveLength(1);
  });
});

describe('telegram node: errors never show the token', () => {
  it('a Telegram error names the node, the field and Telegram\'s description', async () => {
    answers.sendMessage = { status: 400, body: { ok: false, error_code: 400, description: 'Bad Request: chat not found' } };
    const err = await failure(run({ chatId: '999', text: 'x' }));
    expect(err.message).toContain('Node "Notify", field "chatId"');
    expect(err.message).toContain('Bad Request: chat not found');
    expect(err.message).not.toContain(TOKEN);
    expect(err.message).not.toContain('AAE-secret');
  });

  it('an unreachable API names the base URL, not the token', async () => {
    const port = await freePort();
    const err = await failure(run({ chatId: '1', text: 'x' }, [{}], { accessToken: TOKEN, baseUrl: `http://127.0.0.1:${port}` }));
    expect(err.message).toContain(`cannot reach the Telegram API at http://127.0.0.1:${port}`);
    expect(err.message).not.toContain('AAE-secret');
    expect(JSON.stringify(err)).not.toContain('AAE-secret');
  });

  it('an answer that echoes the path is scrubbed', async () => {
    answers.sendMessage = { status: 404, body: { ok: false, error_code: 404, description: `Not Found: /bot${TOKEN}/sendMessage` } };
    const err = await failure(run({ chatId: '1', text: 'x' }));
    expect(err.message).toContain('Not Found: /bot***/sendMessage');
    expect(err.message).not.toContain('AAE-secret');
  });

  it('empty fields, a missing binary property and a missing token fail before any request', async () => {
    expect((await failure(run({ chatId: '', text: 'x' }))).message).toMatch(/Node "Notify", field "chatId" \(item 0\): is empty/);
    expect((await failure(run({ chatId: '1', text: '' }))).message).toMatch(/field "text"/);
    expect((await failure(run({ operation: 'deleteMessage', chatId: '1', messageId: 'abc' }))).message).toMatch(/field "messageId".*not a message id/);
    expect((await failure(run({ operation: 'sendPhoto', chatId: '1', binaryData: true }, [{ a: 1 }]))).message).toMatch(/field "binaryPropertyName".*no binary property "data"/);
    expect((await failure(run({ chatId: '1', text: 'x' }, [{}], { accessToken: '', baseUrl }))).message).toMatch(/credential "telegramApi": the access token is empty/);
    expect(requests).toEqual([]);
  });
});

describe('telegramApi credential Test', () => {
  it('asks getMe and names the bot; a refused token fails without showing it', async () => {
    answers.getMe = { status: 200, body: { ok: true, result: { id: 1, is_bot: true, username: 'weft_bot' } } };
    expect(await testCredential('telegramApi', { accessToken: TOKEN, baseUrl })).toEqual({ ok: true, message: 'Telegram accepted the token of bot @weft_bot.' });
    expect(requests.map((r) => r.path)).toEqual([`/bot${TOKEN}/getMe`]);
    answers.getMe = { status: 401, body: { ok: false, error_code: 401, description: 'Unauthorized' } };
    const refused = await testCredential('telegramApi', { accessToken: TOKEN, baseUrl });
    expect(refused).toEqual({ ok: false, message: 'Telegram getMe: answered 401: Unauthorized' });
    const port = await freePort();
    const unreachable = await testCredential('telegramApi', { accessToken: TOKEN, baseUrl: `http://127.0.0.1:${port}` });
    expect(unreachable.ok).toBe(false);
    expect(unreachable.message).toContain(`cannot reach the Telegram API at http://127.0.0.1:${port}`);
    expect(unreachable.message).not.toContain('AAE-secret');
  });
});

describe('telegram node: send and wait (sendAndWait)', () => {
  const RESUME = 'https://weft.example/webhook-waiting/ex1?signature=abc';
  const FORM = 'https://weft.example/form-waiting/ex1?signature=abc';
  const send = (params: Record<string, unknown>, resume?: ResumeInfo, items: Record<string, unknown>[] = [{ chat: 42 }, { chat: 43 }]) =>
    runNode(telegramNode, {
      params: { operation: 'sendAndWait', ...params }, items, credentials: { telegramApi: { accessToken: TOKEN, baseUrl } }, node: { name: 'Ask' },
      execution: { id: 'ex1', resumeUrl: RESUME, resumeFormUrl: FORM }, resume,
    });
  const parked = (p: Promise<unknown>) => p.then(() => { throw new Error('the node should park'); }, (e: unknown) => e as WaitSignal);

  it('sends the message once (corpus workflow 1595) with an approve button to the resume URL, then parks on a webhook wait', async () => {
    const signal = await parked(send({ chatId: '={{ $json.chat }}', message: 'Hi, \na new n8n version is available. \nCan I start now?' }));
    expect(signal).toBeInstanceOf(WaitSignal);
    expect(signal.request).toMatchObject({ kind: 'webhook', config: { reply: 'approval' } });
    expect(requests.map((r) => r.path)).toEqual([`/bot${TOKEN}/sendMessage`]);
    expect(requests[0].json).toEqual({
      chat_id: '42', text: 'Hi, \na new n8n version is available. \nCan I start now?', parse_mode: 'HTML', disable_web_page_preview: true,
      reply_markup: { inline_keyboard: [[{ text: 'Approve', url: `${RESUME}&approved=true` }]] },
    });
  });

  it('double approval: approve and decline buttons in one row; free text: one button to the form URL; attribution', async () => {
    await parked(send({ chatId: '42', message: 'Go?', approvalOptions: { values: { approvalType: 'double', approveLabel: 'Yes', disapproveLabel: 'No' } } }));
    expect(requests[0].json?.reply_markup).toEqual({ inline_keyboard: [[{ text: 'Yes', url: `${RESUME}&approved=true` }, { text: 'No', url: `${RESUME}&approved=false` }]] });
    const signal = await parked(send({ chatId: '42', message: 'Why?', responseType: 'freeText', sendAndWaitOptions: { messageButtonLabel: 'Reply', appendAttribution: true } }));
    expect(signal.request).toMatchObject({ kind: 'form', config: { reply: 'freeText' } });
    expect(requests[1].json).toMatchObject({ text: `Why?\n\n<em>${ATTRIBUTION}</em>`, reply_markup: { inline_keyboard: [[{ text: 'Reply', url: FORM }]] } });
  });

  it('resumed, outputs the answer without sending: approval, free text, custom form', async () => {
    const yes = await send({ chatId: '42', message: 'Go?' }, { kind: 'webhook', item: { json: { query: { approved: 'true' } } } });
    expect(jsonOf(yes)).toEqual([{ data: { approved: true } }]);
    expect(yes.main[0].pairedItem).toEqual({ item: 0 });
    const text = await send({ chatId: '42', responseType: 'freeText' }, { kind: 'form', item: { json: { Response: 'later', submittedAt: 'x', formMode: 'production' } } });
    expect(jsonOf(text)).toEqual([{ data: { text: 'later' } }]);
    const form = await send(
      { chatId: '42', responseType: 'customForm', formFields: { values: [{ fieldLabel: 'When', fieldType: 'date' }, { fieldLabel: 'Who' }] } },
      { kind: 'form', item: { json: { When: '2026-12-01', Who: 'Ann', submittedAt: 'x', formMode: 'production' } } },
    );
    expect(jsonOf(form)).toEqual([{ data: { When: '2026-12-01', Who: 'Ann' } }]);
    expect(requests).toEqual([]);
  });

  it('errors name the node and field and never the token; nothing is sent for an empty chat or form', async () => {
    await expect(send({ chatId: '', message: 'x' })).rejects.toThrow('Node "Ask", field "chatId" (item 0): is empty');
    await expect(send({ chatId: '42', responseType: 'customForm' })).rejects.toThrow('field "formFields": a custom form needs at least one field');
    expect(requests).toEqual([]);
    answers.sendMessage = { status: 400, body: { ok: false, error_code: 400, description: 'Bad Request: chat not found' } };
    const err = await failure(send({ chatId: '9', message: 'x' }));
    expect(err.message).toContain('Node "Ask", field "chatId" (item 0): Telegram');
    expect(err.message).toContain('chat not found');
    expect(err.message).not.toContain(TOKEN);
  });
});
