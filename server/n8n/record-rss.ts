/**
 * Developer tool: serves ./fixtures/rss-feeds.ts on 127.0.0.1, runs rssCases() in a real n8n (through
 * ../shared/n8n-peer/oracle-rest.mjs against a running server) and writes every node's output to
 * ./fixtures/rss-cases.expected.json, the expected values of rss-cases.test.ts.
 *   N8N_FOLDER=/path/to/n8n-install [N8N_BASE=...] npx tsx server/n8n/record-rss.ts
 */
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { feeds, rssCases } from './fixtures/rss-feeds';

const folder = process.env.N8N_FOLDER;
if (!folder) throw new Error('Set N8N_FOLDER to the n8n install folder');
const peer = process.env.N8N_PEER ?? path.resolve(process.cwd(), '../shared/n8n-peer');
const server = http.createServer((req, res) => {
  const feed = feeds[req.url ?? ''];
  if (!feed) return res.writeHead(404).end('no such feed');
  res.writeHead(feed.status ?? 200, { 'content-type': feed.type }).end(feed.body);
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const tmp = '/tmp/weft-n8n-rss';
mkdirSync(tmp, { recursive: true });
const files = rssCases(base).map((c) => {
  const f = path.join(tmp, `${c.id}.json`);
  writeFileSync(f, JSON.stringify(c, null, 2));
  return f;
});
const { stdout } = await promisify(execFile)('node', [path.join(peer, 'oracle-rest.mjs'), ...files], { env: { ...process.env, N8N_FOLDER: folder }, maxBuffer: 64 << 20 });
server.close();
const results = JSON.parse(stdout) as { file: string; status: string; error?: string; nodes?: Record<string, unknown> }[];
const expected: Record<string, unknown> = { recordedWith: 'n8n 2.40.7' };
// The port differs from run to run: error messages keep the feed's path only.
const portless = (v: unknown) => JSON.parse(JSON.stringify(v ?? null).split(base).join('BASE'));
for (const r of results) expected[path.basename(r.file, '.json')] = { status: r.status, error: portless(r.error), nodes: portless(r.nodes ?? {}) };
writeFileSync(new URL('./fixtures/rss-cases.expected.json', import.meta.url), JSON.stringify(expected, null, 1) + '\n');
console.log(results.map((r) => `${path.basename(r.file)}: ${r.status}${r.error ? ` (${r.error})` : ''}`).join('\n'));
