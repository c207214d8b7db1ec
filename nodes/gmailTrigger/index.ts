/**
 * gmailTrigger: n8n's Gmail Trigger (n8n-nodes-base.gmailTrigger v1-1.2, event "messageReceived"). While the
 * workflow is active Weft polls the mailbox on `pollTimes` (server/triggers/polls.ts) with the Gmail node's
 * own API code (nodes/gmail: message getAll with the filters, then each message, simplified or parsed) and
 * starts one execution with the messages received since the previous poll. The first poll after activation
 * only records the time.
 *
 * "New": Gmail's search `after:<seconds>` from a minute before the previous poll (Gmail's dates are coarse),
 * minus the messages the previous poll already returned. State: { lastTimeChecked (s), seen: [ids] }.
 * Drafts are left out unless filters.includeDrafts. A manual run (the editor's "test") emits the newest
 * message that matches the filters.
 *
 * Params (n8n's names): authentication ('oAuth2': gmailOAuth2 slot; 'serviceAccount': googleApi), simple,
 * filters { q, sender, readStatus, labelIds, includeSpamTrash, includeDrafts }, options
 * { downloadAttachments, dataPropertyAttachmentsPrefixName } (with simple off), pollTimes; Weft: apiUrl.
 */
import { defineNode, z, type Item, type JsonObject, type NodeContext, type PollResult } from '../sdk';
import { oauth2Auth, readServiceAccount, serviceAccountAuth, type GoogleAuth } from '../google/auth';
import { runGmail } from '../gmail/operations';
import { DEFAULT_GMAIL_URL, GMAIL_SCOPE, gmailParams } from '../gmail/params';
import { pollTimesSchema } from '../../server/triggers/poll-times';

const text = (fallback = '') => z.preprocess((v) => (v === null || v === undefined ? fallback : typeof v === 'number' ? String(v) : v), z.string()).default(fallback);

export const gmailTriggerParams = z.object({
  authentication: z.enum(['oAuth2', 'serviceAccount']).default('oAuth2').describe('OAuth2 (gmailOAuth2) or a service account with a delegated user (googleApi)'),
  event: z.literal('messageReceived').default('messageReceived'),
  simple: z.boolean().default(true).describe('Simplified messages (headers as fields, labels with names) or the whole parsed message'),
  filters: z
    .object({
      q: text().describe('Gmail search query'),
      sender: text().describe('From this address or name'),
      readStatus: z.enum(['both', 'read', 'unread']).default('both'),
      labelIds: z.preprocess((v) => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : []), z.array(z.string())).default([]),
      includeSpamTrash: z.boolean().default(false),
      includeDrafts: z.boolean().default(false),
    })
    .default({ q: '', sender: '', readStatus: 'both', labelIds: [], includeSpamTrash: false, includeDrafts: false }),
  options: z
    .object({
      downloadAttachments: z.boolean().default(false),
      dataPropertyAttachmentsPrefixName: text('attachment_'),
    })
    .default({ downloadAttachments: false, dataPropertyAttachmentsPrefixName: 'attachment_' })
    .describe('With simple off: attachments as binary data under this prefix'),
  pollTimes: pollTimesSchema.describe('When to check the mailbox'),
  apiUrl: text(DEFAULT_GMAIL_URL).describe('Gmail API address (default https://gmail.googleapis.com)'),
});
type Params = z.output<typeof gmailTriggerParams>;

/** Gmail's dates are coarse: each poll looks back this far and drops what the previous poll returned. */
const OVERLAP_S = 60;
const MAX_SEEN = 1000;

async function authOf(ctx: NodeContext<Params>, p: Params): Promise<GoogleAuth> {
  if (p.authentication === 'serviceAccount') return serviceAccountAuth(readServiceAccount(await ctx.credentials('googleApi'), ctx.node.name), GMAIL_SCOPE);
  return oauth2Auth(ctx as NodeContext<unknown>, 'gmailOAuth2');
}

/** The Gmail node's getAll, with the trigger's filters (and `after:` when polling). */
async function listMessages(ctx: NodeContext<Params>, p: Params, after: number | undefined, limit: number | 'all'): Promise<Item[]> {
  const f = p.filters;
  const q = [f.q.trim(), f.includeDrafts ? '' : '-in:draft'].filter(Boolean).join(' ');
  const getAll = gmailParams.parse({
    resource: 'message',
    operation: 'getAll',
    simple: p.simple,
    downloadAttachments: p.options.downloadAttachments,
    attachmentPrefix: p.options.dataPropertyAttachmentsPrefixName,
    returnAll: limit === 'all',
    ...(limit === 'all' ? {} : { limit }),
    filters: { q, sender: f.sender, readStatus: f.readStatus, labelIds: f.labelIds, includeSpamTrash: f.includeSpamTrash, receivedAfter: after !== undefined ? String(after) : '' },
    apiUrl: p.apiUrl,
  });
  const run = { ctx: ctx as never, auth: await authOf(ctx, p), fetchImpl: ctx.services.fetch ?? globalThis.fetch, state: {} };
  return runGmail(run, getAll, { json: {} }, 0);
}

export async function pollGmail(ctx: NodeContext<Params>, state: JsonObject | undefined, opts: { manual: boolean }): Promise<PollResult> {
  const p = ctx.params(0);
  const now = Math.floor(Date.now() / 1000);
  if (opts.manual || state === undefined) {
    // The newest matching message: a sample for a manual run; for the first poll, a check that the mailbox answers.
    const items = await listMessages(ctx, p, undefined, 1);
    return { items: opts.manual ? items : [], state: opts.manual ? (state ?? {}) : { lastTimeChecked: now, seen: [] } };
  }
  const last = typeof state.lastTimeChecked === 'number' ? state.lastTimeChecked : now;
  const seen = new Set(Array.isArray(state.seen) ? (state.seen as unknown[]).map(String) : []);
  const found = await listMessages(ctx, p, last - OVERLAP_S, 'all');
  const fresh = found.filter((i) => !seen.has(String(i.json.id)));
  return { items: fresh, state: { lastTimeChecked: now, seen: found.map((i) => String(i.json.id)).slice(0, MAX_SEEN) } };
}

export const gmailTriggerNode = defineNode({
  type: 'gmailTrigger',
  version: [1, 1.1, 1.2, 1.3],
  displayName: 'Gmail Trigger',
  description: 'Starts the workflow when a message arrives in a Gmail mailbox (polled on a schedule), with the Gmail node\'s filters',
  category: 'trigger',
  icon: 'mail',
  trigger: true,
  inputs: [],
  outputs: [{ name: 'main' }],
  params: gmailTriggerParams,
  credentials: [
    { name: 'gmailOAuth2', type: 'gmailOAuth2', types: ['gmailOAuth2', 'googleOAuth2Api', 'oAuth2Api'], shownWhen: { authentication: ['oAuth2'] } },
    { name: 'googleApi', type: 'googleApi', shownWhen: { authentication: ['serviceAccount'] } },
  ],
  poll: pollGmail,
  async execute(ctx) {
    const data = ctx.triggerData;
    // Started by a poll (or a retry of one): the items it found. Otherwise a manual run: one poll, the latest item.
    if (data && Array.isArray(data.items) && data.items.length) return { main: data.items as unknown as Item[] };
    return { main: (await pollGmail(ctx, undefined, { manual: true })).items };
  },
});

export default gmailTriggerNode;
