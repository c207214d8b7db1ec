/**
 * n8n's Slack node (n8n-nodes-base.slack v1, v2-v2.3) into nodes/slack. Supported: message post (v1 and v2),
 * message update and delete, channel history and replies, user info (v2). Resource locators become their value
 * (a user given by name becomes @name); otherOptions become the node's flat options; attachments lose n8n's
 * fields.item wrapper. OAuth2 (authentication oAuth2, the slackOAuth2Api slot) is kept as it is. n8n 2.1+ adds a
 * link to the workflow to each message unless includeLinkToWorkflow is off; Weft does not (a warning says so).
 * message sendAndWait (send and wait for response, v2.2+) maps through ./send-and-wait.ts.
 * The reverse mapper (../reverse/slack.ts) writes v2.2.
 */
import type { Mapper } from './types';
import { arr, bool, locatorValue, num, obj, str, type Params } from './util';
import { importSendAndWait } from './send-and-wait';

const DEFAULT_OPERATION: Record<string, string> = { message: 'post', channel: 'history', user: 'info' };
const SUPPORTED: Record<string, string[]> = { message: ['post', 'update', 'delete', 'sendAndWait'], channel: ['history', 'replies'], user: ['info'] };

/** n8n's attachment entries: fields as { item: [...] } -> Slack's fields array. */
export function slackAttachments(v: unknown): Params[] {
  return arr<Params>(v).map((a) => {
    const { fields, ...rest } = obj(a);
    const items = arr(obj(fields).item);
    return items.length ? { ...rest, fields: items } : rest;
  });
}

/** A user locator: by name -> @name (an expression keeps its leading =). */
function userTarget(v: unknown): string {
  const value = locatorValue(v);
  if (obj(v).mode !== 'username' || value === '' || value.replace(/^=/, '').startsWith('@')) return value;
  return value.startsWith('=') ? `=@${value.slice(1)}` : `@${value}`;
}

/** otherOptions (v1 and v2) -> the node's flat post options. */
function postOptions(o: Params, into: Params): void {
  const reply = obj(obj(o.thread_ts).replyValues);
  if (typeof o.thread_ts === 'string' && o.thread_ts !== '') into.threadTs = o.thread_ts; // v1: a plain field
  if (reply.thread_ts !== undefined) into.threadTs = str(reply.thread_ts);
  if (reply.reply_broadcast !== undefined || o.reply_broadcast !== undefined) into.replyBroadcast = bool(reply.reply_broadcast ?? o.reply_broadcast, false);
  for (const [n8n, weft] of [['mrkdwn', 'mrkdwn'], ['unfurl_links', 'unfurlLinks'], ['unfurl_media', 'unfurlMedia'], ['link_names', 'linkNames']] as const) {
    if (typeof o[n8n] === 'boolean') into[weft] = o[n8n];
  }
  const image = obj(obj(o.botProfile).imageValues);
  if (image.profilePhotoType === 'emoji' && image.icon_emoji !== undefined) into.iconEmoji = str(image.icon_emoji);
  if (image.profilePhotoType === 'image' && image.icon_url !== undefined) into.iconUrl = str(image.icon_url);
  if (o.icon_emoji !== undefined) into.iconEmoji = str(o.icon_emoji);
  if (o.icon_url !== undefined) into.iconUrl = str(o.icon_url);
  const sendAs = o.sendAsUser ?? o.username;
  if (sendAs !== undefined && str(sendAs) !== '') into.username = str(sendAs);
}

function v1Post(p: Params): Params | string {
  if (arr(obj(p.blocksUi).blocksValues).length > 0) return 'Slack 1 messages built with the block builder (blocksUi) are not supported; use Slack 2 JSON blocks';
  const params: Params = { resource: 'message', operation: 'post', select: 'channel', channelId: str(p.channel), messageType: 'text', text: str(p.text) };
  const attachments = slackAttachments(p.attachments);
  if (attachments.length) params.attachments = attachments;
  if (typeof p.as_user === 'boolean') params.asUser = p.as_user;
  postOptions(obj(p.otherOptions), params);
  params.timestampField = 'ts';
  return params;
}

function v2Message(operation: string, p: Params, version: number, warn: (m: string) => void): Params {
  const select = str(p.select, 'channel');
  const to: Params = select === 'user' ? { select, user: userTarget(p.user) } : { select, channelId: locatorValue(p.channelId) };
  if (operation === 'sendAndWait') {
    const reply = importSendAndWait(p, warn);
    return 'unsupported' in reply ? reply : { resource: 'message', operation, ...to, ...reply };
  }
  if (operation === 'delete') return { resource: 'message', operation, ...to, timestamp: str(p.timestamp) };
  const messageType = str(p.messageType, 'text');
  const params: Params = operation === 'update' ? { resource: 'message', operation, channelId: locatorValue(p.channelId), ts: str(p.ts) } : { resource: 'message', operation, ...to };
  params.messageType = messageType;
  params.text = str(p.text);
  if (messageType === 'block') params.blocksUi = p.blocksUi ?? '';
  const attachments = slackAttachments(p.attachments);
  if (messageType === 'attachment' || attachments.length) params.attachments = attachments;
  if (operation === 'post') {
    const o = obj(p.otherOptions);
    postOptions(o, params);
    if (version >= 2.1 && o.includeLinkToWorkflow !== false) warn('n8n adds a link to the workflow to this Slack message (includeLinkToWorkflow); Weft does not');
  } else if (typeof obj(p.updateFields).link_names === 'boolean') params.linkNames = obj(p.updateFields).link_names;
  return params;
}

function v2Read(operation: string, p: Params): Params {
  const filters = obj(p.filters);
  const params: Params = { resource: 'channel', operation, channelId: locatorValue(p.channelId) };
  if (operation === 'replies') params.ts = str(p.ts);
  params.returnAll = bool(p.returnAll, false);
  params.limit = num(p.limit, 50);
  if (filters.oldest !== undefined) params.oldest = str(filters.oldest);
  if (filters.latest !== undefined) params.latest = str(filters.latest);
  if (filters.inclusive !== undefined) params.inclusive = bool(filters.inclusive, false);
  return params;
}

/** OAuth2 (slackOAuth2Api) keeps n8n's authentication and slot: the credential is Weft's slackOAuth2Api type. */
export const slack: Mapper = (ctx) => {
  const out = slackMapping(ctx);
  if ('type' in out && str(ctx.params.authentication) === 'oAuth2') return { ...out, params: { authentication: 'oAuth2', ...out.params } };
  return out;
};

const slackMapping: Mapper = ({ params: p, version, warn }) => {
  const resource = str(p.resource, 'message');
  const operation = str(p.operation, DEFAULT_OPERATION[resource] ?? '');
  if (!SUPPORTED[resource]?.includes(operation)) return { unsupported: `Slack ${resource} operation "${operation}" is not supported` };
  if (version < 2) {
    if (operation !== 'post') return { unsupported: `Slack 1 ${resource} operation "${operation}" is not supported (only message post)` };
    const params = v1Post(p);
    return typeof params === 'string' ? { unsupported: params } : { type: 'slack', params };
  }
  if (resource === 'message') {
    const params = v2Message(operation, p, version, warn);
    return 'unsupported' in params ? { unsupported: `Slack ${String(params.unsupported)}` } : { type: 'slack', params };
  }
  if (resource === 'channel') return { type: 'slack', params: v2Read(operation, p) };
  return { type: 'slack', params: { resource: 'user', operation: 'info', user: locatorValue(p.user) } };
};
