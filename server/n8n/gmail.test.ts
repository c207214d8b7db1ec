/**
 * n8n's Gmail node: the corpus nodes map onto nodes/gmail (sendAndWait too), with their credential slots
 * kept (gmailOAuth2), n8n's parameter names and version defaults (emailType), the attribution warning;
 * unchanged nodes export their exact parameters; every mapped node goes through the reverse mapper and
 * imports back to the same params.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exportN8n, importN8nWorkflow } from './index';
import type { WorkflowDocument } from '../engine/types';
import { N8N_CORPUS_DIR } from '../testing/corpus';
import { ATTRIBUTION_WARNING } from './mappers/gmail';
import { registry } from '../../nodes/registry';
import { type N8nDoc, corpusFilesWith, edited, load, node } from './test-corpus';

const TYPE = 'n8n-nodes-base.gmail';
const haveCorpus = existsSync(N8N_CORPUS_DIR);
const files = () => corpusFilesWith(TYPE);

describe.skipIf(!haveCorpus)('n8n import: Gmail in the corpus', () => {
  it('maps all 45 nodes (sendAndWait too), credential slots kept', () => {
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
    expect(mapped).toBe(45);
    expect(reasons).toEqual([]);
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
    expect(rewritten).toBe(45);
  });
});

describe('n8n export: Weft-native Gmail and Google Drive nodes', () => {
  const native = {
    name: 'Weft native: Google',
    nodes: [
      { id: 'a', name: 'Start', type: 'manualTrigger', typeVersion: 1, position: [0, 0], params: {} },
      { id: 'b', name: 'Mail', type: 'gmail', typeVersion: 1, position: [200, 0], params: { sendTo: 'ann@example.com', subject: 'Report', message: '<b>hi</b>', ccList: 'bo@example.com', attachments: 'data,chart' }, credentials: { gmailOAuth2: { id: 'c1', name: 'Gmail' } } },
      { id: 'c', name: 'Find', type: 'googleDrive', typeVersion: 1, position: [400, 0], params: { authentication: 'serviceAccount', resource: 'fileFolder', operation: 'search', queryString: 'report', filter: { folderId: 'fold-1', whatToSearch: 'files' }, returnAll: true }, credentials: { googleApi: { id: 'c2', name: 'SA' } } },
      { id: 'd', name: 'Save', type: 'googleDrive', typeVersion: 1, position: [600, 0], params: { authentication: 'serviceAccount', operation: 'upload', name: 'r.pdf', folderId: 'https://drive.google.com/drive/folders/fold-2' }, credentials: { googleApi: { id: 'c2', name: 'SA' } } },
    ],
    connections: [
      { from: { node: 'a', port: 'main' }, to: { node: 'b', port: 'main' } },
      { from: { node: 'b', port: 'main' }, to: { node: 'c', port: 'main' } },
      { from: { node: 'c', port: 'main' }, to: { node: 'd', port: 'main' } },
    ],
  } as unknown as WorkflowDocument;

  it('writes Gmail 2.1 and Google Drive 3 with n8n parameter names, and imports back to the same settings', () => {
    const { workflow, warnings } = exportN8n(native);
    expect(warnings).toEqual([]);
    const byName = Object.fromEntries(workflow.nodes.map((n) => [n.name, n]));
    expect(byName.Mail).toMatchObject({
      type: TYPE, typeVersion: 2.1, credentials: { gmailOAuth2: { id: 'c1', name: 'Gmail' } },
      parameters: { sendTo: 'ann@example.com', subject: 'Report', message: '<b>hi</b>', options: { ccList: 'bo@example.com', attachmentsUi: { attachmentsBinary: [{ property: 'data' }, { property: 'chart' }] }, appendAttribution: false } },
    });
    expect(byName.Find).toMatchObject({
      type: 'n8n-nodes-base.googleDrive', typeVersion: 3,
      parameters: { authentication: 'serviceAccount', resource: 'fileFolder', queryString: 'report', filter: { folderId: { __rl: true, value: 'fold-1', mode: 'id' }, whatToSearch: 'files' }, returnAll: true, options: {} },
    });
    expect(byName.Save.parameters).toEqual({
      authentication: 'serviceAccount', name: 'r.pdf', driveId: { __rl: true, value: 'My Drive', mode: 'list', cachedResultName: 'My Drive' },
      folderId: { __rl: true, value: 'https://drive.google.com/drive/folders/fold-2', mode: 'url' }, options: {},
    });
    const back = importN8nWorkflow(workflow);
    expect(back.report.counts.unsupported).toBe(0);
    for (const n of native.nodes.filter((x) => x.type !== 'manualTrigger')) {
      const schema = registry.get(n.type)!.params;
      const again = back.graph.nodes.find((x) => x.name === n.name)!;
      expect(schema.parse(again.params), n.name).toEqual(schema.parse(n.params));
    }
  });
});
