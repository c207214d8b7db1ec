/**
 * n8n's Gmail node (n8n-nodes-base.gmail) into nodes/gmail.
 * - v2 / v2.1: message send, reply, get, getAll, delete, markAsRead, markAsUnread, addLabels, removeLabels;
 *   draft create; label getAll, get, create, delete; thread get, getAll, addLabels, removeLabels. n8n's
 *   options and filters keep their names (options flat, filters as an object); attachmentsUi's binary
 *   properties become a comma-separated list; emailType's default is 'text' in v2 and 'html' in v2.1.
 * - v1: message send (toList, additionalFields cc/bcc/attachments, includeHtml + htmlMessage), get, getAll
 *   and delete; format 'resolved' (v1's default) is Simplify off with attachments downloaded.
 * message sendAndWait (send and wait for response) maps through ./send-and-wait.ts.
 * Not supported: other draft operations, thread delete / trash /
 * reply, v1's other resources. n8n appends "sent automatically with n8n" unless appendAttribution is off;
 * Weft does not (a warning says so). Credentials keep their n8n types as slots: gmailOAuth2 (authentication
 * oAuth2) or googleApi (a service account with a delegated user). The reverse mapper is ../reverse/gmail.ts.
 */
import type { MapContext, Mapper, Mapping } from './types';
import { arr, bool, num, obj, str, type Params } from './util';
import { importSendAndWait } from './send-and-wait';

const SUPPORTED: Record<string, string[]> = {
  message: ['send', 'reply', 'get', 'getAll', 'delete', 'markAsRead', 'markAsUnread', 'addLabels', 'removeLabels'],
  draft: ['create'],
  label: ['getAll', 'get', 'create', 'delete'],
  thread: ['get', 'getAll', 'addLabels', 'removeLabels'],
};
const DEFAULT_OPERATION: Record<string, string> = { message: 'send', draft: 'create', label: 'getAll', thread: 'getAll' };
export const ATTRIBUTION_WARNING = 'n8n appends "This email was sent automatically with n8n" to this message (appendAttribution); Weft does not';

/** Label ids: an array, or an expression / text as is. */
const labelIds = (v: unknown): string[] | string => (Array.isArray(v) ? v.map((x) => str(x)) : str(v));

/** attachmentsUi.attachmentsBinary [{ property }] -> "data,other" (an empty entry means n8n's default, data). */
function attachmentNames(options: Params): string {
  return arr(obj(options.attachmentsUi).attachmentsBinary)
    .map((a) => str(obj(a).property, 'data').trim() || 'data')
    .join(',');
}

function authentication(ctx: MapContext): 'oAuth2' | 'serviceAccount' {
  const creds = obj(ctx.node.credentials);
  if ('googleApi' in creds && !('gmailOAuth2' in creds)) return 'serviceAccount';
  return str(ctx.params.authentication) === 'serviceAccount' && !('gmailOAuth2' in creds) ? 'serviceAccount' : 'oAuth2';
}

/** The options a message or draft body takes (v2). */
function composeOptions(o: Params, out: Params, warn: (m: string) => void, withAttribution: boolean): void {
  for (const key of ['ccList', 'bccList', 'senderName', 'replyTo'] as const) if (o[key] !== undefined) out[key] = str(o[key]);
  if (o.replyToSenderOnly !== undefined) out.replyToSenderOnly = bool(o.replyToSenderOnly, false);
  const attachments = attachmentNames(o);
  if (attachments) out.attachments = attachments;
  if (o.fromAlias !== undefined && str(o.fromAlias) !== '') warn('Gmail: the "from alias" option is not supported; the draft is from the account');
  if (withAttribution && o.appendAttribution !== false) warn(ATTRIBUTION_WARNING);
}

function filtersOf(f: Params, warn: (m: string) => void): Params {
  const out: Params = {};
  for (const key of ['q', 'sender', 'receivedAfter', 'receivedBefore'] as const) if (f[key] !== undefined) out[key] = str(f[key]);
  if (f.readStatus !== undefined) out.readStatus = str(f.readStatus, 'both');
  if (f.labelIds !== undefined) out.labelIds = labelIds(f.labelIds);
  if (f.includeSpamTrash !== undefined) out.includeSpamTrash = bool(f.includeSpamTrash, false);
  if (f.includeDrafts === true) warn('Gmail: the "include drafts" filter is not supported; Gmail\'s own default applies');
  return out;
}

function readOptions(o: Params, out: Params): void {
  if (o.downloadAttachments !== undefined) out.downloadAttachments = bool(o.downloadAttachments, false);
  if (o.dataPropertyAttachmentsPrefixName !== undefined) out.attachmentPrefix = str(o.dataPropertyAttachmentsPrefixName, 'attachment_');
}

function v2(ctx: MapContext): Mapping | { unsupported: string } {
  const p = ctx.params;
  const resource = str(p.resource, 'message');
  const operation = str(p.operation, DEFAULT_OPERATION[resource] ?? '');
  if (resource === 'message' && operation === 'sendAndWait') {
    const reply = importSendAndWait(p, ctx.warn);
    if ('unsupported' in reply) return { unsupported: `Gmail ${String(reply.unsupported)}` };
    return { type: 'gmail', params: { authentication: authentication(ctx), resource, operation, sendTo: str(p.sendTo), subject: str(p.subject), ...reply } };
  }
  if (!SUPPORTED[resource]?.includes(operation)) return { unsupported: `Gmail ${resource} operation "${operation}" is not supported` };
  const params: Params = { authentication: authentication(ctx), resource, operation };
  const options = obj(p.options);
  const emailType = str(p.emailType, ctx.version >= 2.1 ? 'html' : 'text');
  if (resource === 'message' && (operation === 'send' || operation === 'reply')) {
    if (operation === 'send') params.sendTo = str(p.sendTo);
    else params.messageId = str(p.messageId);
    if (operation === 'send') params.subject = str(p.subject);
    Object.assign(params, { message: str(p.message), emailType });
    composeOptions(options, params, ctx.warn, true);
  } else if (resource === 'draft') {
    Object.assign(params, { subject: str(p.subject), message: str(p.message), emailType });
    if (options.sendTo !== undefined) params.sendTo = str(options.sendTo);
    if (options.threadId !== undefined) params.threadId = str(options.threadId);
    composeOptions(options, params, ctx.warn, false);
  } else if (resource === 'label') {
    if (operation === 'getAll') Object.assign(params, { returnAll: bool(p.returnAll, false), limit: num(p.limit, 50) });
    if (operation === 'get' || operation === 'delete') params.labelId = str(p.labelId);
    if (operation === 'create') params.name = str(p.name);
  } else {
    const idKey = resource === 'thread' ? 'threadId' : 'messageId';
    if (operation !== 'getAll') params[idKey] = str(p[idKey]);
    if (operation === 'addLabels' || operation === 'removeLabels') params.labelIds = labelIds(p.labelIds);
    if (operation === 'get' || operation === 'getAll') {
      if (resource === 'message' || operation === 'get') params.simple = bool(p.simple, true);
      readOptions(options, params);
      if (resource === 'thread' && options.returnOnlyMessages !== undefined) params.returnOnlyMessages = bool(options.returnOnlyMessages, false);
    }
    if (operation === 'getAll') Object.assign(params, { returnAll: bool(p.returnAll, false), limit: num(p.limit, 50), filters: filtersOf(obj(p.filters), ctx.warn) });
  }
  return { type: 'gmail', params };
}

/** v1's format: 'resolved' (default) is the parsed message with attachments; metadata / minimal are simplified. */
function v1Format(fields: Params, params: Params, warn: (m: string) => void): void {
  const format = str(fields.format, 'resolved');
  params.simple = format === 'metadata' || format === 'minimal';
  params.downloadAttachments = format === 'resolved';
  if (format === 'raw' || format === 'full') warn(`Gmail 1: format "${format}" becomes the parsed message (Weft's Simplify off)`);
  if (fields.dataPropertyAttachmentsPrefixName !== undefined) params.attachmentPrefix = str(fields.dataPropertyAttachmentsPrefixName);
}

function v1(ctx: MapContext): Mapping | { unsupported: string } {
  const p = ctx.params;
  const resource = str(p.resource, 'message');
  const operation = str(p.operation, 'send');
  if (resource !== 'message' || !['send', 'get', 'getAll', 'delete'].includes(operation)) return { unsupported: `Gmail 1 ${resource} operation "${operation}" is not supported` };
  const fields = obj(p.additionalFields);
  const params: Params = { authentication: authentication(ctx), resource, operation };
  if (operation === 'send') {
    const html = p.includeHtml === true;
    Object.assign(params, { sendTo: arr(p.toList).map((x) => str(x)).join(', '), subject: str(p.subject), message: str(html ? p.htmlMessage : p.message), emailType: html ? 'html' : 'text' });
    if (html && str(p.message) !== '') ctx.warn('Gmail 1: the message is sent as HTML only; its plain-text version is dropped');
    for (const key of ['ccList', 'bccList'] as const) if (fields[key] !== undefined) params[key] = arr(fields[key]).map((x) => str(x)).join(', ');
    const attachments = attachmentNames(fields);
    if (attachments) params.attachments = attachments;
    return { type: 'gmail', params };
  }
  if (operation !== 'getAll') {
    params.messageId = str(p.messageId);
    if (operation === 'get') v1Format(fields, params, ctx.warn);
    return { type: 'gmail', params };
  }
  Object.assign(params, { returnAll: bool(p.returnAll, false), limit: num(p.limit, 10) });
  v1Format(fields, params, ctx.warn);
  params.filters = filtersOf({ q: fields.q, labelIds: fields.labelIds, includeSpamTrash: fields.includeSpamTrash }, ctx.warn);
  return { type: 'gmail', params };
}

export const gmail: Mapper = (ctx) => (ctx.version >= 2 ? v2(ctx) : v1(ctx));
