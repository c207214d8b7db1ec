/**
 * telegram: n8n's Telegram node (n8n-nodes-base.telegram v1, 1.1, 1.2) on the Bot API, with the `telegramApi`
 * credential (accessToken, baseUrl default https://api.telegram.org). Each item makes one call (On Error
 * continue / error output apply per item, as n8n's continueOnFail)
 * (POST {baseUrl}/bot<token>/<method>); the output item is Telegram's whole answer ({ ok, result }), as n8n's
 * node outputs it, except chat administrators (one item per administrator). The token never appears in a
 * message: see api.ts.
 *
 * Params (n8n's names; n8n's additionalFields are flat params here, each sent only when set):
 * - resource, operation   message: sendMessage, sendPhoto, sendDocument, sendAudio, sendVideo, sendAnimation,
 *                         editMessageText, deleteMessage, pinChatMessage, unpinChatMessage, sendChatAction;
 *                         chat: get, administrators; file: get
 * - chatId, text, messageId, action (sendChatAction), fileId (file get)
 * - file                  send<Media>: a URL or a Telegram file_id; or binaryData + binaryPropertyName: upload
 *                         the item's file as multipart/form-data (name: fileName, else the file's own)
 * - download, mimeType    file get: download the file into binary property `data` (default true)
 * - messageType, inlineMessageId   editMessageText of an inline message
 * - replyMarkup + inlineKeyboard / replyKeyboard / replyKeyboardOptions / forceReply / replyKeyboardRemove,
 *                         in n8n's structure ({ rows: [{ row: { buttons: [{ text, additionalFields }] } }] })
 * - parse_mode            '' is n8n's default: Markdown for sendMessage, none elsewhere
 * - caption, disable_notification, disable_web_page_preview, reply_to_message_id, message_thread_id, fileName
 * - appendAttribution     sendMessage: add "This message was sent automatically with Weft" (n8n adds its own
 *                         line by default from v1.1 on; the importer sets this where n8n would)
 * - message, responseType, approvalOptions, formFields, sendAndWaitOptions   message sendAndWait
 *                         (../send-and-wait.ts): sends the message once (first item, HTML) with its links as an
 *                         inline keyboard of URL buttons, then parks the execution until the person answers;
 *                         the output is { data: { approved } }, { data: { text } } or the form's fields
 */
import { defineNode, NodeError, z, type Item, type JsonObject, type NodeContext } from '../sdk';
import { perItem } from '../per-item';
import { bytesOf, extensionOf, makeBinary, mimeFromFileName, requireBinary, sniffMime } from '../binary-data';
import { callBot, downloadFile, readCredential, scrub, TelegramApiError, type TelegramAnswer, type TelegramCredential } from './api';
import { noEmptyForm, replyLinks, replyOutput, sendAndWaitFields, waitForReply, type ReplyLink } from '../send-and-wait';

export const TELEGRAM_RESOURCES = ['message', 'chat', 'file'] as const;
export const TELEGRAM_MEDIA = { sendPhoto: 'photo', sendDocument: 'document', sendAudio: 'audio', sendVideo: 'video', sendAnimation: 'animation' } as const;
export const TELEGRAM_OPERATIONS = [
  'sendMessage', ...(Object.keys(TELEGRAM_MEDIA) as (keyof typeof TELEGRAM_MEDIA)[]),
  'editMessageText', 'deleteMessage', 'pinChatMessage', 'unpinChatMessage', 'sendChatAction', 'sendAndWait', 'get', 'administrators',
] as const;
/** Operations of each resource (n8n's). */
export const TELEGRAM_OPERATIONS_OF: Record<(typeof TELEGRAM_RESOURCES)[number], readonly string[]> = {
  message: TELEGRAM_OPERATIONS.filter((op) => op !== 'get' && op !== 'administrators'),
  chat: ['get', 'administrators'],
  file: ['get'],
};
export const TELEGRAM_ADDITIONAL_FIELDS = ['caption', 'disable_notification', 'disable_web_page_preview', 'fileName', 'message_thread_id', 'parse_mode', 'reply_to_message_id', 'appendAttribution', 'mimeType'] as const;
export const ATTRIBUTION = 'This message was sent automatically with Weft';

/** Text fields: an expression giving a number (a chat id) is used as its text. */
const text = (fallback = '') => z.preprocess((v) => (typeof v === 'number' ? String(v) : v === null ? '' : v), z.string()).default(fallback);
const optNumber = () => z.preprocess((v) => (v === '' || v === null ? undefined : v), z.coerce.number().int().optional());
const optBool = () => z.boolean().optional();
const structure = () => z.record(z.string(), z.unknown()).optional();

export const telegramParams = z.object({
  resource: z.enum(TELEGRAM_RESOURCES).default('message').describe('What to work on'),
  operation: z.enum(TELEGRAM_OPERATIONS).default('sendMessage').describe('What to do'),
  chatId: text().describe('Chat id, or @channelusername'),
  text: text().describe('sendMessage, editMessageText: the text'),
  messageId: text().describe('editMessageText, deleteMessage, pin/unpin: the message id'),
  messageType: z.enum(['message', 'inlineMessage']).default('message').describe('editMessageText: a chat message or an inline message'),
  inlineMessageId: text().describe('editMessageText of an inline message: its id'),
  action: z.enum(['typing', 'upload_photo', 'record_video', 'upload_video', 'record_voice', 'upload_voice', 'upload_document', 'choose_sticker', 'find_location', 'record_video_note', 'upload_video_note']).default('typing').describe('sendChatAction: what the bot is doing'),
  file: text().describe('Send photo/document/...: a URL or a Telegram file_id'),
  binaryData: z.boolean().default(false).describe('Send photo/document/...: upload the item\'s binary file instead'),
  binaryPropertyName: text('data').describe('The binary property holding the file to upload'),
  fileId: text().describe('File get: the file_id'),
  download: z.boolean().default(true).describe('File get: download the file into binary property "data"'),
  replyMarkup: z.enum(['none', 'inlineKeyboard', 'replyKeyboard', 'forceReply', 'replyKeyboardRemove']).default('none').describe('Keyboard sent with the message'),
  inlineKeyboard: structure().describe('Inline keyboard: { rows: [{ row: { buttons: [{ text, additionalFields: { url | callback_data } }] } }] }'),
  replyKeyboard: structure().describe('Reply keyboard: { rows: [{ row: { buttons: [{ text }] } }] }'),
  replyKeyboardOptions: structure().describe('Reply keyboard: resize_keyboard, one_time_keyboard, selective'),
  forceReply: structure().describe('Force reply: force_reply, selective'),
  replyKeyboardRemove: structure().describe('Remove keyboard: remove_keyboard, selective'),
  parse_mode: z.enum(['', 'Markdown', 'MarkdownV2', 'HTML']).default('').describe('Parse mode (empty: Markdown for sendMessage, none elsewhere, as n8n)'),
  caption: text().describe('Send photo/document/...: caption'),
  disable_notification: optBool().describe('Send silently'),
  disable_web_page_preview: optBool().describe('sendMessage, editMessageText: no link preview'),
  reply_to_message_id: optNumber().describe('Reply to this message id'),
  message_thread_id: optNumber().describe('Forum topic (thread) id'),
  fileName: text().describe('Upload: the file name Telegram shows'),
  mimeType: text().describe('File get: MIME type of the downloaded file (empty: from its name)'),
  appendAttribution: z.boolean().default(false).describe('sendMessage: append "This message was sent automatically with Weft"'),
  ...sendAndWaitFields,
});

type Params = z.output<typeof telegramParams>;
type Ctx = NodeContext<Params>;
type Body = Record<string, unknown>;

function fail(ctx: Ctx, field: string, itemIndex: number, message: string): NodeError {
  return new NodeError(`Node "${ctx.node.name}", field "${field}" (item ${itemIndex}): ${message}`, { field, itemIndex });
}

function required(ctx: Ctx, p: Params, field: 'chatId' | 'text' | 'messageId' | 'file' | 'fileId' | 'inlineMessageId', itemIndex: number): string {
  const value = p[field].trim();
  if (!value) throw fail(ctx, field, itemIndex, `is empty; ${p.resource} ${p.operation} needs it`);
  return value;
}

/** A message id: Telegram wants an integer. */
function messageIdOf(ctx: Ctx, p: Params, itemIndex: number): number {
  const raw = required(ctx, p, 'messageId', itemIndex);
  const id = Number(raw);
  if (!Number.isInteger(id)) throw fail(ctx, 'messageId', itemIndex, `"${raw}" is not a message id (an integer)`);
  return id;
}

/** n8n's keyboard structure ({ rows: [{ row: { buttons: [...] } }] }) as Telegram's rows of buttons. */
function buttonRows(keyboard: Record<string, unknown> | undefined): JsonObject[][] {
  const rows = Array.isArray(keyboard?.rows) ? (keyboard.rows as { row?: { buttons?: unknown } }[]) : [];
  return rows.map((r) =>
    (Array.isArray(r?.row?.buttons) ? (r.row.buttons as { text?: unknown; additionalFields?: unknown }[]) : []).map((b) => ({
      text: typeof b.text === 'string' ? b.text : String(b.text ?? ''),
      ...(b.additionalFields && typeof b.additionalFields === 'object' ? (b.additionalFields as JsonObject) : {}),
    })),
  );
}

function replyMarkupOf(p: Params): JsonObject | undefined {
  switch (p.replyMarkup) {
    case 'none':
      return undefined;
    case 'inlineKeyboard':
      return { inline_keyboard: buttonRows(p.inlineKeyboard) };
    case 'replyKeyboard':
      return { keyboard: buttonRows(p.replyKeyboard), ...((p.replyKeyboardOptions ?? {}) as JsonObject) };
    case 'forceReply':
      return { force_reply: true, ...((p.forceReply ?? {}) as JsonObject) };
    case 'replyKeyboardRemove':
      return { remove_keyboard: true, ...((p.replyKeyboardRemove ?? {}) as JsonObject) };
  }
}

/** The optional fields every sending operation takes, when set. */
function commonFields(p: Params, body: Body): void {
  if (p.disable_notification !== undefined) body.disable_notification = p.disable_notification;
  if (p.reply_to_message_id !== undefined) body.reply_to_message_id = p.reply_to_message_id;
  if (p.message_thread_id !== undefined) body.message_thread_id = p.message_thread_id;
  const markup = replyMarkupOf(p);
  if (markup) body.reply_markup = markup;
}

function sendMessageBody(ctx: Ctx, p: Params, itemIndex: number): Body {
  const parseMode = p.parse_mode || 'Markdown';
  required(ctx, p, 'text', itemIndex);
  let message = p.text;
  if (p.appendAttribution) {
    if (parseMode === 'Markdown') message += `\n\n_${ATTRIBUTION}_`;
    else if (parseMode === 'HTML') message += `\n\n<em>${ATTRIBUTION}</em>`;
  }
  const body: Body = { chat_id: required(ctx, p, 'chatId', itemIndex), text: message, parse_mode: parseMode };
  if (p.disable_web_page_preview !== undefined) body.disable_web_page_preview = p.disable_web_page_preview;
  commonFields(p, body);
  return body;
}

/** send<Media>: JSON with a URL / file_id, or multipart with the item's binary file. */
function sendMediaBody(ctx: Ctx, p: Params, item: Item, itemIndex: number, mediaField: string): Body | FormData {
  const body: Body = { chat_id: required(ctx, p, 'chatId', itemIndex) };
  if (p.caption) body.caption = p.caption;
  if (p.parse_mode) body.parse_mode = p.parse_mode;
  commonFields(p, body);
  if (!p.binaryData) return { ...body, [mediaField]: required(ctx, p, 'file', itemIndex) };
  const bin = requireBinary(item, p.binaryPropertyName || 'data', ctx.node.name, 'binaryPropertyName', itemIndex);
  const form = new FormData();
  for (const [key, value] of Object.entries(body)) form.append(key, typeof value === 'object' ? JSON.stringify(value) : String(value));
  const name = p.fileName || bin.fileName || `file${bin.fileExtension ? `.${bin.fileExtension}` : ''}`;
  form.append(mediaField, new Blob([new Uint8Array(bytesOf(bin))], { type: bin.mimeType || 'application/octet-stream' }), name);
  return form;
}

function editMessageTextBody(ctx: Ctx, p: Params, itemIndex: number): Body {
  const body: Body =
    p.messageType === 'inlineMessage'
      ? { inline_message_id: required(ctx, p, 'inlineMessageId', itemIndex) }
      : { chat_id: required(ctx, p, 'chatId', itemIndex), message_id: messageIdOf(ctx, p, itemIndex) };
  required(ctx, p, 'text', itemIndex);
  body.text = p.text;
  if (p.parse_mode) body.parse_mode = p.parse_mode;
  if (p.disable_web_page_preview !== undefined) body.disable_web_page_preview = p.disable_web_page_preview;
  if (p.replyMarkup === 'inlineKeyboard') body.reply_markup = replyMarkupOf(p);
  return body;
}

/** The Bot API method and body of one item's operation. */
function requestOf(ctx: Ctx, p: Params, item: Item, itemIndex: number): { method: string; body: Body | FormData } {
  if (p.resource === 'file') return { method: 'getFile', body: { file_id: required(ctx, p, 'fileId', itemIndex) } };
  if (p.resource === 'chat') {
    const chat_id = required(ctx, p, 'chatId', itemIndex);
    return { method: p.operation === 'administrators' ? 'getChatAdministrators' : 'getChat', body: { chat_id } };
  }
  const op = p.operation;
  if (op === 'sendMessage') return { method: op, body: sendMessageBody(ctx, p, itemIndex) };
  if (op in TELEGRAM_MEDIA) return { method: op, body: sendMediaBody(ctx, p, item, itemIndex, TELEGRAM_MEDIA[op as keyof typeof TELEGRAM_MEDIA]) };
  if (op === 'editMessageText') return { method: op, body: editMessageTextBody(ctx, p, itemIndex) };
  if (op === 'sendChatAction') return { method: op, body: { chat_id: required(ctx, p, 'chatId', itemIndex), action: p.action } };
  if (op === 'deleteMessage' || op === 'pinChatMessage' || op === 'unpinChatMessage') {
    const body: Body = { chat_id: required(ctx, p, 'chatId', itemIndex), message_id: messageIdOf(ctx, p, itemIndex) };
    if (op === 'pinChatMessage' && p.disable_notification !== undefined) body.disable_notification = p.disable_notification;
    return { method: op, body };
  }
  if (op === 'sendAndWait') throw fail(ctx, 'operation', itemIndex, 'sendAndWait is read from the first item only');
  throw fail(ctx, 'operation', itemIndex, `"${op}" is not an operation of resource "${p.resource}"`);
}

/** The sendAndWait message (HTML): the text, then the links as one row of URL buttons. */
export function sendAndWaitBody(chatId: string, message: string, links: ReplyLink[], attribution: boolean): Body {
  return {
    chat_id: chatId,
    text: attribution ? `${message}\n\n<em>${ATTRIBUTION}</em>` : message,
    parse_mode: 'HTML',
    disable_web_page_preview: true,
    reply_markup: { inline_keyboard: [links.map((l) => ({ text: l.label, url: l.url }))] },
  };
}

/** sendAndWait: send once (first item), then park. */
async function sendAndWait(ctx: Ctx, cred: TelegramCredential): Promise<never> {
  const p = ctx.params(0);
  const chatId = required(ctx, p, 'chatId', 0);
  const links = replyLinks(ctx as NodeContext<unknown>, p);
  noEmptyForm(ctx as NodeContext<unknown>, p);
  try {
    await callBot(cred, 'sendMessage', sendAndWaitBody(chatId, p.message, links, p.sendAndWaitOptions.appendAttribution === true), ctx.signal);
  } catch (err) {
    if (err instanceof NodeError || ctx.signal.aborted) throw err;
    const message = scrub((err as Error).message, cred.accessToken);
    const field = err instanceof TelegramApiError ? (/chat/i.test(message) ? 'chatId' : /entities|parse/i.test(message) ? 'message' : 'operation') : 'operation';
    throw fail(ctx, field, 0, `Telegram ${message}`);
  }
  return waitForReply(ctx as NodeContext<unknown>, p);
}

/** The field a Telegram error is most likely about, from its description. */
function fieldOfError(p: Params, description: string): string {
  if (/chat/i.test(description)) return 'chatId';
  if (/message to (edit|delete|pin)|message_id|message can't be/i.test(description)) return 'messageId';
  if (/entities|parse/i.test(description)) return p.operation === 'sendMessage' || p.operation === 'editMessageText' ? 'text' : 'caption';
  if (p.resource === 'file') return 'fileId';
  if (/file|photo|document|audio|video|animation|url/i.test(description)) return p.binaryData ? 'binaryPropertyName' : 'file';
  return 'operation';
}

async function fileGet(ctx: Ctx, cred: TelegramCredential, p: Params, answer: TelegramAnswer, itemIndex: number): Promise<Item> {
  const result = (answer.result ?? {}) as { file_path?: unknown };
  if (typeof result.file_path !== 'string') throw fail(ctx, 'fileId', itemIndex, 'Telegram gave no file_path for this file (files over 20 MB cannot be downloaded by bots)');
  const { bytes } = await downloadFile(cred, result.file_path, ctx.signal);
  const fileName = result.file_path.split('/').pop() || undefined;
  // n8n's order: the given type, else by the file name, else application/octet-stream (signatures first here).
  const byName = mimeFromFileName(fileName) ?? (extensionOf(fileName) === 'oga' ? 'audio/ogg' : undefined);
  const mimeType = p.mimeType || byName || sniffMime(bytes) || 'application/octet-stream';
  return { json: answer as JsonObject, binary: { data: makeBinary(bytes, { fileName, mimeType }) }, pairedItem: { item: itemIndex } };
}

async function runItem(ctx: Ctx, cred: TelegramCredential, item: Item, itemIndex: number): Promise<Item[]> {
  const p = ctx.params(itemIndex);
  if (!TELEGRAM_OPERATIONS_OF[p.resource].includes(p.operation)) throw fail(ctx, 'operation', itemIndex, `"${p.operation}" is not an operation of resource "${p.resource}"`);
  const { method, body } = requestOf(ctx, p, item, itemIndex);
  try {
    const answer = await callBot(cred, method, body, ctx.signal);
    if (p.resource === 'file' && p.download) return [await fileGet(ctx, cred, p, answer, itemIndex)];
    if (p.resource === 'chat' && p.operation === 'administrators' && Array.isArray(answer.result)) {
      return (answer.result as JsonObject[]).map((json) => ({ json, pairedItem: { item: itemIndex } }));
    }
    return [{ json: answer as JsonObject, pairedItem: { item: itemIndex } }];
  } catch (err) {
    if (err instanceof NodeError || ctx.signal.aborted) throw err;
    const message = scrub((err as Error).message, cred.accessToken);
    const field = err instanceof TelegramApiError ? fieldOfError(p, message) : 'operation';
    throw fail(ctx, field, itemIndex, `Telegram ${message}`);
  }
}

export const telegramNode = defineNode({
  type: 'telegram',
  version: 1,
  displayName: 'Telegram',
  description: 'Send, edit and delete Telegram messages and files, send one and wait for an answer, get chats and download files with a bot',
  category: 'integration',
  icon: 'send',
  inputs: [{ name: 'main' }],
  outputs: [{ name: 'main' }],
  params: telegramParams,
  credentials: [{ name: 'telegramApi', type: 'telegramApi', required: true }],
  async execute(ctx) {
    if (ctx.items.length === 0) return { main: [] };
    const first = ctx.params(0);
    // Resumed: the answer is the output; nothing is sent again.
    if (first.operation === 'sendAndWait' && ctx.resume) return replyOutput(ctx as NodeContext<unknown>, first);
    const cred = readCredential(await ctx.credentials('telegramApi'), ctx.node.name);
    if (first.operation === 'sendAndWait') return sendAndWait(ctx, cred);
    return perItem(ctx as NodeContext<unknown>, 'main', (item, i) => runItem(ctx, cred, item, i));
  },
});

export default telegramNode;
