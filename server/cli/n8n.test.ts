/** `weft import`, `weft export` and `weft run <n8n file>`. */
import { mkdtemp, writeFile, copyFile, readdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser, testDb, uniquePrefix } from '../testing';
import { runCli } from './main';
import { importN8nWorkflow } from '../n8n';
import type { Prisma } from '../generated/prisma/client';
import { N8N_CORPUS_DIR } from '../testing/corpus';

process.env.WEFT_QUEUE_PREFIX = uniquePrefix('cli-n8n');

const capture = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
};

const n8nDoc = {
  name: 'Greeter',
  nodes: [
    { id: 'a1', name: 'When clicking', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
    { id: 'a2', name: 'Seed', type: 'n8n-nodes-base.code', typeVersion: 2, position: [200, 0], parameters: { jsCode: "return [{ json: { name: 'Ada' } }, { json: { name: 'Grace' } }];" } },
    {
      id: 'a3', name: 'Edit Fields', type: 'n8n-nodes-base.set', typeVersion: 3.4, position: [400, 0],
      parameters: { assignments: { assignments: [{ id: 'x', name: 'greeting', value: '=Hello {{ $json.name }}', type: 'string' }] }, includeOtherFields: true, options: {} },
    },
    // A type Weft does not run (a shell on another machine): it imports as unsupported.
    { id: 'a4', name: 'Sheet', type: 'n8n-nodes-base.ssh', typeVersion: 1, position: [600, 0], parameters: { command: 'ls' }, credentials: { sshPassword: { id: '7', name: 'My server' } } },
    {
      id: 'a6', name: 'Call', type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, position: [400, 400],
      parameters: { url: 'http://127.0.0.1:9/x', authentication: 'genericCredentialType', genericAuthType: 'httpHeaderAuth', options: {} }, credentials: { httpHeaderAuth: { id: '9', name: 'My key' } },
    },
    { id: 'a5', name: 'Broken', type: 'n8n-nodes-base.set', typeVersion: 3.4, position: [400, 200], parameters: { assignments: { assignments: [{ id: 'y', name: 'x', value: '={{ $json.a +* }}', type: 'string' }] }, options: {} } },
  ],
  connections: { 'When clicking': { main: [[{ node: 'Seed', type: 'main', index: 0 }]] }, Seed: { main: [[{ node: 'Edit Fields', type: 'main', index: 0 }]] }, 'Edit Fields': { main: [[{ node: 'Sheet', type: 'main', index: 0 }]] } },
};
const runnable = { ...n8nDoc, nodes: n8nDoc.nodes.slice(0, 3), connections: { 'When clicking': n8nDoc.connections['When clicking'], Seed: n8nDoc.connections.Seed } };

let dir: string;
const corpus = N8N_CORPUS_DIR;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'weft-cli-n8n-'));
  await writeFile(path.join(dir, 'greeter.json'), JSON.stringify(n8nDoc));
  await writeFile(path.join(dir, 'runnable.json'), JSON.stringify(runnable));
  await writeFile(path.join(dir, 'not-json.json'), '{ nope');
});

describe('weft import', () => {
  it('prints the report of one file: status per node, unparsed expressions, credentials to create', async () => {
    const c = capture();
    expect(await runCli(['import', path.join(dir, 'greeter.json')], c.io)).toBe(0);
    const text = c.out.join('\n');
    expect(text).toMatch(/5 mapped, 0 folded into agents, 1 unsupported/);
    expect(text).toMatch(/mapped\s+Edit Fields \(n8n-nodes-base\.set v3\.4\) -> transform/);
    expect(text).toMatch(/unsupported Sheet \(n8n-nodes-base\.ssh v1\) UNSUPPORTED/);
    expect(text).toContain('Expressions that do not parse:');
    expect(text).toMatch(/Broken \/ .*assignments/);
    expect(text).toContain('httpHeaderAuth "My key" for Call (slot httpHeaderAuth)');
  });

  it('--json prints the report as JSON', async () => {
    const c = capture();
    expect(await runCli(['import', path.join(dir, 'greeter.json'), '--json'], c.io)).toBe(0);
    const { report } = JSON.parse(c.out.join('\n'));
    expect(report.counts).toMatchObject({ mapped: 5, unsupported: 1 });
    expect(report.mappedShare).toBeCloseTo(5 / 6);
  });

  it('summarises a folder with the share of nodes mapped, and exits 1 when a file cannot be read', async () => {
    const c = capture();
    expect(await runCli(['import', dir], c.io)).toBe(1);
    expect(c.err.join('\n')).toMatch(/not-json\.json.*not valid JSON/);
    const text = c.out.join('\n');
    expect(text).toMatch(/Summary: 3 files \(1 could not be read\), 9 nodes .*8 mapped, 0 folded, 1 unsupported/);
    expect(text).toContain('Share of nodes mapped: 88.9%');
  });

  it.skipIf(!existsSync(corpus))('summarises the real corpus folder', async () => {
    const sub = await mkdtemp(path.join(os.tmpdir(), 'weft-cli-corpus-'));
    for (const f of (await readdir(corpus)).filter((x) => x.endsWith('.json')).slice(0, 25)) await copyFile(path.join(corpus, f), path.join(sub, f));
    const c = capture();
    expect(await runCli(['import', sub, '--json'], c.io)).toBe(0);
    const { summary } = JSON.parse(c.out.join('\n'));
    expect(summary.files).toBe(25);
    expect(summary.mappedShare).toBeGreaterThan(0.3);
  });

  it('fails with a usage message without a path', async () => {
    const c = capture();
    expect(await runCli(['import'], c.io)).toBe(2);
    expect(c.err.join('\n')).toContain('Usage: weft import');
  });
});

describe('weft export', () => {
  let workflowId: string;
  beforeAll(async () => {
    const { user } = await createTestUser();
    const { graph } = importN8nWorkflow(n8nDoc);
    const wf = await testDb().workflow.create({ data: { name: 'Greeter', ownerId: user.id, graph: graph as unknown as Prisma.InputJsonValue } });
    workflowId = wf.id;
  });
  afterAll(async () => {
    await testDb().workflow.deleteMany({ where: { id: workflowId } });
  });

  it('prints a stored workflow as n8n JSON, unchanged nodes exactly as imported', async () => {
    const c = capture();
    expect(await runCli(['export', workflowId], c.io)).toBe(0);
    const out = JSON.parse(c.out.join('\n'));
    expect(out.name).toBe('Greeter');
    // Postgres (jsonb) hands the graph back with object keys reordered: the nodes still count as unchanged.
    expect(out.nodes.map((n: { name: string; type: string; parameters: unknown }) => [n.name, n.type, n.parameters])).toEqual(n8nDoc.nodes.map((n) => [n.name, n.type, n.parameters]));
    expect(out.nodes.find((n: { name: string }) => n.name === 'Sheet').credentials).toEqual({ sshPassword: { id: '7', name: 'My server' } });
    expect(out.connections).toEqual(n8nDoc.connections);
  });

  it('exits 2 for an unknown id', async () => {
    const c = capture();
    expect(await runCli(['export', 'no-such-workflow'], c.io)).toBe(2);
    expect(c.err.join('\n')).toContain('No workflow with id no-such-workflow');
  });
});

describe('weft run <n8n file>', () => {
  it('imports the n8n file on the fly and runs it', async () => {
    const c = capture();
    const code = await runCli(['run', path.join(dir, 'runnable.json'), '--json'], c.io);
    expect(code).toBe(0);
    const detail = JSON.parse(c.out.join('\n'));
    const set = detail.nodeRuns.find((r: { nodeName: string }) => r.nodeName === 'Edit Fields');
    expect(set.outputItems.main.map((i: { json: unknown }) => i.json)).toEqual([{ name: 'Ada', greeting: 'Hello Ada' }, { name: 'Grace', greeting: 'Hello Grace' }]);
  }, 60_000);

  it('refuses to run an n8n file whose reachable nodes are unsupported, naming them', async () => {
    const c = capture();
    const code = await runCli(['run', path.join(dir, 'greeter.json')], c.io);
    expect(code).not.toBe(0);
    expect([...c.out, ...c.err].join('\n')).toMatch(/Sheet/);
  }, 60_000);
});
