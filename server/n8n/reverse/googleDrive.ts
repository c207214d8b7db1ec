/**
 * nodes/googleDrive back into n8n's Google Drive node v3: ids as resource locators (a URL in url mode, My Drive
 * and the root folder in list mode, else by id), flat options back into `options`, share's permissions into
 * permissionsUi.permissionsValues, search filters into `filter`. A service account becomes authentication
 * 'serviceAccount'; a bearer token has no n8n equivalent (exported as OAuth2 with a warning). Credential slots
 * are named after n8n's types and export as they are.
 */
import { setIf, str, type Params, type ReverseMapper } from './types';

const FORMATS = ['docsToFormat', 'sheetsToFormat', 'slidesToFormat', 'drawingsToFormat'] as const;
const isUrl = (v: string) => /^=?\s*https?:\/\//i.test(v);
const locator = (value: string) => ({ __rl: true, value, mode: isUrl(value) ? 'url' : 'id' });
const driveLocator = (v: unknown) => (str(v, 'My Drive') === 'My Drive' || str(v) === '' ? { __rl: true, value: 'My Drive', mode: 'list', cachedResultName: 'My Drive' } : locator(str(v)));
const folderLocator = (v: unknown) => (str(v, 'root') === 'root' || str(v) === '' ? { __rl: true, value: 'root', mode: 'list', cachedResultName: '/ (Root folder)' } : locator(str(v)));

function share(p: Params, out: Params): void {
  const perm = p.permissions && typeof p.permissions === 'object' ? (p.permissions as Params) : {};
  const values: Params = {};
  for (const key of ['role', 'type', 'emailAddress', 'domain'] as const) if (str(perm[key]) !== '') values[key] = str(perm[key]);
  if (typeof perm.allowFileDiscovery === 'boolean') values.allowFileDiscovery = perm.allowFileDiscovery;
  out.permissionsUi = { permissionsValues: values };
  const o: Params = {};
  if (str(p.emailMessage) !== '') o.emailMessage = str(p.emailMessage);
  for (const key of ['sendNotificationEmail', 'transferOwnership', 'moveToNewOwnersRoot'] as const) if (typeof p[key] === 'boolean') o[key] = p[key];
  out.options = o;
}

function where(p: Params, out: Params): void {
  out.driveId = driveLocator(p.driveId);
  out.folderId = folderLocator(p.folderId);
}

export const googleDrive: ReverseMapper = ({ params: p, warn }) => {
  const resource = str(p.resource, 'file');
  const operation = str(p.operation, resource === 'file' ? 'upload' : resource === 'folder' ? 'create' : 'search');
  if (p.authentication === 'accessToken') warn('Google Drive: n8n has no bearer-token authentication; exported with OAuth2 (googleDriveOAuth2Api)');
  if (str(p.apiUrl) !== '' && p.apiUrl !== 'https://www.googleapis.com') warn('Google Drive: n8n always calls https://www.googleapis.com; the API address is not exported');
  const out: Params = {};
  if (p.authentication === 'serviceAccount') out.authentication = 'serviceAccount';
  setIf(out, 'resource', resource, 'file');
  setIf(out, 'operation', operation, resource === 'file' ? 'upload' : resource === 'folder' ? 'create' : 'search');
  if (resource === 'fileFolder') {
    setIf(out, 'searchMethod', p.searchMethod, 'name');
    if (str(p.queryString) !== '') out.queryString = str(p.queryString);
    const f = p.filter && typeof p.filter === 'object' ? (p.filter as Params) : {};
    const filter: Params = {};
    if (str(f.driveId) !== '') filter.driveId = driveLocator(f.driveId);
    if (str(f.folderId) !== '') filter.folderId = folderLocator(f.folderId);
    if (f.whatToSearch !== undefined && f.whatToSearch !== 'all') filter.whatToSearch = f.whatToSearch;
    if (Array.isArray(f.fileTypes) && f.fileTypes.length) filter.fileTypes = f.fileTypes;
    if (f.includeTrashed === true) filter.includeTrashed = true;
    out.filter = filter;
    setIf(out, 'returnAll', p.returnAll, false);
    if (p.returnAll !== true) setIf(out, 'limit', p.limit, 50);
    out.options = Array.isArray(p.fields) && p.fields.length ? { fields: p.fields } : {};
    return { type: 'n8n-nodes-base.googleDrive', typeVersion: 3, parameters: out };
  }
  if (resource === 'folder') {
    if (operation === 'create') {
      out.name = str(p.name);
      where(p, out);
      out.options = str(p.folderColorRgb) !== '' ? { folderColorRgb: str(p.folderColorRgb) } : {};
    } else {
      out.folderNoRootId = locator(str(p.folderNoRootId));
      if (operation === 'share') share(p, out);
      else out.options = p.deletePermanently === true ? { deletePermanently: true } : {};
    }
    return { type: 'n8n-nodes-base.googleDrive', typeVersion: 3, parameters: out };
  }
  if (operation !== 'upload' && operation !== 'createFromText') out.fileId = locator(str(p.fileId));
  const o: Params = {};
  switch (operation) {
    case 'upload':
      out.name = str(p.name);
      where(p, out);
      setIf(out, 'inputDataFieldName', p.inputDataFieldName ?? 'data', 'data');
      break;
    case 'createFromText':
      out.name = str(p.name);
      out.content = str(p.content);
      where(p, out);
      if (p.convertToGoogleDocument === true) o.convertToGoogleDocument = true;
      break;
    case 'download': {
      setIf(o, 'binaryPropertyName', p.binaryPropertyName, 'data');
      if (str(p.fileName) !== '') o.fileName = str(p.fileName);
      const conversion: Params = {};
      for (const f of FORMATS) if (p[f] !== undefined) conversion[f] = p[f];
      if (Object.keys(conversion).length) o.googleFileConversion = { conversion };
      break;
    }
    case 'copy':
      if (p.name !== undefined) out.name = str(p.name);
      out.sameFolder = p.sameFolder !== false;
      if (p.sameFolder === false) where(p, out);
      if (str(p.description) !== '') o.description = str(p.description);
      if (typeof p.copyRequiresWriterPermission === 'boolean') o.copyRequiresWriterPermission = p.copyRequiresWriterPermission;
      break;
    case 'move':
      where(p, out);
      break;
    case 'deleteFile':
      if (p.deletePermanently === true) o.deletePermanently = true;
      break;
    case 'share':
      share(p, out);
      return { type: 'n8n-nodes-base.googleDrive', typeVersion: 3, parameters: out };
    case 'update':
      out.changeFileContent = p.changeFileContent === true;
      setIf(out, 'inputDataFieldName', p.inputDataFieldName, 'data');
      if (str(p.newUpdatedFileName) !== '') out.newUpdatedFileName = str(p.newUpdatedFileName);
      break;
  }
  if (operation !== 'move') out.options = o;
  return { type: 'n8n-nodes-base.googleDrive', typeVersion: 3, parameters: out };
};
