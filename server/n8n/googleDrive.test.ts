/**
 * n8n's Google Drive node: the corpus nodes map onto nodes/googleDrive (v1/v2 upload and download, every v3
 * node), with their credential slots kept (googleDriveOAuth2Api, googleApi), resource locators as values and
 * options flat; unchanged nodes export their exact parameters; every mapped node goes through the reverse
 * mapper (v3) and imports back to the same params.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exportN8n, importN8nWorkflow } from './index';
import { N8N_CORPUS_DIR } from '../testing/corpus';
import { type N8nDoc, corpusFilesWith, edited, load, node } from './test-corpus';

const TYPE = 'n8n-nodes-base.googleDrive';
const haveCorpus = existsSync(N8N_CORPUS_DIR);
const files = () => corpusFilesWith(TYPE);

describe.skipIf(!haveCorpus)('n8n import: Google Drive in the corpus', () => {
  it('maps all 41 nodes, credential slots kept', () => {
    let count = 0;
    let mapped = 0;
    for (const f of files()) {
      const doc = load(f);
      const { graph, report } = importN8nWorkflow(doc);
      for (const n of doc.nodes.filter((x) => x.type === TYPE)) {
        count++;
        const r = report.nodes.find((x) => x.name === n.name)!;
        expect(r.status, `${f}: ${n.name}: ${r.reason}`).toBe('mapped');
        mapped++;
        expect(node(graph, n.name).type).toBe('googleDrive');
        for (const credType of Object.keys(n.credentials ?? {})) {
          expect(report.credentials.find((c) => c.node === n.name), `${f}: ${n.name}`).toMatchObject({ n8nType: credType, slot: credType });
        }
      }
    }
    expect(count).toBe(41);
    expect(mapped).toBe(41);
  });

  it('maps the corpus shapes onto the params', () => {
    const backup = importN8nWorkflow(load('0605_Code_Itemlists_Create_Scheduled.json')).graph.nodes.filter((n) => n.type === 'googleDrive');
    const v1 = backup.find((n) => n.params.operation === 'upload')!;
    expect(v1.params).toEqual({
      authentication: 'oAuth2', resource: 'file', operation: 'upload', name: '={{ $(\'Split In Batches\').item.binary.data.fileName }}-{{ $node["n8n"].json["updatedAt"] }}.json\n\n',
      driveId: 'My Drive', folderId: "={{ $('IGNORE FILES').item.json.id }}", inputDataFieldName: 'data',
    });
    expect(backup.find((n) => n.params.operation === 'deleteFile')!.params).toEqual({ authentication: 'oAuth2', resource: 'file', operation: 'deleteFile', fileId: '={{ $json.id }}', deletePermanently: true });
    expect(backup.find((n) => n.params.resource === 'fileFolder' && (n.params.filter as Record<string, unknown>).whatToSearch)!.params).toEqual({
      authentication: 'oAuth2', resource: 'fileFolder', operation: 'search', searchMethod: 'name', queryString: '', filter: { whatToSearch: 'folders' }, returnAll: true, limit: 50,
    });
    const sa = importN8nWorkflow(load('0068_Functionitem_Manual_Import_Scheduled.json')).graph.nodes.find((n) => n.type === 'googleDrive')!;
    expect(sa.params).toMatchObject({ authentication: 'serviceAccount', operation: 'upload', inputDataFieldName: 'data' });
    const pdf = importN8nWorkflow(load('1297_Splitout_GoogleCalendar_Automation_Webhook.json')).graph.nodes.find((n) => n.type === 'googleDrive')!;
    expect(pdf.params).toEqual({ authentication: 'oAuth2', resource: 'file', operation: 'download', fileId: '={{ $json.docsDestination.document }}', binaryPropertyName: 'data', docsToFormat: 'application/pdf' });
    const shared = importN8nWorkflow(load('1282_Wait_Code_Import_Webhook.json')).graph.nodes.find((n) => n.type === 'googleDrive' && n.params.operation === 'share')!;
    expect(shared.params).toEqual({ authentication: 'oAuth2', resource: 'file', operation: 'share', fileId: '={{ $json.id }}', permissions: { role: 'writer', type: 'anyone', allowFileDiscovery: true } });
    const copy = importN8nWorkflow(load('0754_Googleslides_Noop_Automation_Triggered.json')).graph.nodes.find((n) => n.type === 'googleDrive' && n.params.operation === 'copy')!;
    expect(copy.params).toMatchObject({ fileId: '1J8PxjjspVs7075EfIX6pnNU-TmqtzVV9ymeHoKpbwP0', sameFolder: false, driveId: 'My Drive', folderId: '1xMJU-6eiXL53NDgjic2SXecTo6GeUJ-o' });
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

  it('writes every corpus node back through the reverse mapper (v3) and imports it to the same params', () => {
    let rewritten = 0;
    for (const f of files()) {
      const doc = load(f);
      const { graph } = importN8nWorkflow(doc);
      for (const n of doc.nodes.filter((x) => x.type === TYPE)) {
        const params = node(graph, n.name).params;
        const { workflow, warnings } = exportN8n(edited(graph, n.name, { apiUrl: 'https://www.googleapis.com' }));
        const exported = workflow.nodes.find((x) => x.name === n.name)!;
        expect(exported.type).toBe(TYPE);
        expect(exported.typeVersion).toBe(3);
        expect(warnings.filter((w) => w.startsWith(`${n.name}:`)), `${f}: ${n.name}`).toEqual([]);
        expect(exported.credentials, `${f}: ${n.name}`).toEqual(n.credentials);
        expect(node(importN8nWorkflow(workflow).graph, n.name).params, `${f}: ${n.name}`).toEqual(params);
        rewritten++;
      }
    }
    expect(rewritten).toBe(41);
  });
});
