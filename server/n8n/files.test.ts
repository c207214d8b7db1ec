/**
 * n8n's Extract From File and Convert to File: real corpus workflows import with both nodes mapped, the imported
 * nodes run on files like the ones those workflows handle, and export gives n8n's parameters back.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportN8n, importN8nWorkflow } from './index';
import type { GraphNode, WorkflowDocument } from '../engine/types';
import { N8N_CORPUS_DIR } from '../testing/corpus';
import { runNode } from '../engine/testing/node-context';
import { extractFromFile } from '../../nodes/extractFromFile';
import { convertToFile } from '../../nodes/convertToFile';
import { registry } from '../../nodes/registry';
import { runWorkflowInMemory } from '../engine/run-memory';

const corpus = (f: string) => JSON.parse(readFileSync(path.join(N8N_CORPUS_DIR, f), 'utf8')) as { nodes: { name: string; type: string; parameters: Record<string, unknown> }[] };
const hasCorpus = existsSync(N8N_CORPUS_DIR);
const PNG_1x1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

function n8nDoc(type: string, typeVersion: number, parameters: Record<string, unknown>) {
  return {
    name: 'Files',
    nodes: [
      { id: 't', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
      { id: 'f', name: 'File', type, typeVersion, position: [200, 0], parameters },
    ],
    connections: { Start: { main: [[{ node: 'File', type: 'main', index: 0 }]] } },
  };
}
const fileNode = (g: WorkflowDocument) => g.nodes.find((n) => n.name === 'File')!;
/** Forces export through the reverse mapper (an unchanged import is given back as it came). */
const edited = (g: WorkflowDocument, name: string): WorkflowDocument => ({
  ...g,
  nodes: g.nodes.map((n): GraphNode => (n.name === name ? { ...n, params: { ...n.params }, extra: undefined } : n)),
});
const exportedParams = (g: WorkflowDocument, name: string) => {
  const node = exportN8n(edited(g, name)).workflow.nodes.find((n) => n.name === name)!;
  return { type: node.type, typeVersion: node.typeVersion, parameters: node.parameters };
};

describe.skipIf(!hasCorpus)('n8n corpus workflows with file nodes', () => {
  const cases: [string, string, string][] = [
    ['1553_Mondaycom_Splitout_Automation_Webhook.json', 'n8n-nodes-base.convertToFile', 'convertToFile'],
    ['0625_Splitout_Code_Create_Triggered.json', 'n8n-nodes-base.convertToFile', 'convertToFile'],
    ['1152_HTTP_Stickynote_Automation_Webhook.json', 'n8n-nodes-base.convertToFile', 'convertToFile'],
    ['1438_Extractfromfile_Manual_Process_Webhook.json', 'n8n-nodes-base.extractFromFile', 'extractFromFile'],
    ['1896_Stopanderror_Splitout_Export_Scheduled.json', 'n8n-nodes-base.extractFromFile', 'extractFromFile'],
    ['0646_Extractfromfile_Form_Export_Webhook.json', 'n8n-nodes-base.extractFromFile', 'extractFromFile'],
    ['1641_Extractfromfile_Manual_Automation_Webhook.json', 'n8n-nodes-base.extractFromFile', 'extractFromFile'],
  ];
  it.each(cases)('%s imports with its %s nodes mapped', (file, n8nType, weftType) => {
    const doc = corpus(file);
    const { graph, report } = importN8nWorkflow(doc);
    const names = doc.nodes.filter((n) => n.type === n8nType).map((n) => n.name);
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      expect(report.nodes.find((n) => n.name === name)).toMatchObject({ status: 'mapped', weftType });
      expect(graph.nodes.find((n) => n.name === name)!.type).toBe(weftType);
    }
  });

  it('an imported toBinary node (1152: an OpenAI image in data[0].b64_json) makes a PNG file', async () => {
    const { graph } = importN8nWorkflow(corpus('1152_HTTP_Stickynote_Automation_Webhook.json'));
    const node = graph.nodes.find((n) => n.type === 'convertToFile')!;
    expect(node.params).toMatchObject({ operation: 'toBinary', sourceProperty: 'data[0].b64_json', binaryPropertyName: 'data' });
    const out = await runNode(convertToFile, { params: node.params, node: { name: node.name }, items: [{ created: 1, data: [{ b64_json: PNG_1x1 }] }] });
    expect(out.main[0].binary!.data).toMatchObject({ mimeType: 'image/png', fileName: 'file.png', data: PNG_1x1 });
  });

  it('imported nodes of 1438 (Move File to Base64 String) and 0625 (Convert to Text File) run', async () => {
    const b64 = graphNode('1438_Extractfromfile_Manual_Process_Webhook.json', 'extractFromFile');
    const file = { data: Buffer.from('%PDF-1.4 hi').toString('base64'), mimeType: 'application/pdf', fileName: 'a.pdf' };
    expect((await runNode(extractFromFile, { params: b64.params, items: [{ json: {}, binary: { data: file } }] })).main[0].json).toEqual({ data: file.data });
    const text = graphNode('0625_Splitout_Code_Create_Triggered.json', 'convertToFile', (n) => n.params.binaryPropertyName === 'final_article');
    const out = await runNode(convertToFile, { params: text.params, items: [{ article: '# Title\nBody' }] });
    expect(Buffer.from(out.main[0].binary!.final_article.data, 'base64').toString()).toBe('# Title\nBody');
  });

  it('an imported PDF extraction (0646: binary property File_Upload from a form) reads the text', async () => {
    const node = graphNode('0646_Extractfromfile_Form_Export_Webhook.json', 'extractFromFile');
    expect(node.params).toEqual({ operation: 'pdf', binaryPropertyName: 'File_Upload' });
    const { makePdf } = await import('../../nodes/extractFromFile/fixtures');
    const pdf = makePdf([['Resume of Ada', 'Skills: math']]).toString('base64');
    const out = await runNode(extractFromFile, { params: node.params, items: [{ json: {}, binary: { File_Upload: { data: pdf, mimeType: 'application/pdf' } } }] });
    expect(out.main[0].json.text).toBe('Resume of Ada\nSkills: math');
  });

  it('every corpus file node exports back to the n8n parameters it came from (unchanged semantics)', () => {
    for (const file of ['1439_Telegram_Code_Create_Webhook.json', '1907_Stickynote_Converttofile_Automation_Triggered.json', '1182_Telegram_Webhook_Automation_Webhook.json', '1553_Mondaycom_Splitout_Automation_Webhook.json', '1896_Stopanderror_Splitout_Export_Scheduled.json']) {
      const doc = corpus(file);
      const { graph } = importN8nWorkflow(doc);
      for (const n of doc.nodes.filter((x) => /\.(extractFromFile|convertToFile)$/.test(x.type))) {
        const back = exportedParams(graph, n.name);
        expect(back.type, `${file}: ${n.name}`).toBe(n.type);
        const { options: origOptions, ...orig } = n.parameters;
        const { options: backOptions, ...rest } = back.parameters as Record<string, unknown>;
        expect(rest, `${file}: ${n.name}`).toEqual(Object.fromEntries(Object.entries(orig).filter(([k, v]) => !(k === 'binaryPropertyName' && v === 'data'))));
        expect(backOptions, `${file}: ${n.name}`).toEqual(origOptions);
      }
    }
  });

  function graphNode(file: string, type: string, pick: (n: GraphNode) => boolean = () => true): GraphNode {
    return importN8nWorkflow(corpus(file)).graph.nodes.find((n) => n.type === type && pick(n))!;
  }
});

describe('n8n import of file node options', () => {
  it('flattens Extract From File options and keeps expressions', () => {
    const { graph, report } = importN8nWorkflow(
      n8nDoc('n8n-nodes-base.extractFromFile', 1, { operation: 'csv', binaryPropertyName: 'file', options: { delimiter: ';', headerRow: false, encoding: '={{ $json.enc }}', skipRecordsWithErrors: { value: { enabled: true } } } }),
    );
    expect(fileNode(graph).params).toEqual({ operation: 'csv', binaryPropertyName: 'file', delimiter: ';', headerRow: false, encoding: '={{ $json.enc }}' });
    expect(report.warnings.join('\n')).toContain('option "skipRecordsWithErrors" is not supported');
  });

  it('imports operations Weft lacks as unsupported, saying which are supported', () => {
    const { graph, report } = importN8nWorkflow(n8nDoc('n8n-nodes-base.extractFromFile', 1, { operation: 'fromIcs', options: {} }));
    expect(fileNode(graph).type).toBe('unsupported');
    expect(report.nodes.find((n) => n.name === 'File')!.reason).toMatch(/operation "fromIcs" is not supported \(supported: csv, html/);
  });

  it('Convert to File 1.1 drops dataIsBase64 (n8n 2.40.7 always decodes base64 there); v1 keeps it', () => {
    const v11 = importN8nWorkflow(n8nDoc('n8n-nodes-base.convertToFile', 1.1, { operation: 'toBinary', sourceProperty: 'b', options: { dataIsBase64: false, fileName: 'x.bin' } })).graph;
    expect(fileNode(v11).params).toEqual({ operation: 'toBinary', binaryPropertyName: 'data', sourceProperty: 'b', fileName: 'x.bin' });
    const v1 = importN8nWorkflow(n8nDoc('n8n-nodes-base.convertToFile', 1, { operation: 'toBinary', sourceProperty: 'b', options: { dataIsBase64: false } })).graph;
    expect(fileNode(v1).params).toMatchObject({ dataIsBase64: false });
    expect(exportedParams(v1, 'File')).toEqual({ type: 'n8n-nodes-base.convertToFile', typeVersion: 1, parameters: { operation: 'toBinary', sourceProperty: 'b', options: { dataIsBase64: false } } });
  });

  it('Convert to ICS: event fields and additionalFields (organizer, attendees, geolocation) import, run and export back', async () => {
    const parameters = {
      operation: 'iCal',
      title: '={{ $json.name }}',
      start: '2024-05-01T10:00:00Z',
      end: '2024-05-01T11:00:00Z',
      binaryPropertyName: 'invite',
      additionalFields: {
        location: 'Room 1',
        uid: 'evt-1',
        organizerUi: { organizerValues: { name: 'Ada', email: 'ada@example.com' } },
        attendeesUi: { attendeeValues: [{ name: 'Bo', email: 'bo@example.com', rsvp: true }] },
        geolocationUi: { geolocationValues: { lat: '51.5', lon: '-0.1' } },
      },
    };
    const { graph, report } = importN8nWorkflow(n8nDoc('n8n-nodes-base.convertToFile', 1.1, parameters));
    expect(report.nodes.find((n) => n.name === 'File')).toMatchObject({ status: 'mapped', weftType: 'convertToFile' });
    const node = fileNode(graph);
    expect(node.params).toMatchObject({ operation: 'iCal', organizerName: 'Ada', attendees: [{ name: 'Bo', email: 'bo@example.com', rsvp: true }], geoLat: '51.5', uid: 'evt-1' });
    const out = await runNode(convertToFile, { params: node.params, items: [{ name: 'Kick-off' }] });
    const ics = Buffer.from(out.main[0].binary!.invite.data, 'base64').toString();
    expect(ics).toContain('SUMMARY:Kick-off\r\n');
    expect(ics).toContain('GEO:51.5;-0.1\r\n');
    expect(exportedParams(graph, 'File')).toEqual({ type: 'n8n-nodes-base.convertToFile', typeVersion: 1.1, parameters });
  });

  it('round trip: a Weft-edited node exports only the options of its operation that differ from the defaults', () => {
    const { graph } = importN8nWorkflow(n8nDoc('n8n-nodes-base.convertToFile', 1.1, { operation: 'toJson', mode: 'each', options: { format: true, fileName: '={{ $json.id }}.json' } }));
    const changed: WorkflowDocument = { ...graph, nodes: graph.nodes.map((n) => (n.name === 'File' ? { ...n, params: { ...n.params, delimiter: ';', encoding: 'latin1' } } : n)) };
    const back = exportedParams(changed, 'File');
    expect(back).toEqual({ type: 'n8n-nodes-base.convertToFile', typeVersion: 1.1, parameters: { operation: 'toJson', mode: 'each', options: { fileName: '={{ $json.id }}.json', encoding: 'latin1', format: true } } });
    const again = importN8nWorkflow({ ...n8nDoc('n8n-nodes-base.convertToFile', back.typeVersion ?? 1, back.parameters ?? {}) }).graph;
    expect(fileNode(again).params).toEqual({ operation: 'toJson', binaryPropertyName: 'data', mode: 'each', fileName: '={{ $json.id }}.json', encoding: 'latin1', format: true });
  });
});

describe('an imported n8n workflow with file nodes runs in the engine', () => {
  // Set (a CSV string) -> Convert to File (text) -> Extract From File (CSV) -> Convert to File (JSON, all items)
  // -> Extract From File (JSON); n8n's JSON as its editor writes it.
  const doc = {
    name: 'CSV to JSON',
    nodes: [
      { id: '1', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
      { id: '2', name: 'CSV text', type: 'n8n-nodes-base.set', typeVersion: 3.4, position: [200, 0], parameters: { assignments: { assignments: [{ id: 'a', name: 'csv', value: 'sku;qty\nA-1;3\nB-2;\n', type: 'string' }] }, options: {} } },
      { id: '3', name: 'To file', type: 'n8n-nodes-base.convertToFile', typeVersion: 1.1, position: [400, 0], parameters: { operation: 'toText', sourceProperty: 'csv', options: { fileName: 'stock.csv' } } },
      { id: '4', name: 'Rows', type: 'n8n-nodes-base.extractFromFile', typeVersion: 1, position: [600, 0], parameters: { options: { delimiter: ';' } } },
      { id: '5', name: 'As JSON', type: 'n8n-nodes-base.convertToFile', typeVersion: 1.1, position: [800, 0], parameters: { operation: 'toJson', binaryPropertyName: 'report', options: {} } },
      { id: '6', name: 'Read back', type: 'n8n-nodes-base.extractFromFile', typeVersion: 1, position: [1000, 0], parameters: { operation: 'fromJson', binaryPropertyName: 'report', destinationKey: 'rows', options: {} } },
    ],
    connections: {
      Start: { main: [[{ node: 'CSV text', type: 'main', index: 0 }]] },
      'CSV text': { main: [[{ node: 'To file', type: 'main', index: 0 }]] },
      'To file': { main: [[{ node: 'Rows', type: 'main', index: 0 }]] },
      Rows: { main: [[{ node: 'As JSON', type: 'main', index: 0 }]] },
      'As JSON': { main: [[{ node: 'Read back', type: 'main', index: 0 }]] },
    },
  };

  it('imports every node mapped and gives the rows n8n gives', async () => {
    const { graph, report } = importN8nWorkflow(doc);
    expect(report.counts.unsupported).toBe(0);
    const exec = await runWorkflowInMemory(graph, registry);
    expect(exec.status).toBe('succeeded');
    const out = (name: string) => exec.runs.find((r) => r.nodeName === name)!.outputs.main;
    expect(out('To file')[0].binary!.data).toMatchObject({ fileName: 'stock.csv', mimeType: 'text/plain', fileExtension: 'csv' });
    expect(out('Rows').map((i) => i.json)).toEqual([{ sku: 'A-1', qty: '3' }, { sku: 'B-2' }]);
    expect(out('As JSON')[0].binary!.report.fileName).toBe('file.json');
    expect(exec.lastOutput.map((i) => i.json)).toEqual([{ rows: [{ sku: 'A-1', qty: '3' }, { sku: 'B-2' }] }]);
  });
});

describe('n8n import: files on disk', () => {
  it('Read/Write Files from Disk and the older Read/Write Binary File(s) map onto readWriteFile, and back', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const pathMod = await import('node:path');
    const { N8N_CORPUS_DIR } = await import('../testing/corpus');
    const types = new Set(['n8n-nodes-base.readWriteFile', 'n8n-nodes-base.readBinaryFile', 'n8n-nodes-base.readBinaryFiles', 'n8n-nodes-base.writeBinaryFile']);
    let seen = 0;
    for (const f of readdirSync(N8N_CORPUS_DIR).filter((x) => x.endsWith('.json'))) {
      const doc = JSON.parse(readFileSync(pathMod.join(N8N_CORPUS_DIR, f), 'utf8')) as { nodes: { name: string; type: string; parameters: Record<string, unknown> }[] };
      const nodes = doc.nodes.filter((n) => types.has(n.type));
      if (!nodes.length) continue;
      const { graph, report } = importN8nWorkflow(doc);
      for (const n of nodes) {
        seen++;
        expect(report.nodes.find((r) => r.name === n.name), `${f}: ${n.name}`).toMatchObject({ status: 'mapped', weftType: 'readWriteFile' });
        const params = graph.nodes.find((g) => g.name === n.name)!.params as { operation: string; fileSelector?: string; fileName?: string };
        if (n.type === 'n8n-nodes-base.readBinaryFile') expect(params).toMatchObject({ operation: 'read', fileSelector: n.parameters.filePath });
        if (n.type === 'n8n-nodes-base.writeBinaryFile') expect(params).toMatchObject({ operation: 'write', fileName: n.parameters.fileName });
      }
    }
    expect(seen).toBeGreaterThanOrEqual(12);
    const edited = exportN8n({
      nodes: [{ id: 'w', name: 'Save', type: 'readWriteFile', typeVersion: 1, params: { operation: 'write', fileName: 'out/a.txt', dataPropertyName: 'file', options: { append: true } }, position: [0, 0] }],
      connections: [],
    }).workflow.nodes[0];
    expect(edited).toMatchObject({ type: 'n8n-nodes-base.readWriteFile', typeVersion: 1, parameters: { operation: 'write', fileName: 'out/a.txt', dataPropertyName: 'file', options: { append: true } } });
    expect(importN8nWorkflow({ nodes: [edited], connections: {} }).graph.nodes[0].params).toEqual({ operation: 'write', fileName: 'out/a.txt', dataPropertyName: 'file', options: { append: true } });
  });
});
