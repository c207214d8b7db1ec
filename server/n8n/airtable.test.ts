/**
 * n8n's Airtable node: the 44 corpus nodes (v1, v2, v2.1) now map onto nodes/airtable, unchanged nodes export
 * their exact parameters, every one of them goes through the reverse mapper and imports back to the same params,
 * and imported corpus nodes run against a fake Airtable API on 127.0.0.1.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportN8n, importN8nWorkflow } from './index';
import { airtableNode } from '../../nodes/airtable';
import { jsonOf, runNode } from '../engine/testing/node-context';
import { N8N_CORPUS_DIR } from '../testing/corpus';
import { runWorkflowInMemory } from '../engine/run-memory';
import { registry } from '../../nodes/registry';
import { type N8nDoc, corpusFilesWith, edited, load, node } from './test-corpus';

const TYPE = 'n8n-nodes-base.airtable';
const haveCorpus = existsSync(N8N_CORPUS_DIR);
const files = () => corpusFilesWith(TYPE);

describe.skipIf(!haveCorpus)('n8n import: Airtable in the corpus', () => {
  it('maps all 44 Airtable nodes, with the credential slot under n8n\'s name', () => {
    let count = 0;
    for (const f of files()) {
      const doc = load(f);
      const { graph, report } = importN8nWorkflow(doc);
      for (const n of doc.nodes.filter((x) => x.type === TYPE)) {
        count++;
        expect(report.nodes.find((r) => r.name === n.name), `${f}: ${n.name}`).toMatchObject({ status: 'mapped', weftType: 'airtable' });
        expect(node(graph, n.name).type).toBe('airtable');
        for (const credType of Object.keys(n.credentials ?? {})) {
          expect(report.credentials.find((c) => c.node === n.name), `${f}: ${n.name}`).toMatchObject({ n8nType: credType, slot: credType });
        }
      }
    }
    expect(count).toBe(44);
  });

  it('maps v1 list / update / append and v2 get / search / update / upsert / getSchema onto the params', () => {
    const contacts = importN8nWorkflow(load('0124_Slack_Typeform_Create_Triggered.json')).graph;
    expect(node(contacts, 'Airtable - Contact List').params).toEqual({
      operation: 'search', authentication: 'airtableApi', base: '', table: 'Contacts', recordShape: 'record', searchOnce: true,
      filterByFormula: '=fullName="{{$json["full_name"]}}"', returnAll: false, limit: 100, fields: [], view: '', sort: [],
    });
    expect(node(contacts, 'Airtable - Update Contacts1').params).toMatchObject({
      operation: 'update', id: '={{$node["Airtable - Contact List"].json["id"]}}', mappingMode: 'autoMapInputData', typecast: true,
      sendFields: ['firstName', 'lastName', 'linkedInProfile', 'Email', 'Phone', 'website', 'LinkedIn Company', 'Industry', 'Address'],
    });
    expect(node(contacts, 'Airtable - Create Contacts').params).toMatchObject({ operation: 'create', mappingMode: 'autoMapInputData', sendFields: [], typecast: true });

    const leads = importN8nWorkflow(load('0090_Wait_Lemlist_Create_Scheduled.json')).graph;
    // v1 update with "update all fields" off and no field chosen: n8n sends the record without fields.
    expect(node(leads, 'Airtable - Update').params).toMatchObject({ operation: 'update', id: '={{$node["Airtable - List"].json["id"]}}', mappingMode: 'defineBelow', columns: {} });

    const videos = importN8nWorkflow(load('1540_Markdown_Stickynote_Automation_Webhook.json')).graph;
    expect(node(videos, 'Get all records from airtable').params).toEqual({
      operation: 'search', base: 'appk2iZaWQLO3Tqvx', table: 'tblbYRGFgCo9u2VpB', filterByFormula: '', returnAll: false, limit: 3, fields: [], view: '', sort: [], searchOnce: true,
    });
    expect(node(videos, 'Update all records in airtable').params).toMatchObject({
      operation: 'update', mappingMode: 'defineBelow', matchingColumns: ['id'], columns: { id: '={{ $json.id }}', Unpublished: false, 'Video description HTML': '={{ $json.data }}' },
    });

    const schema = importN8nWorkflow(load('0696_Code_Webhook_Create_Webhook.json')).graph;
    expect(node(schema, 'Get Table Schema').params).toEqual({ operation: 'getSchema', base: "={{ $('Airtable Webhook').item.json.body.base.id }}" });
    expect(node(schema, 'Get Row').params).toEqual({ operation: 'get', base: '={{ $json.baseId }}', table: '={{ $json.tableId }}', id: '={{ $json.rowId }}' });
    expect(node(schema, 'Fetch Records').params).toMatchObject({ operation: 'search', filterByFormula: 'NOT({File} = "")', returnAll: true });
    expect(node(schema, 'Fetch Records').params.searchOnce).toBeUndefined();
    expect(node(schema, 'Update Row').params).toMatchObject({ mappingMode: 'autoMapInputData', matchingColumns: ['id'], columns: {} });

    const tools = importN8nWorkflow(load('1437_Splitout_Code_Automation_Triggered.json')).graph;
    expect(node(tools, 'Create if not Exist').params).toMatchObject({ operation: 'upsert', matchingColumns: ['Hash'], columns: { Hash: '={{$json.hash}}', Name: '={{$json.name}}' } });
  });

  it('exports unchanged Airtable nodes with their exact original parameters and credentials', () => {
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

  it('writes every corpus node back through the reverse mapper and imports it to the same params', () => {
    let rewritten = 0;
    for (const f of files()) {
      const doc = load(f);
      const { graph } = importN8nWorkflow(doc);
      for (const n of doc.nodes.filter((x) => x.type === TYPE)) {
        // A change that keeps the meaning, so the export goes through the reverse mapper, not the kept original.
        const params = node(graph, n.name).params;
        const { workflow, warnings } = exportN8n(edited(graph, n.name, { baseUrl: 'https://api.airtable.com' }));
        const exported = workflow.nodes.find((x) => x.name === n.name)!;
        expect(exported.type).toBe(TYPE);
        expect(Math.floor(exported.typeVersion ?? 0)).toBe(Math.floor(n.typeVersion));
        expect(warnings.filter((w) => w.startsWith(`${n.name}:`)), `${f}: ${n.name}`).toEqual([]);
        expect(node(importN8nWorkflow(workflow).graph, n.name).params, `${f}: ${n.name}`).toEqual(params);
        if (JSON.stringify(exported.parameters) !== JSON.stringify(n.parameters)) rewritten++;
      }
    }
    expect(rewritten).toBeGreaterThan(30); // the reverse mapper wrote them (its columns schema differs from n8n's)
  });
});

describe('n8n import: Airtable edge cases', () => {
  const one = (typeVersion: number, parameters: Record<string, unknown>) => ({
    nodes: [{ id: 'a', name: 'Airtable', type: TYPE, typeVersion, position: [0, 0], parameters, credentials: { airtableTokenApi: { id: 'c', name: 'PAT' } } }],
    connections: {},
  });

  it('keeps OAuth2 and unknown operations unsupported, naming why', () => {
    const oauth = importN8nWorkflow(one(2.1, { authentication: 'airtableOAuth2Api', operation: 'search' }));
    expect(oauth.report.nodes[0]).toMatchObject({ status: 'unsupported', reason: expect.stringContaining('OAuth2') });
    const table = importN8nWorkflow(one(2.1, { resource: 'table', operation: 'create' }));
    expect(table.report.nodes[0].reason).toContain('Airtable table operation "create" is not supported');
  });

  it('a v1 append given columns one by one exports as v2.1 and says why', () => {
    const { graph } = importN8nWorkflow(one(1, { operation: 'append', application: 'appA', table: 'People' }));
    expect(node(graph, 'Airtable').params).toMatchObject({ operation: 'create', recordShape: 'record', mappingMode: 'autoMapInputData', sendFields: [] });
    const { workflow, warnings } = exportN8n(edited(graph, 'Airtable', { mappingMode: 'defineBelow', columns: { Name: 'Ann' } }));
    expect(workflow.nodes[0]).toMatchObject({ typeVersion: 2.1, parameters: { operation: 'create', base: { value: 'appA' }, columns: { mappingMode: 'defineBelow', value: { Name: 'Ann' } } } });
    expect(warnings.join('\n')).toContain('n8n Airtable v1 cannot express this');
  });

  it('exports base getMany and a URL base as n8n writes them', () => {
    const { graph } = importN8nWorkflow(one(2.1, { resource: 'base', operation: 'getMany', returnAll: false, limit: 5, options: { permissionLevel: ['owner'] } }));
    expect(node(graph, 'Airtable').params).toEqual({ operation: 'getMany', base: '', returnAll: false, limit: 5, permissionLevel: ['owner'] });
    const changed = edited(graph, 'Airtable', { operation: 'search', base: 'https://airtable.com/appX', table: 'People', returnAll: true });
    expect(exportN8n(changed).workflow.nodes[0].parameters).toEqual({
      operation: 'search', base: { __rl: true, mode: 'url', value: 'https://airtable.com/appX' }, table: { __rl: true, mode: 'id', value: 'People' }, options: {},
    });
  });
});

describe.skipIf(!haveCorpus)('n8n import: imported Airtable nodes run against a fake Airtable API', () => {
  const requests: { method: string; url: string; body: unknown }[] = [];
  let server: http.Server;
  let baseUrl = '';
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
        requests.push({ method: req.method ?? '', url: req.url ?? '', body });
        res.writeHead(200, { 'content-type': 'application/json' });
        if (req.method === 'PATCH') return res.end(JSON.stringify({ records: (body.records as { id: string; fields: unknown }[]).map((r) => ({ ...r, createdTime: '2024-01-01T00:00:00.000Z' })) }));
        const route = { id: 'recRoute1', createdTime: '2024-01-01T00:00:00.000Z', fields: { Name: 'Inbox', Active: true } };
        const segments = new URL(req.url ?? '/', 'http://127.0.0.1').pathname.split('/').filter(Boolean);
        res.end(JSON.stringify(segments.length === 3 ? { records: [route, { ...route, id: 'recRoute2', fields: { Name: 'Spam', Active: false } }] } : route));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('corpus 1921: Get Route by ID, then Deactivate Route (update matching on id)', async () => {
    const graph = importN8nWorkflow(load('1921_Code_Filter_Automation_Webhook.json')).graph;
    const credentials = { airtableTokenApi: { accessToken: 'pat' } };
    const get = node(graph, 'Get Route by ID');
    const got = await runNode(airtableNode, { params: { ...get.params, baseUrl }, items: [{ route: 'recRoute1' }], credentials, node: { name: get.name } });
    expect(jsonOf(got)).toEqual([{ id: 'recRoute1', createdTime: '2024-01-01T00:00:00.000Z', Name: 'Inbox', Active: true }]);
    expect(requests[0]).toMatchObject({ method: 'GET', url: '/v0/appuqZhHVVGAcMwoA/tblWL6FqfLkLHmLEo/recRoute1' });

    const deactivate = node(graph, 'Deactivate Route');
    const out = await runNode(airtableNode, { params: { ...deactivate.params, baseUrl }, items: [{}], credentials, node: { name: deactivate.name }, runs: { 'Get Route by ID': got.main } });
    expect(requests[1]).toMatchObject({ method: 'PATCH', url: '/v0/appuqZhHVVGAcMwoA/tblWL6FqfLkLHmLEo', body: { records: [{ id: 'recRoute1', fields: { Active: false } }], typecast: false } });
    expect(jsonOf(out)).toEqual([{ id: 'recRoute1', fields: { Active: false }, createdTime: '2024-01-01T00:00:00.000Z' }]);
  });

  it('an imported v2 search workflow runs in the engine with a Weft credential in the airtableTokenApi slot', async () => {
    const doc = {
      nodes: [
        { id: 's', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
        {
          id: 'a', name: 'Routes', type: TYPE, typeVersion: 2.1, position: [200, 0], credentials: { airtableTokenApi: { id: 'x', name: 'PAT' } },
          parameters: { operation: 'search', base: { __rl: true, mode: 'url', value: 'https://airtable.com/appRoutes/tblRoutes/viwAll' }, table: { __rl: true, mode: 'url', value: 'https://airtable.com/appRoutes/tblRoutes/viwAll' }, filterByFormula: '{Active}', options: {} },
        },
      ],
      connections: { Start: { main: [[{ node: 'Routes', type: 'main', index: 0 }]] } },
    };
    const { graph, report } = importN8nWorkflow(doc);
    expect(report.counts.unsupported).toBe(0);
    const ready = { ...graph, nodes: graph.nodes.map((n) => (n.type === 'airtable' ? { ...n, params: { ...n.params, baseUrl }, credentials: { airtableTokenApi: { id: 'weft-pat', name: 'PAT' } } } : n)) };
    requests.length = 0;
    const result = await runWorkflowInMemory(ready, registry, { credentials: { 'weft-pat': { accessToken: 'pat-weft' } } });
    expect(result.error).toBeUndefined();
    expect(result.lastOutput.map((i) => i.json)).toEqual([
      { id: 'recRoute1', createdTime: '2024-01-01T00:00:00.000Z', Name: 'Inbox', Active: true },
      { id: 'recRoute2', createdTime: '2024-01-01T00:00:00.000Z', Name: 'Spam', Active: false },
    ]);
    expect(requests).toHaveLength(1);
    const url = new URL(requests[0].url, 'http://127.0.0.1');
    expect(url.pathname).toBe('/v0/appRoutes/tblRoutes');
    expect(url.searchParams.get('filterByFormula')).toBe('{Active}');
  });
});
