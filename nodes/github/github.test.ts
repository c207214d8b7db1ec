/**
 * GitHub node against a fake GitHub REST API on 127.0.0.1 (server/testing/fake-api.ts) that keeps one repository's
 * files in memory and records each request: file create (text and binary), edit and delete (with the sha read
 * first), get as binary or JSON, list; issue create / edit / comment; releases; reviews; the OAuth2 slot with one
 * refresh after a 401; and errors that name node and field, never the token.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { jsonOf, makeContext, runNode } from '../../server/engine/testing/node-context';
import { startFakeApi, type FakeApi, type FakeRequest } from '../../server/testing/fake-api';
import { githubNode } from './index';

const TOKEN = 'ghp_secret_token_1';
let api: FakeApi;
let files: Record<string, { content: string; sha: string }> = {};
let shaCounter = 0;

const fileAnswer = (path: string) => ({ type: 'file', name: path.split('/').pop(), path, sha: files[path].sha, content: Buffer.from(files[path].content, 'base64').toString('base64').replace(/(.{20})/g, '$1\n') });
const body = (r: FakeRequest) => r.body as Record<string, unknown>;

beforeAll(async () => {
  api = await startFakeApi();
});
afterAll(() => api.close());
beforeEach(() => {
  api.reset();
  shaCounter = 0;
  files = { 'reports/a.json': { content: Buffer.from('{"a":1}').toString('base64'), sha: 'sha-a' } };
  api.routes = {
    'GET /repos/acme/site/contents/*': (r) => {
      const path = r.params['*'];
      if (path === 'reports' || path === '') return { body: Object.keys(files).map((f) => ({ type: 'file', path: f, name: f.split('/').pop() })) };
      return files[path] ? { body: fileAnswer(path) } : { status: 404, body: { message: 'Not Found' } };
    },
    'PUT /repos/acme/site/contents/*': (r) => {
      const path = r.params['*'];
      const b = body(r);
      if (files[path] && b.sha !== files[path].sha) return { status: 422, body: { message: '"sha" wasn\'t supplied.' } };
      files[path] = { content: String(b.content), sha: `sha-${++shaCounter}` };
      return { status: files[path] ? 200 : 201, body: { content: { path, sha: files[path].sha }, commit: { message: b.message } } };
    },
    'DELETE /repos/acme/site/contents/*': (r) => {
      const path = r.params['*'];
      if (body(r).sha !== files[path]?.sha) return { status: 409, body: { message: 'sha does not match' } };
      delete files[path];
      return { body: { content: null, commit: { message: body(r).message } } };
    },
    'POST /repos/acme/site/issues': (r) => ({ status: 201, body: { number: 7, ...body(r) } }),
    'PATCH /repos/acme/site/issues/:n': (r) => ({ body: { number: Number(r.params.n), ...body(r) } }),
    'POST /repos/acme/site/issues/:n/comments': (r) => ({ status: 201, body: { id: 1, body: body(r).body } }),
    'POST /repos/acme/site/releases': (r) => ({ status: 201, body: { id: 11, ...body(r) } }),
    'GET /repos/acme/site/releases': (r) => {
      const all = [1, 2, 3].map((id) => ({ id }));
      const per = Number(r.query.per_page);
      const page = Number(r.query.page);
      return { body: all.slice((page - 1) * per, page * per) };
    },
    'DELETE /repos/acme/site/releases/:id': () => ({ status: 204, raw: '' }),
    'POST /repos/acme/site/pulls/:n/reviews': (r) => ({ body: { id: 5, pull: r.params.n, ...body(r) } }),
  };
});

const run = (params: Record<string, unknown>, items: Record<string, unknown>[] | { json: Record<string, unknown>; binary?: Record<string, unknown> }[] = [{ n: 1 }], credentials: Record<string, Record<string, unknown>> = { githubApi: { accessToken: TOKEN, server: api.url } }) =>
  runNode(githubNode, { params: { owner: 'acme', repository: 'site', ...params }, items: items as never, credentials, node: { name: 'Repo' } });

describe('github node: files', () => {
  it('creates a file from text (base64) with branch and author, the token as Bearer and a User-Agent', async () => {
    const out = await run({ resource: 'file', filePath: '={{ $json.name }}.json', fileContent: '={{ JSON.stringify($json.data) }}', commitMessage: '=backup {{ $json.name }}', branch: 'main', authorName: 'Bot', authorEmail: 'bot@x.io' }, [{ name: 'wf1', data: { x: 1 } }]);
    expect(api.requests.map((r) => [r.method, r.path])).toEqual([['PUT', '/repos/acme/site/contents/wf1.json']]);
    expect(api.requests[0].headers).toMatchObject({ authorization: `Bearer ${TOKEN}`, accept: 'application/vnd.github+json', 'user-agent': 'Weft' });
    expect(api.requests[0].body).toEqual({ message: 'backup wf1', content: Buffer.from('{"x":1}').toString('base64'), branch: 'main', author: { name: 'Bot', email: 'bot@x.io' } });
    expect(jsonOf(out)).toEqual([{ content: { path: 'wf1.json', sha: 'sha-1' }, commit: { message: 'backup wf1' } }]);
  });

  it('creates a file from the item\'s binary data', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    await run({ resource: 'file', filePath: 'shots/a.png', binaryData: true, binaryPropertyName: 'data', commitMessage: 'shot' }, [{ json: {}, binary: { data: { data: png.toString('base64'), mimeType: 'image/png', fileName: 'a.png' } } }]);
    expect(api.requests[0].body).toMatchObject({ content: png.toString('base64') });
    await expect(run({ resource: 'file', filePath: 'x.png', binaryData: true, commitMessage: 'm' })).rejects.toThrow('binaryPropertyName');
  });

  it('edits a file: reads its sha first (on the branch), then sends it with the new content', async () => {
    await run({ resource: 'file', operation: 'edit', filePath: 'reports/a.json', fileContent: '{"a":2}', commitMessage: 'update', branch: 'main' });
    expect(api.requests.map((r) => [r.method, r.path, r.query])).toEqual([['GET', '/repos/acme/site/contents/reports/a.json', { ref: 'main' }], ['PUT', '/repos/acme/site/contents/reports/a.json', {}]]);
    expect(api.requests[1].body).toEqual({ message: 'update', content: Buffer.from('{"a":2}').toString('base64'), branch: 'main', sha: 'sha-a' });
    expect(Buffer.from(files['reports/a.json'].content, 'base64').toString()).toBe('{"a":2}');
  });

  it('editing a file that does not exist says to create it; deleting sends the sha', async () => {
    const err = await run({ resource: 'file', operation: 'edit', filePath: 'nope.json', fileContent: 'x', commitMessage: 'm' }).catch((e: Error) => e);
    expect(String(err)).toContain('Node "Repo", field "filePath": "nope.json" does not exist in acme/site; use the create operation for a new file');
    api.reset();
    const out = await run({ resource: 'file', operation: 'delete', filePath: 'reports/a.json', commitMessage: 'remove' });
    expect(api.requests.map((r) => [r.method, r.body])).toEqual([['GET', undefined], ['DELETE', { message: 'remove', sha: 'sha-a' }]]);
    expect(jsonOf(out)).toEqual([{ content: null, commit: { message: 'remove' } }]);
    expect(files).toEqual({});
  });

  it('gets a file as binary data (keeping the item\'s json) or as GitHub\'s JSON, at a ref; lists a directory', async () => {
    const asBinary = await run({ resource: 'file', operation: 'get', filePath: 'reports/a.json', reference: 'v1' }, [{ keep: true }]);
    expect(asBinary.main[0].json).toEqual({ keep: true });
    expect(asBinary.main[0].binary?.data).toMatchObject({ fileName: 'a.json', mimeType: 'application/json' });
    expect(Buffer.from(asBinary.main[0].binary!.data.data, 'base64').toString()).toBe('{"a":1}');
    expect(api.requests[0].query).toEqual({ ref: 'v1' });
    const asJson = await run({ resource: 'file', operation: 'get', filePath: 'reports/a.json', asBinaryProperty: false });
    expect(jsonOf(asJson)).toEqual([fileAnswer('reports/a.json')]);
    const listed = await run({ resource: 'file', operation: 'list', filePath: 'reports' });
    expect(jsonOf(listed)).toEqual([{ type: 'file', path: 'reports/a.json', name: 'a.json' }]);
    await expect(run({ resource: 'file', operation: 'get', filePath: '/' })).rejects.toThrow('is not a file (a directory?)');
  });
});

describe('github node: issues, releases, reviews', () => {
  it('creates an issue with labels and assignees; edit sends only the fields that are set; comments', async () => {
    const created = await run({ title: 'Bug', body: 'It broke', labels: ['bug'], assignees: 'ada, bob' });
    await run({ operation: 'edit', issueNumber: '={{ $json.n }}', labels: ['ReviewedByAI'] }, [{ n: 42 }]);
    await run({ operation: 'edit', issueNumber: '7', state: 'closed', stateReason: 'completed' });
    await run({ operation: 'createComment', issueNumber: '7', body: 'thanks' });
    expect(jsonOf(created)).toEqual([{ number: 7, title: 'Bug', body: 'It broke', labels: ['bug'], assignees: ['ada', 'bob'] }]);
    expect(api.requests.slice(1).map((r) => [r.method, r.path, r.body])).toEqual([
      ['PATCH', '/repos/acme/site/issues/42', { labels: ['ReviewedByAI'] }],
      ['PATCH', '/repos/acme/site/issues/7', { state: 'closed', state_reason: 'completed' }],
      ['POST', '/repos/acme/site/issues/7/comments', { body: 'thanks' }],
    ]);
  });

  it('creates a release from a tag, lists releases page by page up to limit, deletes one', async () => {
    const created = await run({ resource: 'release', releaseTag: 'v1.2.0', name: 'Spring', prerelease: true });
    expect(jsonOf(created)).toEqual([{ id: 11, tag_name: 'v1.2.0', name: 'Spring', prerelease: true }]);
    api.reset();
    const two = await run({ resource: 'release', operation: 'getAll', limit: 2 });
    expect(jsonOf(two)).toEqual([{ id: 1 }, { id: 2 }]);
    expect(api.requests.map((r) => r.query)).toEqual([{ per_page: '2', page: '1' }]);
    const all = await run({ resource: 'release', operation: 'getAll', returnAll: true });
    expect(jsonOf(all)).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
    const deleted = await run({ resource: 'release', operation: 'delete', releaseId: '11' });
    expect(jsonOf(deleted)).toEqual([{ success: true }]);
  });

  it('reviews a pull request: n8n\'s event names become GitHub\'s; a comment review needs a body', async () => {
    await run({ resource: 'review', pullRequestNumber: '9', event: 'comment', body: 'LGTM overall' });
    await run({ resource: 'review', pullRequestNumber: '9', event: 'requestChanges', body: 'fix', commitId: 'abc' });
    await run({ resource: 'review', pullRequestNumber: '9', event: 'pending' });
    expect(api.requests.map((r) => [r.path, r.body])).toEqual([
      ['/repos/acme/site/pulls/9/reviews', { event: 'COMMENT', body: 'LGTM overall' }],
      ['/repos/acme/site/pulls/9/reviews', { event: 'REQUEST_CHANGES', body: 'fix', commit_id: 'abc' }],
      ['/repos/acme/site/pulls/9/reviews', {}],
    ]);
    await expect(run({ resource: 'review', pullRequestNumber: '9', event: 'comment' })).rejects.toThrow('field "body": is empty; GitHub needs a body to comment');
  });
});

describe('github node: credentials and errors', () => {
  it('with authentication oAuth2 uses the githubOAuth2Api slot and asks for a fresh token once after a 401', async () => {
    const tokens = ['old-token', 'new-token'];
    const asked: unknown[] = [];
    api.routes['GET /repos/acme/site'] = (r) => (r.headers.authorization === 'Bearer new-token' ? { body: { full_name: 'acme/site' } } : { status: 401, body: { message: 'Bad credentials' } });
    await expect(run({ authentication: 'oAuth2', resource: 'repository', operation: 'get' })).rejects.toThrow('credential "githubOAuth2Api" is not set');
    // ctx.credentials stands in for the runtime's: a rejected token gets a refreshed one.
    const ctx = makeContext({ def: githubNode, params: { authentication: 'oAuth2', resource: 'repository', operation: 'get', owner: 'acme', repository: 'site' }, items: [{}], node: { name: 'Repo' } });
    ctx.credentials = async (slot: string, opts?: { rejected?: string }) => {
      asked.push([slot, opts?.rejected]);
      return { oauthTokenData: { access_token: opts?.rejected ? tokens[1] : tokens[0] }, server: api.url };
    };
    const result = await githubNode.execute(ctx as never);
    expect(jsonOf(result as never)).toEqual([{ full_name: 'acme/site' }]);
    expect(asked).toEqual([['githubOAuth2Api', undefined], ['githubOAuth2Api', 'old-token']]);
    expect(api.requests.map((r) => r.headers.authorization)).toEqual(['Bearer old-token', 'Bearer new-token']);
  });

  it('names GitHub\'s message, the node and the field, never the token; checks fields first', async () => {
    api.routes['POST /repos/acme/site/issues'] = () => ({ status: 403, body: { message: 'Resource not accessible by personal access token' } });
    const err = await run({ title: 'x' }).catch((e: Error) => e);
    expect(String(err)).toContain('Node "Repo", field "title": GitHub POST /repos/acme/site/issues failed (HTTP 403): Resource not accessible by personal access token');
    expect(String(err)).not.toContain(TOKEN);
    api.reset();
    await expect(run({ owner: '', title: 'x' })).rejects.toThrow('Node "Repo", field "owner": is empty; issue create needs it');
    await expect(run({ resource: 'file', filePath: 'a', fileContent: 'x' })).rejects.toThrow('field "commitMessage": is empty');
    await expect(run({ resource: 'release', operation: 'create' })).rejects.toThrow('field "releaseTag": is empty');
    await expect(run({ resource: 'review', operation: 'lock' })).rejects.toThrow('field "operation": review has no operation "lock"');
    await expect(run({ title: 'x' }, [{}], { githubApi: { server: api.url } })).rejects.toThrow('the GitHub credential (githubApi) has no access token');
    expect(api.requests).toEqual([]);
  });
});
