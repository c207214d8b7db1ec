/**
 * n8n's HTTP Request with a predefined credential type and with options.pagination: import into the
 * httpRequest node's params (OAuth2 types stay unsupported and say why), export back to n8n's shape, and
 * an imported paginated node run against a server on 127.0.0.1.
 */
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportN8n, importN8nWorkflow } from './index';
import type { GraphNode, WorkflowDocument } from '../engine/types';
import { httpRequestNode } from '../../nodes/httpRequest';
import { runNode } from '../engine/testing/node-context';
import { N8N_CORPUS_DIR } from '../testing/corpus';

const corpusDir = N8N_CORPUS_DIR;
const corpusFile = (f: string) => path.join(corpusDir, f);

function n8nHttp(parameters: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return {
    name: 'HTTP test',
    nodes: [
      { id: 't', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
      { id: 'h', name: 'Call', type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, position: [200, 0], parameters, ...extra },
    ],
    connections: { Start: { main: [[{ node: 'Call', type: 'main', index: 0 }]] } },
  };
}
const callOf = (graph: WorkflowDocument) => graph.nodes.find((n) => n.name === 'Call')!;
const exportedCall = (graph: WorkflowDocument) => exportN8n(graph).workflow.nodes.find((n) => n.name === 'Call')!;
/** The node as a person edited it in Weft: the export goes through the reverse mapper. */
const edited = (graph: WorkflowDocument, patch: Record<string, unknown>): WorkflowDocument => ({
  ...graph,
  nodes: graph.nodes.map((n): GraphNode => (n.name === 'Call' ? { ...n, params: { ...n.params, ...patch } } : n)),
});

describe('n8n import: HTTP Request with a predefined credential type', () => {
  it('maps an API-key type onto the predefined authentication, keeping the credential slot under its n8n name', () => {
    const ref = { id: 'q1', name: 'QdrantApi account' };
    const { graph, report } = importN8nWorkflow(
      n8nHttp(
        { method: 'POST', url: 'https://qdrant.example.com/collections/x/points', authentication: 'predefinedCredentialType', nodeCredentialType: 'qdrantApi', options: {} },
        { credentials: { qdrantApi: ref } },
      ),
    );
    const call = callOf(graph);
    expect(call.type).toBe('httpRequest');
    expect(call.params).toMatchObject({ authentication: 'predefinedCredentialType', credentialType: 'qdrantApi', method: 'POST' });
    // n8n's credential ids mean nothing in Weft: the report says which credential to create for which slot.
    expect(report.nodes.find((n) => n.name === 'Call')).toMatchObject({ status: 'mapped', weftType: 'httpRequest' });
    expect(report.credentials).toContainEqual({ node: 'Call', n8nType: 'qdrantApi', name: 'QdrantApi account', slot: 'qdrantApi' });
  });

  it('maps v2 nodes (requestMethod) with a predefined credential too', () => {
    const doc = n8nHttp({ url: '=https://api.lemlist.com/api/campaigns/{{$json.id}}/leads', requestMethod: 'POST', authentication: 'predefinedCredentialType', nodeCredentialType: 'lemlistApi', options: {} });
    doc.nodes[1].typeVersion = 2;
    const { graph } = importN8nWorkflow(doc);
    expect(callOf(graph).params).toMatchObject({ authentication: 'predefinedCredentialType', credentialType: 'lemlistApi', method: 'POST' });
  });

  it('maps OAuth2 service types onto the predefined authentication (server/credentials/oauth2-presets.ts)', () => {
    const { graph, report } = importN8nWorkflow(
      n8nHttp({ url: 'https://www.googleapis.com/youtube/v3/videos', authentication: 'predefinedCredentialType', nodeCredentialType: 'youTubeOAuth2Api', options: {} }, { credentials: { youTubeOAuth2Api: { id: 'y', name: 'YouTube account' } } }),
    );
    expect(callOf(graph).params).toMatchObject({ authentication: 'predefinedCredentialType', credentialType: 'youTubeOAuth2Api' });
    expect(report.credentials).toContainEqual(expect.objectContaining({ node: 'Call', n8nType: 'youTubeOAuth2Api', slot: 'youTubeOAuth2Api' }));
  });

  it('keeps OAuth2 types without a preset unsupported, naming the type and what to use', () => {
    const { graph, report } = importN8nWorkflow(
      n8nHttp({ url: 'https://x.my.salesforce.com/services', authentication: 'predefinedCredentialType', nodeCredentialType: 'salesforceOAuth2Api', options: {} }),
    );
    expect(callOf(graph).type).toBe('unsupported');
    const reason = report.nodes.find((n) => n.name === 'Call')?.reason ?? '';
    expect(reason).toContain('"salesforceOAuth2Api"');
    expect(reason).toContain('no preset for this OAuth2 type');
    expect(reason).toContain('oAuth2Api');
  });

  it('keeps types Weft cannot apply unsupported, listing what it can', () => {
    const { report } = importN8nWorkflow(n8nHttp({ url: 'https://x.example.com', authentication: 'predefinedCredentialType', nodeCredentialType: 'stripeApi', options: {} }));
    const reason = report.nodes.find((n) => n.name === 'Call')?.reason ?? '';
    expect(reason).toContain('"stripeApi" is not supported');
    expect(reason).toContain('airtableTokenApi');
  });

  it('exports back to n8n\'s predefinedCredentialType shape and re-imports to the same params', () => {
    const ref = { id: 'a1', name: 'Airtable token' };
    const { graph } = importN8nWorkflow(
      n8nHttp({ url: 'https://api.airtable.com/v0/app/tbl', authentication: 'predefinedCredentialType', nodeCredentialType: 'airtableTokenApi', options: {} }, { credentials: { airtableTokenApi: ref } }),
    );
    // Edited in Weft, with a Weft credential picked for the slot.
    const weftRef = { id: 'cred_airtable', name: 'My Airtable' };
    const changed = edited(graph, { url: 'https://api.airtable.com/v0/app/other' });
    callOf(changed).credentials = { airtableTokenApi: weftRef };
    const out = exportedCall(changed);
    expect(out.type).toBe('n8n-nodes-base.httpRequest');
    expect(out.parameters).toMatchObject({ url: 'https://api.airtable.com/v0/app/other', authentication: 'predefinedCredentialType', nodeCredentialType: 'airtableTokenApi' });
    expect(out.parameters).not.toHaveProperty('genericAuthType');
    expect(out.credentials).toEqual({ airtableTokenApi: weftRef });
    const again = importN8nWorkflow(exportN8n(changed).workflow);
    expect(callOf(again.graph).params).toEqual(callOf(changed).params);
    expect(again.report.credentials).toContainEqual({ node: 'Call', n8nType: 'airtableTokenApi', name: 'My Airtable', slot: 'airtableTokenApi' });
    // Without a Weft credential picked, the n8n credential the workflow came with goes back out.
    expect(exportedCall(edited(graph, { url: 'https://api.airtable.com/v0/app/other' })).credentials).toEqual({ airtableTokenApi: ref });
  });

  it.skipIf(!existsSync(corpusFile('1896_Stopanderror_Splitout_Export_Scheduled.json')))('maps the corpus workflow that calls Clockify with its predefined credential', () => {
    const doc = JSON.parse(readFileSync(corpusFile('1896_Stopanderror_Splitout_Export_Scheduled.json'), 'utf8')) as { nodes: { name: string; type: string; parameters: Record<string, unknown> }[] };
    const n8nNode = doc.nodes.find((n) => n.type === 'n8n-nodes-base.httpRequest' && n.parameters.nodeCredentialType === 'clockifyApi')!;
    const { graph, report } = importN8nWorkflow(doc);
    expect(report.nodes.find((n) => n.name === n8nNode.name)).toMatchObject({ status: 'mapped', weftType: 'httpRequest' });
    const node = graph.nodes.find((n) => n.name === n8nNode.name)!;
    expect(node.params).toMatchObject({ authentication: 'predefinedCredentialType', credentialType: 'clockifyApi' });
    expect(report.credentials).toContainEqual(expect.objectContaining({ node: n8nNode.name, n8nType: 'clockifyApi', slot: 'clockifyApi' }));
  });
});

describe('n8n import: HTTP Request pagination', () => {
  const pagination = (pg: Record<string, unknown>) => ({ url: 'http://127.0.0.1/x', options: { pagination: { pagination: pg } } });

  it('maps n8n\'s pagination onto the node\'s (templates lose the leading =; no page limit unless n8n set one)', () => {
    const { graph } = importN8nWorkflow(
      n8nHttp(pagination({ parameters: { parameters: [{ name: 'page', value: '={{ $pageCount + 1 }}' }, { type: 'headers', name: 'x-size', value: '50' }] } })),
    );
    expect(callOf(graph).params.pagination).toEqual({
      mode: 'updateParameters',
      parameters: [
        { type: 'query', name: 'page', value: '{{ $pageCount + 1 }}' },
        { type: 'headers', name: 'x-size', value: '50' },
      ],
      nextUrl: '',
      completeWhen: 'responseIsEmpty',
      statusCodes: '',
      completeExpression: '',
      maxRequests: 0,
      intervalMs: 0,
    });
    const next = importN8nWorkflow(
      n8nHttp(
        pagination({
          paginationMode: 'responseContainsNextURL',
          nextURL: '={{ $response.body.next }}',
          paginationCompleteWhen: 'receiveSpecificStatusCodes',
          statusCodesWhenComplete: '404,204',
          limitPagesFetched: true,
          maxRequests: 7,
          requestInterval: 250,
        }),
      ),
    ).graph;
    expect(callOf(next).params.pagination).toMatchObject({ mode: 'nextUrl', nextUrl: '{{ $response.body.next }}', completeWhen: 'statusCodes', statusCodes: '404,204', maxRequests: 7, intervalMs: 250 });
  });

  it('keeps the node unsupported when a template is beyond Weft\'s pagination templates, naming it', () => {
    const { graph, report } = importN8nWorkflow(
      n8nHttp(pagination({ parameters: { parameters: [{ name: 'pageToken', value: '={{ $response.body.nextPageToken }}' }] }, paginationCompleteWhen: 'other', completeExpression: "={{ !('nextPageToken' in $response.body) }}" })),
    );
    expect(callOf(graph).type).toBe('unsupported');
    expect(report.nodes.find((n) => n.name === 'Call')?.reason).toContain("complete expression: Weft's pagination templates cannot run {{ !('nextPageToken' in $response.body) }}");
  });

  it('exports the pagination back and re-imports it unchanged', () => {
    const { graph } = importN8nWorkflow(
      n8nHttp(pagination({ parameters: { parameters: [{ name: 'cursor', value: '={{ $response.body.next_cursor }}' }] }, paginationCompleteWhen: 'other', completeExpression: '={{ $response.body.has_more === false }}', limitPagesFetched: true, maxRequests: 3 })),
    );
    const changed = edited(graph, { url: 'http://127.0.0.1/y' });
    const out = exportedCall(changed);
    expect((out.parameters?.options as Record<string, unknown>).pagination).toEqual({
      pagination: {
        paginationMode: 'updateAParameterInEachRequest',
        parameters: { parameters: [{ type: 'qs', name: 'cursor', value: '={{ $response.body.next_cursor }}' }] },
        paginationCompleteWhen: 'other',
        completeExpression: '={{ $response.body.has_more === false }}',
        limitPagesFetched: true,
        maxRequests: 3,
      },
    });
    expect(callOf(importN8nWorkflow(exportN8n(changed).workflow).graph).params).toEqual(callOf(changed).params);
  });

  describe('an imported paginated node runs', () => {
    let server: http.Server;
    let base = '';
    beforeAll(async () => {
      server = http.createServer((req, res) => {
        const page = Number(new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.get('page') ?? '1');
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(page <= 3 ? [{ page }] : []));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      await new Promise((r) => server.close(r));
    });

    it('fetches every page as n8n would ($pageCount counts the pages fetched so far)', async () => {
      const { graph } = importN8nWorkflow(n8nHttp({ url: `${base}/items`, options: { pagination: { pagination: { parameters: { parameters: [{ name: 'page', value: '={{ $pageCount + 1 }}' }] } } } } }));
      const out = await runNode(httpRequestNode, { node: { name: 'Call' }, params: callOf(graph).params, items: [{ json: {} }] });
      expect(out.main.map((i) => i.json.page)).toEqual([1, 2, 3]);
    });
  });
});
