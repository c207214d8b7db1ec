/** Polling triggers back to n8n: RSS Feed Trigger (feedUrl, pollTimes) and Telegram Trigger (updates, additionalFields). */
import { setIf, str, type Params, type ReverseMapper } from './types';

export const rssFeedReadTrigger: ReverseMapper = ({ params: p, warn }) => {
  if (p.ignoreSSL === true) warn('The RSS Feed Trigger "ignoreSSL" has no n8n equivalent');
  if (typeof p.timeoutMs === 'number' && p.timeoutMs !== 60_000) warn('The RSS Feed Trigger time limit has no n8n equivalent');
  return {
    type: 'n8n-nodes-base.rssFeedReadTrigger',
    typeVersion: 1,
    parameters: { pollTimes: p.pollTimes ?? { item: [{ mode: 'everyMinute' }] }, feedUrl: str(p.feedUrl) },
  };
};

export const telegramTrigger: ReverseMapper = ({ node, params: p, warn }) => {
  const additionalFields: Params = {};
  setIf(additionalFields, 'chatIds', str(p.chatIds), '');
  setIf(additionalFields, 'userIds', str(p.userIds), '');
  if (p.pollTimes !== undefined) warn("n8n's Telegram Trigger receives updates through a webhook: the poll times are left out");
  if (p.deleteWebhook === true) warn('"deleteWebhook" has no n8n equivalent (n8n sets its own webhook)');
  const typeVersion = node.typeVersion === 1 || node.typeVersion === 1.1 ? node.typeVersion : 1.2;
  return { type: 'n8n-nodes-base.telegramTrigger', typeVersion, parameters: { updates: Array.isArray(p.updates) ? p.updates : ['*'], additionalFields } };
};
