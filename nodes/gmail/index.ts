/**
 * gmail: n8n's Gmail node (n8n-nodes-base.gmail v2-v2.1, and v1's message send / getAll) on the Gmail REST API
 * (`{apiUrl}/gmail/v1/users/me/...`). Authentication (n8n's `authentication`): 'oAuth2' (the gmailOAuth2 slot:
 * n8n's gmailOAuth2 / googleOAuth2Api types or Weft's oAuth2Api; the runtime gives a current access token) or
 * 'serviceAccount' (googleApi, with the mailbox's user as delegatedEmail: domain-wide delegation).
 *
 * Params (n8n's names; n8n's options and filters collections are flat here unless noted):
 * - resource / operation   message: send | reply | sendAndWait | get | getAll | markAsRead | markAsUnread | addLabels |
 *                          removeLabels | delete; draft: create; label: getAll | get | create | delete;
 *                          thread: get | getAll | addLabels | removeLabels
 * - messageId, threadId, labelId, labelIds (ids: an array or comma-separated text)
 * - sendTo, subject, message, emailType ('text' | 'html'), ccList, bccList, senderName, replyTo,
 *   replyToSenderOnly, attachments (comma-separated binary property names: n8n's attachmentsUi)
 * - simple                 get / getAll / thread get: n8n's Simplify (metadata: headers From, To, Cc, Bcc, Subject
 *                          as fields, labels with names) or the whole message parsed (text, html, headers, ...)
 * - downloadAttachments, attachmentPrefix (n8n's dataPropertyAttachmentsPrefixName)   with Simplify off
 * - returnAll, limit, filters { q, sender, readStatus, labelIds, receivedAfter, receivedBefore, includeSpamTrash }
 * - returnOnlyMessages     thread get: the thread's messages as items
 * - name                   label create
 * - apiUrl                 Gmail API address (default https://gmail.googleapis.com; tests point it elsewhere)
 * - message sendAndWait   n8n's "send and wait for response" (../send-and-wait.ts: message, responseType,
 *                          approvalOptions, formFields, sendAndWaitOptions): one email (first item) to sendTo with
 *                          the subject, the message and its links as HTML buttons plus a text alternative; then the
 *                          execution parks until the person answers: { data: { approved } }, { data: { text } } or
 *                          the form's fields
 * Messages over 4 MB go through Gmail's upload endpoint (multipart: metadata, then message/rfc822).
 * Each input item makes its own calls; n8n's On Error setting applies per item. Errors name the node and the
 * field; never a token or the private key.
 */
import { defineNode, type NodeContext } from '../sdk';
import { perItem } from '../per-item';
import { bearerAuth, oauth2Auth, readServiceAccount, serviceAccountAuth, type GoogleAuth } from '../google/auth';
import { runGmail, sendReplyRequest } from './operations';
import { noEmptyForm, replyLinks, replyOutput, waitForReply } from '../send-and-wait';
import { GMAIL_SCOPE, gmailParams, type GmailParams } from './params';

export { DEFAULT_GMAIL_URL, GMAIL_OPERATIONS, GMAIL_SCOPE, gmailParams, type GmailParams } from './params';

type Ctx = NodeContext<GmailParams>;

async function authOf(ctx: Ctx, p: GmailParams): Promise<GoogleAuth> {
  if (p.authentication === 'serviceAccount') return serviceAccountAuth(readServiceAccount(await ctx.credentials('googleApi'), ctx.node.name), GMAIL_SCOPE);
  if (p.authentication === 'accessToken') return bearerAuth(await ctx.credentials('httpBearerAuth'), ctx.node.name);
  return oauth2Auth(ctx as NodeContext<unknown>, 'gmailOAuth2');
}

export const gmailNode = defineNode({
  type: 'gmail',
  version: 1,
  displayName: 'Gmail',
  description: 'Send and reply to email (or send and wait for an answer), read, search, label and delete messages and threads, create drafts, list labels',
  category: 'integration',
  icon: 'mail',
  inputs: [{ name: 'main' }],
  outputs: [{ name: 'main' }],
  params: gmailParams,
  credentials: [
    { name: 'gmailOAuth2', type: 'gmailOAuth2', types: ['gmailOAuth2', 'googleOAuth2Api', 'oAuth2Api'], shownWhen: { authentication: ['oAuth2'] } },
    { name: 'googleApi', type: 'googleApi', shownWhen: { authentication: ['serviceAccount'] } },
    { name: 'httpBearerAuth', type: 'httpBearerAuth', shownWhen: { authentication: ['accessToken'] } },
  ],
  async execute(ctx) {
    if (ctx.items.length === 0) return { main: [] };
    const first = ctx.params(0);
    const sendAndWait = first.resource === 'message' && first.operation === 'sendAndWait';
    // sendAndWait resumed: the answer is the output; nothing is sent again.
    if (sendAndWait && ctx.resume) return replyOutput(ctx as NodeContext<unknown>, first);
    const auth = await authOf(ctx, first);
    const fetchImpl = ctx.services.fetch ?? globalThis.fetch;
    const state = { labels: undefined as Map<string, string> | undefined, profile: undefined as string | undefined };
    if (sendAndWait) {
      const links = replyLinks(ctx as NodeContext<unknown>, first);
      noEmptyForm(ctx as NodeContext<unknown>, first);
      await sendReplyRequest({ ctx, auth, fetchImpl, state }, first, links, first.sendAndWaitOptions.appendAttribution === true);
      return waitForReply(ctx as NodeContext<unknown>, first);
    }
    return perItem(ctx as NodeContext<unknown>, 'main', (item, i) => runGmail({ ctx, auth, fetchImpl, state }, i === 0 ? first : ctx.params(i), item, i));
  },
});

export default gmailNode;
