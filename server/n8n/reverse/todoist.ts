/** nodes/todoist back into n8n's Todoist node v2.1: the project as a locator, flat fields back into options / updateFields / filters. */
import { setIf, str, type Params, type ReverseMapper } from './types';
import { TODOIST_FILTER_FIELDS, TODOIST_OPTION_FIELDS } from '../mappers/todoist';

const given = (v: unknown) => v !== undefined && v !== '';

function collect(p: Params, names: string[]): Params {
  const out: Params = {};
  for (const name of names) if (given(p[name])) out[name] = p[name];
  return out;
}

export const todoist: ReverseMapper = ({ params: p, warn }) => {
  const operation = str(p.operation, 'create');
  const parameters: Params = {};
  setIf(parameters, 'authentication', p.authentication, 'apiKey');
  setIf(parameters, 'operation', operation, 'create');
  if (operation === 'create') {
    parameters.project = { __rl: true, value: str(p.project), mode: 'id' };
    if (Array.isArray(p.labels) ? p.labels.length : given(p.labels)) parameters.labels = p.labels;
    parameters.content = str(p.content);
    parameters.options = collect(p, TODOIST_OPTION_FIELDS);
  } else if (operation === 'getAll') {
    setIf(parameters, 'returnAll', p.returnAll, false);
    if (p.returnAll !== true) setIf(parameters, 'limit', p.limit, 50);
    parameters.filters = collect(p, TODOIST_FILTER_FIELDS);
  } else {
    parameters.taskId = str(p.taskId);
  }
  if (operation === 'update') {
    const fields = collect(p, ['content', ...TODOIST_OPTION_FIELDS.filter((f) => !['section', 'parentId', 'order'].includes(f))]);
    if (p.labels !== undefined) fields.labels = p.labels;
    parameters.updateFields = fields;
  }
  if (str(p.baseUrl) !== '' && p.baseUrl !== 'https://api.todoist.com/rest/v2') warn('Todoist: n8n always calls https://api.todoist.com/rest/v2; the base URL is not exported');
  return { type: 'n8n-nodes-base.todoist', typeVersion: 2.1, parameters };
};
