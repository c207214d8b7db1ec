/** nodes/slack back into n8n's Slack node v2.2: locators for channel and user, flat options back into otherOptions. */
import { setIf, str, type Params, type ReverseMapper } from './types';
import { exportSendAndWait } from '../mappers/send-and-wait';

const locator = (value: string, mode = 'id') => ({ __rl: true, value, mode });
/** A channel as a locator: #name by name, else an id (or an expression). */
const channelLocator = (v: unknown) => (str(v).startsWith('#') ? locator(str(v), 'name') : locator(str(v)));
/** A user as a locator: @name by user name (n8n adds the @), else an id. */
function userLocator(v: unknown) {
  const value = str(v);
  if (value.startsWith('@')) return locator(value.slice(1), 'username');
  if (value.startsWith('=@')) return locator(`=${value.slice(2)}`, 'username');
  return locator(value);
}

function otherOptions(p: Params): Params {
  const o: Params = { includeLinkToWorkflow: false }; // Weft adds no link to the workflow
  if (p.threadTs !== undefined && p.threadTs !== '') o.thread_ts = { replyValues: { thread_ts: p.threadTs, ...(p.replyBroadcast ? { reply_broadcast: true } : {}) } };
  for (const [weft, n8n] of [['mrkdwn', 'mrkdwn'], ['unfurlLinks', 'unfurl_links'], ['unfurlMedia', 'unfurl_media'], ['linkNames', 'link_names']] as const) {
    if (typeof p[weft] === 'boolean') o[n8n] = p[weft];
  }
  if (str(p.iconUrl) !== '') o.botProfile = { imageValues: { profilePhotoType: 'image', icon_url: p.iconUrl } };
  else if (str(p.iconEmoji) !== '') o.botProfile = { imageValues: { profilePhotoType: 'emoji', icon_emoji: p.iconEmoji } };
  if (str(p.username) !== '') o.sendAsUser = p.username;
  return o;
}

function message(p: Params, operation: string): Params {
  const out: Params = {};
  if (operation !== 'update') {
    setIf(out, 'select', p.select ?? 'channel', '');
    if (p.select === 'user') out.user = userLocator(p.user);
    else out.channelId = channelLocator(p.channelId);
  } else {
    out.channelId = channelLocator(p.channelId);
    out.ts = str(p.ts);
  }
  if (operation === 'delete') return { ...out, operation, timestamp: str(p.timestamp) };
  if (operation === 'sendAndWait') return { ...out, operation, ...exportSendAndWait(p) };
  if (operation === 'update') out.operation = 'update';
  setIf(out, 'messageType', p.messageType, 'text');
  out.text = str(p.text);
  if (p.messageType === 'block') out.blocksUi = p.blocksUi ?? '';
  if (Array.isArray(p.attachments) && (p.messageType === 'attachment' || p.attachments.length)) {
    out.attachments = (p.attachments as Params[]).map((a) => (Array.isArray(a.fields) ? { ...a, fields: { item: a.fields } } : a));
  }
  if (operation === 'post') out.otherOptions = otherOptions(p);
  else out.updateFields = typeof p.linkNames === 'boolean' ? { link_names: p.linkNames } : {};
  return out;
}

function channelRead(p: Params, operation: string): Params {
  const out: Params = { resource: 'channel', operation, channelId: channelLocator(p.channelId) };
  if (operation === 'replies') out.ts = str(p.ts);
  setIf(out, 'returnAll', p.returnAll, false);
  if (p.returnAll !== true) setIf(out, 'limit', p.limit, 50);
  const filters: Params = {};
  if (str(p.oldest) !== '') filters.oldest = p.oldest;
  if (str(p.latest) !== '') filters.latest = p.latest;
  if (p.inclusive !== undefined) filters.inclusive = p.inclusive;
  out.filters = filters;
  return out;
}

export const slack: ReverseMapper = ({ params: p, warn }) => {
  const resource = str(p.resource, 'message');
  const operation = str(p.operation, resource === 'message' ? 'post' : resource === 'user' ? 'info' : 'history');
  if (p.timestampField === 'ts' && resource === 'message') warn('Slack: n8n 2.x names the message timestamp message_timestamp; this node (from Slack 1) reads it as ts');
  if (str(p.baseUrl) !== '' && p.baseUrl !== 'https://slack.com/api') warn('Slack: n8n always calls https://slack.com/api; the base URL is not exported');
  if (p.asUser !== undefined) warn('Slack: "as user" (Slack 1) has no Slack 2 equivalent');
  let parameters: Params;
  if (resource === 'channel') parameters = channelRead(p, operation);
  else if (resource === 'user') parameters = { resource: 'user', user: userLocator(p.user) };
  else parameters = message(p, operation);
  // n8n's default is the access token; OAuth2 (the slackOAuth2Api slot) is named.
  if (p.authentication === 'oAuth2') parameters = { authentication: 'oAuth2', ...parameters };
  return { type: 'n8n-nodes-base.slack', typeVersion: 2.2, parameters };
};
