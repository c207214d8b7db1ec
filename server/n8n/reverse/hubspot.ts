/** nodes/hubspot back into n8n's HubSpot node v2: IDs as ID locators, collections as they are, filterGroups as filterGroupsUi, n8n's defaults left out. */
import { setIf, str, type Params, type ReverseMapper } from './types';

const obj = (v: unknown): Params => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Params) : {});
const byId = (v: unknown) => ({ __rl: true, value: str(v), mode: 'id' });

export const hubspot: ReverseMapper = ({ params: p, warn }) => {
  const resource = str(p.resource, 'contact');
  const operation = str(p.operation, resource === 'contact' ? 'upsert' : 'create');
  if (str(p.apiUrl) !== '' && p.apiUrl !== 'https://api.hubapi.com') warn('HubSpot: n8n always calls https://api.hubapi.com; the API address is not exported');
  const out: Params = {};
  setIf(out, 'authentication', p.authentication ?? 'apiKey', 'apiKey');
  setIf(out, 'resource', resource, 'contact');
  setIf(out, 'operation', operation, resource === 'contact' ? 'upsert' : 'create');
  const idKey = resource === 'contact' ? 'contactId' : 'dealId';
  if (operation === 'get' || operation === 'delete' || operation === 'update') out[idKey] = byId(p[idKey]);
  if (operation === 'upsert') out.email = str(p.email);
  if (operation === 'create') out.stage = str(p.stage);
  if (operation === 'upsert' || operation === 'create' || operation === 'search') out.additionalFields = obj(p.additionalFields);
  if (operation === 'upsert') out.options = {};
  if (operation === 'update') out.updateFields = obj(p.updateFields);
  if (operation === 'search') {
    const groups = Array.isArray(p.filterGroups) ? (p.filterGroups as Params[]) : [];
    out.filterGroupsUi = { filterGroupsValues: groups.map((g) => ({ filtersUi: { filterValues: (Array.isArray(g.filters) ? (g.filters as Params[]) : []).map((f) => ({ ...f })) } })) };
    setIf(out, 'returnAll', p.returnAll, false);
    if (p.returnAll !== true) setIf(out, 'limit', p.limit, 100);
  }
  return { type: 'n8n-nodes-base.hubspot', typeVersion: 2, parameters: out };
};
