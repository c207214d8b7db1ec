/**
 * HubSpot node against a fake HubSpot CRM v3 API on 127.0.0.1: contact upsert by email with n8n's field names as
 * HubSpot properties (and custom properties), contact search with filter groups, sorting and paging, deal create /
 * update (an owner locator, unassigning) / get / delete, the three credentials (app token as bearer, legacy key
 * as hapikey, OAuth2 refreshed once on 401), and errors naming node and field without the token.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeContext, runNode, jsonOf } from '../../server/engine/testing/node-context';
import { startFakeApi, type FakeApi } from '../../server/testing/fake-api';
import { hubspotNode, propertiesOf, CONTACT_PROPERTIES } from './index';
import { httpRequestNode } from '../httpRequest';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
let api: FakeApi<Body>;
const APP_TOKEN = 'pat-na1-secret-app-token';

beforeAll(async () => {
  api = await startFakeApi<Body>();
});
afterAll(() => api.close());
beforeEach(() => {
  api.reset();
  api.routes = {
    'POST /crm/v3/objects/contacts/batch/upsert': (r) => ({ body: { status: 'COMPLETE', results: [{ id: '501', properties: r.body?.inputs[0].properties, new: true }] } }),
    'POST /crm/v3/objects/contacts/search': (r) =>
      r.body?.after === '2' ? { body: { total: 3, results: [{ id: 'c3' }] } } : { body: { total: 3, results: [{ id: 'c1' }, { id: 'c2' }], paging: { next: { after: '2' } } } },
    'GET /crm/v3/objects/:type/:id': (r) => (r.params.id === 'gone' ? { status: 404, body: { status: 'error', message: 'Object not found. objectId are usually numeric.' } } : { body: { id: r.params.id, properties: {} } }),
    'PATCH /crm/v3/objects/deals/:id': (r) => ({ body: { id: r.params.id, properties: r.body?.properties } }),
    'POST /crm/v3/objects/deals': (r) => ({ status: 201, body: { id: 'd9', properties: r.body?.properties } }),
    'DELETE /crm/v3/objects/:type/:id': () => ({ status: 204 }),
  };
});

const run = (params: Record<string, unknown>, credentials: Record<string, Record<string, unknown>> = { hubspotAppToken: { appToken: APP_TOKEN } }) =>
  runNode(hubspotNode, { params: { apiUrl: api.url, authentication: 'appToken', ...params }, items: [{}], credentials, node: { name: 'CRM' } });

describe('hubspot node: contacts', () => {
  it('upserts a contact by email with n8n\'s field names as HubSpot properties', async () => {
    const out = await run({
      email: 'ada@example.com',
      additionalFields: { firstName: 'Ada', lastName: 'Lovelace', companyName: 'Engines', jobTitle: 'Analyst', companySize: 12, originalSource: 'SOCIAL_MEDIA', websiteUrl: 'https://ada.dev', customPropertiesUi: { customPropertiesValues: [{ property: 'favourite_number', value: '7' }] } },
    });
    const [r] = api.requests;
    expect(`${r.method} ${r.path}`).toBe('POST /crm/v3/objects/contacts/batch/upsert');
    expect(r.headers.authorization).toBe(`Bearer ${APP_TOKEN}`);
    expect(r.body).toEqual({
      inputs: [{ idProperty: 'email', id: 'ada@example.com', properties: { firstname: 'Ada', lastname: 'Lovelace', company: 'Engines', jobtitle: 'Analyst', company_size: '12', hs_analytics_source: 'SOCIAL_MEDIA', website: 'https://ada.dev', favourite_number: '7', email: 'ada@example.com' } }],
    });
    expect(jsonOf(out)).toMatchObject([{ vid: 501, isNew: true, id: '501', new: true, properties: { email: 'ada@example.com' } }]);
  });

  it('searches with filter groups, properties and sorting, paging up to the limit or through every page', async () => {
    const filterGroups = [{ filters: [{ propertyName: 'createdate|datetime', operator: 'GTE', value: '1700000000000' }, { propertyName: 'email', operator: 'HAS_PROPERTY', value: '' }] }];
    const out = await run({ resource: 'contact', operation: 'search', filterGroups, limit: 2, additionalFields: { properties: ['email', 'firstname'], sortBy: 'createdate', direction: 'ASCENDING' } });
    expect(jsonOf(out)).toEqual([{ id: 'c1' }, { id: 'c2' }]);
    expect(api.requests.map((r) => [r.path, r.body])).toEqual([
      [
        '/crm/v3/objects/contacts/search',
        { filterGroups: [{ filters: [{ propertyName: 'createdate', operator: 'GTE', value: '1700000000000' }, { propertyName: 'email', operator: 'HAS_PROPERTY' }] }], sorts: [{ propertyName: 'createdate', direction: 'ASCENDING' }], properties: ['email', 'firstname'], limit: 2 },
      ],
    ]);
    const all = await run({ operation: 'search', returnAll: true });
    expect(jsonOf(all)).toEqual([{ id: 'c1' }, { id: 'c2' }, { id: 'c3' }]);
    const newestFirst = [{ propertyName: 'createdate', direction: 'DESCENDING' }];
    expect(api.requests.slice(1).map((r) => r.body)).toEqual([{ filterGroups: [], sorts: newestFirst, limit: 100 }, { filterGroups: [], sorts: newestFirst, limit: 100, after: '2' }]);
  });

  it('gets and deletes a contact by ID', async () => {
    expect(jsonOf(await run({ operation: 'get', contactId: '501' }))).toEqual([{ id: '501', properties: {} }]);
    expect(jsonOf(await run({ operation: 'delete', contactId: '501' }))).toEqual([{ vid: '501', deleted: true }]);
    expect(api.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /crm/v3/objects/contacts/501', 'DELETE /crm/v3/objects/contacts/501']);
  });
});

describe('hubspot node: deals', () => {
  it('updates a deal\'s owner from a locator (an empty one unassigns it) and creates, gets, deletes deals', async () => {
    await run({ resource: 'deal', operation: 'update', dealId: '42', updateFields: { dealOwner: { __rl: true, mode: 'list', value: 1265816794 } } });
    await run({ resource: 'deal', operation: 'update', dealId: '42', updateFields: { dealOwner: { __rl: true, mode: 'list', value: '' }, amount: 100 } });
    expect(api.requests.map((r) => [r.method, r.path, r.body])).toEqual([
      ['PATCH', '/crm/v3/objects/deals/42', { properties: { hubspot_owner_id: '1265816794' } }],
      ['PATCH', '/crm/v3/objects/deals/42', { properties: { hubspot_owner_id: '', amount: '100' } }],
    ]);
    const created = await run({ resource: 'deal', operation: 'create', stage: 'appointmentscheduled', additionalFields: { dealName: 'Big one', closeDate: '2026-12-01T00:00:00Z', pipeline: 'default' } });
    expect(jsonOf(created)).toEqual([{ id: 'd9', properties: { dealname: 'Big one', closedate: String(Date.parse('2026-12-01T00:00:00Z')), pipeline: 'default', dealstage: 'appointmentscheduled' } }]);
    await run({ resource: 'deal', operation: 'get', dealId: '42' });
    await run({ resource: 'deal', operation: 'delete', dealId: '42' });
    expect(api.requests.slice(3).map((r) => `${r.method} ${r.path}`)).toEqual(['GET /crm/v3/objects/deals/42', 'DELETE /crm/v3/objects/deals/42']);
  });

  it('searches deals the same way as contacts', async () => {
    api.routes['POST /crm/v3/objects/deals/search'] = () => ({ body: { results: [{ id: 'd1' }] } });
    const out = await run({ resource: 'deal', operation: 'search', filterGroups: [{ filters: [{ propertyName: 'dealstage', operator: 'EQ', value: 'closedwon' }] }], additionalFields: { properties: 'dealname,amount' } });
    expect(jsonOf(out)).toEqual([{ id: 'd1' }]);
    expect(api.requests[0]).toMatchObject({ path: '/crm/v3/objects/deals/search', body: { filterGroups: [{ filters: [{ propertyName: 'dealstage', operator: 'EQ', value: 'closedwon' }] }], properties: ['dealname', 'amount'], limit: 100 } });
  });

  it('maps n8n\'s field names, leaves unknown ones lower-cased and empty ones out', () => {
    expect(propertiesOf({ phoneNumber: '1', Hs_Custom: 'x', lifeCycleStage: 'lead', stateRegion: 'CA', twitterUsername: 'ada', city: '', gender: null }, CONTACT_PROPERTIES)).toEqual({ phone: '1', hs_custom: 'x', lifecyclestage: 'lead', state: 'CA', twitterhandle: 'ada' });
  });
});

describe('hubspot node: credentials and errors', () => {
  it('sends the legacy API key as hapikey, and a private app token kept there as a bearer token', async () => {
    await run({ authentication: 'apiKey', operation: 'get', contactId: '1' }, { hubspotApi: { apiKey: 'legacy-key-123' } });
    expect(api.requests[0].query).toEqual({ hapikey: 'legacy-key-123' });
    expect(api.requests[0].headers.authorization).toBeUndefined();
    await run({ authentication: 'apiKey', operation: 'get', contactId: '1' }, { hubspotApi: { apiKey: APP_TOKEN } });
    expect(api.requests[1].query).toEqual({});
    expect(api.requests[1].headers.authorization).toBe(`Bearer ${APP_TOKEN}`);
  });

  it('the HTTP Request node applies hubspotAppToken (bearer) and hubspotApi (hapikey) as predefined credential types', async () => {
    const call = (credentialType: string, credentials: Record<string, Record<string, unknown>>) =>
      runNode(httpRequestNode, { params: { url: `${api.url}/crm/v3/objects/contacts/7`, authentication: 'predefinedCredentialType', credentialType }, items: [{}], credentials, node: { name: 'Call HubSpot' } });
    await call('hubspotAppToken', { hubspotAppToken: { appToken: APP_TOKEN } });
    await call('hubspotApi', { hubspotApi: { apiKey: 'legacy-key-123' } });
    expect(api.requests.map((r) => [r.path, r.headers.authorization, r.query.hapikey])).toEqual([
      ['/crm/v3/objects/contacts/7', `Bearer ${APP_TOKEN}`, undefined],
      ['/crm/v3/objects/contacts/7', undefined, 'legacy-key-123'],
    ]);
  });

  it('OAuth2: asks for a fresh token once after a 401', async () => {
    api.routes = { 'GET /crm/v3/objects/deals/:id': (r) => (r.headers.authorization === 'Bearer new-token' ? { body: { id: '42' } } : { status: 401, body: { message: 'expired' } }) };
    const asked: unknown[] = [];
    const ctx = makeContext({ def: hubspotNode, params: { apiUrl: api.url, authentication: 'oAuth2', resource: 'deal', operation: 'get', dealId: '42' }, items: [{}], node: { name: 'CRM' } });
    ctx.credentials = async (slot: string, opts?: { rejected?: string }) => {
      asked.push([slot, opts?.rejected]);
      return { accessToken: opts?.rejected ? 'new-token' : 'old-token' };
    };
    expect(jsonOf((await hubspotNode.execute(ctx as never)) as never)).toEqual([{ id: '42' }]);
    expect(asked).toEqual([['hubspotOAuth2Api', undefined], ['hubspotOAuth2Api', 'old-token']]);
  });

  it('names the node, the field and HubSpot\'s message; never the token or key', async () => {
    await expect(run({ operation: 'get', contactId: 'gone' })).rejects.toThrow('Node "CRM", field "contactId" (item 0): HubSpot GET contacts/gone failed (HTTP 404): Object not found. objectId are usually numeric.');
    api.routes = { '*': (r) => ({ status: 401, body: { message: `bad token ${String(r.headers.authorization)} ${String(r.query.hapikey)}` } }) };
    const err = await run({ email: 'a@b.c' }).catch((e: Error) => e);
    expect(String(err)).toContain('Node "CRM", field "email" (item 0): HubSpot POST contacts/batch/upsert failed (HTTP 401)');
    expect(String(err)).not.toContain(APP_TOKEN);
    const keyErr = await run({ authentication: 'apiKey', operation: 'get', contactId: '1' }, { hubspotApi: { apiKey: 'legacy-key-123' } }).catch((e: Error) => e);
    expect(String(keyErr)).not.toContain('legacy-key-123');
    api.reset();
    await expect(run({ email: '' })).rejects.toThrow('field "email" (item 0): is empty');
    await expect(run({ resource: 'deal', operation: 'update', dealId: '1' })).rejects.toThrow('field "updateFields" (item 0): is empty');
    await expect(run({ resource: 'deal', operation: 'update', dealId: '', updateFields: { amount: 1 } })).rejects.toThrow('field "dealId" (item 0): is empty; deal update needs it');
    await expect(run({ resource: 'deal', operation: 'upsert' })).rejects.toThrow('field "operation" (item 0): deal has no operation "upsert"');
    await expect(run({ operation: 'search', filterGroups: [{}, {}, {}, {}] })).rejects.toThrow('field "filterGroups" (item 0): has 4 groups; HubSpot takes at most 3');
    await expect(run({ operation: 'get', contactId: '1' }, { hubspotAppToken: {} })).rejects.toThrow('the hubspotAppToken credential has no app token');
    expect(api.requests).toEqual([]);
  });
});
