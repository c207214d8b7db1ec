/**
 * n8n's Slack and Notion nodes: the corpus workflows that use them now map onto nodes/slack and nodes/notion
 * (OAuth2 Slack keeps authentication oAuth2 and its slackOAuth2Api slot; Notion 1 stays unsupported with a reason), unchanged nodes export their exact parameters,
 * edited nodes go through the reverse mappers and import back to the same params, and imported corpus nodes
 * run against fake Slack and Notion APIs on 127.0.0.1 (thread reply of 1643, history of 0921, the date query
 * and block list of 1330).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportN8n, importN8nWorkflow } from './index';
import type { GraphNode, WorkflowDocument } from '../engine/types';
import { jsonOf, runNode } from '../engine/testing/node-context';
import { slackNode } from '../../nodes/slack';
import { notionNode } from '../../nodes/notion';
import { N8N_CORPUS_DIR } from '../testing/corpus';
import { type N8nDoc, load, node } from './test-corpus';

const SLACK = 'n8n-nodes-base.slack';
const NOTION = 'n8n-nodes-base.notion';
const haveCorpus = existsSync(path.join(N8N_CORPUS_DIR, '1897_Webhook_Filter_Sync_Webhook.json'));
/** Corpus files holding a Slack or Notion node. */
const filesWith = (type: string) => (haveCorpus ? readdirSync(N8N_CORPUS_DIR).filter((f) => f.endsWith('.json') && load(f).nodes?.some((n) => n.type === type)) : []);

describe.skipIf(!haveCorpus)('n8n import: Slack and Notion in the corpus', () => {
  it('maps all 40 Slack nodes; the three OAuth2 ones keep authentication oAuth2 and the slackOAuth2Api slot, and export it back', () => {
    const status: Record<string, number> = {};
    let oauth2 = 0;
    for (const f of filesWith(SLACK)) {
      const { graph, report } = importN8nWorkflow(load(f));
      for (const n of load(f).nodes.filter((x) => x.type === SLACK)) {
        const r = report.nodes.find((x) => x.name === n.name)!;
        status[r.status] = (status[r.status] ?? 0) + 1;
        expect(r.weftType).toBe('slack');
        if (n.parameters.authentication !== 'oAuth2') continue;
        oauth2++;
        expect(node(graph, n.name).params.authentication).toBe('oAuth2');
        if (n.credentials) expect(report.credentials).toContainEqual(expect.objectContaining({ node: n.name, n8nType: 'slackOAuth2Api', slot: 'slackOAuth2Api' }));
        // Edited in Weft: the reverse mapper names n8n's OAuth2 again.
        const edited = { ...graph, nodes: graph.nodes.map((x) => (x.name === n.name ? { ...x, params: { ...x.params, text: 'changed' } } : x)) };
        const back = exportN8n(edited).workflow.nodes.find((x) => x.name === n.name)!;
        expect(back.parameters?.authentication, `${f}: ${n.name}`).toBe('oAuth2');
        expect(node(importN8nWorkflow(exportN8n(edited).workflow).graph, n.name).params, `${f}: ${n.name}`).toEqual(node(edited, n.name).params);
      }
    }
    expect(status).toEqual({ mapped: 40 });
    expect(oauth2).toBe(3);
  });

  it('maps 37 of the 38 Notion nodes; Notion 1 stays unsupported', () => {
    const status: Record<string, number> = {};
    for (const f of filesWith(NOTION)) {
      const { report } = importN8nWorkflow(load(f));
      for (const n of load(f).nodes.filter((x) => x.type === NOTION)) {
        const r = report.nodes.find((x) => x.name === n.name)!;
        status[r.status] = (status[r.status] ?? 0) + 1;
        if (r.status !== 'mapped') expect(r.reason).toContain('Notion 1 is not supported');
      }
    }
    expect(status).toEqual({ mapped: 37, unsupported: 1 });
  });

  it('maps the operations the corpus uses onto the nodes\' params', () => {
    const report = importN8nWorkflow(load('0921_Splitout_Code_Send_Scheduled.json')).graph;
    expect(node(report, "Get Last Week's Messages").params).toEqual({ resource: 'channel', operation: 'history', channelId: 'C06RS1WPUQ6', returnAll: true, limit: 50, oldest: "={{ $now.minus('1', 'week') }}", inclusive: false });
    expect(node(report, 'Get Thread').params).toEqual({ resource: 'channel', operation: 'replies', channelId: 'C06RS1WPUQ6', ts: '={{ $json.ts }}', returnAll: false, limit: 50 });
    expect(node(report, 'Get User').params).toEqual({ resource: 'user', operation: 'info', user: "={{ $json.data['0'].user }}" });
    const dm = importN8nWorkflow(load('0565_Webhook_Slack_Automation_Webhook.json'));
    expect(node(dm.graph, 'Delete Initial Message').params).toMatchObject({ operation: 'delete', select: 'channel', timestamp: '={{ $(\'Send Initial Message\').item.json["message_timestamp"] }}' });
    expect(node(dm.graph, 'Send Initial Message').params).toMatchObject({ iconUrl: expect.stringContaining('avatars.slack-edge.com') });
    const woo = importN8nWorkflow(load('1151_Woocommerce_Slack_Create_Triggered.json')).graph;
    const order = woo.nodes.find((n) => n.type === 'slack')!;
    expect(order.params).toMatchObject({ channelId: 'woo-commerce', timestampField: 'ts', attachments: [{ color: '#66FF00', fields: expect.arrayContaining([{ short: true, title: 'Order ID', value: '={{$json["id"]}}' }]) }] });

    const sync = importN8nWorkflow(load('1897_Webhook_Filter_Sync_Webhook.json')).graph;
    expect(node(sync, 'Get Notion Task').params).toEqual({
      resource: 'databasePage', operation: 'getAll', databaseId: "={{ $('Globals').first().json.database_id }}", returnAll: false, limit: 1, filterType: 'manual', simple: false,
      matchType: 'anyFilter', conditions: [{ key: 'Todoist ID|rich_text', condition: 'equals', richTextValue: "={{ $('Todoist').item.json.id }}" }],
    });
    expect(node(sync, 'Mark as Done in Notion').params).toEqual({ resource: 'databasePage', operation: 'update', pageId: '={{ $json.id }}', simple: true, properties: [{ key: 'Status|status', statusValue: 'Done' }] });
    expect(node(sync, 'Append Notion Block').params).toEqual({ resource: 'block', operation: 'append', blockId: "={{ $('Create task in Notion').item.json.id }}", blocks: [{ type: '={{ $json.type }}', textContent: '={{ $json.content }}' }] });
    expect(node(sync, 'Get Notion Databases').params).toEqual({ resource: 'database', operation: 'getAll', returnAll: false, limit: 50, simple: true });
    const time = importN8nWorkflow(load('1953_Respondtowebhook_Stickynote_Monitor_Webhook.json')).graph;
    expect(node(time, 'Create new page').params).toEqual({ resource: 'databasePage', operation: 'create', databaseId: '1117f2f5-baf9-8054-b33b-efb4d8a3c7ab', title: 'Tracked Time via n8n', simple: true, properties: [{ key: 'Start|date', date: '={{ $now }}' }], blocks: [], icon: '🤖' });
  });

  it('warns that n8n 2.1+ adds a workflow link Weft does not add (not when the corpus node turned it off)', () => {
    expect(importN8nWorkflow(load('0447_Error_Slack_Send_Triggered.json')).report.warnings.join('\n')).toContain('includeLinkToWorkflow');
    expect(importN8nWorkflow(load('1643_Slack_Manual_Automate_Webhook.json')).report.warnings.join('\n')).not.toContain('includeLinkToWorkflow');
  });

  it('exports unchanged Slack and Notion nodes with their exact original parameters', () => {
    let count = 0;
    for (const f of [...new Set([...filesWith(SLACK), ...filesWith(NOTION)])]) {
      const doc = load(f);
      const out = exportN8n(importN8nWorkflow(doc).graph).workflow;
      for (const n of doc.nodes.filter((x) => x.type === SLACK || x.type === NOTION)) {
        const exported = out.nodes.find((x) => x.name === n.name)!;
        expect(exported, `${f}: ${n.name}`).toMatchObject({ type: n.type, typeVersion: n.typeVersion });
        expect(exported.parameters, `${f}: ${n.name}`).toEqual(n.parameters);
        count++;
      }
    }
    expect(count).toBe(78);
  });
});

function n8nDoc(type: string, typeVersion: number, parameters: Record<string, unknown>, credentials: Record<string, unknown>) {
  return {
    name: 'SaaS test',
    nodes: [
      { id: 't', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
      { id: 's', name: 'App', type, typeVersion, position: [200, 0], parameters, credentials },
    ],
    connections: { Start: { main: [[{ node: 'App', type: 'main', index: 0 }]] } },
  };
}
const edited = (g: WorkflowDocument, patch: Record<string, unknown>): WorkflowDocument => ({
  ...g,
  nodes: g.nodes.map((n): GraphNode => (n.name === 'App' ? { ...n, params: { ...n.params, ...patch } } : n)),
});
const rl = (value: string, mode = 'id') => ({ __rl: true, value, mode });

describe('n8n export: edited Slack and Notion nodes', () => {
  const slackCases: Record<string, unknown>[] = [
    { select: 'channel', channelId: rl('#alerts', 'name'), text: '={{ $json.msg }}', otherOptions: { includeLinkToWorkflow: false, thread_ts: { replyValues: { thread_ts: '1.2', reply_broadcast: true } }, mrkdwn: true, unfurl_links: false } },
    { select: 'user', user: rl('ada', 'username'), messageType: 'block', text: 'hi', blocksUi: '{"blocks":[]}', otherOptions: { includeLinkToWorkflow: false, botProfile: { imageValues: { profilePhotoType: 'emoji', icon_emoji: ':robot:' } } } },
    { select: 'channel', channelId: rl('C1'), operation: 'delete', timestamp: '1.5' },
    { channelId: rl('C1'), ts: '1.5', operation: 'update', text: 'edited', updateFields: { link_names: true } },
    { resource: 'channel', operation: 'history', channelId: rl('C2'), returnAll: true, filters: { oldest: '2024-01-01', inclusive: true } },
    { resource: 'channel', operation: 'replies', channelId: rl('C2'), ts: '9.9', limit: 5, filters: {} },
    { resource: 'user', user: rl('U1') },
  ];
  it.each(slackCases)('Slack: writes n8n 2.2 parameters and imports them to the same params (%o)', (parameters) => {
    const { graph } = importN8nWorkflow(n8nDoc(SLACK, 2.2, parameters, { slackApi: { id: 'c1', name: 'Slack bot' } }));
    const params = { ...node(graph, 'App').params, baseUrl: 'https://slack.com/api' };
    const { workflow, warnings } = exportN8n(edited(graph, params));
    const exported = workflow.nodes.find((n) => n.name === 'App')!;
    expect(exported).toMatchObject({ type: SLACK, typeVersion: 2.2, credentials: { slackApi: { id: 'c1', name: 'Slack bot' } } });
    expect(exported.parameters).toEqual(parameters);
    expect(warnings).toEqual([]);
    const { baseUrl: _, ...rest } = params;
    expect(node(importN8nWorkflow(workflow).graph, 'App').params).toEqual(rest);
  });

  const notionCases: Record<string, unknown>[] = [
    { resource: 'databasePage', databaseId: rl('abc'), title: '={{ $json.t }}', propertiesUi: { propertyValues: [{ key: 'Tags|multi_select', multiSelectValue: ['a'] }] }, blockUi: { blockValues: [{ textContent: 'x' }] }, options: { icon: '🤖' } },
    { resource: 'databasePage', operation: 'update', pageId: rl('={{ $json.url }}', 'url'), simple: false, propertiesUi: { propertyValues: [{ key: 'Status|status', statusValue: 'Done' }] }, options: { icon: 'https://img/i.png', iconType: 'file' } },
    { resource: 'databasePage', operation: 'getAll', databaseId: rl('db'), limit: 3, filterType: 'manual', matchType: 'allFilters', filters: { conditions: [{ key: 'Date|date', condition: 'equals', date: '2024-01-01' }] }, options: { sort: { sortValue: [{ key: 'Name|title', direction: 'ascending' }] } } },
    { resource: 'databasePage', operation: 'getAll', databaseId: rl('db'), returnAll: true, filterType: 'json', filterJson: '{"or":[]}', options: {} },
    { resource: 'databasePage', operation: 'get', pageId: rl('p1') },
    { resource: 'database', databaseId: rl('db'), simple: false },
    { resource: 'database', operation: 'search', text: 'Tasks', options: {} },
    { resource: 'block', blockId: rl('b1'), blockUi: { blockValues: [{ type: 'heading_2', textContent: 'H' }] } },
    { resource: 'block', operation: 'getAll', blockId: rl('b1'), returnAll: true, simplifyOutput: false },
  ];
  it.each(notionCases)('Notion: writes n8n 2.2 parameters and imports them to the same params (%o)', (parameters) => {
    const { graph } = importN8nWorkflow(n8nDoc(NOTION, 2.2, parameters, { notionApi: { id: 'n1', name: 'Notion' } }));
    const params = { ...node(graph, 'App').params, baseUrl: 'https://api.notion.com/v1' };
    const { workflow, warnings } = exportN8n(edited(graph, params));
    const exported = workflow.nodes.find((n) => n.name === 'App')!;
    expect(exported).toMatchObject({ type: NOTION, typeVersion: 2.2, credentials: { notionApi: { id: 'n1', name: 'Notion' } } });
    expect(exported.parameters).toEqual(parameters);
    expect(warnings).toEqual([]);
    const { baseUrl: _, ...rest } = params;
    expect(node(importN8nWorkflow(workflow).graph, 'App').params).toEqual(rest);
  });

  it('keeps OAuth2 (notionOAuth2Api, slackOAuth2Api): authentication oAuth2 and the slot, both ways', () => {
    for (const [type, slot, parameters] of [
      [NOTION, 'notionOAuth2Api', { authentication: 'oAuth2', resource: 'databasePage', operation: 'get', pageId: rl('p1') }],
      [SLACK, 'slackOAuth2Api', { authentication: 'oAuth2', select: 'channel', channelId: rl('C1'), text: 'x', otherOptions: { includeLinkToWorkflow: false } }],
    ] as const) {
      const { graph, report } = importN8nWorkflow(n8nDoc(type, 2.2, parameters, { [slot]: { id: 'o1', name: 'OAuth' } }));
      expect(report.nodes.find((n) => n.name === 'App'), type).toMatchObject({ status: 'mapped' });
      expect(node(graph, 'App').params.authentication, type).toBe('oAuth2');
      expect(report.credentials).toContainEqual(expect.objectContaining({ node: 'App', n8nType: slot, slot }));
      // Edited in Weft (so the reverse mapper writes it) with a Weft credential in the slot.
      const base = edited(graph, { baseUrl: type === NOTION ? 'https://api.notion.com/v1' : 'https://slack.com/api' });
      const changed = { ...base, nodes: base.nodes.map((n) => (n.name === 'App' ? { ...n, credentials: { [slot]: { id: 'w1', name: 'Mine' } } } : n)) };
      const exported = exportN8n(changed).workflow.nodes.find((n) => n.name === 'App')!;
      expect(exported.parameters, type).toEqual(parameters);
      expect(Object.keys(exported.credentials ?? {}), type).toEqual([slot]);
    }
  });

  it('warns about a base URL n8n cannot hold; unknown operations stay unsupported, naming them', () => {
    const { graph } = importN8nWorkflow(n8nDoc(SLACK, 2.2, { select: 'channel', channelId: rl('C1'), text: 'x' }, {}));
    expect(exportN8n(edited(graph, { baseUrl: 'http://127.0.0.1:9/api' })).warnings.join('\n')).toContain('the base URL is not exported');
    const search = importN8nWorkflow(n8nDoc(SLACK, 2.2, { operation: 'search', query: 'x' }, {}));
    expect(search.report.nodes.find((n) => n.name === 'App')?.reason).toContain('Slack message operation "search" is not supported');
    const archive = importN8nWorkflow(n8nDoc(NOTION, 2.2, { resource: 'page', operation: 'archive' }, {}));
    expect(archive.report.nodes.find((n) => n.name === 'App')?.reason).toContain('Notion page operation "archive" is not supported');
  });
});

describe.skipIf(!haveCorpus)('imported corpus nodes run against fake Slack and Notion APIs', () => {
  const seen: { method: string; path: string; query: Record<string, string>; body: Record<string, unknown> | undefined }[] = [];
  let server: http.Server;
  let base = '';
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://x');
        const s = { method: req.method ?? '', path: url.pathname, query: Object.fromEntries(url.searchParams), body: raw ? (JSON.parse(raw) as Record<string, unknown>) : undefined };
        seen.push(s);
        let body: unknown = { ok: true, channel: 'C08L6SEPWMB', ts: '1700.1' };
        if (s.path.endsWith('conversations.history')) body = { ok: true, messages: [{ ts: '1', text: 'hello' }], response_metadata: { next_cursor: '' } };
        if (s.path.endsWith('/query')) body = { object: 'list', has_more: false, results: [{ object: 'page', id: 'p1', url: 'https://www.notion.so/p1', properties: { Name: { type: 'title', title: [{ plain_text: 'Post' }] }, Date: { type: 'date', date: { start: '2024-05-01' } } } }] };
        if (s.path.includes('/blocks/')) body = { object: 'list', has_more: false, results: [{ object: 'block', id: 'b1', type: 'paragraph', paragraph: { text: [{ plain_text: 'Body' }] } }, { object: 'block', id: 'b2', type: 'image', image: { type: 'file', file: { url: 'https://img/1.png' } } }] };
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('1643: posts the agent output as a broadcast thread reply; 0921: reads a week of channel history', async () => {
    const reply = node(importN8nWorkflow(load('1643_Slack_Manual_Automate_Webhook.json')).graph, 'Send message');
    const out = await runNode(slackNode, {
      params: { ...reply.params, baseUrl: `${base}/api` }, items: [{ output: 'Answer' }], credentials: { slackApi: { accessToken: 'xoxb-1' } },
      node: { name: reply.name }, runs: { 'Get message': [{ event_ts: '1699.5' }] },
    });
    expect(seen.at(-1)).toMatchObject({ path: '/api/chat.postMessage', body: { channel: 'C08L6SEPWMB', text: 'Answer', thread_ts: '1699.5', reply_broadcast: true, mrkdwn: true, unfurl_links: true } });
    expect(jsonOf(out)[0]).toMatchObject({ message_timestamp: '1700.1' });

    const history = node(importN8nWorkflow(load('0921_Splitout_Code_Send_Scheduled.json')).graph, "Get Last Week's Messages");
    const msgs = await runNode(slackNode, { params: { ...history.params, baseUrl: `${base}/api` }, items: [{}], credentials: { slackApi: { accessToken: 'xoxb-1' } }, node: { name: history.name } });
    expect(jsonOf(msgs)).toEqual([{ ts: '1', text: 'hello' }]);
    const oldest = Number(seen.at(-1)!.query.oldest);
    expect(Math.abs(oldest - (Date.now() / 1000 - 7 * 86400))).toBeLessThan(120);
  });

  it('1330: queries today\'s post by date (simplified) and reads its blocks as content', async () => {
    const graph = importN8nWorkflow(load('1330_Linkedin_Schedule_Automate_Webhook.json')).graph;
    const query = node(graph, 'query entries from Notion table for today');
    const credentials = { notionApi: { apiKey: 'secret_1' } };
    const pages = await runNode(notionNode, { params: { ...query.params, baseUrl: `${base}/v1` }, items: [{}], credentials, node: { name: query.name } });
    expect(seen.at(-1)).toMatchObject({ method: 'POST', path: '/v1/databases/9aba7f55-a7de-4329-9d5b-6d127937fa49/query', body: { filter: { or: [{ property: 'Date', date: { equals: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T00:00:00Z$/) } }] }, page_size: 50 } });
    expect(jsonOf(pages)).toEqual([{ id: 'p1', name: 'Post', url: 'https://www.notion.so/p1', property_name: 'Post', property_date: { start: '2024-05-01' } }]);
    const blocks = node(graph, 'get all content from post page');
    const content = await runNode(notionNode, { params: { ...blocks.params, baseUrl: `${base}/v1` }, items: [{ url: 'https://www.notion.so/Post-9aba7f55a7de43299d5b6d127937fa49' }], credentials, node: { name: blocks.name } });
    expect(seen.at(-1)).toMatchObject({ method: 'GET', path: '/v1/blocks/9aba7f55-a7de-4329-9d5b-6d127937fa49/children' });
    const root = '9aba7f55-a7de-4329-9d5b-6d127937fa49';
    expect(jsonOf(content)).toEqual([
      { object: 'block', parent_id: root, id: 'b1', type: 'paragraph', root_id: root, content: 'Body' },
      { object: 'block', parent_id: root, id: 'b2', type: 'image', root_id: root, image: { type: 'file', file: { url: 'https://img/1.png' } } },
    ]); // what the workflow's Aggregate reads: content and image.file.url
  });
});
