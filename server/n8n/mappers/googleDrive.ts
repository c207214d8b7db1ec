/**
 * n8n's Google Drive node (n8n-nodes-base.googleDrive) into nodes/googleDrive.
 * - v3: file upload, download, copy, move, deleteFile, share, update, createFromText; fileFolder search; folder
 *   create, deleteFolder, share. Resource locators (fileId, folderNoRootId, driveId, folderId, filter.driveId,
 *   filter.folderId) become their value (a URL stays a URL: the node reads the id from it); options become flat
 *   params with n8n's names (googleFileConversion.conversion's formats, permissionsUi.permissionsValues as
 *   `permissions`).
 * - v1 / v2: file upload (binaryData with binaryPropertyName, or fileContent as a text file; parents[0] as the
 *   folder) and download.
 * Not supported: the shared drive resource, v1/v2's other operations, upload's custom properties (warned and
 * dropped). Credentials keep their n8n types as slots: googleDriveOAuth2Api (authentication oAuth2) or
 * googleApi (a service account). The reverse mapper (../reverse/googleDrive.ts) writes v3.
 */
import type { MapContext, Mapper, Mapping } from './types';
import { arr, bool, locatorValue, num, obj, str, type Params } from './util';

const SUPPORTED: Record<string, string[]> = {
  file: ['upload', 'download', 'copy', 'move', 'deleteFile', 'share', 'update', 'createFromText'],
  fileFolder: ['search'],
  folder: ['create', 'deleteFolder', 'share'],
};
const DEFAULT_OPERATION: Record<string, string> = { file: 'upload', fileFolder: 'search', folder: 'create' };
const FORMATS = ['docsToFormat', 'sheetsToFormat', 'slidesToFormat', 'drawingsToFormat'] as const;

function authentication(ctx: MapContext): 'oAuth2' | 'serviceAccount' {
  const creds = obj(ctx.node.credentials);
  if ('googleDriveOAuth2Api' in creds) return 'oAuth2';
  if ('googleApi' in creds) return 'serviceAccount';
  const auth = str(ctx.params.authentication, ctx.version < 2 ? 'serviceAccount' : 'oAuth2');
  return auth === 'serviceAccount' ? 'serviceAccount' : 'oAuth2';
}

/** download options: binary property, file name, Google formats. */
function downloadOptions(o: Params, out: Params): void {
  out.binaryPropertyName = str(o.binaryPropertyName, 'data');
  if (str(o.fileName) !== '') out.fileName = str(o.fileName);
  const conversion = obj(obj(o.googleFileConversion).conversion);
  for (const f of FORMATS) if (conversion[f] !== undefined) out[f] = str(conversion[f]);
}

function shareParams(p: Params, o: Params, out: Params): void {
  const perm = obj(obj(p.permissionsUi).permissionsValues);
  const permissions: Params = {};
  for (const key of ['role', 'type', 'emailAddress', 'domain'] as const) if (perm[key] !== undefined) permissions[key] = str(perm[key]);
  if (perm.allowFileDiscovery !== undefined) permissions.allowFileDiscovery = bool(perm.allowFileDiscovery, false);
  out.permissions = permissions;
  if (str(o.emailMessage) !== '') out.emailMessage = str(o.emailMessage);
  for (const key of ['sendNotificationEmail', 'transferOwnership', 'moveToNewOwnersRoot'] as const) if (o[key] !== undefined) out[key] = bool(o[key], false);
}

/** Where new files go: driveId and folderId locators (n8n's defaults: My Drive, its root). */
function location(p: Params, out: Params): void {
  out.driveId = locatorValue(p.driveId) || 'My Drive';
  out.folderId = locatorValue(p.folderId) || 'root';
}

function v3(ctx: MapContext): Mapping | { unsupported: string } {
  const p = ctx.params;
  const resource = str(p.resource, 'file');
  const operation = str(p.operation, DEFAULT_OPERATION[resource] ?? '');
  if (!SUPPORTED[resource]?.includes(operation)) return { unsupported: `Google Drive ${resource} operation "${operation}" is not supported` };
  const o = obj(p.options);
  const params: Params = { authentication: authentication(ctx), resource, operation };
  if (resource === 'fileFolder') {
    const f = obj(p.filter);
    const filter: Params = {};
    if (locatorValue(f.driveId) !== '') filter.driveId = locatorValue(f.driveId);
    if (locatorValue(f.folderId) !== '') filter.folderId = locatorValue(f.folderId);
    if (str(f.whatToSearch, 'all') !== 'all') filter.whatToSearch = str(f.whatToSearch);
    if (arr(f.fileTypes).length) filter.fileTypes = arr(f.fileTypes).map((x) => str(x));
    if (f.includeTrashed === true) filter.includeTrashed = true;
    Object.assign(params, { searchMethod: str(p.searchMethod, 'name'), queryString: str(p.queryString), filter, returnAll: bool(p.returnAll, false), limit: num(p.limit, 50) });
    if (arr(o.fields).length) params.fields = arr(o.fields).map((x) => str(x));
    return { type: 'googleDrive', params };
  }
  if (resource === 'folder') {
    if (operation === 'create') {
      Object.assign(params, { name: str(p.name) });
      location(p, params);
      if (str(o.folderColorRgb) !== '') params.folderColorRgb = str(o.folderColorRgb);
    } else {
      params.folderNoRootId = locatorValue(p.folderNoRootId);
      if (operation === 'share') shareParams(p, o, params);
      else if (o.deletePermanently === true) params.deletePermanently = true;
    }
    return { type: 'googleDrive', params };
  }
  if (operation !== 'upload' && operation !== 'createFromText') params.fileId = locatorValue(p.fileId);
  switch (operation) {
    case 'upload':
      params.name = str(p.name);
      location(p, params);
      params.inputDataFieldName = str(p.inputDataFieldName, 'data');
      if (o.propertiesUi !== undefined || o.appPropertiesUi !== undefined) ctx.warn('Google Drive: custom file properties on upload are not supported and were dropped');
      break;
    case 'createFromText':
      Object.assign(params, { name: str(p.name), content: str(p.content) });
      location(p, params);
      if (o.convertToGoogleDocument === true) params.convertToGoogleDocument = true;
      break;
    case 'download':
      downloadOptions(o, params);
      break;
    case 'copy':
      if (p.name !== undefined) params.name = str(p.name);
      params.sameFolder = bool(p.sameFolder, true);
      if (!params.sameFolder) location(p, params);
      if (str(o.description) !== '') params.description = str(o.description);
      if (o.copyRequiresWriterPermission !== undefined) params.copyRequiresWriterPermission = bool(o.copyRequiresWriterPermission, false);
      break;
    case 'move':
      location(p, params);
      break;
    case 'deleteFile':
      if (o.deletePermanently === true) params.deletePermanently = true;
      break;
    case 'share':
      shareParams(p, o, params);
      break;
    case 'update':
      params.changeFileContent = bool(p.changeFileContent, false);
      params.inputDataFieldName = str(p.inputDataFieldName, 'data');
      if (str(p.newUpdatedFileName) !== '') params.newUpdatedFileName = str(p.newUpdatedFileName);
      break;
  }
  return { type: 'googleDrive', params };
}

function v1(ctx: MapContext): Mapping | { unsupported: string } {
  const p = ctx.params;
  const resource = str(p.resource, 'file');
  const operation = str(p.operation, 'upload');
  if (resource !== 'file' || (operation !== 'upload' && operation !== 'download')) return { unsupported: `Google Drive ${ctx.version} ${resource} operation "${operation}" is not supported` };
  const params: Params = { authentication: authentication(ctx), resource: 'file' };
  if (operation === 'download') {
    Object.assign(params, { operation, fileId: locatorValue(p.fileId) });
    downloadOptions(obj(p.options), params);
    return { type: 'googleDrive', params };
  }
  const parents = arr(p.parents).map((x) => str(x));
  if (parents.length > 1) ctx.warn('Google Drive: the file goes into the first of its parent folders only');
  const folderId = parents[0] ?? 'root';
  const common = { name: str(p.name), driveId: 'My Drive', folderId };
  if (bool(p.binaryData, false)) Object.assign(params, { operation: 'upload', ...common, inputDataFieldName: str(p.binaryPropertyName, 'data') });
  else Object.assign(params, { operation: 'createFromText', ...common, content: str(p.fileContent) });
  return { type: 'googleDrive', params };
}

export const googleDrive: Mapper = (ctx) => (ctx.version >= 3 ? v3(ctx) : v1(ctx));
