/**
 * Polling triggers: n8n's RSS Feed Trigger (rssFeedReadTrigger v1), Telegram Trigger (telegramTrigger v1-1.2),
 * Gmail Trigger (gmailTrigger v1-1.3) and Google Sheets Trigger (googleSheetsTrigger v1, rowAdded) into
 * nodes/rssFeedReadTrigger, nodes/telegramTrigger, nodes/gmailTrigger and nodes/googleSheetsTrigger, polled by Weft (server/triggers/polls.ts).
 * `pollTimes` keeps n8n's shape. The Telegram Trigger has no poll times in n8n (it is a webhook): Weft polls
 * getUpdates every 10 seconds, and says so. The reverse mappers are in ../reverse/pollTriggers.ts.
 */
import type { Mapper } from './types';
import { arr, bool, obj, str, type Params } from './util';
import { TELEGRAM_UPDATE_TYPES } from '../../../nodes/telegramTrigger';

export const rssFeedReadTrigger: Mapper = ({ params: p }) => {
  const params: Params = { feedUrl: str(p.feedUrl) };
  if (p.pollTimes !== undefined) params.pollTimes = p.pollTimes;
  return { type: 'rssFeedReadTrigger', params };
};

const KNOWN_UPDATES = new Set<string>(TELEGRAM_UPDATE_TYPES);

export const telegramTrigger: Mapper = ({ params: p, version, warn }) => {
  const updates = arr(p.updates).map((u) => str(u));
  const known = updates.filter((u) => KNOWN_UPDATES.has(u));
  for (const u of updates) if (!KNOWN_UPDATES.has(u)) warn(`Telegram update type "${u}" is not known and was left out`);
  const params: Params = { updates: known.length ? known : ['*'] };
  const extra = obj(p.additionalFields);
  for (const [key, value] of Object.entries(extra)) {
    if (key === 'chatIds' || key === 'userIds') params[key] = str(value);
    else if (key === 'download') params.download = bool(value, false);
    else if (key === 'imageSize') params.imageSize = str(value, 'large');
    else warn(`Telegram Trigger option "${key}" is not supported and was left out`);
  }
  warn("Weft polls Telegram's getUpdates every 10 seconds instead of registering a webhook (no public URL needed); Telegram refuses getUpdates while a webhook is set on the bot, so delete one n8n registered (or turn on deleteWebhook)");
  return { type: 'telegramTrigger', typeVersion: version >= 1.2 ? 1.2 : version >= 1.1 ? 1.1 : 1, params };
};

const GMAIL_FILTERS = new Set(['q', 'sender', 'readStatus', 'labelIds', 'includeSpamTrash', 'includeDrafts']);
const GMAIL_OPTIONS = new Set(['downloadAttachments', 'dataPropertyAttachmentsPrefixName']);

/** Gmail Trigger: filters and options keep n8n's names; the credential slot is gmailOAuth2 (or googleApi). */
export const gmailTrigger: Mapper = ({ params: p, version, warn }) => {
  const event = str(p.event, 'messageReceived');
  if (event !== 'messageReceived') return { unsupported: `Gmail Trigger event "${event}" is not supported (Weft has messageReceived)` };
  const filters: Params = {};
  for (const [key, value] of Object.entries(obj(p.filters))) {
    if (GMAIL_FILTERS.has(key)) filters[key] = value;
    else warn(`Gmail Trigger filter "${key}" is not supported and was left out`);
  }
  const options: Params = {};
  for (const [key, value] of Object.entries(obj(p.options))) {
    if (GMAIL_OPTIONS.has(key)) options[key] = value;
    else warn(`Gmail Trigger option "${key}" is not supported and was left out`);
  }
  const params: Params = { authentication: str(p.authentication, 'oAuth2') === 'serviceAccount' ? 'serviceAccount' : 'oAuth2', simple: bool(p.simple, true), filters, options };
  if (p.pollTimes !== undefined) params.pollTimes = p.pollTimes;
  return { type: 'gmailTrigger', typeVersion: [1, 1.1, 1.2, 1.3].includes(version) ? version : 1.3, params };
};

/** A resource locator's value (or the plain value), numbers as text, and its mode. */
const rlValue = (v: unknown): string => {
  const raw = v && typeof v === 'object' && 'value' in (v as Params) ? (v as Params).value : v;
  return typeof raw === 'number' ? String(raw) : str(raw);
};
const rlMode = (v: unknown): string => (v && typeof v === 'object' ? str((v as Params).mode, 'list') : 'id');

/** Google Sheets Trigger, event rowAdded: the sheet as the Google Sheets node names it (list and id: by gid). */
export const googleSheetsTrigger: Mapper = ({ node, params: p, warn }) => {
  const event = str(p.event);
  if (event !== 'rowAdded') return { unsupported: `Google Sheets Trigger event "${event || 'anyUpdate'}" is not supported (Weft has rowAdded)` };
  const mode = rlMode(p.sheetName);
  const sheetBy = mode === 'name' ? 'name' : mode === 'url' ? 'url' : 'id';
  const sheet = rlValue(p.sheetName);
  const creds = obj(node.credentials);
  const params: Params = {
    authentication: 'googleApi' in creds || str(p.authentication) === 'serviceAccount' ? 'serviceAccount' : 'oAuth2',
    documentId: rlValue(p.documentId),
    sheetName: sheetBy === 'id' ? sheet.replace(/^gid=(\d+)$/, '$1') : sheet,
    sheetBy,
    event,
  };
  const options = obj(p.options);
  for (const [key, value] of Object.entries(options)) {
    if (key === 'valueRender') params.valueRenderMode = str(value, 'UNFORMATTED_VALUE');
    else if (key === 'dataLocationOnSheet') {
      const loc = obj(obj(value).values);
      if (loc.rangeDefinition === 'specifyRange') {
        params.headerRow = loc.headerRow ?? 1;
        params.firstDataRow = loc.firstDataRow ?? 2;
      }
    } else warn(`Google Sheets Trigger option "${key}" is not supported and was left out`);
  }
  if (p.pollTimes !== undefined) params.pollTimes = p.pollTimes;
  return { type: 'googleSheetsTrigger', typeVersion: 1, params };
};
