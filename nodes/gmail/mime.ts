/**
 * Email messages for the Gmail node: RFC 822 messages built with nodemailer's MIME composer (encoded-word
 * headers, quoted-printable bodies, multipart/mixed with base64 attachments), as Gmail's API takes them
 * (`raw`: base64url), and raw messages parsed with mailparser into n8n's "resolved" shape (the Gmail node
 * with Simplify off): the parsed fields, `headers` as { name: "Name: value" }, attachments as binary data.
 */
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { simpleParser, type AddressObject } from 'mailparser';
import type { BinaryData, JsonObject } from '../sdk';
import { makeBinary } from '../binary-data';

export interface OutgoingMail {
  from?: string;
  to?: string;
  cc?: string;
  bcc?: string;
  replyTo?: string;
  subject: string;
  /** The body: text or HTML. */
  body: string;
  html: boolean;
  /** With an HTML body: a plain-text alternative (multipart/alternative). */
  text?: string;
  attachments: { fileName: string; mimeType: string; bytes: Buffer }[];
  inReplyTo?: string;
  references?: string;
}

/** The message as RFC 822 bytes (Bcc kept: Gmail reads it and drops it before delivery). */
export async function buildRfc822(mail: OutgoingMail): Promise<Buffer> {
  const node = new MailComposer({
    from: mail.from || undefined,
    to: mail.to || undefined,
    cc: mail.cc || undefined,
    bcc: mail.bcc || undefined,
    replyTo: mail.replyTo || undefined,
    subject: mail.subject,
    ...(mail.html ? { html: mail.body, ...(mail.text ? { text: mail.text } : {}) } : { text: mail.body }),
    attachments: mail.attachments.map((a) => ({ filename: a.fileName, contentType: a.mimeType, content: a.bytes })),
    inReplyTo: mail.inReplyTo || undefined,
    references: mail.references || undefined,
  }).compile();
  (node as unknown as { keepBcc: boolean }).keepBcc = true;
  return node.build();
}

/** Gmail's `raw`: the message in base64url. */
export const rawOf = (bytes: Buffer): string => bytes.toString('base64url');

function addressJson(a: AddressObject | AddressObject[] | undefined): JsonObject | undefined {
  if (!a) return undefined;
  const one = Array.isArray(a) ? { value: a.flatMap((x) => x.value), text: a.map((x) => x.text).join(', '), html: a.map((x) => x.html).join(', ') } : a;
  return { value: one.value.map((v) => ({ address: v.address ?? '', name: v.name ?? '' })), html: one.html, text: one.text };
}

/**
 * A raw message parsed as n8n's Gmail node gives it with Simplify off: text, html, textAsHtml, subject, date,
 * from / to / cc / bcc / replyTo ({ value: [{ address, name }], text, html }), messageId, inReplyTo,
 * references, headers. Attachments become binary properties `<prefix><n>` when `download` is set.
 */
export async function parseRaw(raw: Buffer, attachmentPrefix: string, download: boolean): Promise<{ json: JsonObject; binary?: Record<string, BinaryData> }> {
  const parsed = await simpleParser(raw, { skipImageLinks: true });
  const json: JsonObject = {};
  const headers: JsonObject = {};
  for (const line of parsed.headerLines) headers[line.key] = line.line;
  if (parsed.html !== false && parsed.html !== undefined) json.html = parsed.html;
  if (parsed.text !== undefined) json.text = parsed.text;
  if (parsed.textAsHtml !== undefined) json.textAsHtml = parsed.textAsHtml;
  if (parsed.subject !== undefined) json.subject = parsed.subject;
  if (parsed.date) json.date = parsed.date.toISOString();
  for (const key of ['to', 'from', 'cc', 'bcc', 'replyTo'] as const) {
    const a = addressJson(parsed[key]);
    if (a) json[key] = a;
  }
  if (parsed.messageId) json.messageId = parsed.messageId;
  if (parsed.inReplyTo) json.inReplyTo = parsed.inReplyTo;
  if (parsed.references) json.references = parsed.references;
  json.headers = headers;
  if (!download || !parsed.attachments.length) return { json };
  const binary: Record<string, BinaryData> = {};
  parsed.attachments.forEach((a, i) => {
    binary[`${attachmentPrefix}${i}`] = makeBinary(a.content, { fileName: a.filename, mimeType: a.contentType });
  });
  return { json, binary };
}
