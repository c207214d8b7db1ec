/**
 * n8n's WhatsApp Business Cloud node: the 12 corpus nodes map onto nodes/whatsApp (text sends, a template with
 * header and body parameters, an audio send from the item's binary, media URL gets) with the whatsAppApi slot;
 * unchanged nodes export their exact parameters; every node goes through the reverse mapper (v1) and imports
 * back to the same params; a mapped template node runs against a fake Graph API.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportN8n, importN8nWorkflow } from './index';
import type { WorkflowDocument } from '../engine/types';
import { N8N_CORPUS_DIR } from '../testing/corpus';
import { runNode } from '../engine/testing/node-context';
import { startFakeApi, type FakeApi } from '../testing/fake-api';
import { whatsAppNode } from '../../nodes/whatsApp';
import { type N8nDoc, corpusFilesWith, edited, load, node } from './test-corpus';

const TYPE = 'n8n-nodes-base.whatsApp';
const haveCorpus = existsSync(N8N_CORPUS_DIR);
const files = () => corpusFilesWith(TYPE);

let api: FakeApi<Record<string, unknown>>;
beforeAll(async () => {
  api = await startFakeApi<Record<string, unknown>>({ 'POST /:v/:phone/messages': () => ({ body: { messaging_product: 'whatsapp', messages: [{ id: 'wamid.7' }] } }) });
});
afterAll(() => api.close());

describe.skipIf(!haveCorpus)('n8n import: WhatsApp in the corpus', () => {
  it('maps all 12 nodes with the whatsAppApi slot', () => {
    let mapped = 0;
    for (const f of files()) {
      const doc = load(f);
      const { graph, report } = importN8nWorkflow(doc);
      for (const n of doc.nodes.filter((x) => x.type === TYPE)) {
        const r = report.nodes.find((x) => x.name === n.name)!;
        expect(r.status, `${f}: ${n.name}: ${r.reason}`).toBe('mapped');
        expect(node(graph, n.name).type).toBe('whatsApp');
        expect(report.credentials.find((c) => c.node === n.name), `${f}: ${n.name}`).toMatchObject({ n8nType: 'whatsAppApi', slot: 'whatsAppApi' });
        mapped++;
      }
    }
    expect(mapped).toBe(12);
  });

  it('maps the corpus shapes onto the params', () => {
    const g = importN8nWorkflow(load('2033_Code_Extractfromfile_Automate_Webhook.json')).graph;
    expect(node(g, 'Send audio').params).toEqual({ resource: 'message', operation: 'send', mediaPath: 'useMedian8n', messageType: 'audio', phoneNumberId: '470271332838881', recipientPhoneNumber: "={{ $('Input type').item.json.contacts[0].wa_id }}" });
    expect(node(g, 'Get File Url').params).toEqual({ resource: 'media', operation: 'mediaUrlGet', mediaGetId: "={{ $('WhatsApp Trigger').item.json.messages[0].document.id }}" });
    const t = importN8nWorkflow(load('1572_Wait_Schedule_Automate_Scheduled.json')).graph;
    const template = node(t, 'Sent notification  template').params;
    expect(template).toMatchObject({ resource: 'message', operation: 'sendTemplate', template: 'test_appointment_button|en_US', phoneNumberId: '=244242975437240' });
    expect(template.components).toHaveLength(2);
  });

  it('runs the corpus template node against a fake Graph API', async () => {
    const t = importN8nWorkflow(load('1572_Wait_Schedule_Automate_Scheduled.json')).graph;
    const params = { ...node(t, 'Sent notification  template').params, apiUrl: api.url };
    const json = { 'Your name': 'Ada', 'Please pick a day and time of your appointment': '11/24/2026 10:30:00', 'Your mobile number': '+4917' };
    const out = await runNode(whatsAppNode, { params, items: [{ json }], credentials: { whatsAppApi: { accessToken: 't' } }, node: { name: 'WA' } });
    expect(out.main?.[0]?.json).toEqual({ messaging_product: 'whatsapp', messages: [{ id: 'wamid.7' }] });
    const body = api.requests.at(-1)!.body as { to: string; template: { name: string; language: unknown; components: { type: string; parameters: { text: string }[] }[] } };
    expect(api.requests.at(-1)!.path).toBe('/v21.0/244242975437240/messages');
    expect(body.to).toBe('4917');
    expect([body.template.name, body.template.language]).toEqual(['test_appointment_button', { code: 'en_US' }]);
    expect(body.template.components.map((c) => c.type)).toEqual(['header', 'body']);
    expect(body.template.components[1].parameters.map((x) => x.text)[0]).toBe('Ada');
    expect(body.template.components[1].parameters[2].text).toBe('10:30:00');
  });

  it('exports unchanged nodes with their exact original parameters', () => {
    for (const f of files()) {
      const doc = load(f);
      const out = exportN8n(importN8nWorkflow(doc).graph).workflow;
      for (const n of doc.nodes.filter((x) => x.type === TYPE)) {
        const exported = out.nodes.find((x) => x.name === n.name)!;
        expect(exported, `${f}: ${n.name}`).toMatchObject({ type: TYPE, typeVersion: 1 });
        expect(exported.parameters, `${f}: ${n.name}`).toEqual(n.parameters);
      }
    }
  });

  it('writes every corpus node back through the reverse mapper and imports it to the same params', () => {
    let rewritten = 0;
    for (const f of files()) {
      const doc = load(f);
      const { graph } = importN8nWorkflow(doc);
      for (const n of doc.nodes.filter((x) => x.type === TYPE)) {
        const params = node(graph, n.name).params;
        const { workflow, warnings } = exportN8n(edited(graph, n.name, { apiUrl: 'https://graph.facebook.com' }));
        const exported = workflow.nodes.find((x) => x.name === n.name)!;
        expect(exported).toMatchObject({ type: TYPE, typeVersion: 1 });
        expect(warnings.filter((w) => w.startsWith(`${n.name}:`)), `${f}: ${n.name}`).toEqual([]);
        expect(exported.credentials, `${f}: ${n.name}`).toEqual(n.credentials);
        expect(node(importN8nWorkflow(workflow).graph, n.name).params, `${f}: ${n.name}`).toEqual(params);
        rewritten++;
      }
    }
    expect(rewritten).toBe(12);
  });

  it('writes extras into additionalFields and reads them back; contacts and send-and-wait stay unsupported', () => {
    const params = { resource: 'message', operation: 'send', phoneNumberId: '1', recipientPhoneNumber: '2', messageType: 'location', latitude: 1, longitude: 2, locationName: 'Here', previewUrl: true };
    const graph = { nodes: [{ id: 'a', name: 'WA', type: 'whatsApp', typeVersion: 1, position: [0, 0], params }], connections: [] } as unknown as WorkflowDocument;
    const { workflow } = exportN8n(graph);
    expect(workflow.nodes[0].parameters).toEqual({ operation: 'send', phoneNumberId: '1', recipientPhoneNumber: '2', messageType: 'location', latitude: 1, longitude: 2, additionalFields: { previewUrl: true, nameAndAddress: { name: 'Here' } } });
    expect(node(importN8nWorkflow(workflow).graph, 'WA').params).toEqual(params);
    for (const doc of [
      { resource: 'message', operation: 'send', phoneNumberId: '1', recipientPhoneNumber: '2', messageType: 'document', mediaPath: 'useMediaId', mediaId: 'm', mediaFilename: 'a.pdf' },
      { resource: 'message', operation: 'send', phoneNumberId: '1', recipientPhoneNumber: '2', messageType: 'document', mediaLink: 'https://x/a.pdf', mediaFilename: 'a.pdf', mediaCaption: 'A' },
    ]) {
      const exported = exportN8n({ nodes: [{ id: 'd', name: 'Doc', type: 'whatsApp', typeVersion: 1, position: [0, 0], params: doc }], connections: [] } as unknown as WorkflowDocument).workflow;
      const where = doc.mediaPath === 'useMediaId' ? exported.nodes[0]!.parameters!.mediaFilename : (exported.nodes[0]!.parameters!.additionalFields as Record<string, unknown>).mediaFilename;
      expect(where).toBe('a.pdf');
      expect(node(importN8nWorkflow(exported).graph, 'Doc').params).toEqual(doc);
    }
    const unsupported = (parameters: Record<string, unknown>) =>
      importN8nWorkflow({ nodes: [{ id: 'x', name: 'X', type: TYPE, typeVersion: 1, position: [0, 0], parameters }], connections: {} }).report.nodes[0].status;
    expect(unsupported({ operation: 'send', messageType: 'contacts' })).toBe('unsupported');
    expect(unsupported({ operation: 'sendAndWait' })).toBe('unsupported');
  });
});
