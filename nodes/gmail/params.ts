/** The Gmail node's parameters (n8n's names) and operations; see index.ts. */
import { z } from '../sdk';
import { sendAndWaitFields } from '../send-and-wait';

export const GMAIL_SCOPE = 'https://mail.google.com/';
export const DEFAULT_GMAIL_URL = 'https://gmail.googleapis.com';
export const GMAIL_OPERATIONS = {
  message: ['send', 'reply', 'sendAndWait', 'get', 'getAll', 'markAsRead', 'markAsUnread', 'addLabels', 'removeLabels', 'delete'],
  draft: ['create'],
  label: ['getAll', 'get', 'create', 'delete'],
  thread: ['get', 'getAll', 'addLabels', 'removeLabels'],
} as const;
const ALL_OPERATIONS = [...new Set(Object.values(GMAIL_OPERATIONS).flat())] as [string, ...string[]];

const text = (fallback = '') => z.preprocess((v) => (typeof v === 'number' ? String(v) : v === null || v === undefined ? fallback : v), z.string()).default(fallback);
/** Ids as an array: an array, or text separated by commas. */
const idList = () =>
  z
    .preprocess((v) => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? v.split(',') : v === undefined || v === null ? [] : [String(v)]), z.array(z.string()))
    .transform((a) => a.map((s) => s.trim()).filter(Boolean))
    .default([]);

export const gmailParams = z.object({
  // sendAndWait (../send-and-wait.ts); message and subject are the node's own below.
  ...sendAndWaitFields,
  authentication: z.enum(['oAuth2', 'serviceAccount', 'accessToken']).default('oAuth2').describe('OAuth2 (gmailOAuth2), a service account with a delegated user (googleApi), or a bearer token'),
  resource: z.enum(['message', 'draft', 'label', 'thread']).default('message').describe('What to work on'),
  operation: z.enum(ALL_OPERATIONS).default('send').describe('What to do'),
  messageId: text().describe('Message ID'),
  threadId: text().describe('Thread ID (draft create: the thread the draft replies in)'),
  labelId: text().describe('Label get / delete: the label ID'),
  labelIds: idList().describe('addLabels / removeLabels: label IDs'),
  sendTo: text().describe('To (comma-separated addresses)'),
  subject: text().describe('Subject'),
  message: text().describe('Message body (text or HTML, see emailType)'),
  emailType: z.enum(['text', 'html']).default('html').describe('The body is plain text or HTML'),
  ccList: text().describe('CC (comma-separated)'),
  bccList: text().describe('BCC (comma-separated)'),
  senderName: text().describe('Sender name shown with your address'),
  replyTo: text().describe('Reply-To address'),
  replyToSenderOnly: z.boolean().default(false).describe('Reply: only to the sender, not to everyone on the message'),
  attachments: text().describe('Binary properties to attach (comma-separated, e.g. data,attachment_0)'),
  simple: z.boolean().default(true).describe('Get: a simplified message (headers as fields) or the whole parsed message'),
  downloadAttachments: z.boolean().default(false).describe('Simplify off: attachments as binary data'),
  attachmentPrefix: text('attachment_').describe('Binary property prefix of downloaded attachments'),
  returnAll: z.boolean().default(false).describe('getAll: every result'),
  limit: z.coerce.number().int().positive().default(50).describe('getAll: at most this many'),
  filters: z
    .object({
      q: text().describe('Gmail search query (as in the Gmail search box)'),
      sender: text().describe('From this address or name'),
      readStatus: z.enum(['both', 'read', 'unread']).default('both'),
      labelIds: idList(),
      receivedAfter: text().describe('A date'),
      receivedBefore: text().describe('A date'),
      includeSpamTrash: z.boolean().default(false),
    })
    .default({ q: '', sender: '', readStatus: 'both', labelIds: [], receivedAfter: '', receivedBefore: '', includeSpamTrash: false })
    .describe('getAll: which messages or threads'),
  returnOnlyMessages: z.boolean().default(false).describe('Thread get: the thread\'s messages as items'),
  name: text().describe('Label create: the label name'),
  apiUrl: text(DEFAULT_GMAIL_URL).describe('Gmail API address (default https://gmail.googleapis.com)'),
});

export type GmailParams = z.output<typeof gmailParams>;
