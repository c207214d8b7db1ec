/**
 * n8n's Google Sheets node: the corpus nodes map onto nodes/googleSheets (OAuth2 ones onto authentication oAuth2,
 * keeping their googleSheetsOAuth2Api slot; service accounts onto googleApi), the params of the corpus shapes (v1 lookup,
 * v3 fieldsUi, v4 resource mapper, filters, sheet by gid), unchanged nodes export their exact parameters, and
 * every node goes through the reverse mapper and imports back to the same params.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exportN8n, importN8nWorkflow } from './index';
import { N8N_CORPUS_DIR } from '../testing/corpus';
import { type N8nDoc, corpusFilesWith, edited, load, node } from './test-corpus';

const TYPE = 'n8n-nodes-base.googleSheets';
const haveCorpus = existsSync(N8N_CORPUS_DIR);
const files = () => corpusFilesWith(TYPE);

describe.skipIf(!haveCorpus)('n8n import: Google Sheets in the corpus', () => {
  it('maps 113 of the 115 nodes (not the spreadsheet resource nor delete), OAuth2 slots kept as googleSheetsOAuth2Api', () => {
    let count = 0;
    let mapped = 0;
    let oauth = 0;
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
        expect(r.weftType).toBe('googleSheets');
        expect(node(graph, n.name).type).toBe('googleSheets');
        for (const credType of Object.keys(n.credentials ?? {})) {
          expect(report.credentials.find((c) => c.node === n.name), `${f}: ${n.name}`).toMatchObject({ n8nType: credType, slot: credType });
        }
        if ('googleSheetsOAuth2Api' in (n.credentials ?? {})) {
          oauth++;
          expect(node(graph, n.name).params.authentication, `${f}: ${n.name}`).toBe('oAuth2');
          expect(report.warnings.some((w) => w.includes(n.name) && /OAuth2/.test(w)), `${f}: ${n.name}`).toBe(false);
        }
      }
    }
    expect(count).toBe(115);
    expect(mapped).toBe(113);
    expect(oauth).toBeGreaterThan(95);
    expect(reasons.sort()).toEqual(['Google Sheets operation "delete" is not supported', 'Google Sheets spreadsheet operations are not supported (only the sheet resource)']);
  });

  it('maps the corpus shapes onto the params', () => {
    const wa = importN8nWorkflow(load('1572_Wait_Schedule_Automate_Scheduled.json')).graph;
    const reads = wa.nodes.filter((n) => n.type === 'googleSheets' && n.params.operation === 'read');
    expect(reads[0].params).toMatchObject({
      documentId: '1T-B0yepcrCHxQpn7Sj6QjTa0VqwwVBQhO5ZcIUSxWJE', sheetName: '1621824221', sheetBy: 'id', filters: [{ column: 'Status', value: 'Ready' }], returnAllMatches: true, authentication: 'oAuth2',
    });
    const update = wa.nodes.find((n) => n.type === 'googleSheets' && n.params.operation === 'update')!;
    expect(update.params).toMatchObject({ mappingMode: 'defineBelow', columns: { Status: 'Replied', row_number: "={{ $('Loop Over Items').item.json.row_number }}" }, matchingColumns: ['row_number'], cellFormat: 'USER_ENTERED' });

    const v3 = importN8nWorkflow(load('1653_Code_Webhook_Send_Webhook.json')).graph;
    const v3Update = v3.nodes.find((n) => n.type === 'googleSheets' && n.params.operation === 'update')!;
    expect(v3Update.params).toMatchObject({
      sheetName: '={{ $json["worksheetId"] }}', sheetBy: 'id', mappingMode: 'defineBelow', matchingColumns: ['ID'],
      columns: { 'Good response?': '={{ $node["On feedback given"].json.query.feedback }}', ID: '={{ $node["On feedback given"].json.query.id }}' },
    });
    const v3Upsert = v3.nodes.find((n) => n.type === 'googleSheets' && n.params.operation === 'appendOrUpdate')!;
    expect(v3Upsert.params).toMatchObject({ mappingMode: 'autoMapInputData', matchingColumns: ['ID'], cellFormat: 'RAW' });

    const lookup = importN8nWorkflow(load('0172_Noop_GoogleSheets_Create_Webhook.json'));
    const v1 = lookup.graph.nodes.find((n) => n.type === 'googleSheets')!;
    expect(v1.params).toEqual({
      operation: 'read', authentication: 'serviceAccount', documentId: 'xxx', sheetName: '', range: 'A:B', headerRow: 1, firstDataRow: 2, rowNumbers: false,
      valueRenderMode: 'UNFORMATTED_VALUE', filters: [{ column: 'Call', value: '={{$node["Webhook"].json["body"]["call_id"]}}' }], returnAllMatches: false,
    });
    expect(lookup.report.warnings.some((w) => /OAuth2/.test(w))).toBe(false);

    const created = importN8nWorkflow(load('0554_Splitout_Code_Create_Webhook.json')).graph.nodes.find((n) => n.type === 'googleSheets' && n.params.operation === 'create')!;
    expect(created.params).toEqual({ operation: 'create', authentication: 'oAuth2', documentId: "={{ $('Execute Workflow Trigger').first().json.sheetID }}", title: "={{ $('Set Variables').first().json.insightsSheetName }}" });
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

  it('writes every mapped corpus node back through the reverse mapper and imports it to the same params', () => {
    let rewritten = 0;
    for (const f of files()) {
      const doc = load(f);
      const { graph } = importN8nWorkflow(doc);
      for (const n of doc.nodes.filter((x) => x.type === TYPE)) {
        if (node(graph, n.name).type !== 'googleSheets') continue;
        const params = node(graph, n.name).params;
        const { workflow, warnings } = exportN8n(edited(graph, n.name, { apiUrl: 'https://sheets.googleapis.com' }));
        const exported = workflow.nodes.find((x) => x.name === n.name)!;
        expect(exported.type).toBe(TYPE);
        // Written by the reverse mapper: v4.5 leaves out n8n's default OAuth2, v1 names it; the slot keeps n8n's type.
        const oauth2 = params.authentication === 'oAuth2';
        expect(exported.parameters?.authentication, `${f}: ${n.name}`).toBe(oauth2 ? (n.typeVersion === 1 ? 'oAuth2' : undefined) : 'serviceAccount');
        expect(Object.keys(exported.credentials ?? {}), `${f}: ${n.name}`).toEqual(Object.keys(n.credentials ?? {}));
        expect(exported.typeVersion, `${f}: ${n.name}`).toBe(n.typeVersion === 1 ? 1 : 4.5);
        expect(warnings.filter((w) => w.startsWith(`${n.name}:`)), `${f}: ${n.name}`).toEqual([]);
        expect(node(importN8nWorkflow(workflow).graph, n.name).params, `${f}: ${n.name}`).toEqual(params);
        rewritten++;
      }
    }
    expect(rewritten).toBe(113);
  });
});
