/**
 * slack: n8n's Slack node (n8n-nodes-base.slack v1, v2-v2.3) on Slack's Web API with the `slackApi` credential
 * (accessToken, sent as a Bearer token) or, with authentication 'oAuth2', a `slackOAuth2Api` credential (the
 * user token Connect obtained; server/credentials/oauth2-presets.ts). Each input item makes one call (history and replies may page); n8n's
 * On Error setting (continue, error output) applies per item.
 *
 * Params (n8n's names where n8n has them; n8n's otherOptions are flat here):
 * - resource / operation   message: post | update | delete | sendAndWait; channel: history | replies; user: info
 * - select                 message: send to a 'channel' (channelId) or a 'user' (user: an id, or @name)
 * - channelId, user        the conversation / the user (ids; n8n's resource locators arrive as their value)
 * - messageType            post: 'text' | 'block' (blocksUi: JSON {"blocks": [...]} or an array) | 'attachment'
 * - text, blocksUi, attachments   the message (with blocks, text is the notification text)
 * - ts / timestamp         update, replies: ts; delete: timestamp — the message's Slack timestamp
 * - threadTs, replyBroadcast, mrkdwn, unfurlLinks, unfurlMedia, linkNames, iconEmoji, iconUrl, username, asUser:
 *                          post options (n8n's otherOptions: thread_ts.replyValues, botProfile, sendAsUser, ...)
 * - returnAll, limit, oldest, latest, inclusive   history and replies (oldest/latest: a date or a Slack ts)
 * - timestampField         'message_timestamp' (n8n 2.x renames the answer's ts) or 'ts' (n8n 1 keeps it)
 * - baseUrl                Slack's API (default https://slack.com/api; tests point it at a local server)
 * - message, responseType, approvalOptions, formFields, sendAndWaitOptions   sendAndWait (../send-and-wait.ts):
 *                          posts the message once (first item) to the channel or user with its links as an
 *                          `actions` block of URL buttons (approve: style primary), then parks the execution
 *                          until the person answers; the output is { data: { approved } }, { data: { text } }
 *                          or the form's fields.
 */
import { defineNode, NodeError, oauth2AccessToken, z, type Item, type JsonObject, type NodeContext } from '../sdk';
import { perItem } from '../per-item';
import { slackApi, slackList, type SlackCall } from './api';
import { noEmptyForm, replyLinks, replyOutput, sendAndWaitFields, waitForReply, type ReplyLink } from '../send-and-wait';

export const SLACK_OPERATIONS = ['post', 'update', 'delete', 'sendAndWait', 'history', 'replies', 'info'] as const;
const OPERATIONS_OF = { message: ['post', 'update', 'delete', 'sendAndWait'], channel: ['history', 'replies'], user: ['info'] } as const;

const text = (fallback = '') => z.preprocess((v) => (typeof v === 'number' ? String(v) : v), z.string()).default(fallback);
const optionalFlag = () => z.boolean().optional();

export const slackParams = z.object({
  authentication: z
    .enum(['accessToken', 'oAuth2'])
    .default('accessToken')
    .describe('An access token credential (slackApi) or OAuth2 (slackOAuth2Api: the user token Connect obtained)'),
  resource: z.enum(['message', 'channel', 'user']).default('message').describe('What to work on'),
  operation: z.enum(SLACK_OPERATIONS).default('post').describe('What to do'),
  select: z.enum(['channel', 'user']).default('channel').describe('Post, delete: send to a channel or a user'),
  channelId: text().describe('Channel ID (or #name)'),
  user: text().describe('User ID (or @name)'),
  messageType: z.enum(['text', 'block', 'attachment']).default('text').describe('Post, update: the kind of message'),
  text: text().describe('Message text (with blocks: the notification text)'),
  blocksUi: z.unknown().default('').describe('Blocks: JSON {"blocks": [...]} or an array of blocks'),
  attachments: z.array(z.record(z.string(), z.unknown())).default([]).describe('Attachments (Slack format)'),
  ts: text().describe('Update, replies: the message timestamp'),
  timestamp: text().describe('Delete: the message timestamp'),
  threadTs: text().describe('Post: reply in the thread of this message timestamp'),
  replyBroadcast: z.boolean().default(false).describe('Post in a thread: also send to the channel'),
  mrkdwn: optionalFlag().describe('Post: format the text as Slack markdown'),
  unfurlLinks: optionalFlag().describe('Post: unfurl text links'),
  unfurlMedia: optionalFlag().describe('Post: unfurl media'),
  linkNames: optionalFlag().describe('Post, update: link channel and user names'),
  iconEmoji: text().describe('Post: bot icon emoji'),
  iconUrl: text().describe('Post: bot icon URL'),
  username: text().describe('Post: bot user name'),
  asUser: optionalFlag().describe('Post (n8n 1): post as the token\'s user'),
  returnAll: z.boolean().default(false).describe('History, replies: all messages'),
  limit: z.coerce.number().int().positive().default(50).describe('History, replies: at most this many'),
  oldest: text().describe('History, replies: only messages after this date or timestamp'),
  latest: text().describe('History, replies: only messages before this date or timestamp'),
  inclusive: z.boolean().default(false).describe('History, replies: include messages at oldest/latest'),
  timestampField: z.enum(['message_timestamp', 'ts']).default('message_timestamp').describe('Post, update, delete: name of the answer\'s timestamp field'),
  baseUrl: z.url().default('https://slack.com/api').describe('Slack Web API base URL'),
  ...sendAndWaitFields,
});

type Params = z.output<typeof slackParams>;
type Ctx = NodeContext<Params>;

function need(ctx: Ctx, p: Params, field: 'channelId' | 'user' | 'ts' | 'timestamp' | 'text', itemIndex: number): string {
  const value = p[field].trim();
  if (value === '') throw new NodeError(`Node "${ctx.node.name}", field "${field}": is empty; ${p.resource} ${p.operation} needs it`, { field, itemIndex });
  return value;
}

/** The conversation a message goes to: a channel, or a user (a bot posting to a user id opens the DM). */
function target(ctx: Ctx, p: Params, itemIndex: number): { field: 'channelId' | 'user'; channel: string } {
  const field = p.select === 'user' ? 'user' : 'channelId';
  return { field, channel: need(ctx, p, field, itemIndex) };
}

/** blocksUi as Slack's blocks array: n8n's JSON text {"blocks": [...]}, an array, or such an object. */
function blocksOf(ctx: Ctx, value: unknown, itemIndex: number): unknown[] {
  let parsed = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch (err) {
      throw new NodeError(`Node "${ctx.node.name}", field "blocksUi": is not valid JSON (${(err as Error).message})`, { field: 'blocksUi', itemIndex });
    }
  }
  if (Array.isArray(parsed)) return parsed;
  if (parsed && typeof parsed === 'object' && Array.isArray((parsed as JsonObject).blocks)) return (parsed as JsonObject).blocks as unknown[];
  throw new NodeError(`Node "${ctx.node.name}", field "blocksUi": needs {"blocks": [...]} or an array of blocks`, { field: 'blocksUi', itemIndex });
}

/** The message content of post and update. */
function content(ctx: Ctx, p: Params, itemIndex: number): JsonObject {
  const body: JsonObject = {};
  if (p.messageType === 'block') body.blocks = blocksOf(ctx, p.blocksUi, itemIndex) as JsonObject[];
  if (p.messageType === 'attachment' || p.attachments.length > 0) body.attachments = p.attachments as JsonObject[];
  if (p.messageType === 'text') body.text = need(ctx, p, 'text', itemIndex);
  else if (p.text !== '') body.text = p.text;
  if (p.linkNames !== undefined) body.link_names = p.linkNames;
  return body;
}

function postOptions(p: Params): JsonObject {
  const o: JsonObject = {};
  if (p.threadTs !== '') {
    o.thread_ts = p.threadTs;
    if (p.replyBroadcast) o.reply_broadcast = true;
  }
  if (p.mrkdwn !== undefined) o.mrkdwn = p.mrkdwn;
  if (p.unfurlLinks !== undefined) o.unfurl_links = p.unfurlLinks;
  if (p.unfurlMedia !== undefined) o.unfurl_media = p.unfurlMedia;
  if (p.iconEmoji !== '') o.icon_emoji = p.iconEmoji;
  if (p.iconUrl !== '') o.icon_url = p.iconUrl;
  if (p.username !== '') o.username = p.username;
  if (p.asUser !== undefined) o.as_user = p.asUser;
  return o;
}

/** n8n 2.x renames the ts of every answer that has one (post, update, delete) to `message_timestamp`. */
function renameTs(p: Params, answer: JsonObject): JsonObject {
  if (p.timestampField === 'ts' || !('ts' in answer)) return answer;
  const { ts, ...rest } = answer;
  return { ...rest, message_timestamp: ts };
}

/** oldest/latest as Slack timestamps: a Slack ts or number as is, a date as seconds since the epoch. */
function slackTime(ctx: Ctx, field: 'oldest' | 'latest', value: string, itemIndex: number): string | undefined {
  if (value.trim() === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return value.trim();
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new NodeError(`Node "${ctx.node.name}", field "${field}": "${value}" is not a date or Slack timestamp`, { field, itemIndex });
  return String(ms / 1000);
}

async function runItem(ctx: Ctx, call: SlackCall, p: Params, itemIndex: number): Promise<JsonObject[]> {
  switch (p.operation) {
    case 'post': {
      const to = target(ctx, p, itemIndex);
      return [renameTs(p, await slackApi(call, 'chat.postMessage', { channel: to.channel, ...content(ctx, p, itemIndex), ...postOptions(p) }, to.field))];
    }
    case 'update': {
      const body = { channel: need(ctx, p, 'channelId', itemIndex), ts: need(ctx, p, 'ts', itemIndex), ...content(ctx, p, itemIndex) };
      return [renameTs(p, await slackApi(call, 'chat.update', body, 'ts'))];
    }
    case 'delete': {
      const to = target(ctx, p, itemIndex);
      return [renameTs(p, await slackApi(call, 'chat.delete', { channel: to.channel, ts: need(ctx, p, 'timestamp', itemIndex) }, 'timestamp'))];
    }
    case 'sendAndWait':
      throw new NodeError(`Node "${ctx.node.name}", field "operation": sendAndWait is read from the first item only`, { field: 'operation', itemIndex });
    case 'history':
    case 'replies': {
      const args: JsonObject = { channel: need(ctx, p, 'channelId', itemIndex), inclusive: p.inclusive || undefined };
      if (p.operation === 'replies') args.ts = need(ctx, p, 'ts', itemIndex);
      args.oldest = slackTime(ctx, 'oldest', p.oldest, itemIndex);
      args.latest = slackTime(ctx, 'latest', p.latest, itemIndex);
      const method = p.operation === 'history' ? 'conversations.history' : 'conversations.replies';
      return slackList(call, method, args, 'messages', 'channelId', p.returnAll ? undefined : p.limit);
    }
    case 'info': {
      const answer = await slackApi(call, 'users.info', { user: need(ctx, p, 'user', itemIndex) }, 'user');
      return [(answer.user as JsonObject) ?? {}];
    }
  }
}

async function token(ctx: Ctx): Promise<string> {
  // OAuth2: the runtime hands over a current token (refreshed when it expires).
  if (ctx.params(0).authentication === 'oAuth2') return oauth2AccessToken(ctx as NodeContext<unknown>, 'slackOAuth2Api');
  const cred = await ctx.credentials('slackApi');
  const value = cred?.accessToken;
  if (typeof value !== 'string' || value === '') throw new NodeError(`Node "${ctx.node.name}": the Slack credential has no access token`, { field: 'credentials' });
  return value;
}

export const SLACK_ATTRIBUTION = 'This message was sent automatically with Weft';

/** The sendAndWait message: the text, then the links as URL buttons (Slack's actions block). */
export function sendAndWaitMessage(channel: string, message: string, links: ReplyLink[], attribution: boolean): JsonObject {
  const blocks: JsonObject[] = [];
  if (message !== '') blocks.push({ type: 'section', text: { type: 'mrkdwn', text: message } });
  blocks.push({
    type: 'actions',
    elements: links.map((l) => ({ type: 'button', text: { type: 'plain_text', text: l.label, emoji: true }, url: l.url, ...(l.primary ? { style: 'primary' } : {}) })),
  });
  if (attribution) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `_${SLACK_ATTRIBUTION}_` }] });
  // text: what notifications and clients without blocks show.
  return { channel, text: message || links.map((l) => l.label).join(' / '), blocks };
}

/** sendAndWait: post once (first item), then park; resumed, the person's answer is the output. */
async function sendAndWait(ctx: Ctx, accessToken: string, fetchImpl: typeof fetch) {
  const p = ctx.params(0);
  const to = target(ctx, p, 0);
  const links = replyLinks(ctx as NodeContext<unknown>, p);
  noEmptyForm(ctx as NodeContext<unknown>, p);
  const call: SlackCall = { nodeName: ctx.node.name, baseUrl: p.baseUrl, token: accessToken, fetchImpl, signal: ctx.signal, itemIndex: 0 };
  await slackApi(call, 'chat.postMessage', sendAndWaitMessage(to.channel, p.message, links, p.sendAndWaitOptions.appendAttribution === true), to.field);
  return waitForReply(ctx as NodeContext<unknown>, p);
}

export const slackNode = defineNode({
  type: 'slack',
  version: 1,
  displayName: 'Slack',
  description: 'Post, update and delete Slack messages, send one and wait for an answer, read channel history and threads, look up users',
  category: 'integration',
  icon: 'send',
  inputs: [{ name: 'main' }],
  outputs: [{ name: 'main' }],
  params: slackParams,
  // Shown by authentication (so neither is required for the other's nodes), as HTTP Request's slots.
  credentials: [
    { name: 'slackApi', type: 'slackApi', shownWhen: { authentication: ['accessToken'] } },
    { name: 'slackOAuth2Api', type: 'slackOAuth2Api', types: ['slackOAuth2Api', 'oAuth2Api'], shownWhen: { authentication: ['oAuth2'] } },
  ],
  async execute(ctx) {
    if (ctx.items.length === 0) return { main: [] };
    const first = ctx.params(0);
    // Resumed: the answer is the output; nothing is sent again.
    if (first.operation === 'sendAndWait' && ctx.resume) return replyOutput(ctx as NodeContext<unknown>, first);
    const accessToken = await token(ctx);
    const fetchImpl = ctx.services.fetch ?? globalThis.fetch;
    if (first.operation === 'sendAndWait') return sendAndWait(ctx, accessToken, fetchImpl);
    // n8n's On Error setting: continue / error output per failed item (../per-item.ts).
    return perItem(ctx as NodeContext<unknown>, 'main', async (_item, i): Promise<Item[]> => {
      const p = ctx.params(i);
      if (!(OPERATIONS_OF[p.resource] as readonly string[]).includes(p.operation)) {
        throw new NodeError(`Node "${ctx.node.name}", field "operation": ${p.resource} has no operation "${p.operation}"`, { field: 'operation', itemIndex: i });
      }
      const call: SlackCall = { nodeName: ctx.node.name, baseUrl: p.baseUrl, token: accessToken, fetchImpl, signal: ctx.signal, itemIndex: i };
      return (await runItem(ctx, call, p, i)).map((json) => ({ json, pairedItem: { item: i } }));
    });
  },
});

export default slackNode;
