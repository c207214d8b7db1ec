/**
 * nodes/gmail back into n8n's Gmail node v2.1: flat options back into `options` (attachments as attachmentsUi,
 * appendAttribution off since Weft adds no attribution), getAll filters as `filters`, n8n's defaults left out.
 * A service account becomes authentication 'serviceAccount'; a bearer token has no n8n equivalent (exported as
 * OAuth2 with a warning). Credential slots are named after n8n's types and export as they are.
 */
import { setIf, str, type Params, type ReverseMapper } from './types';
import { exportSendAndWait } from '../mappers/send-and-wait';

const ids = (v: unknown): unknown => (Array.isArray(v) ? v.map((x) => str(x)) : str(v));

function composeOptions(p: Params, withAttribution: boolean): Params {
  const o: Params = {};
  for (const key of ['ccList', 'bccList', 'senderName', 'replyTo'] as const) if (str(p[key]) !== '') o[key] = str(p[key]);
  if (p.replyToSenderOnly === true) o.replyToSenderOnly = true;
  const attachments = str(p.attachments).split(',').map((s) => s.trim()).filter(Boolean);
  if (attachments.length) o.attachmentsUi = { attachmentsBinary: attachments.map((property) => ({ property })) };
  if (withAttribution) o.appendAttribution = false;
  return o;
}

function readOptions(p: Params): Params {
  const o: Params = {};
  if (p.downloadAttachments === true) o.downloadAttachments = true;
  if (p.attachmentPrefix !== undefined && p.attachmentPrefix !== 'attachment_') o.dataPropertyAttachmentsPrefixName = p.attachmentPrefix;
  return o;
}

function filtersOf(f: unknown): Params {
  const src = f && typeof f === 'object' ? (f as Params) : {};
  const out: Params = {};
  for (const key of ['q', 'sender', 'receivedAfter', 'receivedBefore'] as const) if (str(src[key]) !== '') out[key] = str(src[key]);
  if (src.readStatus !== undefined && src.readStatus !== 'both') out.readStatus = src.readStatus;
  if (src.labelIds !== undefined && src.labelIds !== '') out.labelIds = ids(src.labelIds);
  if (src.includeSpamTrash === true) out.includeSpamTrash = true;
  return out;
}

export const gmail: ReverseMapper = ({ params: p, warn }) => {
  const resource = str(p.resource, 'message');
  const operation = str(p.operation, resource === 'message' ? 'send' : resource === 'draft' ? 'create' : 'getAll');
  if (p.authentication === 'accessToken') warn('Gmail: n8n has no bearer-token authentication; exported with OAuth2 (gmailOAuth2)');
  if (str(p.apiUrl) !== '' && p.apiUrl !== 'https://gmail.googleapis.com') warn('Gmail: n8n always calls https://gmail.googleapis.com; the API address is not exported');
  const out: Params = {};
  if (p.authentication === 'serviceAccount') out.authentication = 'serviceAccount';
  setIf(out, 'resource', resource, 'message');
  const defaultOp = resource === 'message' ? 'send' : resource === 'draft' ? 'create' : 'getAll';
  setIf(out, 'operation', operation, defaultOp);
  if (resource === 'message' && operation === 'sendAndWait') {
    Object.assign(out, { sendTo: str(p.sendTo), subject: str(p.subject), ...exportSendAndWait(p) });
  } else if (resource === 'message' && (operation === 'send' || operation === 'reply')) {
    if (operation === 'send') out.sendTo = str(p.sendTo);
    else out.messageId = str(p.messageId);
    if (operation === 'send') out.subject = str(p.subject);
    setIf(out, 'emailType', p.emailType ?? 'html', 'html');
    out.message = str(p.message);
    out.options = composeOptions(p, true);
  } else if (resource === 'draft') {
    out.subject = str(p.subject);
    setIf(out, 'emailType', p.emailType ?? 'html', 'html');
    out.message = str(p.message);
    const o = composeOptions(p, false);
    if (str(p.sendTo) !== '') o.sendTo = str(p.sendTo);
    if (str(p.threadId) !== '') o.threadId = str(p.threadId);
    out.options = o;
  } else if (resource === 'label') {
    if (operation === 'getAll') {
      setIf(out, 'returnAll', p.returnAll, false);
      if (p.returnAll !== true) setIf(out, 'limit', p.limit, 50);
    }
    if (operation === 'get' || operation === 'delete') out.labelId = str(p.labelId);
    if (operation === 'create') Object.assign(out, { name: str(p.name), options: {} });
  } else {
    const idKey = resource === 'thread' ? 'threadId' : 'messageId';
    if (operation !== 'getAll') out[idKey] = str(p[idKey]);
    if (operation === 'addLabels' || operation === 'removeLabels') out.labelIds = ids(p.labelIds);
    if (operation === 'get' || operation === 'getAll') {
      if (resource === 'message' || operation === 'get') setIf(out, 'simple', p.simple, true);
      const o = readOptions(p);
      if (resource === 'thread' && p.returnOnlyMessages === true) o.returnOnlyMessages = true;
      if (operation === 'getAll') {
        setIf(out, 'returnAll', p.returnAll, false);
        if (p.returnAll !== true) setIf(out, 'limit', p.limit, 50);
        out.filters = filtersOf(p.filters);
      }
      out.options = o;
    }
  }
  return { type: 'n8n-nodes-base.gmail', typeVersion: 2.1, parameters: out };
};
