/**
 * googleDocs: n8n's Google Docs node (n8n-nodes-base.googleDocs v2; its "Google Docs Tool" folds into agents as a
 * node tool) on the Docs v1 REST API. Authentication (n8n's `authentication`): 'oAuth2' (the googleDocsOAuth2Api
 * slot: n8n's googleDocsOAuth2Api / googleOAuth2Api types or Weft's oAuth2Api; the runtime gives a current
 * access token) or 'serviceAccount' (googleApi; share the documents with the service account's email).
 *
 * Params (n8n's v2 names; options flat):
 * - operation              create | get | update (resource: document)
 * - title, folderId        create: a Google Docs file made through the Drive API (driveApiUrl) in the folder
 *                          (empty / "default" / "root": My Drive); answers Drive's file (id, name, mimeType)
 * - documentURL            get, update: the document's id or URL
 * - simple                 get: { documentId, content } with the text of the body's paragraphs (off: the whole
 *                          document); update: the first request's reply and documentId (off: Google's whole
 *                          batchUpdate answer and documentId)
 * - actions                update: n8n's actionsUi.actionFields (its field names and defaults), in order, sent
 *                          as one batchUpdate. object + action: text insert (text; locationChoice
 *                          endOfSegmentLocation | location with index) | replaceAll (text -> replaceText,
 *                          matchCase); pageBreak insert; table insert (rows, columns); tableColumn / tableRow
 *                          insert (insertPosition: right / below) | delete (index: the table's start, rowIndex,
 *                          columnIndex); namedRange create (name, startIndex, endIndex) | delete
 *                          (namedRangeReference namedRangeId | name, value); paragraphBullets create
 *                          (bulletPreset) | delete; positionedObject delete (objectId); header / footer create |
 *                          delete (headerId / footerId). insertSegment header | footer with segmentId aims at a
 *                          header or footer instead of the body. Weft's own: contentRange delete (startIndex,
 *                          endIndex; n8n has no action deleting text)
 * - writeControl           update: { control: requiredRevisionId | targetRevisionId, value }
 * - apiUrl, driveApiUrl    Google's API addresses (defaults https://docs.googleapis.com, https://www.googleapis.com)
 * Each input item makes its own calls; n8n's On Error setting applies per item. Errors name the node and field.
 */
import { defineNode, type NodeContext } from '../sdk';
import { perItem } from '../per-item';
import { oauth2Auth, readServiceAccount, serviceAccountAuth, type GoogleAuth } from '../google/auth';
import { runDocs } from './operations';
import { DOCS_SCOPE, googleDocsParams, type GoogleDocsParams } from './params';

export { DEFAULT_DOCS_URL, DOCS_SCOPE, googleDocsParams, type GoogleDocsParams } from './params';

type Ctx = NodeContext<GoogleDocsParams>;

async function authOf(ctx: Ctx, p: GoogleDocsParams): Promise<GoogleAuth> {
  if (p.authentication === 'serviceAccount') return serviceAccountAuth(readServiceAccount(await ctx.credentials('googleApi'), ctx.node.name), DOCS_SCOPE);
  return oauth2Auth(ctx as NodeContext<unknown>, 'googleDocsOAuth2Api');
}

export const googleDocsNode = defineNode({
  type: 'googleDocs',
  version: 1,
  displayName: 'Google Docs',
  description: 'Create Google Docs, read their text, and update them (insert and replace text, delete content, tables, bullets, ...)',
  category: 'integration',
  icon: 'file-json',
  inputs: [{ name: 'main' }],
  outputs: [{ name: 'main' }],
  params: googleDocsParams,
  credentials: [
    { name: 'googleDocsOAuth2Api', type: 'googleDocsOAuth2Api', types: ['googleDocsOAuth2Api', 'googleOAuth2Api', 'oAuth2Api'], shownWhen: { authentication: ['oAuth2'] } },
    { name: 'googleApi', type: 'googleApi', shownWhen: { authentication: ['serviceAccount'] } },
  ],
  async execute(ctx) {
    if (ctx.items.length === 0) return { main: [] };
    const first = ctx.params(0);
    const auth = await authOf(ctx, first);
    const fetchImpl = ctx.services.fetch ?? globalThis.fetch;
    return perItem(ctx as NodeContext<unknown>, 'main', (_item, i) => runDocs({ ctx, auth, fetchImpl }, i === 0 ? first : ctx.params(i), i));
  },
});

export default googleDocsNode;
