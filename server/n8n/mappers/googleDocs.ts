/**
 * n8n's Google Docs node (n8n-nodes-base.googleDocs v1 / v2, and its googleDocsTool, which folds into agents as a
 * node tool) into nodes/googleDocs: document create (title, folderId; n8n's driveId only narrows its folder
 * picker), get (documentURL, simple), update (documentURL, simple, actionsUi.actionFields as `actions` with
 * n8n's field names, updateFields.writeControlObject as `writeControl`).
 * Values are kept as they are, expressions and a tool's $fromAI(...) included: the node resolves them per item.
 * Credentials keep their n8n types as slots: googleDocsOAuth2Api (authentication oAuth2) or googleApi (a service
 * account). The reverse mapper (../reverse/googleDocs.ts) writes v2.
 */
import type { MapContext, Mapper, Mapping } from './types';
import { arr, locatorValue, obj, str, type Params } from './util';

const OPERATIONS = ['create', 'get', 'update'];

function authentication(ctx: MapContext): 'oAuth2' | 'serviceAccount' {
  const creds = obj(ctx.node.credentials);
  if ('googleDocsOAuth2Api' in creds) return 'oAuth2';
  if ('googleApi' in creds) return 'serviceAccount';
  // n8n's default: a service account in v1, OAuth2 from v2 on.
  return str(ctx.params.authentication, ctx.version < 2 ? 'serviceAccount' : 'oAuth2') === 'serviceAccount' ? 'serviceAccount' : 'oAuth2';
}

export const googleDocs: Mapper = (ctx): Mapping | { unsupported: string } => {
  const p = ctx.params;
  const resource = str(p.resource, 'document');
  const operation = str(p.operation, 'create');
  if (resource !== 'document' || !OPERATIONS.includes(operation)) return { unsupported: `Google Docs ${resource} operation "${operation}" is not supported` };
  const params: Params = { authentication: authentication(ctx), resource, operation };
  if (operation === 'create') {
    params.title = str(p.title);
    const folder = locatorValue(p.folderId);
    if (folder !== '' && folder !== 'default' && folder !== 'root') params.folderId = folder;
    return { type: 'googleDocs', params };
  }
  params.documentURL = locatorValue(p.documentURL);
  if (p.simple !== undefined) params.simple = p.simple;
  if (operation === 'update') {
    params.actions = arr(obj(p.actionsUi).actionFields).map((a) => ({ ...obj(a) }));
    const wc = obj(obj(p.updateFields).writeControlObject);
    if (str(wc.value) !== '') params.writeControl = { control: str(wc.control, 'requiredRevisionId'), value: str(wc.value) };
  }
  return { type: 'googleDocs', params };
};
