/**
 * Corpus workflow 0036 (Gmail v1 getAll "resolved" -> Google Drive v1 upload of the first attachment -> Set
 * the file's webViewLink), imported and run in the engine against one fake Google API on 127.0.0.1: the
 * attachment read from the raw message arrives in Drive as the multipart upload's content, under its name.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importN8nWorkflow } from './index';
import { runWorkflowInMemory } from '../engine/run-memory';
import { registry } from '../../nodes/registry';
import { N8N_CORPUS_DIR } from '../testing/corpus';

const FILE = path.join(N8N_CORPUS_DIR, '0036_Gmail_GoogleDrive_Import.json');
const VIDEO = Buffer.from('\x00\x00\x00\x18ftypmp42 fake video', 'latin1');
const RAW = [
  'From: Cam <cam@example.com>',
  'To: me@example.com',
  'Subject: clip',
  'Message-ID: <clip@example.com>',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="x"',
  '',
  '--x',
  'Content-Type: text/plain',
  '',
  'here',
  '--x',
  'Content-Type: video/mp4; name="clip.mp4"',
  'Content-Disposition: attachment; filename="clip.mp4"',
  'Content-Transfer-Encoding: base64',
  '',
  VIDEO.toString('base64'),
  '--x--',
  '',
].join('\r\n');

const seen: { method: string; url: string; contentType: string; body: Buffer }[] = [];
let server: http.Server;
let baseUrl: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      seen.push({ method: req.method ?? '', url: url.pathname + url.search, contentType: req.headers['content-type'] ?? '', body: Buffer.concat(chunks) });
      res.setHeader('content-type', 'application/json');
      if (url.pathname === '/gmail/v1/users/me/messages') return res.end(JSON.stringify({ messages: [{ id: 'm-1', threadId: 't-1' }] }));
      if (url.pathname === '/gmail/v1/users/me/messages/m-1') return res.end(JSON.stringify({ id: 'm-1', threadId: 't-1', labelIds: ['Label_1819449526183990002'], raw: Buffer.from(RAW).toString('base64url') }));
      if (url.pathname === '/upload/drive/v3/files') return res.end(JSON.stringify({ id: 'file-1', name: 'clip.mp4', webViewLink: 'https://drive.google.com/file/d/file-1/view' }));
      res.statusCode = 404;
      res.end(JSON.stringify({ error: { message: `unexpected ${url.pathname}` } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe.skipIf(!existsSync(FILE))('an imported Gmail -> Google Drive workflow runs', () => {
  it('0036: the first attachment of each labelled message is uploaded to the folder and its link set', async () => {
    const doc = JSON.parse(readFileSync(FILE, 'utf8')) as { nodes: Record<string, unknown>[]; connections: Record<string, unknown> };
    doc.nodes.push({ id: 'start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} });
    doc.connections.Start = { main: [[{ node: 'Gmail1', type: 'main', index: 0 }]] };
    const { graph, report } = importN8nWorkflow(doc);
    expect(report.counts.unsupported).toBe(0);
    const ready = {
      ...graph,
      nodes: graph.nodes.map((n) =>
        n.type === 'gmail' ? { ...n, params: { ...n.params, apiUrl: baseUrl }, credentials: { gmailOAuth2: { id: 'c-gmail' } } }
        : n.type === 'googleDrive' ? { ...n, params: { ...n.params, apiUrl: baseUrl }, credentials: { googleDriveOAuth2Api: { id: 'c-drive' } } }
        : n,
      ),
    };
    const result = await runWorkflowInMemory(ready, registry, { credentials: { 'c-gmail': { accessToken: 'gm' }, 'c-drive': { accessToken: 'dr' } } });
    expect(result.error).toBeUndefined();
    expect(result.lastOutput.map((i) => i.json)).toEqual([{ mp4_attachment: 'https://drive.google.com/file/d/file-1/view' }]);
    expect(seen.map((r) => `${r.method} ${r.url.split('?')[0]}`)).toEqual(['GET /gmail/v1/users/me/messages', 'GET /gmail/v1/users/me/messages/m-1', 'POST /upload/drive/v3/files']);
    expect(new URL(seen[0].url, baseUrl).searchParams.getAll('labelIds')).toEqual(['Label_1819449526183990002']);
    const upload = seen[2];
    const boundary = /boundary=(.+)$/.exec(upload.contentType)![1];
    const [meta, media] = upload.body.toString('latin1').split(`--${boundary}`).slice(1, -1).map((c) => c.replace(/^\r\n/, '').replace(/\r\n$/, ''));
    expect(JSON.parse(meta.slice(meta.indexOf('\r\n\r\n') + 4))).toEqual({ name: 'clip.mp4', parents: ['1I-tBNWFhH2FwcyiKeBOcGseWktF-nXBr'] });
    expect(media.slice(0, media.indexOf('\r\n'))).toBe('Content-Type: video/mp4');
    expect(Buffer.from(media.slice(media.indexOf('\r\n\r\n') + 4), 'latin1').equals(VIDEO)).toBe(true);
  });
});
