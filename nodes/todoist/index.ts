/**
 * todoist: n8n's Todoist node (n8n-nodes-base.todoist v2, v2.1) on Todoist's REST API v2, with the `todoistApi`
 * credential (apiKey) or, in the todoistOAuth2Api slot, a todoistOAuth2Api or oAuth2Api credential's access token;
 * either is sent as a Bearer token. Each input item makes one call; n8n's On Error setting applies per item. As n8n's node: create and get output
 * the task, get many one item per task, close / reopen / delete / update output { success: true }.
 *
 * Params (n8n's names; n8n's options / updateFields / filters are flat here):
 * - authentication          apiKey | oAuth2
 * - operation               create | close | delete | get | getAll | reopen | update (resource: task)
 * - taskId                  close, delete, get, reopen, update
 * - project, labels, content   create: project id, label names, the task's text (update: content, labels too)
 * - description, dueString, dueDateTime, dueDate, dueLang, priority (1-4), section, parentId, order
 *                           create options / update fields (empty: not sent)
 * - projectId, sectionId, labelId, parentId, filter, lang, ids   get many filters (labelId: a label name)
 * - returnAll, limit        get many (default limit 50)
 * - baseUrl                 Todoist's API (default https://api.todoist.com/rest/v2; tests point it at a local server)
 */
import { defineNode, NodeError, z, type Item, type JsonObject, type NodeContext } from '../sdk';
import { perItem } from '../per-item';
import { todoistApi, type TodoistCall } from './api';

export const TODOIST_OPERATIONS = ['create', 'close', 'delete', 'get', 'getAll', 'reopen', 'update'] as const;

const text = (fallback = '') => z.preprocess((v) => (typeof v === 'number' ? String(v) : v), z.string()).default(fallback);
/** Label names: a list, or comma-separated text (an expression may give either). */
const labelList = z.preprocess((v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : v), z.array(z.string()));

export const todoistParams = z.object({
  authentication: z.enum(['apiKey', 'oAuth2']).default('apiKey').describe('Credential: API key or OAuth2'),
  resource: z.enum(['task']).default('task').describe('What to work on'),
  operation: z.enum(TODOIST_OPERATIONS).default('create').describe('What to do'),
  taskId: text().describe('Task ID'),
  project: text().describe('Create: project ID (empty: the Inbox)'),
  labels: labelList.optional().describe('Create, update: label names'),
  content: text().describe('Create, update: the task\'s text'),
  description: text().describe('Create, update: description'),
  dueString: text().describe('Create, update: due date in words ("tomorrow at 12")'),
  dueDateTime: text().describe('Create, update: due date and time (RFC 3339)'),
  dueDate: text().describe('Create, update: due date (YYYY-MM-DD)'),
  dueLang: text().describe('Create, update: language of dueString (2 letters)'),
  priority: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(1).max(4).optional()).describe('Create, update: priority, 1 (normal) to 4 (urgent)'),
  section: text().describe('Create: section ID'),
  parentId: text().describe('Create: parent task ID; get many: only subtasks of this task'),
  order: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().optional()).describe('Create: position among its siblings'),
  projectId: text().describe('Get many: only tasks of this project ID'),
  sectionId: text().describe('Get many: only tasks of this section ID'),
  labelId: text().describe('Get many: only tasks with this label (name)'),
  filter: text().describe('Get many: a Todoist filter query'),
  lang: text().describe('Get many: language of the filter query'),
  ids: text().describe('Get many: only these task IDs (comma-separated)'),
  returnAll: z.boolean().default(false).describe('Get many: all tasks'),
  limit: z.coerce.number().int().positive().default(50).describe('Get many: at most this many'),
  baseUrl: z.url().default('https://api.todoist.com/rest/v2').describe('Todoist REST API base URL'),
});

type Params = z.output<typeof todoistParams>;
type Ctx = NodeContext<Params>;

function need(ctx: Ctx, p: Params, field: 'taskId' | 'content', itemIndex: number): string {
  const value = p[field].trim();
  if (value === '') throw new NodeError(`Node "${ctx.node.name}", field "${field}": is empty; task ${p.operation} needs it`, { field, itemIndex });
  return value;
}

/** The task fields create and update share; empty ones are not sent. */
function taskFields(p: Params): JsonObject {
  const body: JsonObject = {};
  const set = (key: string, value: string | number | undefined) => {
    if (value !== undefined && value !== '') body[key] = value;
  };
  set('description', p.description);
  set('due_string', p.dueString);
  set('due_datetime', p.dueDateTime);
  set('due_date', p.dueDate);
  set('due_lang', p.dueLang);
  set('priority', p.priority);
  if (p.labels !== undefined && (p.labels.length > 0 || p.operation === 'update')) body.labels = p.labels;
  return body;
}

const success = { success: true };

async function runItem(ctx: Ctx, call: TodoistCall, p: Params, i: number): Promise<JsonObject[]> {
  const task = () => `/tasks/${encodeURIComponent(need(ctx, p, 'taskId', i))}`;
  switch (p.operation) {
    case 'create': {
      const body: JsonObject = { content: need(ctx, p, 'content', i), ...taskFields(p) };
      if (p.project.trim() !== '') body.project_id = p.project.trim();
      if (p.section.trim() !== '') body.section_id = p.section.trim();
      if (p.parentId.trim() !== '') body.parent_id = p.parentId.trim();
      if (p.order !== undefined) body.order = p.order;
      return [(await todoistApi(call, 'POST', '/tasks', body, 'content')) as JsonObject];
    }
    case 'update': {
      const body: JsonObject = { ...taskFields(p) };
      if (p.content.trim() !== '') body.content = p.content;
      await todoistApi(call, 'POST', task(), body, 'taskId');
      return [success];
    }
    case 'close':
    case 'reopen':
      await todoistApi(call, 'POST', `${task()}/${p.operation}`, undefined, 'taskId');
      return [success];
    case 'delete':
      await todoistApi(call, 'DELETE', task(), undefined, 'taskId');
      return [success];
    case 'get':
      return [(await todoistApi(call, 'GET', task(), undefined, 'taskId')) as JsonObject];
    case 'getAll': {
      const query = { project_id: p.projectId, section_id: p.sectionId, label: p.labelId, parent_id: p.parentId, filter: p.filter, lang: p.lang, ids: p.ids.replace(/\s+/g, '') };
      const answer = await todoistApi(call, 'GET', '/tasks', undefined, 'filter', query);
      const tasks = Array.isArray(answer) ? (answer as JsonObject[]) : [];
      return p.returnAll ? tasks : tasks.slice(0, p.limit);
    }
  }
}

async function token(ctx: Ctx, p: Params): Promise<string> {
  const slot = p.authentication === 'oAuth2' ? 'todoistOAuth2Api' : 'todoistApi';
  const cred = await ctx.credentials(slot);
  const stored = cred?.oauthTokenData as { access_token?: unknown } | undefined;
  const value = slot === 'todoistApi' ? cred?.apiKey : (cred?.accessToken ?? stored?.access_token);
  if (typeof value !== 'string' || value === '') {
    throw new NodeError(`Node "${ctx.node.name}": the Todoist credential (${slot}) has no ${slot === 'todoistApi' ? 'API key' : 'access token'}`, { field: 'credentials' });
  }
  return value;
}

export const todoistNode = defineNode({
  type: 'todoist',
  version: 1,
  displayName: 'Todoist',
  description: 'Create, update, close, reopen, delete and list Todoist tasks',
  category: 'integration',
  icon: 'list-ordered',
  inputs: [{ name: 'main' }],
  outputs: [{ name: 'main' }],
  params: todoistParams,
  credentials: [
    { name: 'todoistApi', type: 'todoistApi', shownWhen: { authentication: ['apiKey'] } },
    { name: 'todoistOAuth2Api', type: 'todoistOAuth2Api', types: ['todoistOAuth2Api', 'oAuth2Api'], shownWhen: { authentication: ['oAuth2'] } },
  ],
  async execute(ctx) {
    if (ctx.items.length === 0) return { main: [] };
    const accessToken = await token(ctx, ctx.params(0));
    const fetchImpl = ctx.services.fetch ?? globalThis.fetch;
    return perItem(ctx as NodeContext<unknown>, 'main', async (_item, i): Promise<Item[]> => {
      const p = ctx.params(i);
      const call: TodoistCall = { nodeName: ctx.node.name, baseUrl: p.baseUrl, token: accessToken, fetchImpl, signal: ctx.signal, itemIndex: i };
      return (await runItem(ctx, call, p, i)).map((json) => ({ json, pairedItem: { item: i } }));
    });
  },
});

export default todoistNode;
