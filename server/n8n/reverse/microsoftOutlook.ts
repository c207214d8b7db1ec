/** nodes/microsoftOutlook back into n8n's Microsoft Outlook node v2: locators by ID, collections as they are, n8n's defaults left out. */
import { setIf, str, type Params, type ReverseMapper } from './types';

const obj = (v: unknown): Params => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Params) : {});
const byId = (v: unknown) => ({ __rl: true, value: str(v), mode: 'id' });

export const microsoftOutlook: ReverseMapper = ({ params: p, warn }) => {
  const operation = str(p.operation, 'send');
  if (str(p.apiUrl) !== '' && p.apiUrl !== 'https://graph.microsoft.com') warn('Microsoft Outlook: n8n always calls https://graph.microsoft.com; the API address is not exported');
  const out: Params = {};
  setIf(out, 'operation', operation, 'send');
  if (operation === 'send') Object.assign(out, { toRecipients: str(p.toRecipients), subject: str(p.subject), bodyContent: str(p.bodyContent), additionalFields: obj(p.additionalFields) });
  else if (operation !== 'getAll') out.messageId = byId(p.messageId);
  if (operation === 'reply') {
    setIf(out, 'replyType', p.replyType, 'reply');
    out.comment = str(p.comment);
    setIf(out, 'send', p.send, true);
    if (p.replyType !== 'replyAll') out.additionalFields = obj(p.additionalFields);
  }
  if (operation === 'move') out.folderId = byId(p.folderId);
  if (operation === 'update') out.updateFields = obj(p.updateFields);
  if (operation === 'get' || operation === 'getAll') {
    setIf(out, 'output', p.output, 'simple');
    if (p.output === 'fields') out.fields = Array.isArray(p.fields) ? p.fields : [];
  }
  if (operation === 'getAll') {
    setIf(out, 'returnAll', p.returnAll, false);
    if (p.returnAll !== true) setIf(out, 'limit', p.limit, 100);
    const filters = obj(p.filters);
    if (str(p.search).trim() !== '') out.filtersUI = { values: { filterBy: 'search', search: str(p.search) } };
    else if (Object.keys(filters).length) out.filtersUI = { values: { filters } };
  }
  if (operation === 'get' || operation === 'getAll') out.options = {};
  return { type: 'n8n-nodes-base.microsoftOutlook', typeVersion: 2, parameters: out };
};
