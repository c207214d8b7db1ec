/**
 * Todoist node against a fake Todoist REST API v2 on 127.0.0.1 (server/testing/fake-api.ts) that keeps tasks in
 * memory and records each request: create with options, get, filtered get many with limit, update, close, reopen,
 * delete (204 answers become { success: true }), the OAuth2 slot, and errors that name node and field, never the token.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { jsonOf, runNode } from '../../server/engine/testing/node-context';
import { startFakeApi, type FakeApi } from '../../server/testing/fake-api';
import { todoistNode } from './index';

const KEY = 'todoist-secret-key-5';
let api: FakeApi;
let tasks: Record<string, Record<string, unknown>> = {};
let nextId = 100;

beforeAll(async () => {
  api = await startFakeApi({
    'POST /rest/v2/tasks': (r) => {
      const id = String(nextId++);
      tasks[id] = { id, is_completed: false, ...(r.body as object) };
      return { body: tasks[id] };
    },
    'GET /rest/v2/tasks': (r) => ({ body: Object.values(tasks).filter((t) => !r.query.project_id || t.project_id === r.query.project_id) }),
    'GET /rest/v2/tasks/:id': (r) => (tasks[r.params.id] ? { body: tasks[r.params.id] } : { status: 404, raw: 'Task not found', headers: { 'content-type': 'text/plain' } }),
    'POST /rest/v2/tasks/:id': (r) => {
      tasks[r.params.id] = { ...tasks[r.params.id], ...(r.body as object) };
      return { body: tasks[r.params.id] };
    },
    'POST /rest/v2/tasks/:id/close': (r) => {
      tasks[r.params.id].is_completed = true;
      return { status: 204, raw: '' };
    },
    'POST /rest/v2/tasks/:id/reopen': (r) => {
      tasks[r.params.id].is_completed = false;
      return { status: 204, raw: '' };
    },
    'DELETE /rest/v2/tasks/:id': (r) => {
      delete tasks[r.params.id];
      return { status: 204, raw: '' };
    },
  });
});
afterAll(() => api.close());
beforeEach(() => {
  api.reset();
  nextId = 100;
  tasks = { 1: { id: '1', content: 'one', project_id: 'P1' }, 2: { id: '2', content: 'two', project_id: 'P2' }, 3: { id: '3', content: 'three', project_id: 'P1' } };
});

const run = (params: Record<string, unknown>, items: Record<string, unknown>[] = [{ n: 1 }], credentials: Record<string, Record<string, unknown>> = { todoistApi: { apiKey: KEY } }) =>
  runNode(todoistNode, { params: { baseUrl: `${api.url}/rest/v2`, ...params }, items, credentials, node: { name: 'Tasks' } });

describe('todoist node', () => {
  it('creates a task with the Bearer key; options go in as Todoist fields, empty ones are left out', async () => {
    const out = await run({ content: '={{ $json.title }}', project: 'P1', labels: ['work', 'n8n'], description: 'desc', dueString: 'tomorrow', priority: 4, section: 'S1' }, [{ title: 'Write report' }]);
    expect(api.requests.map((r) => [r.method, r.path])).toEqual([['POST', '/rest/v2/tasks']]);
    expect(api.requests[0].headers.authorization).toBe(`Bearer ${KEY}`);
    expect(api.requests[0].body).toEqual({ content: 'Write report', description: 'desc', due_string: 'tomorrow', priority: 4, labels: ['work', 'n8n'], project_id: 'P1', section_id: 'S1' });
    expect(jsonOf(out)).toEqual([{ id: '100', is_completed: false, ...(api.requests[0].body as object) }]);
  });

  it('gets a task and lists tasks filtered by project, up to limit or all', async () => {
    const got = await run({ operation: 'get', taskId: '={{ $json.id }}' }, [{ id: '2' }]);
    expect(jsonOf(got)).toEqual([{ id: '2', content: 'two', project_id: 'P2' }]);
    const some = await run({ operation: 'getAll', projectId: 'P1', limit: 1 });
    expect(jsonOf(some)).toEqual([{ id: '1', content: 'one', project_id: 'P1' }]);
    const all = await run({ operation: 'getAll', returnAll: true, filter: 'today | overdue', labelId: 'work' });
    expect(jsonOf(all)).toHaveLength(3);
    expect(api.requests.map((r) => [r.method, r.path, r.query])).toEqual([
      ['GET', '/rest/v2/tasks/2', {}],
      ['GET', '/rest/v2/tasks', { project_id: 'P1' }],
      ['GET', '/rest/v2/tasks', { label: 'work', filter: 'today | overdue' }],
    ]);
  });

  it('updates only the given fields, closes, reopens and deletes, each answering { success: true }', async () => {
    const updated = await run({ operation: 'update', taskId: '1', description: 'see Notion' });
    expect(api.requests[0].body).toEqual({ description: 'see Notion' });
    expect(tasks[1]).toMatchObject({ content: 'one', description: 'see Notion' });
    const closed = await run({ operation: 'close', taskId: '1' });
    expect(tasks[1].is_completed).toBe(true);
    await run({ operation: 'reopen', taskId: '1' });
    expect(tasks[1].is_completed).toBe(false);
    const deleted = await run({ operation: 'delete', taskId: '1' });
    expect(tasks[1]).toBeUndefined();
    expect([updated, closed, deleted].map((o) => jsonOf(o))).toEqual([[{ success: true }], [{ success: true }], [{ success: true }]]);
    expect(api.requests.map((r) => [r.method, r.path])).toEqual([
      ['POST', '/rest/v2/tasks/1'], ['POST', '/rest/v2/tasks/1/close'], ['POST', '/rest/v2/tasks/1/reopen'], ['DELETE', '/rest/v2/tasks/1'],
    ]);
  });

  it('with authentication oAuth2 uses the todoistOAuth2Api slot\'s access token', async () => {
    await run({ authentication: 'oAuth2', operation: 'get', taskId: '3' }, [{}], { todoistOAuth2Api: { accessToken: 'oauth-tok' } });
    expect(api.requests[0].headers.authorization).toBe('Bearer oauth-tok');
  });

  it('names Todoist\'s error, the node and the field, never the key; checks fields before calling', async () => {
    const err = await run({ operation: 'get', taskId: '404' }).catch((e: Error) => e);
    expect(String(err)).toContain('Node "Tasks", field "taskId": Todoist GET /tasks/404 failed (HTTP 404): Task not found');
    expect(String(err)).not.toContain(KEY);
    api.reset();
    await expect(run({ operation: 'close', taskId: ' ' })).rejects.toThrow('Node "Tasks", field "taskId": is empty; task close needs it');
    await expect(run({ content: '' })).rejects.toThrow('field "content": is empty');
    await expect(run({ content: 'x' }, [{}], { todoistApi: {} })).rejects.toThrow('the Todoist credential (todoistApi) has no API key');
    await expect(run({ content: 'x', priority: 7 })).rejects.toThrow();
    expect(api.requests).toEqual([]);
  });
});
