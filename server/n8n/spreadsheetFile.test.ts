/**
 * n8n's Spreadsheet File (v1, v2) imports onto Extract From File (read) and Convert to File (write): the corpus
 * workflows map, the imported nodes read and write real files, and export gives the successor nodes (said in
 * a warning at import).
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

const SHEET = 'n8n-nodes-base.spreadsheetFile';
const hasCorpus = existsSync(N8N_CORPUS_DIR);

function doc(typeVersion: number, parameters: Record<string, unknown>) {
  return {
    name: 'Sheets',
    nodes: [
      { id: 't', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
      { id: 's', name: 'Sheet', type: SHEET, typeVersion, position: [200, 0], parameters },
    ],
    connections: { Start: { main: [[{ node: 'Sheet', type: 'main', index: 0 }]] } },
  };
}
const imported = (typeVersion: number, parameters: Record<string, unknown>) => {
  const { graph, report } = importN8nWorkflow(doc(typeVersion, parameters));
  return { node: graph.nodes.find((n) => n.name === 'Sheet')!, graph, report };
};
const csvFile = (text: string) => ({ data: Buffer.from(text).toString('base64'), mimeType: 'text/csv', fileName: 'people.csv' });

describe.skipIf(!hasCorpus)('corpus workflows with Spreadsheet File', () => {
  const files = ['0251_Pipedrive_Spreadsheetfile_Create_Triggered.json', '0276_Microsoftonedrive_Readbinaryfile_Automation_Webhook.json', '0292_Manual_Stickynote_Export_Triggered.json', '0394_HTTP_Spreadsheetfile_Create_Webhook.json', '1082_Slack_Readbinaryfile_Create.json'];
  it.each(files)('%s: every Spreadsheet File node is mapped', (file) => {
    const n8n = JSON.parse(readFileSync(path.join(N8N_CORPUS_DIR, file), 'utf8')) as { nodes: { name: string; type: string; parameters: Record<string, unknown> }[] };
    const { graph, report } = importN8nWorkflow(n8n);
    const sheets = n8n.nodes.filter((n) => n.type === SHEET);
    expect(sheets.length).toBeGreaterThan(0);
    for (const s of sheets) {
      const node = graph.nodes.find((n) => n.name === s.name)!;
      expect(report.nodes.find((n) => n.name === s.name)).toMatchObject({ status: 'mapped' });
      expect(node.type).toBe(s.parameters.operation === 'toFile' ? 'convertToFile' : 'extractFromFile');
    }
  });

  it('0292: toFile xlsx keeps fileName and sheetName expressions and headerRow', () => {
    const n8n = JSON.parse(readFileSync(path.join(N8N_CORPUS_DIR, '0292_Manual_Stickynote_Export_Triggered.json'), 'utf8'));
    const node = importN8nWorkflow(n8n).graph.nodes.find((n) => n.type === 'convertToFile')!;
    expect(node.params).toEqual({
      operation: 'xlsx', binaryPropertyName: 'data', headerRow: true,
      fileName: '={{ $node["TableName"].json["TableName"] }}.{{ $parameter["fileFormat"] }}',
      sheetName: '={{ $node["TableName"].json["TableName"] }}',
    });
  });
});

describe('Spreadsheet File read (fromFile)', () => {
  // Expected rows recorded from n8n 2.40.7 (Spreadsheet File v1 / v2 on this CSV, given by a Code node).
  const CSV = 'name,n,when\nAda,5,2024-01-02\nBob,7.5,\n';
  const asFile = (mimeType: string) => ({ json: {}, binary: { data: { ...csvFile(CSV), mimeType } } });

  it('v1 reads every file with the spreadsheet reader: CSV numbers and dates become numbers, as in n8n', async () => {
    const { node, report } = imported(1, { options: {} });
    expect(node.type).toBe('extractFromFile');
    expect(node.params).toEqual({ operation: 'xlsx', binaryPropertyName: 'data' });
    expect(report.warnings.join('\n')).toMatch(/Spreadsheet File v1 .* imported as Extract From File .* exports as Extract From File/);
    const out = await runNode(extractFromFile, { params: node.params, items: [asFile('text/csv')] });
    expect(out.main.map((i) => i.json)).toEqual([{ name: 'Ada', n: 5, when: 45293 }, { name: 'Bob', n: 7.5 }]);
  });

  it('v2 autodetect reads a text/csv file as CSV (text values) and any other file with the spreadsheet reader, as in n8n', async () => {
    const { node } = imported(2, { options: {} });
    expect(node.params.operation).toBe('={{ $binary["data"]?.mimeType === "text/csv" ? "csv" : "xlsx" }}');
    const run = (items: unknown[]) => {
      const n8n = doc(2, { options: {} });
      n8n.nodes.splice(1, 0, { id: 'c', name: 'File', type: 'n8n-nodes-base.code', typeVersion: 2, position: [100, 0], parameters: { jsCode: `return ${JSON.stringify(items)};` } });
      const connections = { Start: { main: [[{ node: 'File', type: 'main', index: 0 }]] }, File: { main: [[{ node: 'Sheet', type: 'main', index: 0 }]] } };
      return runWorkflowInMemory(importN8nWorkflow({ ...n8n, connections }).graph, registry);
    };
    const csv = await run([asFile('text/csv')]);
    expect(csv.runs.find((r) => r.nodeName === 'Sheet')!.outputs.main!.map((i) => i.json)).toEqual([{ name: 'Ada', n: '5', when: '2024-01-02' }, { name: 'Bob', n: '7.5' }]);
    const other = await run([asFile('application/octet-stream')]);
    expect(other.runs.find((r) => r.nodeName === 'Sheet')!.outputs.main!.map((i) => i.json)).toEqual([{ name: 'Ada', n: 5, when: 45293 }, { name: 'Bob', n: 7.5 }]);
    // "=data" (an expression that is plain text) is the property "data"; a real expression cannot be looked into.
    expect(imported(2, { binaryPropertyName: '=data', options: {} }).node.params.operation).toContain('$binary["data"]');
    const dynamic = imported(2, { binaryPropertyName: '={{ $json.prop }}', options: {} });
    expect(dynamic.node.params.operation).toBe('xlsx');
    expect(dynamic.report.warnings.join('\n')).toContain('reads every file with the spreadsheet reader');
  });

  it('v2 autodetect reads an XLSX file written by the imported toFile node; options are kept', async () => {
    const write = imported(2, { operation: 'toFile', fileFormat: 'xlsx', options: { sheetName: 'People', fileName: 'p.xlsx' } }).node;
    expect(write.params).toEqual({ operation: 'xlsx', binaryPropertyName: 'data', sheetName: 'People', fileName: 'p.xlsx' });
    const file = await runNode(convertToFile, { params: write.params, items: [{ name: 'Ada', n: 1 }, { name: 'Bob', n: 2 }] });
    expect(file.main[0].binary!.data.fileName).toBe('p.xlsx');
    const { node } = imported(2, { binaryPropertyName: '=data', options: { headerRow: true, sheetName: 'People', rawData: true } });
    expect(node.params).toMatchObject({ binaryPropertyName: '=data', headerRow: true, sheetName: 'People', rawData: true });
    expect(node.params.operation).toMatch(/^=\{\{/);
    const rows = await runNode(extractFromFile, { params: { ...node.params, operation: 'xlsx', binaryPropertyName: 'data' }, items: [{ json: {}, binary: file.main[0].binary }] });
    expect(rows.main.map((i) => i.json)).toEqual([{ name: 'Ada', n: 1 }, { name: 'Bob', n: 2 }]);
  });

  it('v2 with a named format uses that operation (CSV with a delimiter); unknown options are warned about', async () => {
    const { node, report } = imported(2, { fileFormat: 'csv', options: { delimiter: ';', skipRecordsWithErrors: { value: { enabled: true } } } });
    expect(node.params).toEqual({ operation: 'csv', binaryPropertyName: 'data', delimiter: ';' });
    expect(report.warnings.join('\n')).toContain('option "skipRecordsWithErrors" is not supported');
    const out = await runNode(extractFromFile, { params: node.params, items: [{ json: {}, binary: { data: csvFile('a;b\n1;2\n') } }] });
    expect(out.main.map((i) => i.json)).toEqual([{ a: '1', b: '2' }]);
  });

  it('an unknown operation or format imports as unsupported naming the supported ones', () => {
    expect(imported(2, { operation: 'append' }).node.type).toBe('unsupported');
    const { node, report } = imported(2, { operation: 'toFile', fileFormat: 'numbers' });
    expect(node.type).toBe('unsupported');
    expect(JSON.stringify(report.nodes)).toContain('supported: csv, html, ods, rtf, xls, xlsx');
  });
});

describe('Spreadsheet File write (toFile)', () => {
  it('the default format of v1 and v2 is xls, the file spreadsheet.<format>; CSV is written with the header row (recorded from n8n 2.40.7)', async () => {
    // As n8n 2.40.7 names the file: spreadsheet.<format> (Convert to File would say File.<format>).
    expect(imported(1, { operation: 'toFile' }).node.params).toEqual({ operation: 'xls', binaryPropertyName: 'data', fileName: 'spreadsheet.xls' });
    const named = await runNode(convertToFile, { params: imported(2, { operation: 'toFile', fileFormat: 'xlsx' }).node.params, items: [{ a: 1 }] });
    expect(named.main[0].binary!.data).toMatchObject({ fileName: 'spreadsheet.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
    const { node } = imported(1, { operation: 'toFile', fileFormat: 'csv', binaryPropertyName: 'sheet', options: { fileName: 'out.csv' } });
    const out = await runNode(convertToFile, { params: node.params, items: [{ a: 1, b: 'x' }, { a: 2, b: 'y' }] });
    const bin = out.main[0].binary!.sheet;
    expect(bin.fileName).toBe('out.csv');
    expect(Buffer.from(bin.data, 'base64').toString()).toBe('\uFEFFa,b\n1,x\n2,y');
  });

  it('exports as Convert to File / Extract From File (the successors), with the same options', () => {
    const edited = (g: WorkflowDocument): WorkflowDocument => ({ ...g, nodes: g.nodes.map((n): GraphNode => ({ ...n, params: { ...n.params }, extra: undefined })) });
    const write = imported(2, { operation: 'toFile', fileFormat: 'xlsx', options: { compression: true, fileName: 'a.xlsx' } }).graph;
    const back = exportN8n(edited(write)).workflow.nodes.find((n) => n.name === 'Sheet')!;
    expect(back).toMatchObject({ type: 'n8n-nodes-base.convertToFile', parameters: { operation: 'xlsx', options: { compression: true, fileName: 'a.xlsx' } } });
    const read = imported(2, { fileFormat: 'ods', options: { sheetName: 'S' } }).graph;
    const back2 = exportN8n(edited(read)).workflow.nodes.find((n) => n.name === 'Sheet')!;
    expect(back2).toMatchObject({ type: 'n8n-nodes-base.extractFromFile', parameters: { operation: 'ods', options: { sheetName: 'S' } } });
    // autodetect: the operation expression goes out as it is, with the options that are set.
    const auto = imported(2, { options: { headerRow: false, delimiter: ';' } }).graph;
    const back3 = exportN8n(edited(auto)).workflow.nodes.find((n) => n.name === 'Sheet')!;
    expect(back3.parameters).toEqual({ operation: '={{ $binary["data"]?.mimeType === "text/csv" ? "csv" : "xlsx" }}', options: { headerRow: false, delimiter: ';' } });
  });
});
