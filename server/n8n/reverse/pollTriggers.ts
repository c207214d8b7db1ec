/** Polling triggers back to n8n: RSS Feed Trigger (feedUrl, pollTimes), Telegram Trigger (updates, additionalFields), Gmail Trigger, Google Sheets Trigger. */
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
  setIf(additionalFields, 'download', p.download, false);
  if (p.download === true) setIf(additionalFields, 'imageSize', p.imageSize, 'large');
  if (p.pollTimes !== undefined) warn("n8n's Telegram Trigger receives updates through a webhook: the poll times are left out");
  if (p.deleteWebhook === true) warn('"deleteWebhook" has no n8n equivalent (n8n sets its own webhook)');
  const typeVersion = node.typeVersion === 1 || node.typeVersion === 1.1 ? node.typeVersion : 1.2;
  return { type: 'n8n-nodes-base.telegramTrigger', typeVersion, parameters: { updates: Array.isArray(p.updates) ? p.updates : ['*'], additionalFields } };
};

export const gmailTrigger: ReverseMapper = ({ node, params: p }) => {
  const parameters: Params = {
    pollTimes: p.pollTimes ?? { item: [{ mode: 'everyMinute' }] },
    ...(p.authentication === 'serviceAccount' ? { authentication: 'serviceAccount' } : {}),
    simple: p.simple !== false,
    filters: p.filters && typeof p.filters === 'object' ? p.filters : {},
    options: p.options && typeof p.options === 'object' ? p.options : {},
  };
  const typeVersion = [1, 1.1, 1.2, 1.3].includes(node.typeVersion ?? 0) ? (node.typeVersion as number) : 1.3;
  return { type: 'n8n-nodes-base.gmailTrigger', typeVersion, parameters };
};

export const googleSheetsTrigger: ReverseMapper = ({ params: p }) => {
  const sheetBy = str(p.sheetBy, 'id');
  const options: Params = {};
  if (p.valueRenderMode !== undefined && p.valueRenderMode !== 'UNFORMATTED_VALUE') options.valueRender = p.valueRenderMode;
  const headerRow = typeof p.headerRow === 'number' ? p.headerRow : 1;
  const firstDataRow = typeof p.firstDataRow === 'number' ? p.firstDataRow : 2;
  if (headerRow !== 1 || firstDataRow !== 2) options.dataLocationOnSheet = { values: { rangeDefinition: 'specifyRange', headerRow, firstDataRow } };
  return {
    type: 'n8n-nodes-base.googleSheetsTrigger',
    typeVersion: 1,
    parameters: {
      pollTimes: p.pollTimes ?? { item: [{ mode: 'everyMinute' }] },
      ...(p.authentication === 'serviceAccount' ? { authentication: 'serviceAccount' } : {}),
      documentId: { __rl: true, mode: 'id', value: str(p.documentId) },
      sheetName: { __rl: true, mode: sheetBy === 'name' ? 'name' : sheetBy === 'url' ? 'url' : 'id', value: str(p.sheetName) },
      event: 'rowAdded',
      options,
    },
  };
};
