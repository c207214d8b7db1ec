/**
 * n8n's Todoist node (n8n-nodes-base.todoist v2, v2.1) into nodes/todoist: task create / close / delete / get /
 * getAll / reopen / update. The project locator becomes its value; options (create), updateFields (update) and
 * filters (get many) become the node's flat params (TODOIST_OPTION_FIELDS / TODOIST_FILTER_FIELDS, shared with the
 * reverse mapper). Move, quick add and sync, other resources and Todoist 1 (label ids, REST v1) stay unsupported.
 * OAuth2 (todoistOAuth2Api) keeps its slot. The reverse mapper (../reverse/todoist.ts) writes v2.1.
 */
import type { Mapper } from './types';
import { arr, bool, locatorValue, num, obj, str, type Params } from './util';

export const TODOIST_SUPPORTED = ['create', 'close', 'delete', 'get', 'getAll', 'reopen', 'update'];
/** n8n's options / updateFields entries the node takes under the same names. */
export const TODOIST_OPTION_FIELDS = ['description', 'dueString', 'dueDateTime', 'dueDate', 'dueLang', 'priority', 'section', 'parentId', 'order'];
export const TODOIST_FILTER_FIELDS = ['projectId', 'sectionId', 'labelId', 'parentId', 'filter', 'lang', 'ids'];

function copyFields(from: Params, names: string[], into: Params, warnUnknown: (name: string) => void): void {
  for (const [name, value] of Object.entries(from)) {
    if (names.includes(name)) into[name] = typeof value === 'number' ? value : str(value);
    else if (name !== 'content' && name !== 'labels') warnUnknown(name);
  }
}

export const todoist: Mapper = ({ params: p, version, warn }) => {
  if (version < 2) return { unsupported: 'Todoist 1 is not supported (it uses label ids and Todoist\'s retired REST v1); use Todoist 2' };
  const resource = str(p.resource, 'task');
  const operation = str(p.operation, 'create');
  if (resource !== 'task' || !TODOIST_SUPPORTED.includes(operation)) return { unsupported: `Todoist ${resource} operation "${operation}" is not supported` };
  const params: Params = { resource, operation };
  if (str(p.authentication) === 'oAuth2') params.authentication = 'oAuth2';
  const ignored = (section: string) => (name: string) => warn(`Todoist ${operation}: ${section} "${name}" is not supported and is left out`);
  if (operation === 'create') {
    params.project = locatorValue(p.project);
    const labels = arr(p.labels).map((l) => str(l));
    if (labels.length || typeof p.labels === 'string') params.labels = typeof p.labels === 'string' ? p.labels : labels;
    params.content = str(p.content);
    copyFields(obj(p.options), TODOIST_OPTION_FIELDS, params, ignored('option'));
  } else if (operation === 'getAll') {
    params.returnAll = bool(p.returnAll, false);
    params.limit = num(p.limit, 50);
    copyFields(obj(p.filters), TODOIST_FILTER_FIELDS, params, ignored('filter'));
  } else {
    params.taskId = str(p.taskId);
  }
  if (operation === 'update') {
    const fields = obj(p.updateFields);
    if (fields.content !== undefined) params.content = str(fields.content);
    if (fields.labels !== undefined) params.labels = Array.isArray(fields.labels) ? fields.labels.map((l) => str(l)) : str(fields.labels);
    copyFields(fields, TODOIST_OPTION_FIELDS.filter((f) => !['section', 'parentId', 'order'].includes(f)), params, ignored('update field'));
  }
  return { type: 'todoist', params };
};
