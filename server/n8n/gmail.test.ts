/**
 * n8n's Gmail node: the corpus nodes map onto nodes/gmail (all but sendAndWait), with their credential slots
 * kept (gmailOAuth2), n8n's parameter names and version defaults (emailType), the attribution warning;
 * unchanged nodes export their exact parameters; every mapped node goes through the reverse mapper and
 * imports back to the same params.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportN8n, importN8nWorkflow } from './index';
import type { GraphNode, WorkflowDocument } from '../engine/types';
import { N8N_CORPUS_DIR } from '../testing/corpus';
import { ATTRIBUTION_WARNING } from './mappers/gmail';

type N8nDoc = { nodes: { name: string; type: string; typeVersion: number; parameters: Record<string, unknown>; credentials?: Record<string, unknown> }[] };
const TYPE = 'n8n-nodes-base.gmail';
const haveCorpus = existsSync(N8N_CORPUS_DIR);
const load = (f: string) => JSON.parse(readFileSync(path.join(N8N_CORPUS_DIR, f), 'utf8')) as N8nDoc;
const node = (g: WorkflowDocument, name: string) => g.nodes.find((n) => n.name === name)!;
const files = () =>
  readdirSync(N8N_CORPUS_DIR)
    .filter((f) => f.endsWith('.json'))
    .filter((f) => readFileSync(path.join(N8N_CORPUS_DIR, f), 'utf8').includes(`"${TYPE}"`));
const edited = (g: WorkflowDocument, name: string, patch: Record<string, unknown>): WorkflowDocument => ({
  ...g,
  nodes: g.nodes.map((n): GraphNode => (n.name === name ? { ...n, params: { ...n.params, ...patch } } : n)),
});

describe.skipIf(!haveCorpus)('n8n import: Gmail in the corpus', () => {
  it('maps 44 of the 45 nodes (not sendAndWait), credential slots kept', () => {
    let count = 0;
    let mapped = 0;
    const reasons: string[] = [];
    for (const f of files()) {
      const doc = load(f);
      const { graph, report } = importN8nWorkflow(doc);
      for (const n of doc.nodes.filter((x) => x.type === TYPE)) {
        count++;
        const r = report.nodes.find((x) => x.name === n.name)!;
        if (r.status !== 'mapped') {
          reasons.push(r.reason ?? '');
          continue;
        }
        mapped++;
        expect(node(graph, n.name).type).toBe('gmail');
        for (const credType of Object.keys(n.credentials ?? {})) {
          expect(report.credentials.find((c) => c.node === n.name), `${f}: ${n.name}`).toMatchObject({ n8nType: credType, slot: credType });
        }
      }
    }
    expect(count).toBe(45);
    expect(mapped).toBe(44);
    expect(reasons).toEqual(['Gmail "send and wait for response" is not supported: Weft cannot wait for an answer by email yet']);
  });

  it('maps the corpus shapes onto the params', () => {
    const att = importN8nWorkflow(load('0754_Googleslides_Noop_Automation_Triggered.json'));
    const send = att.graph.nodes.find((n) => n.type === 'gmail')!;
    expect(send.params).toEqual({
      authentication: 'oAuth2', resource: 'message', operation: 'send', sendTo: "={{ $('Score Checker').item.json.respondentEmail }}", subject: "Here's your certificate!!",
      message: '=Congratulations on passing the quiz! Attached is your certificate.', emailType: 'html', attachments: 'data',
    });
    expect(att.report.warnings.some((w) => w.includes(ATTRIBUTION_WARNING))).toBe(false);

    const v2reply = importN8nWorkflow(load('0490_Mautic_Gmail_Send_Triggered.json'));
    expect(v2reply.graph.nodes.find((n) => n.type === 'gmail')!.params).toMatchObject({ operation: 'reply', emailType: 'text', messageId: '={{ $node["Gmail Trigger"].json["id"] }}' });
    expect(v2reply.report.warnings.some((w) => w.includes(ATTRIBUTION_WARNING))).toBe(true);

    const todo = importN8nWorkflow(load('1749_Todoist_Schedule_Send_Scheduled.json')).graph.nodes.filter((n) => n.type === 'gmail');
    expect(todo.find((n) => n.params.operation === 'getAll' && (n.params.filters as { readStatus?: string }).readStatus)!.params).toEqual({
      authentication: 'oAuth2', resource: 'message', operation: 'getAll', simple: true, returnAll: false, limit: 50, filters: { labelIds: ['INBOX'], readStatus: 'unread' },
    });
    expect(todo.find((n) => n.params.operation === 'get')!.params).toEqual({ authentication: 'oAuth2', resource: 'message', operation: 'get', messageId: '={{ $json.id }}', simple: false });

    const v1 = importN8nWorkflow(load('0036_Gmail_GoogleDrive_Import.json')).graph.nodes.find((n) => n.type === 'gmail')!;
    expect(v1.params).toEqual({
      authentication: 'oAuth2', resource: 'message', operation: 'getAll', returnAll: false, limit: 10, simple: false, downloadAttachments: true,
      filters: { labelIds: ['Label_1819449526183990002'] },
    });
    const threads = importN8nWorkflow(load('1386_Limit_Code_Automation_Scheduled.json')).graph.nodes.filter((n) => n.type === 'gmail' && n.params.resource === 'thread');
    expect(threads.map((n) => n.params.operation).sort()).toEqual(['get', 'getAll', 'removeLabels']);
    expect(threads.find((n) => n.params.operation === 'get')!.params).toMatchObject({ returnOnlyMessages: true, simple: true });
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

  it('writes every mapped corpus node back through the reverse mapper (v2.1) and imports it to the same params', () => {
    let rewritten = 0;
    for (const f of files()) {
      const doc = load(f);
      const { graph } = importN8nWorkflow(doc);
      for (const n of doc.nodes.filter((x) => x.type === TYPE)) {
        if (node(graph, n.name).type !== 'gmail') continue;
        const params = node(graph, n.name).params;
        const { workflow, warnings } = exportN8n(edited(graph, n.name, { apiUrl: 'https://gmail.googleapis.com' }));
        const exported = workflow.nodes.find((x) => x.name === n.name)!;
        expect(exported.type).toBe(TYPE);
        expect(exported.typeVersion).toBe(2.1);
        expect(warnings.filter((w) => w.startsWith(`${n.name}:`)), `${f}: ${n.name}`).toEqual([]);
        expect(exported.credentials, `${f}: ${n.name}`).toEqual(n.credentials);
        const back = node(importN8nWorkflow(workflow).graph, n.name).params;
        const { emailType: _a, ...was } = params;
        const { emailType: _b, ...now } = back;
        expect(now, `${f}: ${n.name}`).toEqual(was);
        if (params.emailType !== undefined) expect(back.emailType, `${f}: ${n.name}`).toBe(params.emailType);
        rewritten++;
      }
    }
    expect(rewritten).toBe(44);
  });
});
