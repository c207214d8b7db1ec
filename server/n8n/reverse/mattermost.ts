/** nodes/mattermost back into n8n's Mattermost node v1: plain fields by MATTERMOST_FIELDS, attachments back into n8n's { item } wrappers. */
import { setIf, str, type Params, type ReverseMapper } from './types';
import { MATTERMOST_DEFAULT_OPERATION, MATTERMOST_FIELDS, MATTERMOST_USER_FILTERS } from '../mappers/mattermost';

const obj = (v: unknown): Params => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Params) : {});
const list = (v: unknown): Params[] => (Array.isArray(v) ? (v as Params[]) : []);

/** Mattermost's attachments -> n8n's attachment entries. */
function n8nAttachments(v: unknown): Params[] {
  return list(v).map((entry) => {
    const { fields, actions, ...rest } = entry;
    const out: Params = { ...rest };
    if (list(fields).length) out.fields = { item: list(fields) };
    if (list(actions).length) {
      out.actions = {
        item: list(actions).map(({ integration, options, ...action }) => {
          const result: Params = { ...action };
          const integ = obj(integration);
          if (Object.keys(integ).length) {
            const property = Object.entries(obj(integ.context)).map(([name, value]) => ({ name, value }));
            result.integration = { item: { ...integ, context: { property } } };
          }
          if (list(options).length) result.options = { option: list(options) };
          return result;
        }),
      };
    }
    return out;
  });
}

export const mattermost: ReverseMapper = ({ params: p }) => {
  const resource = str(p.resource, 'message');
  const operation = str(p.operation, MATTERMOST_DEFAULT_OPERATION[resource]);
  const key = `${resource}.${operation}`;
  const parameters: Params = {};
  setIf(parameters, 'resource', resource, 'message');
  setIf(parameters, 'operation', operation, MATTERMOST_DEFAULT_OPERATION[resource]);
  for (const [field, n8nDefault] of Object.entries(MATTERMOST_FIELDS[key] ?? {})) setIf(parameters, field, p[field], n8nDefault);
  if (key === 'message.post') {
    parameters.attachments = n8nAttachments(p.attachments);
    parameters.otherOptions = str(p.rootId) !== '' ? { root_id: p.rootId } : {};
  }
  if (key === 'user.create' && Object.keys(obj(p.userFields)).length) parameters.additionalFields = obj(p.userFields);
  if (key === 'user.getAll') {
    const filters: Params = {};
    for (const name of MATTERMOST_USER_FILTERS) if (str(p[name]) !== '') filters[name] = p[name];
    if (Object.keys(filters).length) parameters.additionalFields = filters;
  }
  return { type: 'n8n-nodes-base.mattermost', typeVersion: 1, parameters };
};
