/**
 * n8n's GitHub, Mattermost and Todoist nodes: every corpus node of the three maps (the GitHub Trigger stays
 * unsupported), OAuth2 GitHub nodes keep their githubOAuth2Api slot, unchanged nodes export their exact
 * parameters, edited nodes go through the reverse mappers and import back to the same params, unknown
 * operations stay unsupported naming them, and imported corpus nodes run against a fake API on 127.0.0.1.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportN8n, importN8nWorkflow } from './index';
import type { GraphNode, WorkflowDocument } from '../engine/types';
import { jsonOf, runNode } from '../engine/testing/node-context';
import { startFakeApi, type FakeApi } from '../testing/fake-api';
import { N8N_CORPUS_DIR } from '../testing/corpus';
import { githubNode } from '../../nodes/github';
import { mattermostNode } from '../../nodes/mattermost';
import { todoistNode } from '../../nodes/todoist';
import { type N8nDoc, load, node } from './test-corpus';

const GITHUB = 'n8n-nodes-base.github';
const MATTERMOST = 'n8n-nodes-base.mattermost';
const TODOIST = 'n8n-nodes-base.todoist';
const haveCorpus = existsSync(path.join(N8N_CORPUS_DIR, '0093_HTTP_GitHub_Create_Scheduled.json'));
const filesWith = (type: string) => (haveCorpus ? readdirSync(N8N_CORPUS_DIR).filter((f) => f.endsWith('.json') && load(f).nodes?.some((n) => n.type === type)) : []);

describe.skipIf(!haveCorpus)('n8n import: GitHub, Mattermost and Todoist in the corpus', () => {
  it.each([[GITHUB, 'github', 19], [MATTERMOST, 'mattermost', 17], [TODOIST, 'todoist', 15]] as const)('maps every %s node (%s, %i)', (type, weftType, count) => {
    let mapped = 0;
    for (const f of filesWith(type)) {
      const { report } = importN8nWorkflow(load(f));
      for (const n of load(f).nodes.filter((x) => x.type === type)) {
        const r = report.nodes.find((x) => x.name === n.name)!;
        expect(r, `${f}: ${n.name}`).toMatchObject({ status: 'mapped', weftType });
        mapped++;
      }
    }
    expect(mapped).toBe(count);
  });

  it('keeps the githubOAuth2Api slot of OAuth2 GitHub nodes; the GitHub Trigger stays unsupported', () => {
    const { report, graph } = importN8nWorkflow(load('1292_Code_GitHub_Automate_Webhook.json'));
    const oauth = load('1292_Code_GitHub_Automate_Webhook.json').nodes.find((n) => n.type === GITHUB && n.parameters.authentication === 'oAuth2')!;
    expect(node(graph, oauth.name).params).toMatchObject({ authentication: 'oAuth2', resource: 'issue', operation: 'edit', labels: ['ReviewedByAI'] });
    expect(report.credentials.filter((c) => c.node === oauth.name)).toEqual([expect.objectContaining({ n8nType: 'githubOAuth2Api', slot: 'githubOAuth2Api' })]);
    const triggers = filesWith('n8n-nodes-base.githubTrigger');
    expect(triggers.length).toBeGreaterThan(0);
    for (const f of triggers) {
      const trigger = load(f).nodes.find((n) => n.type === 'n8n-nodes-base.githubTrigger')!;
      expect(importN8nWorkflow(load(f)).report.nodes.find((x) => x.name === trigger.name)?.status).toBe('unsupported');
    }
  });

  it('maps the parameters the corpus uses', () => {
    const backup = importN8nWorkflow(load('1896_Stopanderror_Splitout_Export_Scheduled.json')).graph.nodes.filter((n) => n.type === 'github');
    expect(backup.map((n) => n.params.operation).sort()).toEqual(['create', 'edit', 'get']);
    expect(backup.find((n) => n.params.operation === 'edit')!.params).toEqual({
      resource: 'file', operation: 'edit', owner: "={{ $('Globals').first().json.github_repo.owner }}", repository: "={{ $('Globals').first().json.github_repo.name }}",
      filePath: "=reports/{{ $('Set intervals').item.json.reportName }}", commitMessage: 'Update report', binaryData: false, fileContent: '={{ JSON.stringify($json.data, null, 2) }}',
    });
    expect(backup.find((n) => n.params.operation === 'get')!.params).toMatchObject({ asBinaryProperty: true, binaryPropertyName: 'data' });
    const shots = importN8nWorkflow(load(filesWith(GITHUB).find((f) => f.startsWith('0392'))!)).graph.nodes.find((n) => n.type === 'github')!;
    expect(shots.params).toMatchObject({ owner: 'ARHAEEM', repository: 'n8n-templates-demos', binaryData: true, binaryPropertyName: '=data' });

    const incident = importN8nWorkflow(load(filesWith(MATTERMOST).find((f) => f.startsWith('0850'))!)).graph.nodes.filter((n) => n.type === 'mattermost');
    const withButtons = incident.find((n) => Array.isArray(n.params.attachments))!;
    expect((withButtons.params.attachments as Record<string, unknown>[])[0]).toEqual({
      actions: [
        { name: 'Acknowledge', type: 'button', data_source: 'custom', integration: { url: 'https://username.app.n8n.cloud/webhook/ack', context: { pagerduty_incident: '={{ $node["Webhook"].json["body"]["event"]["data"]["id"] }}' } } },
        { name: 'Resolve', type: 'button', data_source: 'custom', integration: { url: 'https://username.app.n8n.cloud/webhook/resolve', context: { jira_key: '={{$json["key"]}}', pagerduty_incident: '={{ $node["Webhook"].json["body"]["event"]["data"]["id"] }}' } } },
      ],
    });
    const signup = importN8nWorkflow(load(filesWith(MATTERMOST).find((f) => f.startsWith('1116'))!)).graph.nodes.find((n) => n.type === 'mattermost' && n.params.operation === 'create')!;
    expect(signup.params).toMatchObject({ resource: 'user', authService: 'email', userFields: { first_name: '={{$json["Great, can we get your full name?"]}}' } });

    const tasks = importN8nWorkflow(load('1749_Todoist_Schedule_Send_Scheduled.json')).graph.nodes.filter((n) => n.type === 'todoist');
    expect(tasks.find((n) => n.params.operation === 'create')!.params).toMatchObject({ project: '2351998202', content: '={{ $json.output.content }}', description: expect.stringContaining('Proposed actions') });
    expect(tasks.find((n) => n.params.operation === 'getAll')!.params).toEqual({ resource: 'task', operation: 'getAll', returnAll: false, limit: 50, projectId: '2351998202' });
  });

  it('exports unchanged GitHub, Mattermost and Todoist nodes with their exact original parameters and credentials', () => {
    let count = 0;
    for (const f of [...new Set([...filesWith(GITHUB), ...filesWith(MATTERMOST), ...filesWith(TODOIST)])]) {
      const doc = load(f);
      const out = exportN8n(importN8nWorkflow(doc).graph).workflow;
      for (const n of doc.nodes.filter((x) => [GITHUB, MATTERMOST, TODOIST].includes(x.type))) {
        const exported = out.nodes.find((x) => x.name === n.name)!;
        expect(exported, `${f}: ${n.name}`).toMatchObject({ type: n.type, typeVersion: n.typeVersion });
        expect(exported.parameters, `${f}: ${n.name}`).toEqual(n.parameters);
        if (n.credentials && typeof Object.values(n.credentials)[0] === 'object') expect(Object.keys(exported.credentials ?? {}), `${f}: ${n.name}`).toEqual(Object.keys(n.credentials));
        count++;
      }
    }
    expect(count).toBe(19 + 17 + 15);
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
/** An edit that changes nothing but forces the reverse mapper (the import's original parameters no longer apply). */
const edited = (g: WorkflowDocument): WorkflowDocument => ({ ...g, nodes: g.nodes.map((n): GraphNode => (n.name === 'App' ? { ...n, params: { ...n.params, _edited: 1 } } : n)) });
const rl = (value: string) => ({ __rl: true, value, mode: 'name' });

function roundTrip(type: string, version: number, parameters: Record<string, unknown>, credentials: Record<string, unknown>) {
  const { graph } = importN8nWorkflow(n8nDoc(type, version, parameters, credentials));
  const params = node(graph, 'App').params;
  const { workflow, warnings } = exportN8n(edited(graph));
  const exported = workflow.nodes.find((n) => n.name === 'App')!;
  const back = node(importN8nWorkflow(workflow).graph, 'App').params;
  return { params, exported, warnings, back };
}

describe('n8n export: edited GitHub, Mattermost and Todoist nodes', () => {
  const githubCases: Record<string, unknown>[] = [
    { resource: 'file', owner: rl('acme'), repository: rl('site'), filePath: 'a/b.json', fileContent: '={{ $json.x }}', commitMessage: 'add', additionalParameters: { branch: { branch: 'dev' }, author: { name: 'Bot', email: 'b@x.io' } } },
    { resource: 'file', operation: 'edit', owner: rl('acme'), repository: rl('site'), filePath: 'a.png', binaryData: true, binaryPropertyName: 'img', commitMessage: 'img', additionalParameters: {} },
    { resource: 'file', operation: 'get', owner: rl('acme'), repository: rl('site'), filePath: 'a.json', asBinaryProperty: false, additionalParameters: { reference: 'v1' } },
    { resource: 'file', operation: 'delete', owner: rl('acme'), repository: rl('site'), filePath: 'a.json', commitMessage: 'rm', additionalParameters: {} },
    { owner: rl('acme'), repository: rl('site'), title: 'Bug', body: 'broke', labels: [{ label: 'bug' }], assignees: [{ assignee: 'ada' }] },
    { operation: 'edit', owner: rl('acme'), repository: rl('site'), issueNumber: '={{ $json.n }}', editFields: { labels: [{ label: 'ReviewedByAI' }], state: 'closed' } },
    { operation: 'createComment', owner: rl('acme'), repository: rl('site'), issueNumber: 3, body: 'thanks' },
    { resource: 'release', owner: rl('acme'), repository: rl('site'), releaseTag: 'v1', additionalFields: { name: 'One', draft: true } },
    { resource: 'release', operation: 'getAll', owner: rl('acme'), repository: rl('site'), limit: 1 },
    { resource: 'review', owner: rl('acme'), repository: rl('site'), pullRequestNumber: 9, event: 'comment', body: '={{ $json.output }}', additionalFields: {} },
    { authentication: 'oAuth2', resource: 'repository', operation: 'get', owner: rl('acme'), repository: rl('site') },
  ];
  it.each(githubCases)('GitHub: writes n8n 1.1 parameters and imports them to the same params (%o)', (parameters) => {
    const slot = parameters.authentication === 'oAuth2' ? 'githubOAuth2Api' : 'githubApi';
    const { params, exported, warnings, back } = roundTrip(GITHUB, 1.1, parameters, { [slot]: { id: 'g1', name: 'GitHub' } });
    expect(exported).toMatchObject({ type: GITHUB, typeVersion: 1.1, credentials: { [slot]: { id: 'g1', name: 'GitHub' } } });
    expect(exported.parameters).toEqual(parameters);
    expect(warnings).toEqual([]);
    expect(back).toEqual(params);
  });

  const mattermostCases: Record<string, unknown>[] = [
    { channelId: 'c1', message: '={{ $json.m }}', attachments: [{ text: 'x', fields: { item: [{ short: true, title: 'a', value: 'b' }] }, actions: { item: [{ name: 'Ack', type: 'button', integration: { item: { url: 'https://h/ack', context: { property: [{ name: 'id', value: '7' }] } } } }] } }], otherOptions: { root_id: 'r1' } },
    { resource: 'channel', teamId: 't1', displayName: 'Docs', channel: 'docs', type: 'private' },
    { resource: 'channel', operation: 'addUser', channelId: '={{ $json.id }}', userId: 'u1' },
    { resource: 'channel', operation: 'members', channelId: 'c1', resolveData: false, returnAll: true },
    { resource: 'reaction', userId: 'u1', postId: 'p1', emojiName: 'tada' },
    { resource: 'user', username: 'ada', email: 'a@x.io', password: 'pw', additionalFields: { first_name: 'Ada' } },
    { resource: 'user', operation: 'getAll', limit: 5, additionalFields: { inChannel: 'c1', sort: 'status' } },
    { resource: 'user', operation: 'invite', teamId: 't1', emails: 'a@x.io,b@x.io' },
  ];
  it.each(mattermostCases)('Mattermost: writes n8n 1 parameters and imports them to the same params (%o)', (parameters) => {
    const { params, exported, warnings, back } = roundTrip(MATTERMOST, 1, parameters, { mattermostApi: { id: 'm1', name: 'Chat' } });
    expect(exported).toMatchObject({ type: MATTERMOST, typeVersion: 1, credentials: { mattermostApi: { id: 'm1', name: 'Chat' } } });
    expect(exported.parameters).toEqual(parameters);
    expect(warnings).toEqual([]);
    expect(back).toEqual(params);
  });

  const todoistCases: Record<string, unknown>[] = [
    { project: { __rl: true, value: '235', mode: 'id' }, labels: ['work'], content: '={{ $json.t }}', options: { description: 'd', priority: 4, dueString: 'tomorrow' } },
    { operation: 'getAll', returnAll: true, filters: { projectId: '235', filter: 'today' } },
    { operation: 'update', taskId: '={{ $json.id }}', updateFields: { description: 'see Notion' } },
    { operation: 'close', taskId: '1' },
    { authentication: 'oAuth2', operation: 'delete', taskId: '1' },
  ];
  it.each(todoistCases)('Todoist: writes n8n 2.1 parameters and imports them to the same params (%o)', (parameters) => {
    const slot = parameters.authentication === 'oAuth2' ? 'todoistOAuth2Api' : 'todoistApi';
    const { params, exported, warnings, back } = roundTrip(TODOIST, 2.1, parameters, { [slot]: { id: 't1', name: 'Todoist' } });
    expect(exported).toMatchObject({ type: TODOIST, typeVersion: 2.1, credentials: { [slot]: { id: 't1', name: 'Todoist' } } });
    expect(exported.parameters).toEqual(parameters);
    expect(warnings).toEqual([]);
    expect(back).toEqual(params);
  });

  it('unknown operations and Todoist 1 stay unsupported, naming them', () => {
    const reason = (type: string, version: number, parameters: Record<string, unknown>) => importN8nWorkflow(n8nDoc(type, version, parameters, {})).report.nodes.find((n) => n.name === 'App')?.reason;
    expect(reason(GITHUB, 1, { resource: 'repository' })).toContain('GitHub repository operation "getIssues" is not supported');
    expect(reason(GITHUB, 1, { resource: 'organization', operation: 'getRepositories' })).toContain('GitHub organization operation "getRepositories" is not supported');
    expect(reason(MATTERMOST, 1, { resource: 'message', operation: 'search' })).toContain('Mattermost message operation "search" is not supported');
    expect(reason(TODOIST, 2.1, { operation: 'move', taskId: '1' })).toContain('Todoist task operation "move" is not supported');
    expect(reason(TODOIST, 1, { content: 'x' })).toContain('Todoist 1 is not supported');
  });
});

describe.skipIf(!haveCorpus)('imported corpus nodes run against a fake API', () => {
  let api: FakeApi;
  beforeAll(async () => {
    api = await startFakeApi({
      'GET /repos/:owner/:repo/contents/*': (r) => ({ body: { sha: 'old-sha', name: r.params['*'], content: '' } }),
      'PUT /repos/:owner/:repo/contents/*': (r) => ({ body: { content: { path: r.params['*'] }, commit: { message: (r.body as { message: string }).message } } }),
      'POST /api/v4/posts': (r) => ({ body: { id: 'p1', ...(r.body as object) } }),
      'POST /rest/v2/tasks/:id': () => ({ body: {} }),
    });
  });
  afterAll(() => api.close());

  it('1896: edits the report file (reading its sha first); 1116: a Mattermost welcome; 1897: a Todoist update', async () => {
    const gh = importN8nWorkflow(load('1896_Stopanderror_Splitout_Export_Scheduled.json')).graph.nodes.find((n) => n.type === 'github' && n.params.operation === 'edit')!;
    const out = await runNode(githubNode, {
      params: gh.params, items: [{ data: { hours: 3 } }], credentials: { githubApi: { accessToken: 'ghp_1', server: api.url } },
      runs: { Globals: [{ github_repo: { owner: 'acme', name: 'reports' } }], 'Set intervals': [{ reportName: 'week.json' }] },
    });
    expect(api.requests.map((r) => [r.method, r.path])).toEqual([['GET', '/repos/acme/reports/contents/reports/week.json'], ['PUT', '/repos/acme/reports/contents/reports/week.json']]);
    expect(api.requests[1].body).toEqual({ message: 'Update report', content: Buffer.from(JSON.stringify({ hours: 3 }, null, 2)).toString('base64'), sha: 'old-sha' });
    expect(jsonOf(out)).toEqual([{ content: { path: 'reports/week.json' }, commit: { message: 'Update report' } }]);

    api.reset();
    const mm = importN8nWorkflow(load(filesWith(MATTERMOST).find((f) => f.startsWith('0254'))!)).graph.nodes.find((n) => n.type === 'mattermost' && n.params.operation === 'post')!;
    await runNode(mattermostNode, { params: mm.params, items: [{}], credentials: { mattermostApi: { accessToken: 'mm', baseUrl: api.url } }, runs: { Mattermost: [{ id: 'chan-7' }] } });
    expect(api.requests.map((r) => r.body)).toEqual([{ channel_id: 'chan-7', message: 'Hey! Welcome to the channel!' }]);

    api.reset();
    const td = importN8nWorkflow(load('1897_Webhook_Filter_Sync_Webhook.json')).graph.nodes.find((n) => n.type === 'todoist' && n.params.operation === 'update' && String(n.params.description).includes('$json.url'))!;
    const done = await runNode(todoistNode, {
      params: { ...td.params, baseUrl: `${api.url}/rest/v2` }, items: [{ url: 'https://notion.so/p1' }], credentials: { todoistApi: { apiKey: 'k' } },
      runs: { 'Map Todoist to Notion1': [{ todoist_id: '555' }] },
    });
    expect(api.requests.map((r) => [r.path, r.body])).toEqual([['/rest/v2/tasks/555', { description: '[↗ Open in Notion](https://notion.so/p1)' }]]);
    expect(jsonOf(done)).toEqual([{ success: true }]);
  });
});
