/**
 * n8n's Google Docs node: the corpus nodes map onto nodes/googleDocs (create / get / update with actionsUi) with
 * their credential slots kept; the googleDocsTool folds into its agent as a node tool keeping its $fromAI(...)
 * text; unchanged nodes export their exact parameters; every mapped node goes through the reverse mapper (v2)
 * and imports back to the same params; the folded tool's params run through the node against a fake Docs API.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportN8n, importN8nWorkflow } from './index';
import type { WorkflowDocument } from '../engine/types';
import { N8N_CORPUS_DIR } from '../testing/corpus';
import { runNode } from '../engine/testing/node-context';
import { startFakeApi, type FakeApi } from '../testing/fake-api';
import { googleDocsNode } from '../../nodes/googleDocs';
import { fromAiSchema } from '../../nodes/agent/tools';
import { type N8nDoc, corpusFilesWith, edited, load, node } from './test-corpus';

const TYPE = 'n8n-nodes-base.googleDocs';
const haveCorpus = existsSync(N8N_CORPUS_DIR);
const files = () => corpusFilesWith(TYPE);

let api: FakeApi<{ requests?: unknown[] }>;
beforeAll(async () => {
  api = await startFakeApi({ 'POST /v1/documents/:op': (r) => ({ body: { documentId: r.params.op.split(':')[0], replies: [{}] } }) });
});
afterAll(() => api.close());

describe.skipIf(!haveCorpus)('n8n import: Google Docs in the corpus', () => {
  it('maps all 4 nodes, credential slots kept', () => {
    let mapped = 0;
    for (const f of files()) {
      const doc = load(f);
      const { graph, report } = importN8nWorkflow(doc);
      for (const n of doc.nodes.filter((x) => x.type === TYPE)) {
        const r = report.nodes.find((x) => x.name === n.name)!;
        expect(r.status, `${f}: ${n.name}: ${r.reason}`).toBe('mapped');
        expect(node(graph, n.name).type).toBe('googleDocs');
        for (const credType of Object.keys(n.credentials ?? {})) {
          expect(report.credentials.find((c) => c.node === n.name), `${f}: ${n.name}`).toMatchObject({ n8nType: credType, slot: credType });
        }
        mapped++;
      }
    }
    expect(mapped).toBe(4);
  });

  it('maps the corpus shapes onto the params', () => {
    const full = importN8nWorkflow(load('1134_Googledocs_Code_Create_Webhook.json')).graph.nodes.find((n) => n.type === 'googleDocs')!;
    expect(full.params).toEqual({ authentication: 'oAuth2', resource: 'document', operation: 'get', documentURL: 'XXXXXXXXXXXXXXXX', simple: false });
    const sa = importN8nWorkflow(load('1673_GoogleDrive_GoogleSheets_Automation_Triggered.json')).graph.nodes.find((n) => n.type === 'googleDocs')!;
    expect(sa.params).toEqual({ authentication: 'serviceAccount', resource: 'document', operation: 'get', documentURL: '={{ $json.id }}' });
    const update = importN8nWorkflow(load('1706_Summarize_Stickynote_Automation_Triggered.json')).graph.nodes.find((n) => n.type === 'googleDocs')!;
    expect(update.params).toEqual({
      authentication: 'oAuth2', resource: 'document', operation: 'update', documentURL: '14X5gcowEprmL6ORyoo9tIrWWEB1HlhkixXUelesCLXs', simple: false,
      actions: [{ text: '={{ $json.output }}', action: 'insert' }],
    });
  });

  it('folds the googleDocsTool into its agent with its $fromAI text, and the agent maps', async () => {
    const doc = load('2044_Telegram_Googledocs_Automation_Webhook.json');
    const toolNode = doc.nodes.find((n) => n.type === 'n8n-nodes-base.googleDocsTool')!;
    const { graph, report } = importN8nWorkflow(doc);
    const folded = report.nodes.find((n) => n.name === toolNode.name)!;
    expect(folded).toMatchObject({ status: 'folded' });
    const agent = node(graph, folded.into!);
    expect(agent.type).toBe('agent');
    expect(report.nodes.find((n) => n.name === agent.name)?.status).toBe('mapped');
    const tools = agent.params.nodeTools as { name: string; nodeType: string; params: Record<string, unknown> }[];
    const tool = tools.find((t) => t.nodeType === 'googleDocs')!;
    expect(tool.params).toEqual({
      authentication: 'oAuth2', resource: 'document', operation: 'update', documentURL: '[Google Doc ID]',
      actions: [{ text: "= Memory: {{ $fromAI('memory') }} - Date: {{ $now }} ", action: 'insert' }],
    });
    expect(report.credentials).toContainEqual(expect.objectContaining({ node: agent.name, n8nType: 'googleDocsOAuth2Api', slot: `${toolNode.name}/googleDocsOAuth2Api` }));
    // Unchanged, it exports its original sub-node.
    const out = exportN8n(graph).workflow;
    expect(out.nodes.find((n) => n.name === toolNode.name)?.type).toBe('n8n-nodes-base.googleDocsTool');

    // The tool's arguments are what its $fromAI(...) asks for, and its params run with the model's values.
    expect(fromAiSchema(tool.params)).toEqual({ type: 'object', properties: { memory: { type: 'string' } }, required: ['memory'] });
    const params = { ...tool.params, documentURL: 'doc-7', apiUrl: api.url };
    const now = new Date('2026-11-23T10:00:00Z');
    const res = await runNode(googleDocsNode, { params, items: [{}], credentials: { googleDocsOAuth2Api: { accessToken: 't' } }, node: { name: 'Docs' }, fromAI: { memory: 'buy milk' }, now });
    expect(res.main?.[0]?.json).toEqual({ documentId: 'doc-7' });
    const sent = (api.requests.at(-1)?.body as { requests: { insertText: { text: string } }[] }).requests;
    expect(sent).toHaveLength(1);
    expect(sent[0].insertText.text).toMatch(/^ Memory: buy milk - Date: 2026-11-23T10:00:00/);
  });

  it('exports unchanged nodes with their exact original parameters', () => {
    for (const f of files()) {
      const doc = load(f);
      const out = exportN8n(importN8nWorkflow(doc).graph).workflow;
      for (const n of doc.nodes.filter((x) => x.type === TYPE)) {
        const exported = out.nodes.find((x) => x.name === n.name)!;
        expect(exported, `${f}: ${n.name}`).toMatchObject({ type: TYPE, typeVersion: n.typeVersion });
        expect(exported.parameters, `${f}: ${n.name}`).toEqual(n.parameters);
      }
    }
  });

  it('writes every corpus node back through the reverse mapper (v2) and imports it to the same params', () => {
    let rewritten = 0;
    for (const f of files()) {
      const doc = load(f);
      const { graph } = importN8nWorkflow(doc);
      for (const n of doc.nodes.filter((x) => x.type === TYPE)) {
        const params = node(graph, n.name).params;
        const { workflow, warnings } = exportN8n(edited(graph, n.name, { apiUrl: 'https://docs.googleapis.com' }));
        const exported = workflow.nodes.find((x) => x.name === n.name)!;
        expect(exported.type).toBe(TYPE);
        expect(exported.typeVersion).toBe(2);
        expect(warnings.filter((w) => w.startsWith(`${n.name}:`)), `${f}: ${n.name}`).toEqual([]);
        expect(exported.credentials, `${f}: ${n.name}`).toEqual(n.credentials);
        expect(node(importN8nWorkflow(workflow).graph, n.name).params, `${f}: ${n.name}`).toEqual(params);
        rewritten++;
      }
    }
    expect(rewritten).toBe(4);
  });

  it('takes n8n\'s authentication default by version when the node names no credential', () => {
    const auth = (typeVersion: number, parameters: Record<string, unknown> = { operation: 'get', documentURL: 'd' }) =>
      importN8nWorkflow({ nodes: [{ id: 'x', name: 'X', type: TYPE, typeVersion, position: [0, 0], parameters }], connections: {} }).graph.nodes[0]!.params.authentication;
    expect(auth(1)).toBe('serviceAccount');
    expect(auth(2)).toBe('oAuth2');
    expect(auth(1, { authentication: 'oAuth2', operation: 'get', documentURL: 'd' })).toBe('oAuth2');
  });

  it('writes create with a folder and update with a write control, and reads them back', () => {
    const graph: WorkflowDocument = {
      nodes: [
        { id: 'a', name: 'New', type: 'googleDocs', typeVersion: 1, position: [0, 0], params: { authentication: 'oAuth2', resource: 'document', operation: 'create', title: 'T', folderId: 'fold-1' } },
        { id: 'b', name: 'Edit', type: 'googleDocs', typeVersion: 1, position: [200, 0], params: { authentication: 'serviceAccount', resource: 'document', operation: 'update', documentURL: 'd', actions: [{ object: 'text', action: 'replaceAll', text: 'a', replaceText: 'b' }], writeControl: { control: 'targetRevisionId', value: 'r1' } } },
      ],
      connections: [],
    } as unknown as WorkflowDocument;
    const { workflow } = exportN8n(graph);
    expect(workflow.nodes.find((n) => n.name === 'Edit')!.parameters).toEqual({
      authentication: 'serviceAccount', operation: 'update', documentURL: 'd', actionsUi: { actionFields: [{ object: 'text', action: 'replaceAll', text: 'a', replaceText: 'b' }] }, updateFields: { writeControlObject: { control: 'targetRevisionId', value: 'r1' } },
    });
    const back = importN8nWorkflow(workflow).graph;
    expect(node(back, 'New').params).toEqual(graph.nodes[0].params);
    expect(node(back, 'Edit').params).toEqual(graph.nodes[1].params);
  });
});
