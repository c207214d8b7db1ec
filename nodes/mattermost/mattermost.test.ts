/**
 * Mattermost node against a fake Mattermost API v4 on 127.0.0.1 (server/testing/fake-api.ts) that records each
 * request: posts with attachments and thread replies, ephemeral posts, channel create / add user / members /
 * search / stats, reactions, user create / invite / paged list, and errors that name node and field, never the token.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { jsonOf, runNode } from '../../server/engine/testing/node-context';
import { startFakeApi, type FakeApi } from '../../server/testing/fake-api';
import { mattermostNode } from './index';

const TOKEN = 'mm-secret-token-9';
let api: FakeApi;

const users = Array.from({ length: 5 }, (_, n) => ({ id: `u${n}`, username: `user${n}` }));
beforeAll(async () => {
  api = await startFakeApi();
});
afterAll(() => api.close());
beforeEach(() => {
  api.reset();
  api.routes = {
    'POST /api/v4/posts': (r) => ({ status: 201, body: { id: 'p1', ...(r.body as object) } }),
    'POST /api/v4/posts/ephemeral': (r) => ({ status: 201, body: { id: 'e1', ...((r.body as { post: object }).post) } }),
    'DELETE /api/v4/posts/:id': () => ({ body: { status: 'OK' } }),
    'POST /api/v4/channels': (r) => ({ status: 201, body: { id: 'c9', ...(r.body as object) } }),
    'POST /api/v4/channels/:id/members': (r) => ({ status: 201, body: { channel_id: r.params.id, user_id: (r.body as { user_id: string }).user_id } }),
    'GET /api/v4/channels/:id/members': () => ({ body: [{ user_id: 'u1' }, { user_id: 'u2' }] }),
    'GET /api/v4/channels/:id/stats': (r) => ({ body: { channel_id: r.params.id, member_count: 2 } }),
    'POST /api/v4/teams/:team/channels/search': () => ({ body: [{ id: 'c1' }, { id: 'c2' }, { id: 'c3' }] }),
    'POST /api/v4/users/ids': (r) => ({ body: (r.body as string[]).map((id) => ({ id, username: `name-${id}` })) }),
    'POST /api/v4/users': (r) => ({ status: 201, body: { id: 'new', ...(r.body as object), password: undefined } }),
    'GET /api/v4/users': (r) => {
      const page = Number(r.query.page);
      const per = Number(r.query.per_page);
      return { body: users.slice(page * per, page * per + per) };
    },
    'GET /api/v4/users/email/:email': (r) => ({ body: { id: 'u7', email: r.params.email } }),
    'POST /api/v4/teams/:team/invite/email': () => ({ body: { status: 'OK' } }),
    'POST /api/v4/reactions': (r) => ({ body: r.body }),
    'GET /api/v4/posts/:id/reactions': () => ({ body: [{ emoji_name: 'a' }, { emoji_name: 'b' }] }),
    'DELETE /api/v4/users/:u/posts/:p/reactions/:e': () => ({ body: { status: 'OK' } }),
  };
});

const run = (params: Record<string, unknown>, items: Record<string, unknown>[] = [{ n: 1 }], credential: Record<string, unknown> = { accessToken: TOKEN, baseUrl: api.url }, onError?: 'continue') =>
  runNode(mattermostNode, { params, items, credentials: { mattermostApi: credential }, node: { name: 'Chat', ...(onError ? { onError } : {}) } });

describe('mattermost node: messages', () => {
  it('posts a message per item to /api/v4/posts with the Bearer token; attachments go into props, rootId makes a reply', async () => {
    const attachments = [{ text: 'incident', actions: [{ name: 'Ack', type: 'button', integration: { url: 'https://x/ack', context: { id: '7' } } }] }];
    const out = await run({ channelId: 'ch1', message: '={{ $json.m }}', attachments, rootId: 'root9' }, [{ m: 'one' }, { m: 'two' }]);
    expect(api.requests.map((r) => [r.method, r.path])).toEqual([['POST', '/api/v4/posts'], ['POST', '/api/v4/posts']]);
    expect(api.requests[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(api.requests[0].headers['content-type']).toContain('application/json');
    expect(api.requests.map((r) => r.body)).toEqual([
      { channel_id: 'ch1', message: 'one', props: { attachments }, root_id: 'root9' },
      { channel_id: 'ch1', message: 'two', props: { attachments }, root_id: 'root9' },
    ]);
    expect(jsonOf(out)[1]).toMatchObject({ id: 'p1', message: 'two' });
    expect(out.main[1].pairedItem).toEqual({ item: 1 });
  });

  it('posts a plain message without props, an ephemeral message, and deletes a post', async () => {
    await run({ channelId: 'ch1', message: 'hi' });
    await run({ operation: 'postEphemeral', channelId: 'ch1', userId: 'u1', message: 'psst' });
    const deleted = await run({ operation: 'delete', postId: 'p1' });
    expect(api.requests.map((r) => [r.method, r.path, r.body])).toEqual([
      ['POST', '/api/v4/posts', { channel_id: 'ch1', message: 'hi' }],
      ['POST', '/api/v4/posts/ephemeral', { user_id: 'u1', post: { channel_id: 'ch1', message: 'psst' } }],
      ['DELETE', '/api/v4/posts/p1', undefined],
    ]);
    expect(jsonOf(deleted)).toEqual([{ status: 'OK' }]);
  });
});

describe('mattermost node: channels, reactions, users', () => {
  it('creates a channel (public: type O), adds a user, reads stats, searches (limit) and resolves members to users', async () => {
    const created = await run({ resource: 'channel', operation: 'create', teamId: 't1', displayName: 'Docs', channel: 'docs' });
    await run({ resource: 'channel', operation: 'create', teamId: 't1', displayName: 'Ops', channel: 'ops', type: 'private' });
    const added = await run({ resource: 'channel', operation: 'addUser', channelId: '={{ $json.id }}', userId: 'u5' }, [{ id: 'c9' }]);
    const stats = await run({ resource: 'channel', operation: 'statistics', channelId: 'c9' });
    const search = await run({ resource: 'channel', operation: 'search', teamId: 't1', term: 'do', limit: 2 });
    const members = await run({ resource: 'channel', operation: 'members', channelId: 'c9' });
    expect(jsonOf(created)).toEqual([{ id: 'c9', team_id: 't1', display_name: 'Docs', name: 'docs', type: 'O' }]);
    expect(api.requests[1].body).toMatchObject({ type: 'P' });
    expect(jsonOf(added)).toEqual([{ channel_id: 'c9', user_id: 'u5' }]);
    expect(jsonOf(stats)).toEqual([{ channel_id: 'c9', member_count: 2 }]);
    expect(jsonOf(search)).toEqual([{ id: 'c1' }, { id: 'c2' }]);
    expect(api.requests[4].body).toEqual({ term: 'do' });
    expect(jsonOf(members)).toEqual([{ id: 'u1', username: 'name-u1' }, { id: 'u2', username: 'name-u2' }]);
    expect(api.requests.slice(5).map((r) => [r.method, r.path, r.query.per_page])).toEqual([['GET', '/api/v4/channels/c9/members', '100'], ['POST', '/api/v4/users/ids', undefined]]);
  });

  it('adds, lists (limit) and removes reactions', async () => {
    const added = await run({ resource: 'reaction', operation: 'create', userId: 'u1', postId: 'p1', emojiName: ':tada:' });
    const list = await run({ resource: 'reaction', operation: 'getAll', postId: 'p1', limit: 1 });
    await run({ resource: 'reaction', operation: 'delete', userId: 'u1', postId: 'p1', emojiName: 'tada' });
    expect(jsonOf(added)).toEqual([{ user_id: 'u1', post_id: 'p1', emoji_name: 'tada' }]);
    expect(jsonOf(list)).toEqual([{ emoji_name: 'a' }]);
    expect(api.requests[2]).toMatchObject({ method: 'DELETE', path: '/api/v4/users/u1/posts/p1/reactions/tada' });
  });

  it('creates a user with extra fields, invites comma-separated emails, gets one by email', async () => {
    const created = await run({ resource: 'user', operation: 'create', username: 'ada', email: 'ada@x.io', password: 'pw-1', userFields: { first_name: 'Ada' } });
    await run({ resource: 'user', operation: 'create', username: 'bob', email: 'bob@x.io', authService: 'gitlab', authData: 'gl-7' });
    const invited = await run({ resource: 'user', operation: 'invite', teamId: 't1', emails: 'a@x.io, b@x.io' });
    const byEmail = await run({ resource: 'user', operation: 'getByEmail', email: 'ada@x.io' });
    expect(api.requests.map((r) => [r.method, r.path, r.body])).toEqual([
      ['POST', '/api/v4/users', { first_name: 'Ada', username: 'ada', email: 'ada@x.io', password: 'pw-1' }],
      ['POST', '/api/v4/users', { username: 'bob', email: 'bob@x.io', auth_service: 'gitlab', auth_data: 'gl-7' }],
      ['POST', '/api/v4/teams/t1/invite/email', ['a@x.io', 'b@x.io']],
      ['GET', '/api/v4/users/email/ada%40x.io', undefined],
    ]);
    expect(jsonOf(created)).toEqual([{ id: 'new', first_name: 'Ada', username: 'ada', email: 'ada@x.io' }]);
    expect(jsonOf(invited)).toEqual([{ status: 'OK' }]);
    expect(jsonOf(byEmail)).toEqual([{ id: 'u7', email: 'ada@x.io' }]);
  });

  it('lists users page by page with the filters as query parameters; limit stops early', async () => {
    const all = await run({ resource: 'user', operation: 'getAll', returnAll: true, inChannel: 'c1', sort: 'status' });
    expect(jsonOf(all).map((u) => (u as { id: string }).id)).toEqual(['u0', 'u1', 'u2', 'u3', 'u4']);
    expect(api.requests.map((r) => r.query)).toEqual([{ in_channel: 'c1', sort: 'status', page: '0', per_page: '200' }]);
    api.reset();
    const two = await run({ resource: 'user', operation: 'getAll', limit: 2 });
    expect(jsonOf(two).map((u) => (u as { id: string }).id)).toEqual(['u0', 'u1']);
    expect(api.requests.map((r) => r.query)).toEqual([{ page: '0', per_page: '2' }]);
    api.reset();
    const three = await run({ resource: 'user', operation: 'getAll', limit: 3, inTeam: 't1' });
    expect(jsonOf(three).map((u) => (u as { id: string }).id)).toEqual(['u0', 'u1', 'u2']);
  });
});

describe('mattermost node: errors', () => {
  it('names Mattermost\'s message, the node and the field, never the token', async () => {
    api.routes = { 'POST /api/v4/posts': () => ({ status: 403, body: { id: 'api.context.permissions.app_error', message: 'You do not have the appropriate permissions.', status_code: 403 } }) };
    const err = await run({ channelId: 'ch1', message: 'x' }).catch((e: Error) => e);
    expect(String(err)).toContain('Node "Chat", field "channelId": Mattermost POST /posts failed (HTTP 403): You do not have the appropriate permissions.');
    expect(String(err)).not.toContain(TOKEN);
  });

  it('checks fields and the credential before calling Mattermost', async () => {
    await expect(run({ channelId: '', message: 'x' })).rejects.toThrow('Node "Chat", field "channelId": is empty');
    await expect(run({ channelId: 'c', message: '' })).rejects.toThrow('field "message": is empty');
    await expect(run({ resource: 'user', operation: 'create', username: 'a', email: 'a@x' })).rejects.toThrow('field "password": is empty');
    await expect(run({ resource: 'user', operation: 'post' })).rejects.toThrow('field "operation": user has no operation "post"');
    await expect(run({ channelId: 'c', message: 'x' }, [{}], { baseUrl: api.url })).rejects.toThrow('the Mattermost credential has no access token');
    await expect(run({ channelId: 'c', message: 'x' }, [{}], { accessToken: TOKEN })).rejects.toThrow('the Mattermost credential has no base URL');
    expect(api.requests).toEqual([]);
  });

  it('with On Error "continue" a failed item becomes { error } and the others are posted', async () => {
    api.routes['POST /api/v4/posts'] = (r) => ((r.body as { channel_id: string }).channel_id === 'gone' ? { status: 404, body: { message: 'Channel not found' } } : { body: { id: 'p2' } });
    const out = await run({ channelId: '={{ $json.c }}', message: 'x' }, [{ c: 'gone' }, { c: 'ok' }], undefined, 'continue');
    expect(jsonOf(out)).toEqual([{ error: expect.stringContaining('Channel not found') }, { id: 'p2' }]);
  });
});
