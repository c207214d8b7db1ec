/**
 * mattermost: n8n's Mattermost node (n8n-nodes-base.mattermost v1) on Mattermost's REST API v4 with the
 * `mattermostApi` credential (baseUrl: the server's URL; accessToken: a personal access or bot token, sent as a
 * Bearer token). Each input item makes one call (lists may page); n8n's On Error setting applies per item.
 * Answers that are lists become one item each.
 *
 * Params (n8n's names; n8n's additionalFields / otherOptions are flat here):
 * - resource / operation   message: post | postEphemeral | delete; channel: create | addUser | delete | restore |
 *                          members | search | statistics; reaction: create | delete | getAll;
 *                          user: create | deactive | getAll | getByEmail | getById | invite
 * - channelId, teamId, userId, postId   ids
 * - message, attachments, rootId        post (attachments in Mattermost's format; rootId: reply in that thread)
 * - displayName, channel, type          channel create ('public' | 'private'; channel: the URL name)
 * - term                                channel search
 * - emojiName                           reactions
 * - username, authService, authData, email, password, userFields   user create (userFields: first_name, ...)
 * - emails                              user invite: comma-separated addresses
 * - inTeam, notInTeam, inChannel, notInChannel, sort   user getAll filters
 * - resolveData                         channel members: the users' profiles instead of the memberships
 * - returnAll, limit                    lists (default limit 100)
 */
import { defineNode, NodeError, z, type Item, type JsonObject, type NodeContext } from '../sdk';
import { perItem } from '../per-item';
import { mattermostApi, mattermostList, type MattermostCall } from './api';

export const MATTERMOST_OPERATIONS_OF = {
  message: ['post', 'postEphemeral', 'delete'],
  channel: ['create', 'addUser', 'delete', 'restore', 'members', 'search', 'statistics'],
  reaction: ['create', 'delete', 'getAll'],
  user: ['create', 'deactive', 'getAll', 'getByEmail', 'getById', 'invite'],
} as const;
const OPERATIONS = [...new Set(Object.values(MATTERMOST_OPERATIONS_OF).flat())] as [string, ...string[]];

const text = (fallback = '') => z.preprocess((v) => (typeof v === 'number' ? String(v) : v), z.string()).default(fallback);

export const mattermostParams = z.object({
  resource: z.enum(['message', 'channel', 'reaction', 'user']).default('message').describe('What to work on'),
  operation: z.enum(OPERATIONS).default('post').describe('What to do'),
  channelId: text().describe('Channel ID'),
  teamId: text().describe('Team ID'),
  userId: text().describe('User ID'),
  postId: text().describe('Post (message) ID'),
  message: text().describe('Post: the message text (Markdown)'),
  attachments: z.array(z.record(z.string(), z.unknown())).default([]).describe('Post: message attachments (Mattermost format)'),
  rootId: text().describe('Post: reply in the thread of this post ID'),
  displayName: text().describe('Channel create: display name'),
  channel: text().describe('Channel create: the channel\'s URL name'),
  type: z.enum(['public', 'private']).default('public').describe('Channel create: public or private'),
  term: text().describe('Channel search: the text to look for'),
  emojiName: text().describe('Reaction: emoji name (without colons)'),
  username: text().describe('User create: user name'),
  authService: z.enum(['email', 'gitlab', 'google', 'ldap', 'office365', 'saml']).default('email').describe('User create: how the user signs in'),
  authData: text().describe('User create (not email): the user\'s id in the sign-in service'),
  email: text().describe('User create, get by email: email address'),
  password: text().describe('User create (email): password'),
  userFields: z.record(z.string(), z.unknown()).default({}).describe('User create: more fields (first_name, last_name, nickname, locale, position)'),
  emails: text().describe('User invite: comma-separated email addresses'),
  inTeam: text().describe('User get many: only members of this team ID'),
  notInTeam: text().describe('User get many: only users not in this team ID'),
  inChannel: text().describe('User get many: only members of this channel ID'),
  notInChannel: text().describe('User get many: only users not in this channel ID'),
  sort: text().describe('User get many: sort order (last_activity_at, create_at, status, ...)'),
  resolveData: z.boolean().default(true).describe('Channel members: return the users\' profiles'),
  returnAll: z.boolean().default(false).describe('Lists: all results'),
  limit: z.coerce.number().int().positive().default(100).describe('Lists: at most this many'),
});

type Params = z.output<typeof mattermostParams>;
type Ctx = NodeContext<Params>;
type Field = 'channelId' | 'teamId' | 'userId' | 'postId' | 'message' | 'displayName' | 'channel' | 'term' | 'emojiName' | 'username' | 'email' | 'password' | 'emails' | 'authData';

function need(ctx: Ctx, p: Params, field: Field, itemIndex: number): string {
  const value = p[field].trim();
  if (value === '') throw new NodeError(`Node "${ctx.node.name}", field "${field}": is empty; ${p.resource} ${p.operation} needs it`, { field, itemIndex });
  return value;
}

const seg = (v: string) => encodeURIComponent(v);
const limitOf = (p: Params) => (p.returnAll ? undefined : p.limit);
const many = (answer: unknown): JsonObject[] => (Array.isArray(answer) ? (answer as JsonObject[]) : [(answer ?? {}) as JsonObject]);

async function message(ctx: Ctx, call: MattermostCall, p: Params, i: number): Promise<unknown> {
  if (p.operation === 'delete') return mattermostApi(call, 'DELETE', `/posts/${seg(need(ctx, p, 'postId', i))}`, undefined, 'postId');
  const post: JsonObject = { channel_id: need(ctx, p, 'channelId', i), message: p.message };
  if (p.operation === 'postEphemeral') return mattermostApi(call, 'POST', '/posts/ephemeral', { user_id: need(ctx, p, 'userId', i), post }, 'channelId');
  if (p.message.trim() === '' && p.attachments.length === 0) need(ctx, p, 'message', i);
  if (p.attachments.length) post.props = { attachments: p.attachments as JsonObject[] };
  if (p.rootId.trim() !== '') post.root_id = p.rootId.trim();
  return mattermostApi(call, 'POST', '/posts', post, 'channelId');
}

async function channel(ctx: Ctx, call: MattermostCall, p: Params, i: number): Promise<unknown> {
  switch (p.operation) {
    case 'create': {
      const body = { team_id: need(ctx, p, 'teamId', i), display_name: need(ctx, p, 'displayName', i), name: need(ctx, p, 'channel', i), type: p.type === 'private' ? 'P' : 'O' };
      return mattermostApi(call, 'POST', '/channels', body, 'channel');
    }
    case 'addUser':
      return mattermostApi(call, 'POST', `/channels/${seg(need(ctx, p, 'channelId', i))}/members`, { user_id: need(ctx, p, 'userId', i) }, 'userId');
    case 'delete':
      return mattermostApi(call, 'DELETE', `/channels/${seg(need(ctx, p, 'channelId', i))}`, undefined, 'channelId');
    case 'restore':
      return mattermostApi(call, 'POST', `/channels/${seg(need(ctx, p, 'channelId', i))}/restore`, undefined, 'channelId');
    case 'statistics':
      return mattermostApi(call, 'GET', `/channels/${seg(need(ctx, p, 'channelId', i))}/stats`, undefined, 'channelId');
    case 'search': {
      const found = many(await mattermostApi(call, 'POST', `/teams/${seg(need(ctx, p, 'teamId', i))}/channels/search`, { term: need(ctx, p, 'term', i) }, 'term'));
      return p.returnAll ? found : found.slice(0, p.limit);
    }
    case 'members': {
      const members = await mattermostList(call, `/channels/${seg(need(ctx, p, 'channelId', i))}/members`, {}, 'channelId', limitOf(p));
      if (!p.resolveData || members.length === 0) return members;
      return mattermostApi(call, 'POST', '/users/ids', members.map((m) => String(m.user_id)), 'resolveData');
    }
  }
  return undefined;
}

async function reaction(ctx: Ctx, call: MattermostCall, p: Params, i: number): Promise<unknown> {
  const postId = need(ctx, p, 'postId', i);
  if (p.operation === 'getAll') {
    const list = many(await mattermostApi(call, 'GET', `/posts/${seg(postId)}/reactions`, undefined, 'postId'));
    return p.returnAll ? list : list.slice(0, p.limit);
  }
  const userId = need(ctx, p, 'userId', i);
  const emoji = need(ctx, p, 'emojiName', i).replace(/^:|:$/g, '');
  if (p.operation === 'create') return mattermostApi(call, 'POST', '/reactions', { user_id: userId, post_id: postId, emoji_name: emoji }, 'emojiName');
  return mattermostApi(call, 'DELETE', `/users/${seg(userId)}/posts/${seg(postId)}/reactions/${seg(emoji)}`, undefined, 'emojiName');
}

async function user(ctx: Ctx, call: MattermostCall, p: Params, i: number): Promise<unknown> {
  switch (p.operation) {
    case 'create': {
      const body: JsonObject = { ...(p.userFields as JsonObject), username: need(ctx, p, 'username', i), email: need(ctx, p, 'email', i) };
      // Mattermost's own sign-in (email) is the default and takes a password; other services an id there.
      if (p.authService === 'email') body.password = need(ctx, p, 'password', i);
      else Object.assign(body, { auth_service: p.authService, auth_data: need(ctx, p, 'authData', i) });
      return mattermostApi(call, 'POST', '/users', body, 'username');
    }
    case 'deactive':
      return mattermostApi(call, 'DELETE', `/users/${seg(need(ctx, p, 'userId', i))}`, undefined, 'userId');
    case 'getByEmail':
      return mattermostApi(call, 'GET', `/users/email/${seg(need(ctx, p, 'email', i))}`, undefined, 'email');
    case 'getById':
      return mattermostApi(call, 'GET', `/users/${seg(need(ctx, p, 'userId', i))}`, undefined, 'userId');
    case 'invite': {
      const emails = need(ctx, p, 'emails', i).split(',').map((e) => e.trim()).filter(Boolean);
      return mattermostApi(call, 'POST', `/teams/${seg(need(ctx, p, 'teamId', i))}/invite/email`, emails, 'emails');
    }
    case 'getAll': {
      const query = { in_team: p.inTeam, not_in_team: p.notInTeam, in_channel: p.inChannel, not_in_channel: p.notInChannel, sort: p.sort };
      return mattermostList(call, '/users', query, 'inChannel', limitOf(p));
    }
  }
  return undefined;
}

async function credential(ctx: Ctx): Promise<{ token: string; baseUrl: string }> {
  const cred = await ctx.credentials('mattermostApi');
  const token = cred?.accessToken;
  const baseUrl = cred?.baseUrl;
  if (typeof token !== 'string' || token === '') throw new NodeError(`Node "${ctx.node.name}": the Mattermost credential has no access token`, { field: 'credentials' });
  if (typeof baseUrl !== 'string' || !/^https?:\/\//.test(baseUrl)) throw new NodeError(`Node "${ctx.node.name}": the Mattermost credential has no base URL (the server's address, e.g. https://chat.example.com)`, { field: 'credentials' });
  return { token, baseUrl };
}

export const mattermostNode = defineNode({
  type: 'mattermost',
  version: 1,
  displayName: 'Mattermost',
  description: 'Post Mattermost messages, manage channels, reactions and users',
  category: 'integration',
  icon: 'send',
  inputs: [{ name: 'main' }],
  outputs: [{ name: 'main' }],
  params: mattermostParams,
  credentials: [{ name: 'mattermostApi', type: 'mattermostApi', required: true }],
  async execute(ctx) {
    if (ctx.items.length === 0) return { main: [] };
    const { token, baseUrl } = await credential(ctx);
    const fetchImpl = ctx.services.fetch ?? globalThis.fetch;
    return perItem(ctx as NodeContext<unknown>, 'main', async (_item, i): Promise<Item[]> => {
      const p = ctx.params(i);
      if (!(MATTERMOST_OPERATIONS_OF[p.resource] as readonly string[]).includes(p.operation)) {
        throw new NodeError(`Node "${ctx.node.name}", field "operation": ${p.resource} has no operation "${p.operation}"`, { field: 'operation', itemIndex: i });
      }
      const call: MattermostCall = { nodeName: ctx.node.name, baseUrl, token, fetchImpl, signal: ctx.signal, itemIndex: i };
      const run = { message, channel, reaction, user }[p.resource];
      return many(await run(ctx, call, p, i)).map((json) => ({ json, pairedItem: { item: i } }));
    });
  },
});

export default mattermostNode;
