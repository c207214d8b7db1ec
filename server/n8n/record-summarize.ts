/**
 * Developer tool: runs ./fixtures/summarize-cases.ts in a real n8n (../shared/n8n-peer/oracle-rest.mjs against a
 * running server) and writes every node's output to ./fixtures/summarize-cases.expected.json, the expected values
 * of summarize-cases.test.ts.   N8N_FOLDER=/path/to/n8n-install [N8N_BASE=...] npx tsx server/n8n/record-summarize.ts
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { summarizeCases } from './fixtures/summarize-cases';

const folder = process.env.N8N_FOLDER;
if (!folder) throw new Error('Set N8N_FOLDER to the n8n install folder');
const peer = process.env.N8N_PEER ?? path.resolve(process.cwd(), '../shared/n8n-peer');
const tmp = '/tmp/weft-n8n-summarize';
mkdirSync(tmp, { recursive: true });
const files = summarizeCases.map((c) => {
  const f = path.join(tmp, `${c.id}.json`);
  writeFileSync(f, JSON.stringify(c, null, 2));
  return f;
});
const results = JSON.parse(execFileSync('node', [path.join(peer, 'oracle-rest.mjs'), ...files], { env: { ...process.env, N8N_FOLDER: folder }, maxBuffer: 64 << 20 }).toString()) as { file: string; status: string; error?: string; nodes?: Record<string, unknown> }[];
const expected: Record<string, unknown> = { recordedWith: 'n8n 2.40.7' };
for (const r of results) expected[path.basename(r.file, '.json')] = { status: r.status, error: r.error ?? null, nodes: r.nodes ?? {} };
writeFileSync(new URL('./fixtures/summarize-cases.expected.json', import.meta.url), JSON.stringify(expected, null, 1) + '\n');
console.log(results.map((r) => `${path.basename(r.file)}: ${r.status}${r.error ? ` (${r.error})` : ''}`).join('\n'));
