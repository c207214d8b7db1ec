/**
 * n8n's HubSpot node (n8n-nodes-base.hubspot v1, v2, v2.1) into nodes/hubspot: contact upsert ("create or update"),
 * get, search, delete; deal create, get, update, delete, search. Locators (contactId, dealId) become their values;
 * additionalFields and updateFields keep n8n's keys (a locator inside, such as dealOwner, stays one: the node
 * reads its value); filterGroupsUi becomes `filterGroups`. Authentication keeps n8n's values (apiKey, appToken,
 * oAuth2) and the credential slots keep n8n's types. Not supported: companies, contact lists, engagements,
 * forms, tickets, and the other contact / deal operations. The reverse mapper is ../reverse/hubspot.ts.
 */
import type { Mapper } from './types';
import { arr, bool, locatorValue, num, obj, str, type Params } from './util';

/** A limit: a number, or an expression kept as is (a tool's $fromAI('Limit', ...)). */
const limitOf = (v: unknown, fallback: number): number | string => (typeof v === 'string' && v.trim().startsWith('=') ? v : num(v, fallback));

const OPERATIONS: Record<string, string[]> = { contact: ['upsert', 'get', 'search', 'delete'], deal: ['create', 'get', 'update', 'delete', 'search'] };
export const HUBSPOT_DEFAULT_OPERATION: Record<string, string> = { contact: 'upsert', deal: 'create', company: 'create', ticket: 'create', engagement: 'create', contactList: 'add', form: 'getFields' };

function authentication(p: Params, creds: Params): string {
  const a = str(p.authentication);
  if (a === 'oAuth2' || a === 'appToken' || a === 'apiKey') return a;
  if ('hubspotOAuth2Api' in creds) return 'oAuth2';
  if ('hubspotAppToken' in creds) return 'appToken';
  return 'apiKey';
}

/** filterGroupsUi.filterGroupsValues[].filtersUi.filterValues[] -> [{ filters: [{ propertyName, operator, value }] }]. */
function filterGroups(ui: unknown): Params[] {
  return arr(obj(ui).filterGroupsValues).map((g) => ({
    filters: arr(obj(obj(g).filtersUi).filterValues).map((f) => {
      const x = obj(f);
      const out: Params = { propertyName: str(x.propertyName), operator: str(x.operator, 'EQ'), value: str(x.value) };
      if (x.highValue !== undefined) out.highValue = str(x.highValue);
      return out;
    }),
  }));
}

export const hubspot: Mapper = (ctx) => {
  const p = ctx.params;
  const resource = str(p.resource, ctx.version >= 2 ? 'contact' : 'deal');
  const operation = str(p.operation, HUBSPOT_DEFAULT_OPERATION[resource] ?? '');
  if (!OPERATIONS[resource]?.includes(operation)) return { unsupported: `HubSpot ${resource} operation "${operation}" is not supported` };
  const params: Params = { authentication: authentication(p, obj(ctx.node.credentials)), resource, operation };
  const idKey = resource === 'contact' ? 'contactId' : 'dealId';
  if (operation === 'get' || operation === 'delete' || operation === 'update') params[idKey] = locatorValue(p[idKey]);
  if (operation === 'upsert') params.email = str(p.email);
  if (operation === 'create') params.stage = locatorValue(p.stage);
  if (operation === 'upsert' || operation === 'create' || operation === 'search') params.additionalFields = { ...obj(p.additionalFields) };
  if (operation === 'update') params.updateFields = { ...obj(p.updateFields) };
  if (operation === 'search') Object.assign(params, { filterGroups: filterGroups(p.filterGroupsUi), returnAll: bool(p.returnAll, false), limit: limitOf(p.limit, 100) });
  const linked = ['associatedCompany', 'associatedCompanyId', 'associatedVids'].filter((k) => obj(p.additionalFields)[k] !== undefined);
  if (linked.length) ctx.warn(`HubSpot: associations (${linked.join(', ')}) are not supported; the ${resource} is saved without them`);
  if (operation === 'upsert' && obj(p.options).resolveData === false) ctx.warn('HubSpot: "resolve data" off is not supported; the node outputs the contact HubSpot returns');
  if (operation === 'get' && Object.keys(obj(p.additionalFields)).length) ctx.warn('HubSpot: get options (properties, history) are not supported; HubSpot\'s default properties are returned');
  return { type: 'hubspot', params };
};
