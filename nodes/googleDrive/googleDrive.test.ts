/**
 * Google Drive node against a fake Drive v3 API on 127.0.0.1 that records every request: multipart upload
 * (metadata part and the binary's bytes, parents for My Drive and shared drives), create from text, download
 * (plain files into a binary property, Google Docs exported to the chosen format), copy, move, trash and
 * permanent delete, share, update, search (n8n's query from name / folder / folders only / trashed), folder
 * create, the OAuth2 credential, and errors naming node and field.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runNode } from '../../server/engine/testing/node-context';
import type { NodeOutput } from '../sdk';
import { googleDriveNode } from './index';
import { driveIdOf, MULTIPART_MAX_BYTES, searchQuery } from './operations';
import { googleDriveParams } from './params';
import { importN8nWorkflow } from '../../server/n8n';
import { N8N_CORPUS_DIR } from '../../server/testing/corpus';

interface Req {
  method: string;
  path: string;
  query: URLSearchParams;
  auth: string;
  contentType: string;
  raw: Buffer;
}
let requests: Req[] = [];
let server: http.Server;
let baseUrl: string;

const FILES: Record<string, { name: string; mimeType: string; parents: string[]; bytes?: Buffer }> = {
  'f-pdf': { name: 'invoice.pdf', mimeType: 'application/pdf', parents: ['old-folder'], bytes: Buffer.from('%PDF-1.7 invoice') },
  'f-doc': { name: 'Notes', mimeType: 'application/vnd.google-apps.document', parents: ['root'] },
  'f-form': { name: 'Quiz', mimeType: 'application/vnd.google-apps.form', parents: ['root'] },
};

function handle(r: Req): { status: number; json?: unknown; bytes?: Buffer; location?: string } {
  if (r.path === '/upload/session/s1') return { status: 200, json: { kind: 'drive#file', id: 'big-1', size: String(r.raw.length) } };
  if (r.query.get('uploadType') === 'resumable') return { status: 200, location: `${baseUrl}/upload/session/s1` };
  const upload = r.path.startsWith('/upload/drive/v3/');
  const p = r.path.replace(/^\/(upload\/)?drive\/v3\//, '');
  if (upload) return { status: 200, json: { kind: 'drive#file', id: p === 'files' ? 'new-1' : p.split('/')[1], name: JSON.parse(/\{.*\}/.exec(r.raw.toString())![0]).name ?? 'kept', mimeType: 'application/pdf' } };
  if (p === 'files' && r.method === 'GET') {
    if (r.query.get('pageToken') === 'p2') return { status: 200, json: { files: [{ id: 'c', name: 'c.json' }] } };
    return { status: 200, json: { files: [{ id: 'a', name: 'a.json' }, { id: 'b', name: 'b.json' }], nextPageToken: 'p2' } };
  }
  if (p === 'files' && r.method === 'POST') return { status: 200, json: { id: 'folder-1', ...JSON.parse(r.raw.toString()) } };
  const m = /^files\/([^/]+)(?:\/(copy|export|permissions))?$/.exec(p);
  if (!m) return { status: 400, json: { error: { message: `unexpected ${r.method} ${p}` } } };
  const file = FILES[m[1]];
  if (!file) return { status: 404, json: { error: { code: 404, message: `File not found: ${m[1]}.` } } };
  if (m[2] === 'export') return { status: 200, bytes: Buffer.from(`exported as ${r.query.get('mimeType')}`) };
  if (m[2] === 'copy') return { status: 200, json: { kind: 'drive#file', id: 'copy-1', ...JSON.parse(r.raw.toString() || '{}') } };
  if (m[2] === 'permissions') return { status: 200, json: { kind: 'drive#permission', id: 'perm-1', ...JSON.parse(r.raw.toString()) } };
  if (r.method === 'DELETE') return { status: 204 };
  if (r.method === 'PATCH') return { status: 200, json: { kind: 'drive#file', id: m[1], name: file.name } };
  if (r.query.get('alt') === 'media') return { status: 200, bytes: file.bytes };
  if (r.query.get('fields') === 'parents') return { status: 200, json: { parents: file.parents } };
  return { status: 200, json: { id: m[1], name: file.name, mimeType: file.mimeType } };
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const r: Req = { method: req.method ?? '', path: url.pathname, query: url.searchParams, auth: req.headers.authorization ?? '', contentType: req.headers['content-type'] ?? '', raw: Buffer.concat(chunks) };
      requests.push(r);
      const out = handle(r);
      res.statusCode = out.status;
      if (out.location) res.setHeader('location', out.location);
      if (out.bytes) {
        res.setHeader('content-type', 'application/octet-stream');
        res.end(out.bytes);
      } else {
        res.setHeader('content-type', 'application/json');
        res.end(out.json === undefined ? '' : JSON.stringify(out.json));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  requests = [];
});

type In = { json: Record<string, unknown>; binary?: Record<string, { data: string; mimeType: string; fileName?: string }> };
const run = (params: Record<string, unknown>, items: In[] = [{ json: {} }]) =>
  runNode(googleDriveNode, { params: { apiUrl: baseUrl, ...params }, items: items as never, credentials: { googleDriveOAuth2Api: { accessToken: 'ya29.drive' } }, node: { name: 'Drive' } });
const jsonOf = (out: NodeOutput) => (out.main ?? []).map((i) => i.json as Record<string, unknown>);
const call = (r: Req) => `${r.method} ${r.path}`;

/** The parts of a multipart/related body: [headers, content] each. */
function parts(r: Req): { headers: string; content: Buffer }[] {
  const boundary = /boundary=(.+)$/.exec(r.contentType)![1];
  const text = r.raw.toString('latin1');
  return text
    .split(`--${boundary}`)
    .slice(1, -1)
    .map((chunk) => {
      const body = chunk.replace(/^\r\n/, '').replace(/\r\n$/, '');
      const at = body.indexOf('\r\n\r\n');
      return { headers: body.slice(0, at), content: Buffer.from(body.slice(at + 4), 'latin1') };
    });
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  const err = await promise.then(() => undefined, (e: unknown) => e as Error);
  expect(err, 'the node should fail').toBeInstanceOf(Error);
  return err!;
}

const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 1, 2, 255]);
const withPng: In = { json: { title: 'Shot' }, binary: { data: { data: png.toString('base64'), mimeType: 'image/png', fileName: 'shot.png' } } };

describe('googleDrive node: files', () => {
  it('uploads the binary property as a multipart/related body with the name and parent folder', async () => {
    const out = await run({ name: '={{ $json.title }}.png', folderId: 'folder-9' }, [withPng]);
    expect(jsonOf(out)).toEqual([{ kind: 'drive#file', id: 'new-1', name: 'Shot.png', mimeType: 'application/pdf' }]);
    const r = requests[0];
    expect(call(r)).toBe('POST /upload/drive/v3/files');
    expect(Object.fromEntries(r.query)).toEqual({ uploadType: 'multipart', fields: '*', supportsAllDrives: 'true' });
    expect(r.auth).toBe('Bearer ya29.drive');
    expect(r.contentType).toMatch(/^multipart\/related; boundary=/);
    const [meta, media] = parts(r);
    expect(meta.headers).toBe('Content-Type: application/json; charset=UTF-8');
    expect(JSON.parse(meta.content.toString())).toEqual({ name: 'Shot.png', parents: ['folder-9'] });
    expect(media.headers).toBe('Content-Type: image/png');
    expect(media.content.equals(png)).toBe(true);
  });

  it('uploads a file over 5 MB through a resumable session: metadata first, then the bytes', async () => {
    const big = Buffer.alloc(MULTIPART_MAX_BYTES + 1, 3);
    const out = await run({ name: 'big.bin', folderId: 'folder-9' }, [{ json: {}, binary: { data: { data: big.toString('base64'), mimeType: 'application/octet-stream', fileName: 'x.bin' } } }]);
    expect(jsonOf(out)).toEqual([{ kind: 'drive#file', id: 'big-1', size: String(big.length) }]);
    expect(requests.map((r) => `${call(r)}?${r.query}`)).toEqual(['POST /upload/drive/v3/files?uploadType=resumable&fields=*&supportsAllDrives=true', 'PUT /upload/session/s1?']);
    expect(JSON.parse(requests[0].raw.toString())).toEqual({ name: 'big.bin', parents: ['folder-9'] });
    expect(requests[1].contentType).toBe('application/octet-stream');
    expect(requests[1].raw.equals(big)).toBe(true);
  });

  it('uploads into a shared drive\'s root, keeping the binary file name when no name is given', async () => {
    await run({ driveId: 'shared-1', folderId: 'root', inputDataFieldName: 'data' }, [withPng]);
    expect(JSON.parse(parts(requests[0])[0].content.toString())).toEqual({ name: 'shot.png', parents: ['shared-1'] });
  });

  it('creates a file from text, as a Google Doc when asked', async () => {
    await run({ operation: 'createFromText', name: 'note.md', content: '# Hi\nthere', folderId: 'https://drive.google.com/drive/folders/fold-7?usp=x', convertToGoogleDocument: true });
    const [meta, media] = parts(requests[0]);
    expect(JSON.parse(meta.content.toString())).toEqual({ name: 'note.md', parents: ['fold-7'], mimeType: 'application/vnd.google-apps.document' });
    expect([media.headers, media.content.toString()]).toEqual(['Content-Type: text/plain', '# Hi\nthere']);
  });

  it('downloads a file into the binary property, keeping the item\'s json', async () => {
    const out = await run({ operation: 'download', fileId: 'https://drive.google.com/file/d/f-pdf/view?usp=drivesdk', binaryPropertyName: 'invoice' }, [{ json: { row: 3 } }]);
    expect(requests.map((r) => `${call(r)}?${r.query}`)).toEqual([
      'GET /drive/v3/files/f-pdf?fields=id%2Cname%2CmimeType&supportsAllDrives=true',
      'GET /drive/v3/files/f-pdf?alt=media&supportsAllDrives=true',
    ]);
    expect(out.main[0].json).toEqual({ row: 3 });
    expect(out.main[0].binary?.invoice).toMatchObject({ fileName: 'invoice.pdf', mimeType: 'application/pdf', fileExtension: 'pdf', fileSize: 16 });
    expect(Buffer.from(out.main[0].binary!.invoice.data, 'base64').toString()).toBe('%PDF-1.7 invoice');
  });

  it('exports a Google Doc to the chosen format under the given file name', async () => {
    const out = await run({ operation: 'download', fileId: 'f-doc', docsToFormat: 'text/plain', fileName: 'notes.txt' });
    expect(requests[1].path).toBe('/drive/v3/files/f-doc/export');
    expect(requests[1].query.get('mimeType')).toBe('text/plain');
    expect(out.main[0].binary?.data).toMatchObject({ fileName: 'notes.txt', mimeType: 'text/plain' });
    expect(Buffer.from(out.main[0].binary!.data.data, 'base64').toString()).toBe('exported as text/plain');
    const docx = await run({ operation: 'download', fileId: 'f-doc' });
    expect(docx.main[0].binary?.data.mimeType).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
  });

  it('copies (same folder or another), moves, trashes, deletes permanently, renames and replaces content', async () => {
    await run({ operation: 'copy', fileId: 'f-pdf', name: 'copy.pdf' });
    await run({ operation: 'copy', fileId: 'f-pdf', sameFolder: false, folderId: 'folder-2' });
    const moved = await run({ operation: 'move', fileId: 'f-pdf', folderId: 'folder-3' });
    const trashed = await run({ operation: 'deleteFile', fileId: 'f-pdf' });
    await run({ operation: 'deleteFile', fileId: 'f-pdf', deletePermanently: true });
    await run({ operation: 'update', fileId: 'f-pdf', newUpdatedFileName: 'renamed.pdf' });
    await run({ operation: 'update', fileId: 'f-pdf', changeFileContent: true }, [withPng]);
    expect(requests.map((r) => [call(r), r.query.get('addParents') ?? r.query.get('uploadType') ?? r.query.get('fields'), r.contentType.startsWith('multipart') ? 'multipart' : r.raw.toString()])).toEqual([
      ['POST /drive/v3/files/f-pdf/copy', null, '{"name":"copy.pdf"}'],
      ['POST /drive/v3/files/f-pdf/copy', null, '{"parents":["folder-2"]}'],
      ['GET /drive/v3/files/f-pdf', 'parents', ''],
      ['PATCH /drive/v3/files/f-pdf', 'folder-3', '{}'],
      ['PATCH /drive/v3/files/f-pdf', null, '{"trashed":true}'],
      ['DELETE /drive/v3/files/f-pdf', null, ''],
      ['PATCH /drive/v3/files/f-pdf', null, '{"name":"renamed.pdf"}'],
      ['PATCH /upload/drive/v3/files/f-pdf', 'multipart', 'multipart'],
    ]);
    expect(requests[3].query.get('removeParents')).toBe('old-folder');
    expect(jsonOf(moved)).toEqual([{ kind: 'drive#file', id: 'f-pdf', name: 'invoice.pdf' }]);
    expect(jsonOf(trashed)).toEqual([{ fileId: 'f-pdf', success: true }]);
    expect(parts(requests[7])[1].content.equals(png)).toBe(true);
  });

  it('shares with anyone as writer, and with a user with a notification message', async () => {
    const out = await run({ operation: 'share', fileId: 'f-pdf', permissions: { role: 'writer', type: 'anyone', allowFileDiscovery: true } });
    expect(jsonOf(out)).toEqual([{ kind: 'drive#permission', id: 'perm-1', role: 'writer', type: 'anyone', allowFileDiscovery: true }]);
    await run({ operation: 'share', fileId: 'f-pdf', permissions: { role: 'reader', type: 'user', emailAddress: 'ann@example.com' }, emailMessage: 'For you', sendNotificationEmail: true });
    expect(JSON.parse(requests[1].raw.toString())).toEqual({ role: 'reader', type: 'user', emailAddress: 'ann@example.com' });
    expect(Object.fromEntries(requests[1].query)).toEqual({ emailMessage: 'For you', sendNotificationEmail: 'true', supportsAllDrives: 'true' });
  });
});

describe('googleDrive node: search and folders', () => {
  it('searches with n8n\'s query and stops at the limit across pages', async () => {
    const out = await run({ resource: 'fileFolder', operation: 'search', queryString: ".json", filter: { folderId: 'fold-1' }, fields: ['name', 'id'], limit: 3 });
    expect(jsonOf(out).map((f) => f.id)).toEqual(['a', 'b', 'c']);
    expect(requests[0].query.get('q')).toBe("name contains '.json' and 'fold-1' in parents and trashed = false");
    expect(requests[0].query.get('fields')).toBe('nextPageToken, files(name, id)');
    expect(requests.map((r) => [r.query.get('pageSize'), r.query.get('pageToken'), r.query.get('corpora')])).toEqual([['3', null, 'allDrives'], ['1', 'p2', 'allDrives']]);
  });

  it('builds queries for folders only, file types, raw queries and shared drives', async () => {
    const p = (x: Record<string, unknown>) => googleDriveParams.parse({ resource: 'fileFolder', operation: 'search', ...x });
    expect(searchQuery(p({ filter: { whatToSearch: 'folders' } }))).toBe("mimeType = 'application/vnd.google-apps.folder' and trashed = false");
    expect(searchQuery(p({ searchMethod: 'query', queryString: "modifiedTime > '2026-01-01'", filter: { fileTypes: ['application/pdf', 'image/png'], includeTrashed: true } }))).toBe(
      "modifiedTime > '2026-01-01' and (mimeType = 'application/pdf' or mimeType = 'image/png')",
    );
    expect(searchQuery(p({ queryString: 'test', filter: { whatToSearch: 'files', fileTypes: ['application/vnd.google-apps.document'] } }))).toBe(
      "name contains 'test' and mimeType != 'application/vnd.google-apps.folder' and trashed = false and (mimeType = 'application/vnd.google-apps.document')",
    );
    expect(searchQuery(p({ queryString: "Bob's" }))).toBe("name contains 'Bob\\'s' and trashed = false");
    await run({ resource: 'fileFolder', operation: 'search', returnAll: true, filter: { driveId: 'shared-1' } });
    expect(Object.fromEntries(requests[0].query)).toMatchObject({ corpora: 'drive', driveId: 'shared-1', includeItemsFromAllDrives: 'true', supportsAllDrives: 'true', fields: 'nextPageToken, files(id, name)' });
    expect(requests).toHaveLength(2);
  });

  it('creates a folder in a parent and deletes a folder', async () => {
    const out = await run({ resource: 'folder', operation: 'create', name: 'n8n_backups', folderId: 'root' });
    expect(jsonOf(out)).toEqual([{ id: 'folder-1', name: 'n8n_backups', mimeType: 'application/vnd.google-apps.folder', parents: ['root'] }]);
    await run({ resource: 'folder', operation: 'deleteFolder', folderNoRootId: 'f-pdf', deletePermanently: true });
    expect(call(requests[1])).toBe('DELETE /drive/v3/files/f-pdf');
  });
});

describe('googleDrive node: errors', () => {
  it('names the node and the field; never the token', async () => {
    expect((await failure(run({ operation: 'download', fileId: 'nope' }))).message).toBe('Node "Drive", field "fileId" (item 0): Google Drive GET files/nope: Google answered HTTP 404: File not found: nope.');
    expect((await failure(run({ operation: 'download', fileId: 'f-form' }))).message).toBe('Node "Drive", field "fileId" (item 0): "Quiz" is a application/vnd.google-apps.form file, which Drive cannot download or export');
    expect((await failure(run({ operation: 'upload', inputDataFieldName: 'file' }))).message).toContain('field "inputDataFieldName" (item 0): the item has no binary property "file"');
    expect((await failure(run({ operation: 'copy', fileId: '' }))).message).toBe('Node "Drive", field "fileId" (item 0): is empty; file copy needs it');
    expect((await failure(run({ operation: 'share', fileId: 'f-pdf', permissions: { type: 'user' } }))).message).toContain('field "permissions" (item 0): a user needs an email address');
    expect((await failure(run({ resource: 'folder', operation: 'upload' }))).message).toContain('field "operation" (item 0): folder has no operation "upload"');
    const noToken = await failure(runNode(googleDriveNode, { params: { apiUrl: baseUrl, operation: 'download', fileId: 'f-pdf' }, items: [{}], credentials: { googleDriveOAuth2Api: {} }, node: { name: 'Drive' } }));
    expect(noToken.message).not.toContain('ya29');
    expect(noToken.message).toContain('credential "googleDriveOAuth2Api": the OAuth2 credential has no access token');
  });

  it('reads ids from Drive and Docs URLs', () => {
    expect(driveIdOf('https://docs.google.com/document/d/1Kx_y-Z/edit?usp=drivesdk')).toBe('1Kx_y-Z');
    expect(driveIdOf('https://drive.google.com/drive/folders/abc123?resourcekey=0-x')).toBe('abc123');
    expect(driveIdOf('https://drive.google.com/open?id=zz9')).toBe('zz9');
    expect(driveIdOf(' plain-id ')).toBe('plain-id');
  });
});

describe.skipIf(!existsSync(N8N_CORPUS_DIR))('googleDrive node: imported corpus nodes run', () => {
  it('0605: creates the backup folder, lists .json files in a folder, moves one and deletes it permanently', async () => {
    const doc = JSON.parse(readFileSync(path.join(N8N_CORPUS_DIR, '0605_Code_Itemlists_Create_Scheduled.json'), 'utf8')) as unknown;
    const { graph } = importN8nWorkflow(doc);
    const drive = graph.nodes.filter((n) => n.type === 'googleDrive');
    const exec = (pred: (p: Record<string, unknown>) => boolean, items: In[]) => {
      const node = drive.find((n) => pred(n.params))!;
      return runNode(googleDriveNode, { params: { ...node.params, apiUrl: baseUrl }, items: items as never, credentials: { googleDriveOAuth2Api: { accessToken: 't' } }, node: { name: node.name }, runs: { 'GET CURRENT FOLDER': [{ id: 'cur-folder' }] } });
    };
    await exec((p) => p.resource === 'folder' && p.name === 'n8n_backups', [{ json: {} }]);
    expect(JSON.parse(requests[0].raw.toString())).toEqual({ name: 'n8n_backups', mimeType: 'application/vnd.google-apps.folder', parents: ['root'] });
    requests = [];
    const listed = await exec((p) => p.resource === 'fileFolder' && (p.filter as { folderId?: string }).folderId === '={{ $json.id }}', [{ json: { id: 'fold-5' } }]);
    expect(listed.main.length).toBe(3);
    expect(requests[0].query.get('q')).toBe("name contains '.json' and 'fold-5' in parents and trashed = false");
    requests = [];
    await exec((p) => p.operation === 'move', [{ json: { id: 'f-pdf' } }]);
    await exec((p) => p.operation === 'deleteFile', [{ json: { id: 'f-pdf' } }]);
    expect(requests.map(call)).toEqual(['GET /drive/v3/files/f-pdf', 'PATCH /drive/v3/files/f-pdf', 'DELETE /drive/v3/files/f-pdf']);
  });
});
