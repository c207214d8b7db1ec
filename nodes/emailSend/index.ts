/**
 * emailSend: n8n's Send Email node (n8n-nodes-base.emailSend v1, v2, v2.1) over SMTP with nodemailer and the
 * `smtp` credential (user, password, host, port, secure, disableStartTls, hostName: n8n's field names).
 * One message per item, each on its own SMTP connection (nodemailer's unpooled transport); a cancelled run
 * sends no further message; On Error continue / error output apply per item, as n8n's continueOnFail.
 * The output item is what the SMTP server accepted, as n8n outputs it: { accepted, rejected, envelope,
 * messageId, response, ... }.
 *
 * Params (n8n's names; n8n's options are flat params here):
 * - fromEmail, toEmail, ccEmail, bccEmail   addresses, comma-separated, "Name <a@b.c>" allowed
 * - subject
 * - emailFormat            'text' | 'html' | 'both' (default 'html', n8n 2.1's); text, html: the bodies
 * - attachments            comma-separated binary property names of the item to attach
 * - replyTo
 * - allowUnauthorizedCerts accept a server certificate that does not verify (default false)
 * - appendAttribution      append "This email was sent automatically with Weft" to the HTML body, else the text
 *                          (n8n 2.1 appends its own line by default; the importer sets this where n8n would)
 * - connectTimeoutMs       Weft: how long connecting may take (default 10 000)
 * - operation              'send' | 'sendAndWait' (n8n's "send and wait for response", ../send-and-wait.ts):
 *                          message, responseType, approvalOptions, formFields, sendAndWaitOptions. One email
 *                          (first item) from fromEmail to toEmail with the subject: an HTML body (the message
 *                          and its links as buttons) and a text alternative; then the execution parks until the
 *                          person answers, and the output is { data: { approved } }, { data: { text } } or the
 *                          form's fields
 */
import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type Mail from 'nodemailer/lib/mailer';
import { defineNode, NodeError, z, type Item, type JsonObject, type NodeContext } from '../sdk';
import { bytesOf, requireBinary } from '../binary-data';
import { perItem } from '../per-item';
import { noEmptyForm, replyHtml, replyLinks, replyOutput, replyText, sendAndWaitFields, waitForReply } from '../send-and-wait';

export const EMAIL_FORMATS = ['text', 'html', 'both'] as const;
export const EMAIL_ATTRIBUTION = 'This email was sent automatically with Weft';

const text = (fallback = '') => z.preprocess((v) => (typeof v === 'number' ? String(v) : v === null || v === undefined ? fallback : v), z.string()).default(fallback);

export const emailSendParams = z.object({
  ...sendAndWaitFields,
  operation: z.enum(['send', 'sendAndWait']).default('send').describe('Send an email, or send one and wait for the answer'),
  fromEmail: text().describe('From: address, or "Name <address>"'),
  toEmail: text().describe('To: addresses, comma-separated'),
  ccEmail: text().describe('CC: addresses, comma-separated'),
  bccEmail: text().describe('BCC: addresses, comma-separated'),
  subject: text().describe('Subject'),
  emailFormat: z.enum(EMAIL_FORMATS).default('html').describe('Send a text body, an HTML body, or both'),
  text: text().describe('Text body'),
  html: text().describe('HTML body'),
  attachments: text().describe('Binary properties of the item to attach, comma-separated'),
  replyTo: text().describe('Reply-To address'),
  allowUnauthorizedCerts: z.boolean().default(false).describe('Accept a server certificate that does not verify'),
  appendAttribution: z.boolean().default(false).describe('Append "This email was sent automatically with Weft"'),
  connectTimeoutMs: z.coerce.number().int().positive().default(10_000).describe('How long connecting to the SMTP server may take, in milliseconds'),
});

type Params = z.output<typeof emailSendParams>;
type Ctx = NodeContext<Params>;

export interface SmtpCredential {
  user?: string;
  password?: string;
  host: string;
  port: number;
  secure: boolean;
  disableStartTls: boolean;
  hostName?: string;
}

const flag = (v: unknown, fallback: boolean) => (v === undefined || v === null || v === '' ? fallback : v === true || v === 'true' || v === 1 || v === '1');

/** The credential as stored (the form sends text), with n8n's defaults (port 465, SSL/TLS on). */
export function readSmtpCredential(data: Record<string, unknown>, nodeName: string): SmtpCredential {
  const str = (v: unknown) => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');
  const host = str(data.host);
  if (!host) throw new NodeError(`Node "${nodeName}", credential "smtp": the host is empty`, { field: 'credentials' });
  const port = data.port === undefined || data.port === '' ? 465 : Number(data.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new NodeError(`Node "${nodeName}", credential "smtp": port "${str(data.port)}" is not a port number`, { field: 'credentials' });
  return {
    user: str(data.user) || undefined,
    password: typeof data.password === 'string' && data.password !== '' ? data.password : undefined,
    host,
    port,
    secure: flag(data.secure, true),
    disableStartTls: flag(data.disableStartTls, false),
    hostName: str(data.hostName) || undefined,
  };
}

/** The text with the password replaced, in case a server or library echoes it. */
export function scrubPassword(message: string, password: string | undefined): string {
  return password ? message.split(password).join('***').split(Buffer.from(password).toString('base64')).join('***') : message;
}

function transportOptions(cred: SmtpCredential, p: Params): SMTPTransport.Options {
  return {
    host: cred.host,
    port: cred.port,
    secure: cred.secure,
    ignoreTLS: !cred.secure && cred.disableStartTls,
    name: cred.hostName,
    auth: cred.user || cred.password ? { user: cred.user ?? '', pass: cred.password ?? '' } : undefined,
    tls: { rejectUnauthorized: !p.allowUnauthorizedCerts },
    connectionTimeout: p.connectTimeoutMs,
    greetingTimeout: p.connectTimeoutMs,
    logger: false,
    debug: false,
  };
}

function fail(ctx: Ctx, field: string, itemIndex: number, message: string): NodeError {
  return new NodeError(`Node "${ctx.node.name}", field "${field}" (item ${itemIndex}): ${message}`, { field, itemIndex });
}

/**
 * The item's binary properties named in `attachments`, as nodemailer attachments with the property name as
 * content id (an HTML body can show one as <img src="cid:name">). An item without any binary data is sent
 * without attachments, as n8n does (logged); one that lacks a named property fails.
 */
function attachmentsOf(ctx: Ctx, p: Params, item: Item, itemIndex: number): Mail.Attachment[] {
  const names = p.attachments.split(',').map((s) => s.trim()).filter(Boolean);
  if (names.length && !item.binary) {
    ctx.log.warn('item has no binary data: sent without attachments', { itemIndex, attachments: p.attachments });
    return [];
  }
  return names.map((name) => {
    const bin = requireBinary(item, name, ctx.node.name, 'attachments', itemIndex);
    return { filename: bin.fileName ?? name, content: bytesOf(bin), contentType: bin.mimeType, cid: name };
  });
}

/** The message of one item: bodies by emailFormat, attribution, attachments. */
export function messageOf(ctx: Ctx, p: Params, item: Item, itemIndex: number): Mail.Options {
  if (!p.fromEmail.trim()) throw fail(ctx, 'fromEmail', itemIndex, 'is empty; the email needs a sender');
  if (!p.toEmail.trim()) throw fail(ctx, 'toEmail', itemIndex, 'is empty; the email needs a recipient');
  const message: Mail.Options = { from: p.fromEmail, to: p.toEmail, subject: p.subject };
  if (p.ccEmail.trim()) message.cc = p.ccEmail;
  if (p.bccEmail.trim()) message.bcc = p.bccEmail;
  if (p.replyTo.trim()) message.replyTo = p.replyTo;
  if (p.emailFormat !== 'html') message.text = p.text;
  if (p.emailFormat !== 'text') message.html = p.html;
  // As n8n: the line goes into the HTML body when there is one, else into the text.
  if (p.appendAttribution && message.html) message.html = `${p.html}<br><br>---<br><em>${EMAIL_ATTRIBUTION}</em>`;
  else if (p.appendAttribution) message.text = `${p.text}\n\n---\n${EMAIL_ATTRIBUTION}`;
  const attachments = attachmentsOf(ctx, p, item, itemIndex);
  if (attachments.length) message.attachments = attachments;
  return message;
}

/** The sendAndWait email: the message with its links, as HTML and as text. */
export function sendAndWaitMessage(ctx: Ctx, p: Params): Mail.Options {
  if (!p.fromEmail.trim()) throw fail(ctx, 'fromEmail', 0, 'is empty; the email needs a sender');
  if (!p.toEmail.trim()) throw fail(ctx, 'toEmail', 0, 'is empty; the email needs a recipient');
  const links = replyLinks(ctx as NodeContext<unknown>, p);
  noEmptyForm(ctx as NodeContext<unknown>, p);
  let html = replyHtml(p.message, links);
  let text = replyText(p.message, links);
  if (p.sendAndWaitOptions.appendAttribution === true) {
    html += `<p style="font-size:12px;color:#6b7280"><em>${EMAIL_ATTRIBUTION}</em></p>`;
    text += `\n\n---\n${EMAIL_ATTRIBUTION}`;
  }
  return { from: p.fromEmail, to: p.toEmail, subject: p.subject, html, text };
}

/** The field an SMTP failure is about: recipients, sender, or the credential (connection, login). */
function fieldOfError(err: Error & { code?: string; responseCode?: number; command?: string }): string {
  if (err.code === 'EENVELOPE' || err.command === 'RCPT TO') return 'toEmail';
  if (err.command === 'MAIL FROM') return 'fromEmail';
  if (err.code === 'EMESSAGE' || err.command === 'DATA') return 'subject';
  return 'credentials';
}

/** Sends one item's message; failures name the field, or the credential for connection and login. */
async function sendItem(ctx: Ctx, cred: SmtpCredential, transport: nodemailer.Transporter<SMTPTransport.SentMessageInfo>, item: Item, i: number): Promise<Item> {
  return sendMessage(ctx, cred, transport, messageOf(ctx, ctx.params(i), item, i), i);
}

async function sendMessage(ctx: Ctx, cred: SmtpCredential, transport: nodemailer.Transporter<SMTPTransport.SentMessageInfo>, message: Mail.Options, i: number): Promise<Item> {
  if (ctx.signal.aborted) throw ctx.signal.reason instanceof Error ? ctx.signal.reason : new Error('The execution was cancelled');
  try {
    const info = await transport.sendMail(message);
    return { json: JSON.parse(JSON.stringify(info)) as JsonObject, pairedItem: { item: i } };
  } catch (err) {
    if (ctx.signal.aborted) throw ctx.signal.reason instanceof Error ? ctx.signal.reason : new Error('The execution was cancelled');
    const e = err as Error & { code?: string; command?: string };
    const field = fieldOfError(e);
    const text = scrubPassword(`sending failed at SMTP server ${cred.host}:${cred.port}: ${e.message}`, cred.password);
    if (field === 'credentials') throw new NodeError(`Node "${ctx.node.name}", credential "smtp" (item ${i}): ${text}`, { field, itemIndex: i, description: 'Check the host, port, SSL/TLS setting, user and password of the SMTP credential.' });
    throw fail(ctx, field, i, text);
  }
}

/** The credential "Test": connect, log in if the credential has a user, and quit; never shows the password. */
export async function verifySmtp(data: Record<string, unknown>, timeoutMs = 10_000): Promise<{ ok: boolean; message: string }> {
  let cred: SmtpCredential;
  try {
    cred = readSmtpCredential(data, 'test');
  } catch (err) {
    return { ok: false, message: (err as Error).message.replace(/^Node "test", credential "smtp": /, '') };
  }
  const transport = nodemailer.createTransport(transportOptions(cred, emailSendParams.parse({ connectTimeoutMs: timeoutMs })));
  try {
    await transport.verify();
    return { ok: true, message: `The SMTP server ${cred.host}:${cred.port} accepted the connection${cred.user ? ' and the login' : ''}.` };
  } catch (err) {
    return { ok: false, message: scrubPassword(`The SMTP server ${cred.host}:${cred.port}: ${(err as Error).message}`, cred.password) };
  } finally {
    transport.close();
  }
}

export const emailSendNode = defineNode({
  type: 'emailSend',
  version: 1,
  displayName: 'Send Email',
  description: 'Send an email over SMTP, with text or HTML body and attachments from binary data, or send one and wait for the answer',
  category: 'integration',
  icon: 'mail',
  inputs: [{ name: 'main' }],
  outputs: [{ name: 'main' }],
  params: emailSendParams,
  credentials: [{ name: 'smtp', type: 'smtp', required: true }],
  async execute(ctx) {
    if (ctx.items.length === 0) return { main: [] };
    const first = ctx.params(0);
    // sendAndWait resumed: the answer is the output; nothing is sent again.
    if (first.operation === 'sendAndWait' && ctx.resume) return replyOutput(ctx as NodeContext<unknown>, first);
    const cred = readSmtpCredential(await ctx.credentials('smtp'), ctx.node.name);
    const transport = nodemailer.createTransport(transportOptions(cred, first));
    const onAbort = () => transport.close();
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    try {
      if (first.operation === 'sendAndWait') {
        await sendMessage(ctx, cred, transport, sendAndWaitMessage(ctx, first), 0);
        return waitForReply(ctx as NodeContext<unknown>, first);
      }
      return await perItem(ctx as NodeContext<unknown>, 'main', (item, i) => sendItem(ctx, cred, transport, item, i));
    } finally {
      ctx.signal.removeEventListener('abort', onAbort);
      transport.close();
    }
  },
});

export default emailSendNode;
