/**
 * microsoftOutlook: n8n's Microsoft Outlook node (n8n-nodes-base.microsoftOutlook v2) on Microsoft Graph
 * (`{apiUrl}/v1.0/me/...`) with the microsoftOutlookOAuth2Api credential (or Weft's oAuth2Api): the runtime gives a
 * current access token; a 401 refreshes it once.
 *
 * Params (n8n's names; n8n's collections stay objects with n8n's keys):
 * - resource / operation   message: send | reply | get | getAll | move | update | delete
 * - messageId, folderId    (n8n's locators arrive as their value)
 * - toRecipients, subject, bodyContent   send (recipients comma-separated)
 * - additionalFields       send: ccRecipients, bccRecipients, replyTo, from, bodyContentType ('html' | 'Text'),
 *                          importance, categories, isReadReceiptRequested, saveToSentItems (default on),
 *                          internetMessageHeaders { headers: [{ name, value }] },
 *                          attachments { attachments: [{ binaryPropertyName }] } (files from the item's binary
 *                          data as Graph fileAttachments, base64 in the sendMail JSON; up to 3 MB each)
 * - replyType, comment, send   reply: 'reply' (with additionalFields as the reply's fields and attachments) or
 *                          'replyAll' (comment only); the reply is created as a draft (Graph's createReply /
 *                          createReplyAll), files are attached, and it is sent unless `send` is off
 * - updateFields           update: categories (an array or comma-separated), isRead, importance, subject,
 *                          bodyContent, bodyContentType, ccRecipients, bccRecipients, toRecipients, replyTo,
 *                          isReadReceiptRequested, internetMessageHeaders, folderId (moves the message first)
 * - output                 get / getAll: 'simple' (n8n's simplified message: id, conversationId, subject,
 *                          bodyPreview, from and to as addresses, categories, hasAttachments), 'raw' (everything),
 *                          'fields' (the `fields` list)
 * - fields                 the Graph fields to select with output 'fields'
 * - filters                getAll: custom ($filter text), foldersToInclude, foldersToExclude (folder IDs),
 *                          readStatus ('both' | 'read' | 'unread'), receivedAfter, receivedBefore, sender (address
 *                          or name), hasAttachments
 * - search                 getAll: a search term instead of filters (Graph's $search; n8n's filterBy 'search')
 * - returnAll, limit       getAll (limit default 100)
 * - apiUrl                 Graph address (default https://graph.microsoft.com; tests point it elsewhere)
 * Not built: attachments over 3 MB (Graph's upload sessions), drafts, folders, message attachments, calendars,
 * contacts and v2's other resources; get/getAll's attachment downloads.
 */
import { defineNode, z, type Item, type JsonObject, type NodeContext } from '../sdk';
import { fieldError, perItem } from '../per-item';
import { bytesOf, requireBinary } from '../binary-data';
import { callJson } from '../bearer-json';

export const DEFAULT_GRAPH_URL = 'https://graph.microsoft.com';
export const OUTLOOK_OPERATIONS = ['send', 'reply', 'get', 'getAll', 'move', 'update', 'delete'] as const;
/** Fields of n8n's simplified message output. */
export const SIMPLE_FIELDS = ['id', 'conversationId', 'subject', 'bodyPreview', 'from', 'toRecipients', 'categories', 'hasAttachments'];

const text = (fallback = '') => z.preprocess((v) => (typeof v === 'number' ? String(v) : v === null || v === undefined ? fallback : v), z.string()).default(fallback);
const fields = () => z.record(z.string(), z.unknown()).default({});

export const microsoftOutlookParams = z.object({
  resource: z.enum(['message']).default('message').describe('What to work on'),
  operation: z.enum(OUTLOOK_OPERATIONS).default('send').describe('What to do'),
  messageId: text().describe('Message ID'),
  folderId: text().describe('Move: the destination folder ID (or a well-known name such as junkemail)'),
  toRecipients: text().describe('Send: To (comma-separated addresses)'),
  subject: text().describe('Send: subject'),
  bodyContent: text().describe('Send: the message body'),
  additionalFields: fields().describe('Send: ccRecipients, bccRecipients, replyTo, bodyContentType, importance, saveToSentItems, attachments'),
  replyType: z.enum(['reply', 'replyAll']).default('reply').describe('Reply: to the sender, or to everyone'),
  comment: text().describe('Reply: the text above the quoted message'),
  send: z.boolean().default(true).describe('Reply: send it (off: keep it as a draft)'),
  updateFields: fields().describe('Update: categories, isRead, importance, subject, ...'),
  output: z.enum(['simple', 'raw', 'fields']).default('simple').describe('Get, getAll: a simplified message, everything, or the selected fields'),
  fields: z.preprocess((v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : v), z.array(z.string())).default([]).describe('Output "fields": Graph fields to return'),
  filters: fields().describe('getAll: custom, foldersToInclude, foldersToExclude, readStatus, receivedAfter, receivedBefore, sender, hasAttachments'),
  search: text().describe('getAll: search the messages for this term instead of filtering (from, subject and body)'),
  returnAll: z.boolean().default(false).describe('getAll: every message'),
  limit: z.coerce.number().int().positive().default(100).describe('getAll: at most this many'),
  apiUrl: text(DEFAULT_GRAPH_URL).describe('Microsoft Graph address (default https://graph.microsoft.com)'),
});
export type MicrosoftOutlookParams = z.output<typeof microsoftOutlookParams>;
type Ctx = NodeContext<MicrosoftOutlookParams>;

const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '');
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(str) : str(v).split(',')).map((s) => s.trim()).filter(Boolean);
const recipients = (v: unknown): JsonObject[] => list(v).map((address) => ({ emailAddress: { address } }));
/** n8n's body content types: 'html' / 'Text' (any case) -> Graph's 'HTML' / 'Text'. */
const contentType = (v: unknown): string => (str(v).toLowerCase() === 'text' ? 'Text' : 'HTML');
const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** Graph takes file attachments inline (base64 in the JSON) up to 3 MB each; larger ones need an upload session. */
export const MAX_INLINE_ATTACHMENT_BYTES = 3 * 1024 * 1024;

/** Graph fileAttachments from the item's binary properties (additionalFields.attachments.attachments[].binaryPropertyName). */
function attachmentsOf(ctx: Ctx, item: Item, i: number, spec: unknown): JsonObject[] {
  const entries = (spec as { attachments?: unknown } | undefined)?.attachments;
  const names = (Array.isArray(entries) ? entries : []).map((e) => str((e as JsonObject).binaryPropertyName) || 'data');
  return names.map((name) => {
    const bin = requireBinary(item, name, ctx.node.name, 'additionalFields.attachments', i);
    const bytes = bytesOf(bin);
    if (bytes.length > MAX_INLINE_ATTACHMENT_BYTES) {
      const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
      throw fieldError(ctx as NodeContext<unknown>, 'additionalFields.attachments', i, `"${bin.fileName ?? name}" is ${mb(bytes.length)}; Microsoft Graph takes attachments of up to ${mb(MAX_INLINE_ATTACHMENT_BYTES)} in one request (larger files need an upload session, which this node does not do yet)`);
    }
    return { '@odata.type': '#microsoft.graph.fileAttachment', name: bin.fileName ?? name, contentType: bin.mimeType || 'application/octet-stream', contentBytes: bytes.toString('base64') };
  });
}

/** Message fields shared by send and update (n8n's keys -> Graph's message properties). */
function messageFields(f: Record<string, unknown>, out: JsonObject): void {
  for (const key of ['toRecipients', 'ccRecipients', 'bccRecipients', 'replyTo'] as const) if (f[key] !== undefined) out[key] = recipients(f[key]);
  for (const key of ['from', 'sender'] as const) if (str(f[key])) out[key] = { emailAddress: { address: str(f[key]) } };
  for (const key of ['subject', 'importance', 'inferenceClassification', 'internetMessageId'] as const) if (f[key] !== undefined) out[key] = str(f[key]);
  for (const key of ['isRead', 'isReadReceiptRequested', 'isDeliveryReceiptRequested'] as const) if (typeof f[key] === 'boolean') out[key] = f[key] as boolean;
  if (f.categories !== undefined) out.categories = list(f.categories);
  if (f.bodyContent !== undefined) out.body = { contentType: contentType(f.bodyContentType), content: str(f.bodyContent) };
  const headers = (f.internetMessageHeaders as { headers?: unknown } | undefined)?.headers;
  if (Array.isArray(headers) && headers.length) out.internetMessageHeaders = headers.map((h) => ({ name: str((h as JsonObject).name), value: str((h as JsonObject).value) }));
}

/** n8n's simplified message: the addresses of from and toRecipients as text. */
function simplify(m: JsonObject): JsonObject {
  const address = (r: unknown) => (r as { emailAddress?: { address?: string } } | undefined)?.emailAddress?.address;
  const out: Record<string, unknown> = {
    id: m.id,
    conversationId: m.conversationId,
    subject: m.subject,
    bodyPreview: m.bodyPreview,
    from: address(m.from),
    to: Array.isArray(m.toRecipients) ? m.toRecipients.map(address).filter((a) => a !== undefined) : [],
    categories: m.categories,
    hasAttachments: m.hasAttachments,
  };
  for (const key of Object.keys(out)) if (out[key] === undefined) delete out[key];
  return out as JsonObject;
}

/** getAll's $filter from n8n's filters (and-ed; folders or-ed). */
function filterOf(ctx: Ctx, f: Record<string, unknown>, i: number): string | undefined {
  const parts: string[] = [];
  const include = list(f.foldersToInclude);
  if (include.length) parts.push(`(${include.map((id) => `parentFolderId eq ${quote(id)}`).join(' or ')})`);
  for (const id of list(f.foldersToExclude)) parts.push(`parentFolderId ne ${quote(id)}`);
  if (str(f.readStatus) === 'read' || str(f.readStatus) === 'unread') parts.push(`isRead eq ${str(f.readStatus) === 'read'}`);
  for (const [key, op] of [['receivedAfter', 'ge'], ['receivedBefore', 'le']] as const) {
    const v = str(f[key]);
    if (!v) continue;
    const ms = Date.parse(v);
    if (Number.isNaN(ms)) throw fieldError(ctx as NodeContext<unknown>, 'filters', i, `${key} "${v}" is not a date-time`);
    parts.push(`receivedDateTime ${op} ${new Date(ms).toISOString()}`);
  }
  if (str(f.sender)) parts.push(`(from/emailAddress/address eq ${quote(str(f.sender))} or from/emailAddress/name eq ${quote(str(f.sender))})`);
  if (typeof f.hasAttachments === 'boolean') parts.push(`hasAttachments eq ${f.hasAttachments}`);
  if (str(f.custom)) parts.push(str(f.custom));
  return parts.length ? parts.join(' and ') : undefined;
}

const FIELD_OF: Record<string, string> = { send: 'toRecipients', reply: 'messageId', get: 'messageId', getAll: 'filters', move: 'folderId', update: 'updateFields', delete: 'messageId' };

async function runItem(ctx: Ctx, p: MicrosoftOutlookParams, item: Item, i: number): Promise<JsonObject[]> {
  const root = `${(p.apiUrl.trim() || DEFAULT_GRAPH_URL).replace(/\/+$/, '')}/v1.0/me/`;
  const call = (method: string, path: string, query: Record<string, string | undefined> = {}, json?: unknown, url?: string) => {
    const q = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''));
    return callJson({ ctx: ctx as NodeContext<unknown>, service: 'Microsoft Graph', auth: { oauth2Slot: 'microsoftOutlookOAuth2Api' }, method, url: url ?? `${root}${path}${q.size ? `?${q}` : ''}`, json, field: FIELD_OF[p.operation], itemIndex: i, what: `${method} me/${path}` });
  };
  const need = (field: 'messageId' | 'folderId' | 'toRecipients') => {
    const v = p[field].trim();
    if (!v) throw fieldError(ctx as NodeContext<unknown>, field, i, `is empty; message ${p.operation} needs it`);
    return v;
  };
  const messagePath = () => `messages/${encodeURIComponent(need('messageId'))}`;
  const select = () => (p.output === 'raw' ? undefined : (p.output === 'fields' ? p.fields : SIMPLE_FIELDS).join(',') || undefined);
  switch (p.operation) {
    case 'send': {
      const f = p.additionalFields;
      const fields = { ...f };
      delete fields.attachments;
      delete fields.saveToSentItems;
      // Graph refuses an empty body; n8n sends a space.
      const message: JsonObject = { subject: p.subject, body: { contentType: contentType(f.bodyContentType), content: p.bodyContent || ' ' }, toRecipients: recipients(need('toRecipients')) };
      messageFields({ ...fields, bodyContent: undefined, subject: undefined, toRecipients: undefined }, message);
      const attachments = attachmentsOf(ctx, item, i, f.attachments);
      if (attachments.length) message.attachments = attachments;
      await call('POST', 'sendMail', {}, { message, saveToSentItems: f.saveToSentItems !== false });
      return [{ success: true }];
    }
    case 'reply': {
      const f = p.additionalFields;
      const attachments = p.replyType === 'reply' ? attachmentsOf(ctx, item, i, f.attachments) : [];
      const body: JsonObject = { comment: p.comment };
      if (p.replyType === 'reply') {
        const fields = { ...f };
        delete fields.attachments;
        const message: JsonObject = {};
        messageFields(fields, message);
        body.message = message;
      }
      const draft = await call('POST', `${messagePath()}/${p.replyType === 'replyAll' ? 'createReplyAll' : 'createReply'}`, {}, body);
      const draftPath = `messages/${encodeURIComponent(str(draft.id))}`;
      for (const file of attachments) await call('POST', `${draftPath}/attachments`, {}, file);
      if (p.send) await call('POST', `${draftPath}/send`);
      return [draft];
    }
    case 'get': {
      const m = await call('GET', messagePath(), { $select: select() });
      return [p.output === 'simple' ? simplify(m) : m];
    }
    case 'getAll': {
      const out: JsonObject[] = [];
      const top = String(p.returnAll ? 100 : Math.min(100, p.limit));
      const search = p.search.trim();
      const where = search ? { $search: `"${search.replace(/"/g, '')}"` } : { $filter: filterOf(ctx, p.filters, i) };
      let page = await call('GET', 'messages', { $select: select(), ...where, $top: top });
      for (;;) {
        out.push(...(((page.value as JsonObject[] | undefined) ?? []) as JsonObject[]));
        const next = typeof page['@odata.nextLink'] === 'string' ? page['@odata.nextLink'] : '';
        if (!next || (!p.returnAll && out.length >= p.limit)) break;
        page = await call('GET', 'messages', {}, undefined, next);
      }
      const messages = p.returnAll ? out : out.slice(0, p.limit);
      return p.output === 'simple' ? messages.map(simplify) : messages;
    }
    case 'move': {
      const path = messagePath();
      await call('POST', `${path}/move`, {}, { destinationId: need('folderId') });
      return [{ success: true }];
    }
    case 'update': {
      const { folderId, ...changes } = p.updateFields;
      const body: JsonObject = {};
      messageFields(changes, body);
      const folder = str(folderId && typeof folderId === 'object' && 'value' in folderId ? (folderId as JsonObject).value : folderId);
      if (Object.keys(body).length === 0 && !folder) throw fieldError(ctx as NodeContext<unknown>, 'updateFields', i, 'is empty; add a field to change');
      // A folder in updateFields moves the message first (as n8n does); the move answers with the message.
      const moved = folder ? await call('POST', `${messagePath()}/move`, {}, { destinationId: folder }) : undefined;
      if (Object.keys(body).length === 0) return [moved ?? {}];
      // Graph gives a moved message a new ID: the changes go to the message where it now is.
      const target = typeof moved?.id === 'string' && moved.id ? `messages/${encodeURIComponent(moved.id)}` : messagePath();
      return [await call('PATCH', target, {}, body)];
    }
    case 'delete':
      await call('DELETE', messagePath());
      return [{ success: true }];
  }
}

export const microsoftOutlookNode = defineNode({
  type: 'microsoftOutlook',
  version: 1,
  displayName: 'Microsoft Outlook',
  description: 'Send Outlook email with attachments; read, search, move, categorize and delete messages (Microsoft Graph)',
  category: 'integration',
  icon: 'mail',
  inputs: [{ name: 'main' }],
  outputs: [{ name: 'main' }],
  params: microsoftOutlookParams,
  credentials: [{ name: 'microsoftOutlookOAuth2Api', type: 'microsoftOutlookOAuth2Api', types: ['microsoftOutlookOAuth2Api', 'oAuth2Api'] }],
  async execute(ctx) {
    return perItem(ctx as NodeContext<unknown>, 'main', async (item, i): Promise<Item[]> => {
      const out = await runItem(ctx, ctx.params(i), item, i);
      return out.map((json) => ({ json, pairedItem: { item: i } }));
    });
  },
});

export default microsoftOutlookNode;
