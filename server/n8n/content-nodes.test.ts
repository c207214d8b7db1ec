/**
 * n8n's HTML (and HTML Extract), Markdown and Crypto nodes: every one of them in the corpus maps onto nodes/html,
 * nodes/markdown and nodes/crypto with the params the corpus configures, imported corpus nodes run, unchanged
 * nodes export their exact parameters, edited ones go through the reverse mappers and import back the same,
 * and a Weft-native workflow using the three survives export -> import with the same results.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportN8n, exportN8nWorkflow, importN8nWorkflow } from './index';
import type { GraphNode, WorkflowDocument } from '../engine/types';
import { runWorkflowInMemory } from '../engine/run-memory';
import { validateWorkflow } from '../engine/validate';
import { jsonOf, runNode } from '../engine/testing/node-context';
import { registry } from '../../nodes/registry';
import { htmlNode } from '../../nodes/html';
import { markdownNode } from '../../nodes/markdown';
import { cryptoNode } from '../../nodes/crypto';
import { N8N_CORPUS_DIR } from '../testing/corpus';

const corpusDir = N8N_CORPUS_DIR;
const TYPES: Record<string, string> = { 'n8n-nodes-base.html': 'html', 'n8n-nodes-base.htmlExtract': 'html', 'n8n-nodes-base.markdown': 'markdown', 'n8n-nodes-base.crypto': 'crypto' };
const CORPUS_FILES = [
  '0001_Telegram_Schedule_Automation_Scheduled.json', '0385_Wait_Code_Send_Scheduled.json', '0392_Stopanderror_GitHub_Automate_Webhook.json',
  '0500_Splitout_Schedule_Send_Scheduled.json', '0504_Lemlist_Slack_Create_Webhook.json', '0595_Filter_Manual_Send_Triggered.json',
  '0680_Splitout_HTTP_Send_Webhook.json', '1267_HTTP_Markdown_Automation_Webhook.json', '1333_Splitout_GoogleCalendar_Automate_Webhook.json',
  '1386_Limit_Code_Automation_Scheduled.json', '1388_Splitout_Redis_Automation_Webhook.json', '1401_Code_Webhook_Automate_Webhook.json',
  '1437_Splitout_Code_Automation_Triggered.json', '1540_Markdown_Stickynote_Automation_Webhook.json', '1653_Code_Webhook_Send_Webhook.json',
  '1751_Filter_Schedule_Automation_Scheduled.json', '1897_Webhook_Filter_Sync_Webhook.json', '1936_Emailreadimap_Manual_Send_Webhook.json',
];
const haveCorpus = CORPUS_FILES.every((f) => existsSync(path.join(corpusDir, f)));
type N8nDoc = { nodes: { name: string; type: string; typeVersion: number; parameters: Record<string, unknown> }[] };
const load = (f: string) => JSON.parse(readFileSync(path.join(corpusDir, f), 'utf8')) as N8nDoc;
const node = (g: WorkflowDocument, name: string) => g.nodes.find((n) => n.name === name)!;

describe.skipIf(!haveCorpus)('n8n import: HTML, Markdown and Crypto in the corpus', () => {
  it('maps all 38 of them (16 HTML, 2 HTML Extract, 12 Markdown, 8 Crypto) and the result validates', () => {
    const counts: Record<string, number> = {};
    for (const f of CORPUS_FILES) {
      const doc = load(f);
      const { graph, report } = importN8nWorkflow(doc);
      for (const n of doc.nodes.filter((x) => TYPES[x.type])) {
        counts[n.type] = (counts[n.type] ?? 0) + 1;
        expect(report.nodes.find((r) => r.name === n.name), `${f}: ${n.name}`).toMatchObject({ status: 'mapped', weftType: TYPES[n.type] });
        const mapped = node(graph, n.name);
        expect(mapped.type).toBe(TYPES[n.type]);
        const def = registry.get(mapped.type)!;
        // Params that hold no expression must already satisfy the node's schema.
        if (!JSON.stringify(mapped.params).includes('={{')) expect(def.params.safeParse(mapped.params).success, `${f}: ${n.name}`).toBe(true);
      }
    }
    expect(counts).toEqual({ 'n8n-nodes-base.html': 16, 'n8n-nodes-base.htmlExtract': 2, 'n8n-nodes-base.markdown': 12, 'n8n-nodes-base.crypto': 8 });
  });

  it('maps each configuration the corpus uses onto the node\'s params', () => {
    const og = importN8nWorkflow(load('0392_Stopanderror_GitHub_Automate_Webhook.json')).graph;
    const ogNode = og.nodes.find((n) => n.type === 'html' && (n.params.extractionValues as { key: string }[])[0].key === 'ogTitle')!;
    expect(ogNode.params).toMatchObject({ operation: 'extractHtmlContent', sourceData: 'json', dataPropertyName: 'data', textFormat: 'joined', trimValues: false, cleanUpText: false, omitEmpty: true });
    expect((ogNode.params.extractionValues as unknown[])[0]).toEqual({ key: 'ogTitle', cssSelector: 'meta[property^="og:title"], meta[name="og:title"], meta[property="twitter:title"], meta[name="twitter:title"]', returnValue: 'attribute', attribute: 'content', skipSelectors: '', returnArray: false });

    const events = importN8nWorkflow(load('0385_Wait_Code_Send_Scheduled.json')).graph;
    expect(node(events, 'Get all events from the page').params).toEqual({
      operation: 'extractHtmlContent', sourceData: 'json', dataPropertyName: 'data', textFormat: 'joined', trimValues: true, cleanUpText: false,
      extractionValues: [{ key: 'events', cssSelector: 'li.event-listings-element', returnValue: 'html', attribute: '', skipSelectors: '', returnArray: true }],
    });

    const profile = importN8nWorkflow(load('1333_Splitout_GoogleCalendar_Automate_Webhook.json')).graph;
    expect(profile.nodes.filter((n) => n.type === 'html').map((n) => n.params)).toContainEqual({
      operation: 'extractHtmlContent', sourceData: 'json', dataPropertyName: 'html', textFormat: 'readable', trimValues: false, cleanUpText: false,
      extractionValues: [{ key: 'about', cssSelector: 'body', returnValue: 'text', attribute: '', skipSelectors: '', returnArray: false }],
    });

    const md = importN8nWorkflow(load('1386_Limit_Code_Automation_Scheduled.json')).graph;
    expect(md.nodes.find((n) => n.type === 'markdown')!.params).toEqual({ mode: 'markdownToHtml', destinationKey: 'response', markdown: '={{ $json.response }}', toHtmlOptions: { simpleLineBreaks: false } });
    const toMd = importN8nWorkflow(load('1267_HTTP_Markdown_Automation_Webhook.json')).graph;
    expect(toMd.nodes.find((n) => n.type === 'markdown')!.params).toEqual({ mode: 'htmlToMarkdown', destinationKey: 'page_content', html: '={{ $json.HTML }}', toMarkdownOptions: {} });

    const hashes = importN8nWorkflow(load('1437_Splitout_Code_Automation_Triggered.json')).graph;
    expect(hashes.nodes.filter((n) => n.type === 'crypto').map((n) => n.params)).toContainEqual({
      action: 'hash', dataPropertyName: 'hash', type: 'MD5', value: '={{ $json.name.toLowerCase().trim() }}', encoding: 'hex', binaryData: false, binaryPropertyName: 'data',
    });
    const sync = importN8nWorkflow(load('1897_Webhook_Filter_Sync_Webhook.json')).graph;
    expect(sync.nodes.filter((n) => n.type === 'crypto').map((n) => n.params)).toContainEqual({ action: 'generate', dataPropertyName: 'state', encodingType: 'uuid', stringLength: 32 });
    expect(sync.nodes.find((n) => n.type === 'html' && n.params.operation === 'convertToHtmlTable')!.params).toEqual({ operation: 'convertToHtmlTable', capitalize: true, customStyling: false });
  });

  it('runs imported corpus nodes: the 0392 Open Graph extraction, the 1437 name hash, a 1386 Markdown conversion', async () => {
    const og = importN8nWorkflow(load('0392_Stopanderror_GitHub_Automate_Webhook.json')).graph;
    const ogNode = og.nodes.find((n) => n.type === 'html' && (n.params.extractionValues as { key: string }[])[0].key === 'ogTitle')!;
    const page = '<html><head><meta property="og:title" content="Weft"><meta name="description" content="Workflows"><meta property="og:image" content="https://x.y/i.png"></head><body></body></html>';
    const extracted = jsonOf(await runNode(htmlNode, { params: ogNode.params, items: [{ data: page }] }))[0] as Record<string, unknown>;
    expect(extracted).toMatchObject({ ogTitle: 'Weft', ogDescription: 'Workflows', ogImage: 'https://x.y/i.png' });

    const hash = importN8nWorkflow(load('1437_Splitout_Code_Automation_Triggered.json')).graph.nodes.find((n) => n.type === 'crypto')!;
    const hashed = await runNode(cryptoNode, { params: hash.params, items: [{ name: '  ABC ' }] });
    expect(jsonOf(hashed)).toEqual([{ name: '  ABC ', hash: '900150983cd24fb0d6963f7d28e17f72' }]);

    const md = importN8nWorkflow(load('1386_Limit_Code_Automation_Scheduled.json')).graph.nodes.find((n) => n.type === 'markdown')!;
    const converted = await runNode(markdownNode, { params: md.params, items: [{ response: '**Hi**\nthere' }] });
    expect(jsonOf(converted)).toEqual([{ response: '<p><strong>Hi</strong>\nthere</p>' }]);
  });

  it('exports unchanged nodes with their exact original parameters', () => {
    for (const f of CORPUS_FILES) {
      const doc = load(f);
      const out = exportN8n(importN8nWorkflow(doc).graph).workflow;
      for (const n of doc.nodes.filter((x) => TYPES[x.type])) {
        const exported = out.nodes.find((x) => x.name === n.name)!;
        expect(exported, `${f}: ${n.name}`).toMatchObject({ type: n.type, typeVersion: n.typeVersion });
        expect(exported.parameters, `${f}: ${n.name}`).toEqual(n.parameters);
      }
    }
  });
});

function n8nDoc(type: string, typeVersion: number, parameters: Record<string, unknown>) {
  return {
    name: 'Content test',
    nodes: [
      { id: 't', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
      { id: 'n', name: 'Node', type, typeVersion, position: [200, 0], parameters },
    ],
    connections: { Start: { main: [[{ node: 'Node', type: 'main', index: 0 }]] } },
  };
}
const edited = (g: WorkflowDocument, patch: Record<string, unknown>): WorkflowDocument => ({
  ...g,
  nodes: g.nodes.map((n): GraphNode => (n.name === 'Node' ? { ...n, params: { ...n.params, ...patch } } : n)),
});
/** The graph without what the importer kept, so the export goes through the reverse mapper. */
const forgetOriginal = (g: WorkflowDocument): WorkflowDocument => ({ ...g, nodes: g.nodes.map((n): GraphNode => (n.name === 'Node' ? { ...n, extra: undefined } : n)) });

describe('n8n export: edited HTML, Markdown and Crypto nodes', () => {
  const cases: [string, number, Record<string, unknown>][] = [
    ['n8n-nodes-base.html', 1.2, { html: '<p>{{ $json.name }}</p>' }],
    ['n8n-nodes-base.html', 1.2, { operation: 'extractHtmlContent', dataPropertyName: 'body', extractionValues: { values: [{ key: 'a', cssSelector: 'a', returnValue: 'attribute', attribute: 'href', returnArray: true }, { key: 't', cssSelector: 'h1', skipSelectors: 'span' }] }, options: { cleanUpText: true } }],
    ['n8n-nodes-base.html', 1.1, { operation: 'extractHtmlContent', sourceData: 'binary', extractionValues: { values: [{ key: 'h', cssSelector: 'div', returnValue: 'html' }] }, options: { trimValues: true } }],
    ['n8n-nodes-base.html', 1.2, { operation: 'convertToHtmlTable', options: { capitalize: true, customStyling: true, caption: 'C', tableAttributes: 'class="t"' } }],
    ['n8n-nodes-base.markdown', 1, { mode: 'markdownToHtml', markdown: '={{ $json.md }}', options: { simpleLineBreaks: true, tables: true }, destinationKey: 'html' }],
    ['n8n-nodes-base.markdown', 1, { html: '={{ $json.text }}', options: { bulletMarker: '-' } }],
    ['n8n-nodes-base.crypto', 1, { value: '={{ $json.name }}', dataPropertyName: 'hash' }],
    ['n8n-nodes-base.crypto', 1, { action: 'hmac', type: 'SHA256', value: 'x', secret: 's3cret', encoding: 'base64' }],
    ['n8n-nodes-base.crypto', 1, { type: 'SHA512', binaryData: true, binaryPropertyName: 'file' }],
    ['n8n-nodes-base.crypto', 1, { action: 'sign', value: 'x', algorithm: 'RSA-SHA512', privateKey: '-----BEGIN PRIVATE KEY-----' }],
    ['n8n-nodes-base.crypto', 1, { action: 'generate', encodingType: 'hex', stringLength: 16, dataPropertyName: 'token' }],
    ['n8n-nodes-base.crypto', 1, { action: 'generate' }],
  ];

  it.each(cases)('%s v%s: writes n8n\'s parameters back and imports them to the same params (%o)', (type, typeVersion, parameters) => {
    const { graph } = importN8nWorkflow(n8nDoc(type, typeVersion, parameters));
    const { workflow, warnings } = exportN8n(forgetOriginal(graph));
    const exported = workflow.nodes.find((n) => n.name === 'Node')!;
    expect(exported).toMatchObject({ type, typeVersion });
    expect(exported.parameters).toEqual(parameters);
    expect(warnings).toEqual([]);
    expect(node(importN8nWorkflow(workflow).graph, 'Node').params).toEqual(node(graph, 'Node').params);
  });

  it('joined text exports as HTML Extract 1 (keeps empty texts) or, when empty texts are dropped, HTML v1.1', () => {
    const old = importN8nWorkflow(n8nDoc('n8n-nodes-base.htmlExtract', 1, { extractionValues: { values: [{ key: 'k', cssSelector: 'p' }] }, options: {} })).graph;
    const exported = exportN8n(forgetOriginal(old)).workflow;
    expect(exported.nodes.find((n) => n.name === 'Node')).toMatchObject({
      type: 'n8n-nodes-base.htmlExtract', typeVersion: 1, parameters: { sourceData: 'json', dataPropertyName: 'data', extractionValues: { values: [{ key: 'k', cssSelector: 'p' }] }, options: {} },
    });
    expect(node(importN8nWorkflow(exported).graph, 'Node').params).toEqual(node(old, 'Node').params);
    const v1 = importN8nWorkflow(n8nDoc('n8n-nodes-base.html', 1, { operation: 'extractHtmlContent', extractionValues: { values: [{ key: 'k', cssSelector: 'p' }] }, options: {} })).graph;
    expect(node(v1, 'Node').params).toMatchObject({ textFormat: 'joined', omitEmpty: true });
    expect(exportN8n(forgetOriginal(v1)).workflow.nodes.find((n) => n.name === 'Node')).toMatchObject({ type: 'n8n-nodes-base.html', typeVersion: 1.1 });
  });

  it('imports Markdown\'s "ignore" option without effect, as n8n 2.40.7 applies none, and says so', () => {
    const { graph, report } = importN8nWorkflow(n8nDoc('n8n-nodes-base.markdown', 1, { html: '<p>a</p><nav>menu</nav>', options: { ignore: 'nav', bulletMarker: '-', unknownOption: 1 } }));
    expect(node(graph, 'Node').params).toEqual({ mode: 'htmlToMarkdown', destinationKey: 'data', html: '<p>a</p><nav>menu</nav>', toMarkdownOptions: { bulletMarker: '-' } });
    expect(report.warnings.join('\n')).toMatch(/"ignore" has no effect in n8n[\s\S]*"unknownOption" is not supported/);
  });

  it('warns where n8n cannot express the params', () => {
    const g = importN8nWorkflow(n8nDoc('n8n-nodes-base.html', 1.2, { operation: 'extractHtmlContent', extractionValues: { values: [{ key: 'k', cssSelector: 'p' }] }, options: {} })).graph;
    expect(exportN8n(edited(g, { omitEmpty: true })).warnings.join('\n')).toContain('omitEmpty');
    expect(exportN8n(edited(g, { textFormat: 'joined', cleanUpText: true })).warnings.join('\n')).toContain('clean up text');
  });
});

const nativeWorkflow: WorkflowDocument = {
  name: 'Weft native: content',
  nodes: [
    { id: 'a', name: 'Start', type: 'manualTrigger', typeVersion: 1, position: [0, 0], params: {} },
    { id: 'b', name: 'Data', type: 'transform', typeVersion: 1, position: [200, 0], params: { mode: 'json', json: '{ "name": "Ada", "page": "<h1>Title <i>x</i></h1><a href=\\"/a\\">A</a><a href=\\"/b\\">B</a>", "md": "# Hi\\n\\n*there*" }', include: 'none' } },
    { id: 'c', name: 'Extract', type: 'html', typeVersion: 1, position: [400, 0], params: { operation: 'extractHtmlContent', dataPropertyName: 'page', extractionValues: [{ key: 'title', cssSelector: 'h1', skipSelectors: 'i' }, { key: 'links', cssSelector: 'a', returnValue: 'attribute', attribute: 'href', returnArray: true }] } },
    { id: 'd', name: 'Table', type: 'html', typeVersion: 1, position: [600, 0], params: { operation: 'convertToHtmlTable', capitalize: true } },
    { id: 'e', name: 'To Markdown', type: 'markdown', typeVersion: 1, position: [800, 0], params: { mode: 'htmlToMarkdown', html: '={{ $json.table }}', destinationKey: 'md' } },
    { id: 'f', name: 'To HTML', type: 'markdown', typeVersion: 1, position: [400, 200], params: { mode: 'markdownToHtml', markdown: '={{ $json.md }}', destinationKey: 'out.html', toHtmlOptions: { noHeaderId: true } } },
    { id: 'g', name: 'Hash', type: 'crypto', typeVersion: 1, position: [600, 200], params: { action: 'hmac', type: 'SHA256', value: '={{ $json.name }}', secret: 'k', dataPropertyName: 'sig' } },
    { id: 'h', name: 'Card', type: 'html', typeVersion: 1, position: [800, 200], params: { html: '<p>{{ $json.name }}: {{ $json.sig.slice(0, 8) }}</p>' } },
  ],
  connections: [
    { from: { node: 'a', port: 'main' }, to: { node: 'b', port: 'main' } },
    { from: { node: 'b', port: 'main' }, to: { node: 'c', port: 'main' } },
    { from: { node: 'c', port: 'main' }, to: { node: 'd', port: 'main' } },
    { from: { node: 'd', port: 'main' }, to: { node: 'e', port: 'main' } },
    { from: { node: 'b', port: 'main' }, to: { node: 'f', port: 'main' } },
    { from: { node: 'f', port: 'main' }, to: { node: 'g', port: 'main' } },
    { from: { node: 'g', port: 'main' }, to: { node: 'h', port: 'main' } },
  ],
} as unknown as WorkflowDocument;

describe('n8n export: a Weft-native workflow with HTML, Markdown and Crypto', () => {
  it('writes HTML v1.2, Markdown v1 and Crypto v1', () => {
    const types = Object.fromEntries(exportN8nWorkflow(nativeWorkflow).nodes.map((n) => [n.name, `${n.type}@${n.typeVersion}`]));
    expect(types).toMatchObject({ Extract: 'n8n-nodes-base.html@1.2', Table: 'n8n-nodes-base.html@1.2', Card: 'n8n-nodes-base.html@1.2', 'To Markdown': 'n8n-nodes-base.markdown@1', Hash: 'n8n-nodes-base.crypto@1' });
  });

  it('export -> import runs with the same results as the original', async () => {
    expect(validateWorkflow(nativeWorkflow, registry)).toEqual([]);
    const back = importN8nWorkflow(exportN8nWorkflow(nativeWorkflow));
    expect(back.report.counts.unsupported).toBe(0);
    expect(validateWorkflow(back.graph, registry)).toEqual([]);
    const before = await runWorkflowInMemory(nativeWorkflow, registry);
    const after = await runWorkflowInMemory(back.graph, registry);
    const outputs = (run: typeof before) => Object.fromEntries(run.runs.map((r) => [r.nodeName, (r.outputs.main ?? []).map((i) => i.json)]));
    expect(before.status).toBe('succeeded');
    expect(outputs(after)).toEqual(outputs(before));
    const out = outputs(before);
    expect(out.Extract).toEqual([{ title: 'TITLE', links: ['/a', '/b'] }]); // readable text writes headings in capitals, as n8n v1.2
    expect(out['To Markdown'][0]).toMatchObject({ md: expect.stringContaining('| Title | Links |') });
    expect(out.Card).toEqual([{ html: '<p>Ada: a7cf9c43</p>' }]);
  });
});
