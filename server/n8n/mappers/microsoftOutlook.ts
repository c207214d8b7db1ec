/**
 * n8n's Microsoft Outlook node (n8n-nodes-base.microsoftOutlook v2) into nodes/microsoftOutlook: message send, reply,
 * get, getAll, move, update, delete. Locators (messageId, folderId) become their values; additionalFields and
 * updateFields keep n8n's keys; getAll's filtersUI.values becomes `filters` (filterBy 'filters') or `search`
 * (filterBy 'search'). Not supported: v1, and v2's other resources and message operations (sendAndWait,
 * getMime, ...); getAll / get options (attachment downloads) are dropped with a warning. The reverse mapper is ../reverse/microsoftOutlook.ts.
 */
import type { Mapper } from './types';
import { arr, bool, locatorValue, num, obj, str, type Params } from './util';

/** A limit: a number, or an expression kept as is (a tool's $fromAI('Limit', ...)). */
const limitOf = (v: unknown, fallback: number): number | string => (typeof v === 'string' && v.trim().startsWith('=') ? v : num(v, fallback));

const OPERATIONS = ['send', 'reply', 'get', 'getAll', 'move', 'update', 'delete'];

export const microsoftOutlook: Mapper = (ctx) => {
  const p = ctx.params;
  if (ctx.version < 2) return { unsupported: 'Microsoft Outlook 1 is not supported (import a workflow saved with node version 2)' };
  const resource = str(p.resource, 'message');
  const operation = str(p.operation, 'send');
  if (resource !== 'message') return { unsupported: `Microsoft Outlook ${resource} operations are not supported` };
  if (!OPERATIONS.includes(operation)) return { unsupported: `Microsoft Outlook message operation "${operation}" is not supported` };
  const params: Params = { resource, operation };
  if (operation === 'send') Object.assign(params, { toRecipients: str(p.toRecipients), subject: str(p.subject), bodyContent: str(p.bodyContent), additionalFields: { ...obj(p.additionalFields) } });
  else if (operation !== 'getAll') params.messageId = locatorValue(p.messageId);
  if (operation === 'reply') {
    Object.assign(params, { replyType: str(p.replyType, 'reply'), comment: str(p.comment), send: bool(p.send, true) });
    if (params.replyType === 'reply') params.additionalFields = { ...obj(p.additionalFields) };
  }
  if (operation === 'move') params.folderId = locatorValue(p.folderId);
  if (operation === 'update') params.updateFields = { ...obj(p.updateFields) };
  if (operation === 'get' || operation === 'getAll') {
    params.output = str(p.output, 'simple');
    if (params.output === 'fields') params.fields = arr(p.fields).map((x) => str(x));
    const options = obj(p.options);
    if (Object.keys(options).length) ctx.warn(`Microsoft Outlook: the ${Object.keys(options).join(', ')} option(s) are not supported and are ignored`);
  }
  if (operation === 'getAll') {
    const values = obj(obj(p.filtersUI).values);
    Object.assign(params, { returnAll: bool(p.returnAll, false), limit: limitOf(p.limit, 100) });
    if (str(values.filterBy, 'filters') === 'search') Object.assign(params, { filters: {}, search: str(values.search) });
    else params.filters = { ...obj(values.filters) };
  }
  return { type: 'microsoftOutlook', params };
};
