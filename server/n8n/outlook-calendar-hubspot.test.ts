/**
 * n8n's Microsoft Outlook, Google Calendar and HubSpot nodes: every corpus node of the three maps, with the
 * parameters the corpus uses; unchanged nodes export their exact parameters and credentials; edited nodes go
 * through the reverse mappers and import back to the same params; unknown operations stay unsupported naming
 * them; and imported corpus nodes run against the fake API on 127.0.0.1.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportN8n, importN8nWorkflow } from './index';
import type { GraphNode, WorkflowDocument } from '../engine/types';
import { jsonOf, runNode } from '../engine/testing/node-context';
import { startFakeApi, type FakeApi } from '../testing/fake-api';
import { N8N_CORPUS_DIR } from '../testing/corpus';
import { microsoftOutlookNode } from '../../nodes/microsoftOutlook';
import { googleCalendarNode } from '../../nodes/googleCalendar';
import { hubspotNode } from '../../nodes/hubspot';
import { type N8nDoc, load } from './test-corpus';

const OUTLOOK = 'n8n-nodes-base.microsoftOutlook';
const CALENDAR = 'n8n-nodes-base.googleCalendar';
const HUBSPOT = 'n8n-nodes-base.hubspot';
const haveCorpus = existsSync(path.join(N8N_CORPUS_DIR, '0595_Filter_Manual_Send_Triggered.json'));
const filesWith = (type: string) => (haveCorpus ? readdirSync(N8N_CORPUS_DIR).filter((f) => f.endsWith('.json') && load(f).nodes?.some((n) => n.type === type)) : []);
const imported = (f: string, type: string) => importN8nWorkflow(load(f)).graph.nodes.filter((n) => n.type === type);

describe.skipIf(!haveCorpus)('n8n import: Microsoft Outlook, Google Calendar and HubSpot in the corpus', () => {
  it.each([[OUTLOOK, 'microsoftOutlook', 13], [CALENDAR, 'googleCalendar', 8], [HUBSPOT, 'hubspot', 10]] as const)('maps every %s node (%s, %i)', (type, weftType, count) => {
    let mapped = 0;
    for (const f of filesWith(type)) {
      const { report } = importN8nWorkflow(load(f));
      for (const n of load(f).nodes.filter((x) => x.type === type)) {
        expect(report.nodes.find((x) => x.name === n.name), `${f}: ${n.name}`).toMatchObject({ status: 'mapped', weftType });
        mapped++;
      }
    }
    expect(mapped).toBe(count);
  });

  it('maps the parameters the corpus uses', () => {
    const outlook = imported('0595_Filter_Manual_Send_Triggered.json', 'microsoftOutlook');
    expect(outlook.find((n) => n.params.operation === 'getAll')!.params).toEqual({
      resource: 'message', operation: 'getAll', output: 'fields', fields: ['flag', 'from', 'importance', 'replyTo', 'sender', 'subject', 'toRecipients', 'body', 'categories', 'isRead'],
      returnAll: false, limit: 1, filters: { custom: "flag/flagStatus eq 'notFlagged' and not categories/any()", foldersToInclude: ['AQMkAGE3ZTU5MGMzLTFkNGItNGQ5Zi04MDQ1LThmNGFlMTVhYjMwYgAuAAAD8UhruVwm402lgPBG2Tj-aQEAnz-IOcWBGE2lrVuQgAF6zAAAAgEMAAAA'] },
    });
    expect(outlook.find((n) => n.params.operation === 'move')!.params).toMatchObject({ messageId: "={{ $('varID & Category1').item.json.id }}", folderId: expect.stringMatching(/^AQMk/) });
    expect(outlook.find((n) => n.params.operation === 'update')!.params.updateFields).toEqual({ categories: expect.stringContaining("$('varJSON1').first().json.output.category") });

    const coffee = imported('1137_Mattermost_Cron_Automate_Scheduled.json', 'googleCalendar')[0];
    expect(coffee.params).toMatchObject({ authentication: 'oAuth2', operation: 'create', calendar: 'Enter Your Google Calendar', start: '2020-12-17T18:08:49.000Z', additionalFields: { guestsCanModify: true, conferenceDataUi: { conferenceDataValues: { conferenceSolution: 'hangoutsMeet' } } } });
    const next = imported('1333_Splitout_GoogleCalendar_Automate_Webhook.json', 'googleCalendar')[0];
    expect(next.params).toEqual({
      authentication: 'oAuth2', resource: 'event', operation: 'getAll', calendar: 'c_5792bdf04bc395cbcbc6f7b754268245a33779d36640cc80a357711aa2f09a0a@group.calendar.google.com',
      returnAll: false, limit: 1, options: { orderBy: 'startTime', timeMax: "={{ $now.toUTC().plus(1, 'hour') }}", timeMin: '={{ $now.toUTC() }}', singleEvents: true },
    });

    const search = imported('0243_HubSpot_Mailchimp_Create_Scheduled.json', 'hubspot')[0];
    expect(search.params).toEqual({
      authentication: 'oAuth2', resource: 'contact', operation: 'search', additionalFields: {}, returnAll: false, limit: 100,
      filterGroups: [{ filters: [{ propertyName: 'createdate', operator: 'GTE', value: '={{$today.minus({day:1}).toMillis()}}' }, { propertyName: 'createdate', operator: 'LT', value: '={{$today.toMillis()}}' }] }],
    });
    expect(imported('0090_Wait_Lemlist_Create_Scheduled.json', 'hubspot')[0].params).toMatchObject({ authentication: 'apiKey', resource: 'contact', operation: 'upsert', additionalFields: { originalSource: 'SOCIAL_MEDIA' } });
    expect(imported('0420_Hunter_Form_Create_Triggered.json', 'hubspot')[0].params).toMatchObject({ authentication: 'oAuth2', resource: 'contact', operation: 'upsert', email: "={{ $('Check if the email is valid').item.json.email }}" });
    const deal = imported('0421_Splitout_Schedule_Import_Webhook.json', 'hubspot');
    expect(deal.map((n) => n.params.operation)).toEqual(Array(7).fill('update'));
    expect(deal[1].params).toMatchObject({ dealId: "={{ $('Unassigned Deals').item.json.id }}", updateFields: { dealOwner: { __rl: true, mode: 'list', value: 1265816794 } } });
  });

  it('exports unchanged nodes with their exact original parameters and credentials', () => {
    let count = 0;
    for (const f of [...new Set([...filesWith(OUTLOOK), ...filesWith(CALENDAR), ...filesWith(HUBSPOT)])]) {
      const doc = load(f);
      const out = exportN8n(importN8nWorkflow(doc).graph).workflow;
      for (const n of doc.nodes.filter((x) => [OUTLOOK, CALENDAR, HUBSPOT].includes(x.type))) {
        const exported = out.nodes.find((x) => x.name === n.name)!;
        expect(exported, `${f}: ${n.name}`).toMatchObject({ type: n.type, typeVersion: n.typeVersion });
        expect(exported.parameters, `${f}: ${n.name}`).toEqual(n.parameters);
        if (n.credentials && typeof Object.values(n.credentials)[0] === 'object') expect(Object.keys(exported.credentials ?? {}), `${f}: ${n.name}`).toEqual(Object.keys(n.credentials));
        count++;
      }
    }
    expect(count).toBe(13 + 8 + 10);
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
const edited = (g: WorkflowDocument): WorkflowDocument => ({ ...g, nodes: g.nodes.map((n): GraphNode => (n.name === 'App' ? { ...n, params: { ...n.params, _edited: 1 } } : n)) });
const byId = (value: string) => ({ __rl: true, value, mode: 'id' });

function roundTrip(type: string, version: number, parameters: Record<string, unknown>, credentials: Record<string, unknown>) {
  const { graph } = importN8nWorkflow(n8nDoc(type, version, parameters, credentials));
  const params = graph.nodes.find((n) => n.name === 'App')!.params;
  const { workflow, warnings } = exportN8n(edited(graph));
  const exported = workflow.nodes.find((n) => n.name === 'App')!;
  const back = importN8nWorkflow(workflow).graph.nodes.find((n) => n.name === 'App')!.params;
  return { params, exported, warnings, back };
}

describe('n8n export: edited Microsoft Outlook, Google Calendar and HubSpot nodes', () => {
  const outlookCases: Record<string, unknown>[] = [
    { toRecipients: '={{ $json.to }}', subject: 'Hi', bodyContent: '<b>x</b>', additionalFields: { ccRecipients: 'c@x.io', attachments: { attachments: [{ binaryPropertyName: 'data' }] } } },
    { operation: 'get', messageId: byId('m1'), output: 'raw', options: {} },
    { operation: 'getAll', limit: 1, output: 'fields', fields: ['subject', 'body'], filtersUI: { values: { filters: { custom: "flag/flagStatus eq 'notFlagged'", foldersToInclude: ['F1'] } } }, options: {} },
    { operation: 'getAll', returnAll: true, options: {} },
    { operation: 'getAll', filtersUI: { values: { filterBy: 'search', search: '={{ $json.term }}' } }, options: {} },
    { operation: 'move', messageId: byId('={{ $json.id }}'), folderId: byId('F-junk') },
    { operation: 'update', messageId: byId('m1'), updateFields: { categories: '={{ ["A"] }}', isRead: true } },
    { operation: 'delete', messageId: byId('m1') },
    { operation: 'reply', messageId: byId('={{ $json.id }}'), comment: 'Thanks!', additionalFields: { bodyContentType: 'Text', attachments: { attachments: [{ binaryPropertyName: 'data' }] } } },
    { operation: 'reply', messageId: byId('m1'), replyType: 'replyAll', comment: 'All: thanks', send: false },
  ];
  it.each(outlookCases)('Outlook: writes n8n 2 parameters and imports them to the same params (%o)', (parameters) => {
    const { params, exported, warnings, back } = roundTrip(OUTLOOK, 2, parameters, { microsoftOutlookOAuth2Api: { id: 'o1', name: 'Outlook' } });
    expect(exported).toMatchObject({ type: OUTLOOK, typeVersion: 2, credentials: { microsoftOutlookOAuth2Api: { id: 'o1', name: 'Outlook' } } });
    expect(exported.parameters).toEqual(parameters);
    expect(warnings).toEqual([]);
    expect(back).toEqual(params);
  });

  const calendarCases: Record<string, unknown>[] = [
    { calendar: byId('a@x.io'), start: '={{ $json.start }}', end: '2026-11-23T11:00:00Z', additionalFields: { summary: 'Sync', attendees: ['b@x.io'], conferenceDataUi: { conferenceDataValues: { conferenceSolution: 'hangoutsMeet' } } } },
    { calendar: byId('a@x.io'), start: 's', end: 'e', useDefaultReminders: false, additionalFields: {} },
    { operation: 'get', calendar: byId('a@x.io'), eventId: 'abc123', options: {} },
    { operation: 'getAll', calendar: byId('a@x.io'), limit: 1, options: { orderBy: 'startTime', singleEvents: true, timeMin: '={{ $now }}' } },
    { operation: 'getAll', calendar: byId('a@x.io'), returnAll: true, options: {} },
    { operation: 'update', calendar: byId('a@x.io'), eventId: '={{ $json.id }}', updateFields: { attendees: ['x@y.z'] } },
    { operation: 'delete', calendar: byId('a@x.io'), eventId: 'e1', options: { sendUpdates: 'all' } },
  ];
  it.each(calendarCases)('Calendar: writes n8n 1.2 parameters and imports them to the same params (%o)', (parameters) => {
    const { params, exported, warnings, back } = roundTrip(CALENDAR, 1.2, parameters, { googleCalendarOAuth2Api: { id: 'c1', name: 'Cal' } });
    expect(exported).toMatchObject({ type: CALENDAR, typeVersion: 1.2, credentials: { googleCalendarOAuth2Api: { id: 'c1', name: 'Cal' } } });
    expect(exported.parameters).toEqual(parameters);
    expect(warnings).toEqual([]);
    expect(back).toEqual(params);
  });

  it('Calendar 1.3: top-level timeMin / timeMax and recurringEventHandling "expand" become options', () => {
    const { graph, report } = importN8nWorkflow(n8nDoc(CALENDAR, 1.3, { operation: 'getAll', calendar: byId('a@x.io'), timeMin: '={{ $now }}', timeMax: '={{ $now.plus(1, "week") }}', options: { recurringEventHandling: 'expand' } }, {}));
    expect(graph.nodes.find((n) => n.name === 'App')!.params.options).toEqual({ timeMin: '={{ $now }}', timeMax: '={{ $now.plus(1, "week") }}', singleEvents: true });
    expect(report.nodes.find((n) => n.name === 'App')?.status).toBe('mapped');
  });

  it.skipIf(!haveCorpus)('1071: Google Calendar Tool sub-nodes of the MCP Server Trigger become googleCalendar node tools, $fromAI limits kept', () => {
    const doc = load('1071_Googlecalendartool_Stickynote_Create_Triggered.json');
    const { graph, report } = importN8nWorkflow(doc);
    const tools = graph.nodes.flatMap((n) => (n.params.nodeTools as { name: string; nodeType: string; params: Record<string, unknown> }[] | undefined) ?? []).filter((t) => t.nodeType === 'googleCalendar');
    expect(tools.map((t) => [t.name, t.params.operation]).sort()).toEqual([['CreateEvent', 'create'], ['DeleteEvent', 'delete'], ['SearchEvent', 'getAll'], ['UpdateEvent', 'update']]);
    expect(tools.find((t) => t.name === 'SearchEvent')!.params).toMatchObject({ limit: expect.stringContaining("$fromAI('Limit'"), options: { timeMin: expect.stringContaining("$fromAI('After'") } });
    for (const n of doc.nodes.filter((x) => x.type === 'n8n-nodes-base.googleCalendarTool')) expect(report.nodes.find((r) => r.name === n.name)?.status).toBe('folded');
  });

  it('Calendar 1 (a plain calendar ID) exports as 1.2 with an ID locator and imports back the same', () => {
    const { params, exported, back } = roundTrip(CALENDAR, 1, { calendar: 'a@x.io', start: 's', end: 'e', additionalFields: {} }, { googleCalendarOAuth2Api: { id: 'c1', name: 'Cal' } });
    expect(exported.parameters).toEqual({ calendar: byId('a@x.io'), start: 's', end: 'e', additionalFields: {} });
    expect(back).toEqual(params);
  });

  const hubspotCases: [Record<string, unknown>, string][] = [
    [{ authentication: 'oAuth2', email: '={{ $json.email }}', additionalFields: { firstName: 'Ada', customPropertiesUi: { customPropertiesValues: [{ property: 'x', value: '1' }] } }, options: {} }, 'hubspotOAuth2Api'],
    [{ email: 'a@b.c', additionalFields: {}, options: {} }, 'hubspotApi'],
    [{ authentication: 'appToken', operation: 'search', filterGroupsUi: { filterGroupsValues: [{ filtersUi: { filterValues: [{ propertyName: 'createdate', operator: 'GTE', value: '1' }] } }] }, additionalFields: { sortBy: 'createdate' }, limit: 10 }, 'hubspotAppToken'],
    [{ authentication: 'oAuth2', operation: 'get', contactId: byId('501') }, 'hubspotOAuth2Api'],
    [{ authentication: 'oAuth2', operation: 'delete', contactId: byId('501') }, 'hubspotOAuth2Api'],
    [{ authentication: 'oAuth2', resource: 'deal', operation: 'update', dealId: byId('={{ $json.id }}'), updateFields: { dealOwner: { __rl: true, mode: 'list', value: 1265816794, cachedResultName: 'n@x.io' } } }, 'hubspotOAuth2Api'],
    [{ authentication: 'oAuth2', resource: 'deal', stage: 'closedwon', additionalFields: { dealName: 'D', amount: 5 } }, 'hubspotOAuth2Api'],
    [{ authentication: 'oAuth2', resource: 'deal', operation: 'search', filterGroupsUi: { filterGroupsValues: [{ filtersUi: { filterValues: [{ propertyName: 'dealstage', operator: 'EQ', value: 'closedwon' }] } }] }, additionalFields: {}, returnAll: true }, 'hubspotOAuth2Api'],
  ];
  it.each(hubspotCases)('HubSpot: writes n8n 2 parameters and imports them to the same params (%o)', (parameters, slot) => {
    const { params, exported, warnings, back } = roundTrip(HUBSPOT, 2, parameters, { [slot]: { id: 'h1', name: 'HubSpot' } });
    expect(exported).toMatchObject({ type: HUBSPOT, typeVersion: 2, credentials: { [slot]: { id: 'h1', name: 'HubSpot' } } });
    expect(exported.parameters).toEqual(parameters);
    expect(warnings).toEqual([]);
    expect(back).toEqual(params);
  });

  it('unknown resources and operations stay unsupported, naming them', () => {
    const reason = (type: string, version: number, parameters: Record<string, unknown>) => importN8nWorkflow(n8nDoc(type, version, parameters, {})).report.nodes.find((n) => n.name === 'App')?.reason;
    expect(reason(OUTLOOK, 2, { operation: 'getMime' })).toContain('Microsoft Outlook message operation "getMime" is not supported');
    expect(reason(OUTLOOK, 2, { resource: 'calendar', operation: 'create' })).toContain('Microsoft Outlook calendar operations are not supported');
    expect(reason(OUTLOOK, 1, { operation: 'send' })).toContain('Microsoft Outlook 1 is not supported');
    expect(reason(CALENDAR, 1.2, { resource: 'calendar', operation: 'availability' })).toContain('Google Calendar calendar operations are not supported');
    expect(reason(HUBSPOT, 2, { resource: 'company', operation: 'create' })).toContain('HubSpot company operation "create" is not supported');
    expect(reason(HUBSPOT, 2, { resource: 'deal', operation: 'getAll' })).toContain('HubSpot deal operation "getAll" is not supported');
    expect(importN8nWorkflow(n8nDoc(HUBSPOT, 2, { resource: 'deal', operation: 'search', filterGroupsUi: {} }, {})).graph.nodes.find((n) => n.name === 'App')!.params).toMatchObject({ resource: 'deal', operation: 'search', filterGroups: [] });
    const { report } = importN8nWorkflow(n8nDoc(HUBSPOT, 2, { email: 'a@b.c', additionalFields: { associatedCompanyId: 7 } }, {}));
    expect(report.warnings.join(' ')).toContain('associations (associatedCompanyId) are not supported');
  });
});

describe.skipIf(!haveCorpus)('imported corpus nodes run against the fake API', () => {
  type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  let api: FakeApi<Body>;
  beforeAll(async () => {
    api = await startFakeApi<Body>({
      'GET /v1.0/me/messages': () => ({ body: { value: [{ id: 'm1', subject: 'Receipt' }] } }),
      'POST /v1.0/me/messages/:id/move': (r) => ({ status: 201, body: { id: r.params.id } }),
      'PATCH /v1.0/me/messages/:id': (r) => ({ body: { id: r.params.id, ...r.body } }),
      'GET /calendar/v3/calendars/:cal/events': () => ({ body: { items: [{ id: 'e1', summary: 'Next' }] } }),
      'POST /calendar/v3/calendars/:cal/events': (r) => ({ body: { id: 'e2', ...r.body } }),
      'POST /crm/v3/objects/contacts/search': () => ({ body: { results: [{ id: 'c1' }] } }),
      'PATCH /crm/v3/objects/deals/:id': (r) => ({ body: { id: r.params.id, properties: r.body?.properties } }),
    });
  });
  afterAll(() => api.close());
  const exec = (node: GraphNode, def: Parameters<typeof runNode>[0], items: Record<string, unknown>[], credentials: Record<string, Record<string, unknown>>, runs: Record<string, Record<string, unknown>[]> = {}) =>
    runNode(def, { params: { ...node.params, apiUrl: api.url }, items, credentials, node: { name: node.name }, runs });

  it('0595: Outlook getAll with the corpus filter, then move and categorize the message', async () => {
    const nodes = imported('0595_Filter_Manual_Send_Triggered.json', 'microsoftOutlook');
    const creds = { microsoftOutlookOAuth2Api: { accessToken: 'tok-outlook' } };
    api.reset();
    const listed = await exec(nodes.find((n) => n.params.operation === 'getAll')!, microsoftOutlookNode, [{}], creds);
    expect(jsonOf(listed)).toEqual([{ id: 'm1', subject: 'Receipt' }]);
    expect(api.requests[0].query).toMatchObject({ $top: '1', $select: 'flag,from,importance,replyTo,sender,subject,toRecipients,body,categories,isRead' });
    expect(api.requests[0].query.$filter).toBe("(parentFolderId eq 'AQMkAGE3ZTU5MGMzLTFkNGItNGQ5Zi04MDQ1LThmNGFlMTVhYjMwYgAuAAAD8UhruVwm402lgPBG2Tj-aQEAnz-IOcWBGE2lrVuQgAF6zAAAAgEMAAAA') and flag/flagStatus eq 'notFlagged' and not categories/any()");
    const runs = { 'varID & Category1': [{ id: 'm1' }], varJSON1: [{ output: { category: 'receipt', subCategory: 'saas' } }] };
    await exec(nodes.find((n) => n.params.operation === 'move')!, microsoftOutlookNode, [{}], creds, runs);
    await exec(nodes.find((n) => n.params.operation === 'update')!, microsoftOutlookNode, [{}], creds, runs);
    expect(api.requests.slice(1).map((r) => [r.method, r.path, r.body])).toEqual([
      ['POST', '/v1.0/me/messages/m1/move', { destinationId: expect.stringMatching(/^AQMk/) }],
      ['PATCH', '/v1.0/me/messages/m1', { categories: ['Receipt', 'Saas'] }],
    ]);
  });

  it('1333 and 1137: Calendar getAll of the next hour, create with a Meet link', async () => {
    const creds = { googleCalendarOAuth2Api: { accessToken: 'tok-cal' } };
    api.reset();
    const next = imported('1333_Splitout_GoogleCalendar_Automate_Webhook.json', 'googleCalendar')[0];
    expect(jsonOf(await exec(next, googleCalendarNode, [{}], creds))).toEqual([{ id: 'e1', summary: 'Next' }]);
    const q = api.requests[0].query;
    expect(q).toMatchObject({ orderBy: 'startTime', singleEvents: 'true', maxResults: '1' });
    expect(Date.parse(q.timeMax) - Date.parse(q.timeMin)).toBeGreaterThan(3_500_000);
    const coffee = imported('1137_Mattermost_Cron_Automate_Scheduled.json', 'googleCalendar')[0];
    await exec({ ...coffee, params: { ...coffee.params, calendar: 'team@x.io' } }, googleCalendarNode, [{ groupsEmail: ['a@x.io', 'b@x.io'] }], creds, { 'Divide into groups': [{ groupsEmail: ['a@x.io', 'b@x.io'] }] });
    expect(api.requests[1].query).toEqual({ conferenceDataVersion: '1' });
    expect(api.requests[1].body).toMatchObject({ summary: 'n8n coffee catchup', attendees: [{ email: 'a@x.io' }, { email: 'b@x.io' }], guestsCanModify: true, start: { dateTime: '2020-12-17T18:08:49Z' } });
  });

  it('0243 and 0421: HubSpot contact search of yesterday\'s contacts and a deal owner update', async () => {
    const creds = { hubspotOAuth2Api: { accessToken: 'tok-hub' } };
    api.reset();
    const search = imported('0243_HubSpot_Mailchimp_Create_Scheduled.json', 'hubspot')[0];
    expect(jsonOf(await exec(search, hubspotNode, [{}], creds))).toEqual([{ id: 'c1' }]);
    const filters = api.requests[0].body!.filterGroups[0].filters as { propertyName: string; operator: string; value: string }[];
    expect(filters.map((f) => [f.propertyName, f.operator])).toEqual([['createdate', 'GTE'], ['createdate', 'LT']]);
    expect(Number(filters[1].value) - Number(filters[0].value)).toBe(86_400_000);
    const deal = imported('0421_Splitout_Schedule_Import_Webhook.json', 'hubspot')[1];
    await exec(deal, hubspotNode, [{}], creds, { 'Unassigned Deals': [{ id: '77' }] });
    expect(api.requests[1]).toMatchObject({ method: 'PATCH', path: '/crm/v3/objects/deals/77', body: { properties: { hubspot_owner_id: '1265816794' } } });
    expect(api.requests[1].headers.authorization).toBe('Bearer tok-hub');
  });
});
