/**
 * The Google Drive node's operations on the Drive v3 REST API: metadata calls under {apiUrl}/drive/v3, file
 * content under {apiUrl}/upload/drive/v3 (uploadType=multipart: a multipart/related body of the JSON metadata
 * and the bytes). Every call passes supportsAllDrives so shared drives work as n8n's node does.
 */
import type { Item, JsonObject, NodeContext } from '../sdk';
import { fieldError } from '../per-item';
import { bytesOf, makeBinary, requireBinary } from '../binary-data';
import { GoogleApiError, type GoogleAuth } from '../google/auth';
import { googleJson, googleRequest, multipartBody, queryOf } from '../google/http';
import { DEFAULT_DRIVE_URL, DRIVE_OPERATIONS, FOLDER_MIME, MY_DRIVE, type GoogleDriveParams } from './params';

export interface DriveRun {
  ctx: NodeContext<GoogleDriveParams>;
  auth: GoogleAuth;
  fetchImpl: typeof fetch;
}

type Q = Record<string, string | number | boolean | string[] | undefined>;
const ALL = { supportsAllDrives: true };
/** Google takes multipart uploads up to 5 MB; larger files go through a resumable upload session. */
export const MULTIPART_MAX_BYTES = 5 * 1024 * 1024;

/** A file or folder id from an id or a Drive / Docs URL (…/d/<id>/…, …/folders/<id>, ?id=<id>). */
export function driveIdOf(value: string): string {
  const v = value.trim();
  const m = /\/(?:d|folders)\/([A-Za-z0-9_-]+)/.exec(v) ?? /[?&]id=([A-Za-z0-9_-]+)/.exec(v);
  return m ? m[1] : v;
}

class Drive {
  readonly base: string;
  constructor(
    readonly run: DriveRun,
    readonly p: GoogleDriveParams,
    readonly itemIndex: number,
    readonly field: string,
  ) {
    this.base = (p.apiUrl.trim() || DEFAULT_DRIVE_URL).replace(/\/+$/, '');
  }

  fail(field: string, problem: string) {
    return fieldError(this.run.ctx as NodeContext<unknown>, field, this.itemIndex, problem);
  }

  private wrap(err: unknown): never {
    if (err instanceof GoogleApiError) throw this.fail(this.field, `Google Drive ${err.message}`);
    throw err;
  }

  async call(method: string, path: string, query: Q = {}, json?: unknown): Promise<JsonObject> {
    try {
      return (await googleJson(this.run.auth, { method, url: `${this.base}/drive/v3/${path}${queryOf({ ...query, ...ALL })}`, json, what: `${method} ${path}` }, this.run.ctx.signal, this.run.fetchImpl)) as JsonObject;
    } catch (err) {
      return this.wrap(err);
    }
  }

  async bytes(path: string, query: Q): Promise<Buffer> {
    try {
      const res = await googleRequest(this.run.auth, { method: 'GET', url: `${this.base}/drive/v3/${path}${queryOf({ ...query, ...ALL })}`, what: `GET ${path}` }, this.run.ctx.signal, this.run.fetchImpl);
      return res.bytes;
    } catch (err) {
      return this.wrap(err);
    }
  }

  /** File content: multipart/related up to MULTIPART_MAX_BYTES, a resumable upload session above; answers the whole file. */
  async upload(method: string, path: string, metadata: JsonObject, content: Buffer, mimeType: string): Promise<JsonObject> {
    // The whole file resource, as n8n's upload answers (workflows read webViewLink, webContentLink, thumbnailLink).
    const url = (uploadType: string) => `${this.base}/upload/drive/v3/${path}${queryOf({ uploadType, fields: '*', ...ALL })}`;
    const { auth, ctx, fetchImpl } = this.run;
    try {
      if (content.length <= MULTIPART_MAX_BYTES) {
        const { body, contentType } = multipartBody(metadata, content, mimeType);
        return (await googleJson(auth, { method, url: url('multipart'), body, contentType, what: `${method} upload ${path}` }, ctx.signal, fetchImpl)) as JsonObject;
      }
      const headers = { 'x-upload-content-type': mimeType, 'x-upload-content-length': String(content.length) };
      const session = await googleRequest(auth, { method, url: url('resumable'), json: metadata, headers, what: `${method} upload ${path} (resumable)` }, ctx.signal, fetchImpl);
      const location = session.headers.get('location');
      if (!location) throw new GoogleApiError(`${method} upload ${path}: Google started no upload session (no Location header)`);
      return (await googleJson(auth, { method: 'PUT', url: location, body: content, contentType: mimeType, what: `PUT upload ${path}` }, ctx.signal, fetchImpl)) as JsonObject;
    } catch (err) {
      return this.wrap(err);
    }
  }

  need(field: 'fileId' | 'folderNoRootId' | 'name'): string {
    const v = field === 'name' ? this.p.name.trim() : driveIdOf(this.p[field]);
    if (!v) throw this.fail(field, `is empty; ${this.p.resource} ${this.p.operation} needs it`);
    return v;
  }

  /** The parent for new files: the folder, or a shared drive's root when the folder is "root". */
  parent(): string {
    const folder = driveIdOf(this.p.folderId) || 'root';
    const drive = this.p.driveId.trim();
    return folder === 'root' && drive && drive !== MY_DRIVE ? drive : folder;
  }
}

async function download(d: Drive, item: Item): Promise<Item> {
  const id = d.need('fileId');
  const meta = await d.call('GET', `files/${encodeURIComponent(id)}`, { fields: 'id,name,mimeType' });
  const mime = String(meta.mimeType ?? '');
  const exportAs: Record<string, string> = {
    'application/vnd.google-apps.document': d.p.docsToFormat,
    'application/vnd.google-apps.spreadsheet': d.p.sheetsToFormat,
    'application/vnd.google-apps.presentation': d.p.slidesToFormat,
    'application/vnd.google-apps.drawing': d.p.drawingsToFormat,
  };
  let bytes: Buffer;
  let mimeType = mime;
  if (exportAs[mime]) {
    mimeType = exportAs[mime];
    bytes = await d.bytes(`files/${encodeURIComponent(id)}/export`, { mimeType });
  } else if (mime.startsWith('application/vnd.google-apps.')) {
    throw d.fail('fileId', `"${String(meta.name ?? id)}" is a ${mime} file, which Drive cannot download or export`);
  } else {
    bytes = await d.bytes(`files/${encodeURIComponent(id)}`, { alt: 'media' });
  }
  const property = d.p.binaryPropertyName.trim() || 'data';
  const binary = makeBinary(bytes, { fileName: d.p.fileName.trim() || String(meta.name ?? id), mimeType: mimeType || undefined });
  return { json: item.json, binary: { ...item.binary, [property]: binary } };
}

async function upload(d: Drive, item: Item): Promise<JsonObject> {
  const property = d.p.inputDataFieldName.trim() || 'data';
  const bin = requireBinary(item, property, d.run.ctx.node.name, 'inputDataFieldName', d.itemIndex);
  const name = d.p.name.trim() || bin.fileName || 'file';
  const mimeType = bin.mimeType || 'application/octet-stream';
  return d.upload('POST', 'files', { name, parents: [d.parent()] }, bytesOf(bin), mimeType);
}

async function share(d: Drive, id: string): Promise<JsonObject> {
  const perm = d.p.permissions;
  const body: JsonObject = { role: perm.role, type: perm.type };
  if (perm.type === 'user' || perm.type === 'group') {
    if (!perm.emailAddress.trim()) throw d.fail('permissions', `a ${perm.type} needs an email address`);
    body.emailAddress = perm.emailAddress.trim();
  }
  if (perm.type === 'domain') body.domain = perm.domain.trim();
  if (perm.allowFileDiscovery !== undefined && (perm.type === 'domain' || perm.type === 'anyone')) body.allowFileDiscovery = perm.allowFileDiscovery;
  const q: Q = {
    emailMessage: d.p.emailMessage || undefined,
    sendNotificationEmail: d.p.sendNotificationEmail,
    transferOwnership: d.p.transferOwnership,
    moveToNewOwnersRoot: d.p.moveToNewOwnersRoot,
  };
  return d.call('POST', `files/${encodeURIComponent(id)}/permissions`, q, body);
}

async function remove(d: Drive, id: string): Promise<JsonObject> {
  if (d.p.deletePermanently) await d.call('DELETE', `files/${encodeURIComponent(id)}`);
  else await d.call('PATCH', `files/${encodeURIComponent(id)}`, {}, { trashed: true });
  return { fileId: id, success: true };
}

const quoted = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** n8n's search query: name contains / a raw query, the folder, files or folders, not trashed, file types. */
export function searchQuery(p: GoogleDriveParams): string {
  const parts: string[] = [];
  const text = p.queryString.trim();
  if (text) parts.push(p.searchMethod === 'query' ? text : `name contains ${quoted(text)}`);
  const folder = driveIdOf(p.filter.folderId);
  if (folder) parts.push(`${quoted(folder)} in parents`);
  if (p.filter.whatToSearch === 'folders') parts.push(`mimeType = '${FOLDER_MIME}'`);
  if (p.filter.whatToSearch === 'files') parts.push(`mimeType != '${FOLDER_MIME}'`);
  if (!p.filter.includeTrashed) parts.push('trashed = false');
  const types = p.filter.fileTypes.filter((t) => t && t !== '*');
  if (types.length) parts.push(`(${types.map((t) => `mimeType = ${quoted(t)}`).join(' or ')})`);
  return parts.join(' and ');
}

async function search(d: Drive): Promise<JsonObject[]> {
  const fields = d.p.fields.includes('*') ? '*' : (d.p.fields.length ? d.p.fields : ['id', 'name']).join(', ');
  const drive = d.p.filter.driveId.trim();
  // As n8n: one shared drive, or every drive the account can see (My Drive included).
  const where: Q = drive && drive !== MY_DRIVE ? { corpora: 'drive', driveId: drive, includeItemsFromAllDrives: true } : { corpora: 'allDrives', includeItemsFromAllDrives: true };
  const out: JsonObject[] = [];
  let pageToken: string | undefined;
  do {
    const pageSize = d.p.returnAll ? 1000 : Math.min(1000, d.p.limit - out.length);
    const page = await d.call('GET', 'files', { q: searchQuery(d.p), fields: `nextPageToken, files(${fields})`, pageSize, pageToken, ...where });
    out.push(...(((page.files as JsonObject[] | undefined) ?? []) as JsonObject[]));
    pageToken = typeof page.nextPageToken === 'string' && page.nextPageToken ? page.nextPageToken : undefined;
  } while (pageToken && (d.p.returnAll || out.length < d.p.limit));
  return d.p.returnAll ? out : out.slice(0, d.p.limit);
}

async function runItem(d: Drive, item: Item): Promise<Item[]> {
  const p = d.p;
  const one = (json: JsonObject): Item[] => [{ json }];
  if (p.resource === 'fileFolder') return (await search(d)).map((json) => ({ json }));
  if (p.resource === 'folder') {
    if (p.operation === 'create') {
      const meta: JsonObject = { name: d.need('name'), mimeType: FOLDER_MIME, parents: [d.parent()] };
      if (p.folderColorRgb.trim()) meta.folderColorRgb = p.folderColorRgb.trim();
      return one(await d.call('POST', 'files', { fields: 'id,name,mimeType,parents,webViewLink' }, meta));
    }
    const id = d.need('folderNoRootId');
    return one(p.operation === 'share' ? await share(d, id) : await remove(d, id));
  }
  switch (p.operation) {
    case 'upload':
      return one(await upload(d, item));
    case 'createFromText': {
      const meta: JsonObject = { name: d.need('name'), parents: [d.parent()] };
      if (p.convertToGoogleDocument) meta.mimeType = 'application/vnd.google-apps.document';
      return one(await d.upload('POST', 'files', meta, Buffer.from(p.content, 'utf8'), 'text/plain'));
    }
    case 'download':
      return [await download(d, item)];
    case 'copy': {
      const body: JsonObject = {};
      if (p.name.trim()) body.name = p.name.trim();
      if (!p.sameFolder) body.parents = [d.parent()];
      if (p.description) body.description = p.description;
      if (p.copyRequiresWriterPermission !== undefined) body.copyRequiresWriterPermission = p.copyRequiresWriterPermission;
      return one(await d.call('POST', `files/${encodeURIComponent(d.need('fileId'))}/copy`, {}, body));
    }
    case 'move': {
      const id = d.need('fileId');
      const current = await d.call('GET', `files/${encodeURIComponent(id)}`, { fields: 'parents' });
      const old = ((current.parents as string[] | undefined) ?? []).join(',');
      return one(await d.call('PATCH', `files/${encodeURIComponent(id)}`, { addParents: d.parent(), removeParents: old || undefined }, {}));
    }
    case 'deleteFile':
      return one(await remove(d, d.need('fileId')));
    case 'share':
      return one(await share(d, d.need('fileId')));
    default: {
      // update
      const id = d.need('fileId');
      const meta: JsonObject = p.newUpdatedFileName.trim() ? { name: p.newUpdatedFileName.trim() } : {};
      if (!p.changeFileContent) return one(await d.call('PATCH', `files/${encodeURIComponent(id)}`, {}, meta));
      const property = p.inputDataFieldName.trim() || 'data';
      const bin = requireBinary(item, property, d.run.ctx.node.name, 'inputDataFieldName', d.itemIndex);
      return one(await d.upload('PATCH', `files/${encodeURIComponent(id)}`, meta, bytesOf(bin), bin.mimeType || 'application/octet-stream'));
    }
  }
}

const FIELD_OF: Record<string, string> = { upload: 'folderId', createFromText: 'folderId', search: 'filter', create: 'folderId', move: 'folderId' };

export async function runDrive(run: DriveRun, p: GoogleDriveParams, item: Item, itemIndex: number): Promise<Item[]> {
  if (!(DRIVE_OPERATIONS[p.resource] as readonly string[]).includes(p.operation)) {
    throw fieldError(run.ctx as NodeContext<unknown>, 'operation', itemIndex, `${p.resource} has no operation "${p.operation}" (one of ${DRIVE_OPERATIONS[p.resource].join(', ')})`);
  }
  const field = FIELD_OF[p.operation] ?? (p.resource === 'folder' ? 'folderNoRootId' : 'fileId');
  const d = new Drive(run, p, itemIndex, field);
  return (await runItem(d, item)).map((out) => ({ ...out, pairedItem: { item: itemIndex } }));
}
