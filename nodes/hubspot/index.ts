/**
 * hubspot: n8n's HubSpot node (n8n-nodes-base.hubspot v1, v2) on HubSpot's CRM v3 API (`{apiUrl}/crm/v3/objects/...`).
 * Authentication (n8n's `authentication`): 'oAuth2' (hubspotOAuth2Api or oAuth2Api; a 401 refreshes the token
 * once), 'appToken' (hubspotAppToken: a private app's access token, sent as a bearer token) or 'apiKey'
 * (hubspotApi: HubSpot's legacy key, sent as the hapikey query parameter; HubSpot retired these keys in 2022,
 * so a private app token is the one to use).
 *
 * Params (n8n's names; n8n's collections stay objects with n8n's keys):
 * - resource / operation   contact: upsert | get | search | delete; deal: create | get | update | delete | search
 * - email                  contact upsert: the contact's address (created, or updated when it exists); the output
 *                          is HubSpot's contact ({ id, properties, new, ... }) plus n8n's vid and isNew
 * - contactId, dealId      (n8n's locators arrive as their value)
 * - stage                  deal create: the deal stage
 * - additionalFields       contact upsert: firstName, lastName, companyName, jobTitle, phoneNumber, city, ... (n8n's
 *                          field names, sent as HubSpot's property names; see CONTACT_PROPERTIES) and
 *                          customPropertiesUi { customPropertiesValues: [{ property, value }] };
 *                          deal create: dealName, amount, closeDate, dealType, pipeline, description, dealOwner, ...;
 *                          contact search: properties, sortBy, direction
 * - updateFields           deal update: the same deal keys (dealOwner '' unassigns the deal)
 * - filterGroups           search: [{ filters: [{ propertyName, operator, value }] }] (n8n's filterGroupsUi)
 * - returnAll, limit       search (limit default 100)
 * - apiUrl                 HubSpot API address (default https://api.hubapi.com; tests point it elsewhere)
 * Not built: companies, contact lists, engagements, forms, tickets, contact getAll / getRecentlyCreatedUpdated,
 * deal getAll. Errors name the node and the field; never a token or key.
 */
import { defineNode, z, type Item, type JsonObject, type NodeContext } from '../sdk';
import { fieldError, perItem } from '../per-item';
import { callJson, type TokenSource } from '../bearer-json';

export const DEFAULT_HUBSPOT_URL = 'https://api.hubapi.com';
export const HUBSPOT_OPERATIONS = { contact: ['upsert', 'get', 'search', 'delete'], deal: ['create', 'get', 'update', 'delete', 'search'] } as const;
const OPERATIONS = [...new Set(Object.values(HUBSPOT_OPERATIONS).flat())] as [string, ...string[]];

/** n8n's contact field names -> HubSpot contact properties. Keys not listed are sent lower-cased. */
export const CONTACT_PROPERTIES: Record<string, string> = {
  annualRevenue: 'annualrevenue', city: 'city', clickedFacebookAd: 'hs_facebook_ad_clicked', closeDate: 'closedate', companyName: 'company',
  companySize: 'company_size', description: 'description', contactOwner: 'hubspot_owner_id', country: 'country', dateOfBirth: 'date_of_birth',
  degree: 'degree', facebookClickId: 'hs_facebook_click_id', faxNumber: 'fax', fieldOfStudy: 'field_of_study', firstName: 'firstname',
  gender: 'gender', googleAdClickId: 'hs_google_click_id', graduationDate: 'graduation_date', industry: 'industry', jobFunction: 'job_function',
  jobTitle: 'jobtitle', lastName: 'lastname', leadStatus: 'hs_lead_status', processingContactData: 'hs_legal_basis', lifeCycleStage: 'lifecyclestage',
  maritalStatus: 'marital_status', membershipNote: 'hs_content_membership_notes', message: 'message', mobilePhoneNumber: 'mobilephone',
  numberOfEmployees: 'numemployees', originalSource: 'hs_analytics_source', phoneNumber: 'phone', postalCode: 'zip', prefferedLanguage: 'hs_language',
  relationshipStatus: 'relationship_status', salutation: 'salutation', school: 'school', seniority: 'seniority', startDate: 'start_date',
  stateRegion: 'state', status: 'hs_content_membership_status', streetAddress: 'address', twitterUsername: 'twitterhandle', websiteUrl: 'website',
  workEmail: 'work_email',
};
/** n8n's deal field names -> HubSpot deal properties. */
export const DEAL_PROPERTIES: Record<string, string> = {
  dealName: 'dealname', dealStage: 'dealstage', stage: 'dealstage', pipeline: 'pipeline', amount: 'amount', closeDate: 'closedate',
  dealType: 'dealtype', description: 'description', dealOwner: 'hubspot_owner_id', dealCurrencyCode: 'deal_currency_code',
};
/** Collection keys that are not properties (associations are not built: the mapper warns). */
const NOT_PROPERTIES = new Set(['customPropertiesUi', 'properties', 'propertiesCollection', 'sortBy', 'direction', 'associatedCompany', 'associatedCompanyId', 'associatedVids', 'resolveData']);

const text = (fallback = '') => z.preprocess((v) => (typeof v === 'number' ? String(v) : v === null || v === undefined ? fallback : v), z.string()).default(fallback);
const fields = () => z.record(z.string(), z.unknown()).default({});
const filter = z.object({ propertyName: text(), operator: text('EQ'), value: text(), highValue: text().optional() });

export const hubspotParams = z.object({
  authentication: z.enum(['apiKey', 'appToken', 'oAuth2']).default('apiKey').describe('API key (hubspotApi), app token (hubspotAppToken) or OAuth2 (hubspotOAuth2Api)'),
  resource: z.enum(['contact', 'deal']).default('contact').describe('What to work on'),
  operation: z.enum(OPERATIONS).default('upsert').describe('What to do'),
  email: text().describe('Contact upsert: email address'),
  contactId: text().describe('Contact get / delete: its ID'),
  dealId: text().describe('Deal get / update / delete: its ID'),
  stage: text().describe('Deal create: the deal stage'),
  additionalFields: fields().describe('Contact / deal properties by n8n\'s names (firstName, companyName, dealName, ...); search: properties, sortBy, direction'),
  updateFields: fields().describe('Deal update: the properties to change'),
  filterGroups: z.array(z.object({ filters: z.array(filter).default([]) })).default([]).describe('Contact search: groups (or-ed) of filters (and-ed)'),
  returnAll: z.boolean().default(false).describe('Search: every result'),
  limit: z.coerce.number().int().positive().default(100).describe('Search: at most this many'),
  apiUrl: text(DEFAULT_HUBSPOT_URL).describe('HubSpot API address (default https://api.hubapi.com)'),
});
export type HubspotParams = z.output<typeof hubspotParams>;
type Ctx = NodeContext<HubspotParams>;

const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '');
const locator = (v: unknown): unknown => (v && typeof v === 'object' && !Array.isArray(v) && 'value' in (v as JsonObject) ? (v as JsonObject).value : v);

/**
 * HubSpot properties from n8n's field collection (closeDate as a ms timestamp). Empty fields are left out, as n8n
 * does; a locator (dealOwner) is sent with its value even when that is empty, which unassigns the owner.
 */
export function propertiesOf(f: Record<string, unknown>, names: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, raw] of Object.entries(f)) {
    if (NOT_PROPERTIES.has(key) || raw === '' || raw === null || raw === undefined || raw === false) continue;
    const value = locator(raw);
    let v = Array.isArray(value) ? value.map(str).join(';') : str(value);
    if (key === 'closeDate' && v && !/^\d+$/.test(v) && !Number.isNaN(Date.parse(v))) v = String(Date.parse(v));
    out[names[key] ?? key.toLowerCase()] = v;
  }
  const custom = (f.customPropertiesUi as { customPropertiesValues?: { property?: unknown; value?: unknown }[] } | undefined)?.customPropertiesValues;
  for (const c of Array.isArray(custom) ? custom : []) if (str(c.property)) out[str(c.property)] = str(c.value);
  return out;
}

async function authOf(ctx: Ctx, p: HubspotParams): Promise<TokenSource> {
  if (p.authentication === 'oAuth2') return { oauth2Slot: 'hubspotOAuth2Api' };
  const slot = p.authentication === 'appToken' ? 'hubspotAppToken' : 'hubspotApi';
  const data = await ctx.credentials(slot);
  const secret = str(p.authentication === 'appToken' ? data.appToken ?? data.accessToken : data.apiKey);
  if (!secret) throw fieldError(ctx as NodeContext<unknown>, 'credentials', 0, `the ${slot} credential has no ${p.authentication === 'appToken' ? 'app token' : 'API key'}`);
  // A private app token (pat-...) kept in the legacy API key credential still works as a bearer token.
  return p.authentication === 'appToken' || secret.startsWith('pat-') ? { token: secret } : { query: { hapikey: secret } };
}

const FIELD_OF: Record<string, string> = { upsert: 'email', search: 'filterGroups', create: 'stage', update: 'updateFields' };

async function runItem(ctx: Ctx, auth: TokenSource, p: HubspotParams, i: number): Promise<JsonObject[]> {
  const fail = (field: string, problem: string) => fieldError(ctx as NodeContext<unknown>, field, i, problem);
  if (!(HUBSPOT_OPERATIONS[p.resource] as readonly string[]).includes(p.operation)) throw fail('operation', `${p.resource} has no operation "${p.operation}" (one of ${HUBSPOT_OPERATIONS[p.resource].join(', ')})`);
  const objects = `${(p.apiUrl.trim() || DEFAULT_HUBSPOT_URL).replace(/\/+$/, '')}/crm/v3/objects/${p.resource}s`;
  const idField = p.resource === 'contact' ? 'contactId' : 'dealId';
  const call = (method: string, path: string, json?: unknown, query = '') =>
    callJson({ ctx: ctx as NodeContext<unknown>, service: 'HubSpot', auth, method, url: objects + path + query, json, field: FIELD_OF[p.operation] ?? idField, itemIndex: i, what: `${method} ${p.resource}s${path}` });
  const idPath = () => {
    const id = p[idField].trim();
    if (!id) throw fail(idField, `is empty; ${p.resource} ${p.operation} needs it`);
    return `/${encodeURIComponent(id)}`;
  };
  switch (p.operation) {
    case 'upsert': {
      const email = p.email.trim();
      if (!email) throw fail('email', 'is empty; contact upsert needs the contact\'s email address');
      const properties = { ...propertiesOf(p.additionalFields, CONTACT_PROPERTIES), email };
      const answer = await call('POST', '/batch/upsert', { inputs: [{ idProperty: 'email', id: email, properties }] });
      const contact = ((answer.results as JsonObject[] | undefined) ?? [])[0];
      if (!contact) return [answer];
      // n8n's upsert answers with HubSpot's legacy { vid, isNew }: both are kept beside the CRM object for expressions.
      const vid = /^\d+$/.test(str(contact.id)) ? Number(contact.id) : contact.id;
      return [{ vid, isNew: contact.new === true, ...contact }];
    }
    case 'create':
      return [await call('POST', '', { properties: { ...propertiesOf(p.additionalFields, DEAL_PROPERTIES), dealstage: p.stage.trim() || undefined } })];
    case 'update': {
      const properties = propertiesOf(p.updateFields, DEAL_PROPERTIES);
      if (Object.keys(properties).length === 0) throw fail('updateFields', 'is empty; add a field to change');
      return [await call('PATCH', idPath(), { properties })];
    }
    case 'get':
      return [await call('GET', idPath())];
    case 'delete':
      await call('DELETE', idPath());
      // n8n answers a contact delete with { vid, deleted }.
      return [p.resource === 'contact' ? { vid: p.contactId.trim(), deleted: true } : { dealId: p.dealId.trim(), deleted: true }];
    case 'search': {
      const f = p.additionalFields;
      if (p.filterGroups.length > 3) throw fail('filterGroups', `has ${p.filterGroups.length} groups; HubSpot takes at most 3`);
      // n8n's property picker stores "name|type": HubSpot wants the name. Sorted by createdate, newest first, unless set.
      const body: JsonObject = {
        filterGroups: p.filterGroups.map((g) => ({
          filters: g.filters.map((x) => ({
            propertyName: x.propertyName.split('|')[0],
            operator: x.operator,
            ...(x.operator === 'HAS_PROPERTY' || x.operator === 'NOT_HAS_PROPERTY' ? {} : { value: x.value }),
            ...(x.highValue ? { highValue: x.highValue } : {}),
          })),
        })),
        sorts: [{ propertyName: str(f.sortBy).split('|')[0] || 'createdate', direction: str(f.direction) || 'DESCENDING' }],
      };
      const props = Array.isArray(f.properties) ? f.properties.map(str) : str(f.properties).split(',').map((s) => s.trim()).filter(Boolean);
      if (props.length) body.properties = props;
      const out: JsonObject[] = [];
      let after: string | undefined;
      do {
        const page = await call('POST', '/search', { ...body, limit: p.returnAll ? 100 : Math.min(100, p.limit - out.length), ...(after ? { after } : {}) });
        out.push(...(((page.results as JsonObject[] | undefined) ?? []) as JsonObject[]));
        after = str(((page.paging as JsonObject | undefined)?.next as JsonObject | undefined)?.after) || undefined;
      } while (after && (p.returnAll || out.length < p.limit));
      return p.returnAll ? out : out.slice(0, p.limit);
    }
  }
  throw fail('operation', `unknown operation "${p.operation}"`);
}

export const hubspotNode = defineNode({
  type: 'hubspot',
  version: 1,
  displayName: 'HubSpot',
  description: 'Create or update, find, read and delete HubSpot contacts; create, update, read and delete deals',
  category: 'integration',
  icon: 'database',
  inputs: [{ name: 'main' }],
  outputs: [{ name: 'main' }],
  params: hubspotParams,
  credentials: [
    { name: 'hubspotApi', type: 'hubspotApi', shownWhen: { authentication: ['apiKey'] } },
    { name: 'hubspotAppToken', type: 'hubspotAppToken', shownWhen: { authentication: ['appToken'] } },
    { name: 'hubspotOAuth2Api', type: 'hubspotOAuth2Api', types: ['hubspotOAuth2Api', 'oAuth2Api'], shownWhen: { authentication: ['oAuth2'] } },
  ],
  async execute(ctx) {
    if (ctx.items.length === 0) return { main: [] };
    const first = ctx.params(0);
    const auth = await authOf(ctx, first);
    return perItem(ctx as NodeContext<unknown>, 'main', async (_item, i): Promise<Item[]> => {
      const out = await runItem(ctx, auth, i === 0 ? first : ctx.params(i), i);
      return out.map((json) => ({ json, pairedItem: { item: i } }));
    });
  },
});

export default hubspotNode;
