/**
 * googleDrive: n8n's Google Drive node (n8n-nodes-base.googleDrive v3, and v1/v2's file upload and download) on
 * the Drive v3 REST API. Authentication (n8n's `authentication`): 'oAuth2' (the googleDriveOAuth2Api slot:
 * n8n's googleDriveOAuth2Api / googleOAuth2Api types or Weft's oAuth2Api; the runtime gives a current access
 * token) or 'serviceAccount' (googleApi; share the folders with the service account's email, or set a
 * delegated user), or a bearer token.
 *
 * Params (n8n's v3 names; n8n's options collections are flat here):
 * - resource / operation   file: upload | download | copy | move | deleteFile | share | update | createFromText;
 *                          fileFolder: search; folder: create | deleteFolder | share
 * - fileId, folderNoRootId ids or URLs (n8n's resource locators arrive as their value)
 * - driveId, folderId      where new files go ("My Drive" / "root" by default; a shared drive's id)
 * - name, inputDataFieldName (upload: the binary property), content + convertToGoogleDocument (from text)
 * - binaryPropertyName, fileName, docsToFormat / sheetsToFormat / slidesToFormat / drawingsToFormat (download:
 *   the file into a binary property; Google Docs, Sheets, Slides and Drawings are exported to those formats)
 * - sameFolder, description, copyRequiresWriterPermission (copy); deletePermanently (delete; else trash)
 * - permissions { role, type, emailAddress, domain, allowFileDiscovery }, emailMessage, sendNotificationEmail,
 *   transferOwnership, moveToNewOwnersRoot (share: n8n's permissionsUi.permissionsValues and options)
 * - changeFileContent, newUpdatedFileName (update)
 * - searchMethod, queryString, filter { driveId, folderId, whatToSearch, fileTypes, includeTrashed }, returnAll,
 *   limit, fields (search)
 * - apiUrl                 Google's API address (default https://www.googleapis.com; tests point it elsewhere)
 * Uploads answer the whole file resource (webViewLink, ...); files over 5 MB go through a resumable session.
 * Each input item makes its own calls; n8n's On Error setting applies per item. Errors name the node and field.
 */
import { defineNode, type NodeContext } from '../sdk';
import { perItem } from '../per-item';
import { bearerAuth, oauth2Auth, readServiceAccount, serviceAccountAuth, type GoogleAuth } from '../google/auth';
import { runDrive } from './operations';
import { DRIVE_SCOPE, googleDriveParams, type GoogleDriveParams } from './params';

export { DEFAULT_DRIVE_URL, DRIVE_OPERATIONS, DRIVE_SCOPE, googleDriveParams, type GoogleDriveParams } from './params';

type Ctx = NodeContext<GoogleDriveParams>;

async function authOf(ctx: Ctx, p: GoogleDriveParams): Promise<GoogleAuth> {
  if (p.authentication === 'serviceAccount') return serviceAccountAuth(readServiceAccount(await ctx.credentials('googleApi'), ctx.node.name), DRIVE_SCOPE);
  if (p.authentication === 'accessToken') return bearerAuth(await ctx.credentials('httpBearerAuth'), ctx.node.name);
  return oauth2Auth(ctx as NodeContext<unknown>, 'googleDriveOAuth2Api');
}

export const googleDriveNode = defineNode({
  type: 'googleDrive',
  version: 1,
  displayName: 'Google Drive',
  description: 'Upload, download, copy, move, share, update and delete Drive files, search files and folders, create folders',
  category: 'integration',
  icon: 'folder',
  inputs: [{ name: 'main' }],
  outputs: [{ name: 'main' }],
  params: googleDriveParams,
  credentials: [
    { name: 'googleDriveOAuth2Api', type: 'googleDriveOAuth2Api', types: ['googleDriveOAuth2Api', 'googleOAuth2Api', 'oAuth2Api'], shownWhen: { authentication: ['oAuth2'] } },
    { name: 'googleApi', type: 'googleApi', shownWhen: { authentication: ['serviceAccount'] } },
    { name: 'httpBearerAuth', type: 'httpBearerAuth', shownWhen: { authentication: ['accessToken'] } },
  ],
  async execute(ctx) {
    if (ctx.items.length === 0) return { main: [] };
    const first = ctx.params(0);
    const auth = await authOf(ctx, first);
    const fetchImpl = ctx.services.fetch ?? globalThis.fetch;
    return perItem(ctx as NodeContext<unknown>, 'main', (item, i) => runDrive({ ctx, auth, fetchImpl }, i === 0 ? first : ctx.params(i), item, i));
  },
});

export default googleDriveNode;
