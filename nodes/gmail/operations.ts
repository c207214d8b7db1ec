/**
 * The Gmail node's operations on the Gmail REST API (users/me). One call per item and operation, except
 * getAll (a list, then each message) and reply (the original's headers first). The label list (for the
 * simplified output's label names) and the account's address (reply-all, sender name) are fetched once per
 * node run.
 */
import { NodeError, type Item, type JsonObject, type NodeContext } from '../sdk';
import { fieldError } from '../per-item';
import { bytesOf, requireBinary } from '../binary-data';
import { GoogleApiError, type GoogleAuth } from '../google/auth';
import { googleJson, multipartBody, queryOf } from '../google/http';
import { buildRfc822, parseRaw, rawOf, type OutgoingMail } from './mime';
import { DEFAULT_GMAIL_URL, GMAIL_OPERATIONS, type GmailParams } from './params';
import { replyHtml, replyText, type ReplyLink } from '../send-and-wait';

export interface GmailRun {
  ctx: NodeContext<GmailParams>;
  auth: GoogleAuth;
  fetchImpl: typeof fetch;
  /** Per node run: label id -> name, the account's address. */
  state: { labels?: Map<string, string>; profile?: string };
}

const SIMPLE_HEADERS = ['From', 'To', 'Cc', 'Bcc', 'Subject'];
/** Messages larger than this go to Gmail's upload endpoint (its JSON `raw` body is limited to about 5 MB). */
export const UPLOAD_ABOVE_BYTES = 4 * 1024 * 1024;
type Q = Record<string, string | number | boolean | string[] | undefined>;

class Gmail {
  readonly root: string;
  readonly base: string;
  constructor(
    readonly run: GmailRun,
    readonly p: GmailParams,
    readonly itemIndex: number,
    /** The field an API failure is about. */
    readonly field: string,
  ) {
    this.root = (p.apiUrl.trim() || DEFAULT_GMAIL_URL).replace(/\/+$/, '');
    this.base = `${this.root}/gmail/v1/users/me/`;
  }

  async call(method: string, path: string, query: Q = {}, json?: unknown): Promise<JsonObject> {
    return this.request({ method, url: this.base + path + queryOf(query), json, what: `${method} ${path}` });
  }

  /** A message as a message/rfc822 part after its JSON metadata (uploadType=multipart). */
  async upload(path: string, metadata: JsonObject, message: Buffer): Promise<JsonObject> {
    const { body, contentType } = multipartBody(metadata, message, 'message/rfc822');
    return this.request({ method: 'POST', url: `${this.root}/upload/gmail/v1/users/me/${path}${queryOf({ uploadType: 'multipart' })}`, body, contentType, what: `POST upload ${path}` });
  }

  private async request(req: Parameters<typeof googleJson>[1]): Promise<JsonObject> {
    try {
      return (await googleJson(this.run.auth, req, this.run.ctx.signal, this.run.fetchImpl)) as JsonObject;
    } catch (err) {
      if (!(err instanceof GoogleApiError)) throw err;
      throw fieldError(this.run.ctx as NodeContext<unknown>, this.field, this.itemIndex, `Gmail ${err.message}`);
    }
  }

  fail(field: string, problem: string): NodeError {
    return fieldError(this.run.ctx as NodeContext<unknown>, field, this.itemIndex, problem);
  }

  need(field: 'messageId' | 'threadId' | 'labelId' | 'sendTo' | 'name'): string {
    const v = this.p[field].trim();
    if (!v) throw this.fail(field, `is empty; ${this.p.resource} ${this.p.operation} needs it`);
    return v;
  }

  async labelNames(): Promise<Map<string, string>> {
    if (!this.run.state.labels) {
      const got = await this.call('GET', 'labels');
      this.run.state.labels = new Map(((got.labels as JsonObject[] | undefined) ?? []).map((l) => [String(l.id), String(l.name)]));
    }
    return this.run.state.labels;
  }

  async myAddress(): Promise<string> {
    if (this.run.state.profile === undefined) this.run.state.profile = String((await this.call('GET', 'profile')).emailAddress ?? '');
    return this.run.state.profile;
  }
}

/** n8n's Simplify: headers From, To, Cc, Bcc, Subject as fields, labelIds as labels { id, name }. */
async function simplify(g: Gmail, msg: JsonObject): Promise<JsonObject> {
  const { payload, labelIds, ...rest } = msg;
  const out: JsonObject = { ...rest };
  if (Array.isArray(labelIds)) {
    const names = await g.labelNames();
    out.labels = (labelIds as string[]).map((id) => ({ id, name: names.get(id) ?? id }));
  }
  for (const h of ((payload as JsonObject | undefined)?.headers as { name: string; value: string }[] | undefined) ?? []) {
    const name = SIMPLE_HEADERS.find((n) => n.toLowerCase() === h.name.toLowerCase());
    if (name) out[name] = h.value;
  }
  return out;
}

const metadataQuery = (headers = SIMPLE_HEADERS): Q => ({ format: 'metadata', metadataHeaders: headers });

async function getMessage(g: Gmail, id: string): Promise<Item> {
  const path = `messages/${encodeURIComponent(id)}`;
  if (g.p.simple) return { json: await simplify(g, await g.call('GET', path, metadataQuery())) };
  const msg = await g.call('GET', path, { format: 'raw' });
  const { raw, ...meta } = msg;
  const parsed = await parseRaw(Buffer.from(String(raw ?? ''), 'base64url'), g.p.attachmentPrefix, g.p.downloadAttachments);
  return { json: { ...meta, ...parsed.json }, ...(parsed.binary ? { binary: parsed.binary } : {}) };
}

/** getAll filters as Gmail's search query (n8n's order: sender, read status, dates, then q). */
function searchOf(g: Gmail): Q {
  const f = g.p.filters;
  const parts: string[] = [];
  if (f.sender.trim()) parts.push(`from:${f.sender.trim()}`);
  if (f.readStatus !== 'both') parts.push(`is:${f.readStatus}`);
  for (const [key, op] of [['receivedAfter', 'after'], ['receivedBefore', 'before']] as const) {
    const v = f[key].trim();
    if (!v) continue;
    const ms = /^\d+$/.test(v) ? Number(v) * (v.length > 11 ? 1 : 1000) : Date.parse(v);
    if (Number.isNaN(ms)) throw g.fail('filters', `${key} "${v}" is not a date`);
    parts.push(`${op}:${Math.floor(ms / 1000)}`);
  }
  if (f.q.trim()) parts.push(f.q.trim());
  return { q: parts.join(' ') || undefined, labelIds: f.labelIds.length ? f.labelIds : undefined, includeSpamTrash: f.includeSpamTrash || undefined };
}

/** Every entry of a paged list (messages, threads, drafts), or up to `limit`. */
async function list(g: Gmail, path: string, key: string, query: Q): Promise<JsonObject[]> {
  const out: JsonObject[] = [];
  let pageToken: string | undefined;
  do {
    const maxResults = g.p.returnAll ? 500 : Math.min(500, g.p.limit - out.length);
    const page = await g.call('GET', path, { ...query, maxResults, pageToken });
    out.push(...(((page[key] as JsonObject[] | undefined) ?? []) as JsonObject[]));
    pageToken = typeof page.nextPageToken === 'string' && page.nextPageToken ? page.nextPageToken : undefined;
  } while (pageToken && (g.p.returnAll || out.length < g.p.limit));
  return g.p.returnAll ? out : out.slice(0, g.p.limit);
}

function attachmentsOf(g: Gmail, item: Item): OutgoingMail['attachments'] {
  const names = g.p.attachments.split(',').map((s) => s.trim()).filter(Boolean);
  return names.map((name) => {
    const bin = requireBinary(item, name, g.run.ctx.node.name, 'attachments', g.itemIndex);
    return { fileName: bin.fileName ?? name, mimeType: bin.mimeType || 'application/octet-stream', bytes: bytesOf(bin) };
  });
}

async function fromOf(g: Gmail): Promise<string | undefined> {
  const name = g.p.senderName.trim();
  if (!name) return undefined;
  return `"${name.replace(/["\\]/g, '')}" <${await g.myAddress()}>`;
}

async function outgoing(g: Gmail, item: Item, to: string | undefined): Promise<OutgoingMail> {
  return {
    from: await fromOf(g),
    to,
    cc: g.p.ccList,
    bcc: g.p.bccList,
    replyTo: g.p.replyTo,
    subject: g.p.subject,
    body: g.p.message,
    html: g.p.emailType === 'html',
    attachments: attachmentsOf(g, item),
  };
}

const headerOf = (msg: JsonObject, name: string): string =>
  (((msg.payload as JsonObject | undefined)?.headers as { name: string; value: string }[] | undefined) ?? []).find((h) => h.name.toLowerCase() === name.toLowerCase())?.value ?? '';

/** Addresses of a header value ("A <a@x>, b@y") without the given one. */
function addressesWithout(value: string, self: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s && (!self || !s.toLowerCase().includes(self.toLowerCase())));
}

async function reply(g: Gmail, item: Item): Promise<JsonObject> {
  const id = g.need('messageId');
  const original = await g.call('GET', `messages/${encodeURIComponent(id)}`, metadataQuery(['From', 'To', 'Cc', 'Reply-To', 'Subject', 'Message-ID', 'References']));
  const self = g.p.replyToSenderOnly ? '' : await g.myAddress();
  const to = [headerOf(original, 'Reply-To') || headerOf(original, 'From')];
  if (!g.p.replyToSenderOnly) to.push(...addressesWithout(headerOf(original, 'To'), self), ...addressesWithout(headerOf(original, 'Cc'), self));
  const mail = await outgoing(g, item, [...new Set(to.filter(Boolean))].join(', '));
  const subject = headerOf(original, 'Subject');
  mail.subject = /^re:/i.test(subject) ? subject : `Re: ${subject}`;
  const messageId = headerOf(original, 'Message-ID');
  if (messageId) {
    mail.inReplyTo = messageId;
    mail.references = [headerOf(original, 'References'), messageId].filter(Boolean).join(' ');
  }
  return sendMessage(g, await buildRfc822(mail), String(original.threadId ?? ''));
}

/** Sends a message (in a thread); a large one through the upload endpoint. */
async function sendMessage(g: Gmail, bytes: Buffer, threadId = ''): Promise<JsonObject> {
  const meta: JsonObject = threadId ? { threadId } : {};
  if (bytes.length > UPLOAD_ABOVE_BYTES) return g.upload('messages/send', meta, bytes);
  return g.call('POST', 'messages/send', {}, { raw: rawOf(bytes), ...meta });
}

export const GMAIL_ATTRIBUTION = 'This email was sent automatically with Weft';

/** sendAndWait's email (first item): the message with its links as HTML buttons, and a text alternative. */
export async function sendReplyRequest(run: GmailRun, p: GmailParams, links: ReplyLink[], attribution: boolean): Promise<JsonObject> {
  const g = new Gmail(run, p, 0, 'sendTo');
  let html = replyHtml(p.message, links);
  let text = replyText(p.message, links);
  if (attribution) {
    html += `<p style="font-size:12px;color:#6b7280"><em>${GMAIL_ATTRIBUTION}</em></p>`;
    text += `\n\n---\n${GMAIL_ATTRIBUTION}`;
  }
  const mail: OutgoingMail = { to: g.need('sendTo'), subject: p.subject, body: html, html: true, text, attachments: [] };
  return sendMessage(g, await buildRfc822(mail));
}

/** Creates a draft (in a thread); a large one through the upload endpoint. */
async function createDraft(g: Gmail, bytes: Buffer, threadId: string): Promise<JsonObject> {
  const meta: JsonObject = threadId ? { threadId } : {};
  if (bytes.length > UPLOAD_ABOVE_BYTES) return g.upload('drafts', { message: meta }, bytes);
  return g.call('POST', 'drafts', {}, { message: { raw: rawOf(bytes), ...meta } });
}

/** The field an API failure of this operation is about. */
function fieldOf(p: GmailParams): string {
  if (p.operation === 'getAll') return 'filters';
  if (p.resource === 'draft') return 'subject';
  if (p.resource === 'label') return p.operation === 'create' ? 'name' : 'labelId';
  if (p.resource === 'thread') return 'threadId';
  return p.operation === 'send' ? 'sendTo' : 'messageId';
}

async function runItem(g: Gmail, item: Item): Promise<Item[]> {
  const p = g.p;
  const one = (json: JsonObject): Item[] => [{ json }];
  if (p.resource === 'message') {
    const path = () => `messages/${encodeURIComponent(g.need('messageId'))}`;
    switch (p.operation) {
      case 'send':
        return one(await sendMessage(g, await buildRfc822(await outgoing(g, item, g.need('sendTo')))));
      case 'reply':
        return one(await reply(g, item));
      case 'sendAndWait':
        throw g.fail('operation', 'sendAndWait is read from the first item only');
      case 'get':
        return [await getMessage(g, g.need('messageId'))];
      case 'getAll': {
        const refs = await list(g, 'messages', 'messages', searchOf(g));
        const out: Item[] = [];
        for (const ref of refs) out.push(await getMessage(g, String(ref.id)));
        return out;
      }
      case 'delete':
        await g.call('DELETE', path());
        return one({ success: true });
      case 'markAsRead':
      case 'markAsUnread': {
        const key = p.operation === 'markAsRead' ? 'removeLabelIds' : 'addLabelIds';
        return one(await g.call('POST', `${path()}/modify`, {}, { [key]: ['UNREAD'] }));
      }
      case 'addLabels':
      case 'removeLabels':
        return one(await g.call('POST', `${path()}/modify`, {}, { [p.operation === 'addLabels' ? 'addLabelIds' : 'removeLabelIds']: p.labelIds }));
    }
  }
  if (p.resource === 'draft') {
    const mail = await outgoing(g, item, p.sendTo.trim() || undefined);
    return one(await createDraft(g, await buildRfc822(mail), p.threadId.trim()));
  }
  if (p.resource === 'label') {
    switch (p.operation) {
      case 'getAll': {
        const labels = ((await g.call('GET', 'labels')).labels as JsonObject[] | undefined) ?? [];
        return (p.returnAll ? labels : labels.slice(0, p.limit)).map((json) => ({ json }));
      }
      case 'get':
        return one(await g.call('GET', `labels/${encodeURIComponent(g.need('labelId'))}`));
      case 'create':
        return one(await g.call('POST', 'labels', {}, { name: g.need('name'), labelListVisibility: 'labelShow', messageListVisibility: 'show' }));
      case 'delete':
        await g.call('DELETE', `labels/${encodeURIComponent(g.need('labelId'))}`);
        return one({ success: true });
    }
  }
  // thread
  switch (p.operation) {
    case 'getAll':
      return (await list(g, 'threads', 'threads', searchOf(g))).map((json) => ({ json }));
    case 'get': {
      const thread = await g.call('GET', `threads/${encodeURIComponent(g.need('threadId'))}`, p.simple ? metadataQuery() : { format: 'full' });
      const messages = (thread.messages as JsonObject[] | undefined) ?? [];
      const shaped: JsonObject[] = [];
      for (const m of messages) shaped.push(p.simple ? await simplify(g, m) : m);
      if (p.returnOnlyMessages) return shaped.map((json) => ({ json }));
      return one({ ...thread, messages: shaped });
    }
    default:
      return one(await g.call('POST', `threads/${encodeURIComponent(g.need('threadId'))}/modify`, {}, { [p.operation === 'addLabels' ? 'addLabelIds' : 'removeLabelIds']: p.labelIds }));
  }
}

export async function runGmail(run: GmailRun, p: GmailParams, item: Item, itemIndex: number): Promise<Item[]> {
  if (!(GMAIL_OPERATIONS[p.resource] as readonly string[]).includes(p.operation)) {
    throw fieldError(run.ctx as NodeContext<unknown>, 'operation', itemIndex, `${p.resource} has no operation "${p.operation}" (one of ${GMAIL_OPERATIONS[p.resource].join(', ')})`);
  }
  const g = new Gmail(run, p, itemIndex, fieldOf(p));
  return (await runItem(g, item)).map((out) => ({ ...out, pairedItem: { item: itemIndex } }));
}
