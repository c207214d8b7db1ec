/**
 * github: n8n's GitHub node (n8n-nodes-base.github v1, v1.1) on GitHub's REST API, with the `githubApi` credential
 * (server, accessToken) or an OAuth2 credential (githubOAuth2Api or oAuth2Api) in the githubOAuth2Api slot (its
 * accessToken; refreshed once on a 401). Each input item makes one call (file edit and delete first read the
 * file's sha; lists may page); n8n's On Error setting applies per item. Operations: ./operations.ts.
 *
 * Params (n8n's names; n8n's additionalParameters / additionalFields / editFields are flat here):
 * - authentication          accessToken | oAuth2
 * - resource / operation    file: create | delete | edit | get | list; issue: create | createComment | edit | get |
 *                           lock; release: create | delete | get | getAll | update; review: create | get | getAll |
 *                           update; repository: get; user: getRepositories
 * - owner, repository       the repository (n8n's locators arrive as their value)
 * - filePath, commitMessage, branch, authorName/authorEmail, committerName/committerEmail   file writes
 * - binaryData, fileContent, binaryPropertyName   create / edit: the item's binary file, or text
 * - asBinaryProperty, reference                   get: the file into binary property binaryPropertyName
 *                                                 (the item's json kept), or GitHub's JSON answer; at a ref
 * - title, body, labels, assignees, state, stateReason, issueNumber, lockReason   issues (edit: unset = unchanged)
 * - releaseTag, releaseId, name, draft, prerelease, targetCommitish   releases (update: releaseTag renames the tag)
 * - pullRequestNumber, reviewId, event, commitId   reviews (event: approve | requestChanges | comment | pending)
 * - returnAll, limit        lists (default limit 50)
 */
import { defineNode, NodeError, z, type Item, type NodeContext } from '../sdk';
import { perItem } from '../per-item';
import type { GithubCall } from './api';
import { runGithubItem, type GithubCtx } from './operations';

export const GITHUB_OPERATIONS_OF = {
  file: ['create', 'delete', 'edit', 'get', 'list'],
  issue: ['create', 'createComment', 'edit', 'get', 'lock'],
  release: ['create', 'delete', 'get', 'getAll', 'update'],
  review: ['create', 'get', 'getAll', 'update'],
  repository: ['get'],
  user: ['getRepositories'],
} as const;
const OPERATIONS = [...new Set(Object.values(GITHUB_OPERATIONS_OF).flat())] as [string, ...string[]];
export const GITHUB_DEFAULT_OPERATION: Record<string, string> = { file: 'create', issue: 'create', release: 'create', review: 'create', repository: 'get', user: 'getRepositories' };

const text = (fallback = '') => z.preprocess((v) => (typeof v === 'number' ? String(v) : v), z.string()).default(fallback);
/** Unset (undefined) means "leave as is" for edits. */
const optionalText = () => z.preprocess((v) => (typeof v === 'number' ? String(v) : v), z.string()).optional();
const nameList = () => z.preprocess((v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : v), z.array(z.string())).optional();

export const githubParams = z.object({
  authentication: z.enum(['accessToken', 'oAuth2']).default('accessToken').describe('Credential: access token or OAuth2'),
  resource: z.enum(['file', 'issue', 'release', 'review', 'repository', 'user']).default('issue').describe('What to work on'),
  operation: z.enum(OPERATIONS).default('create').describe('What to do'),
  owner: text().describe('Repository owner (user or organization)'),
  repository: text().describe('Repository name'),
  filePath: text().describe('File: path in the repository'),
  binaryData: z.boolean().default(false).describe('File create, edit: upload the item\'s binary file'),
  fileContent: text().describe('File create, edit: the file\'s text'),
  binaryPropertyName: text('data').describe('File: the binary property to upload from / download into'),
  commitMessage: text().describe('File create, edit, delete: commit message'),
  branch: text().describe('File create, edit, delete: branch (empty: the default branch)'),
  authorName: text().describe('File writes: commit author name'),
  authorEmail: text().describe('File writes: commit author email'),
  committerName: text().describe('File writes: committer name'),
  committerEmail: text().describe('File writes: committer email'),
  asBinaryProperty: z.boolean().default(true).describe('File get: the file as binary data (off: GitHub\'s JSON)'),
  reference: text().describe('File get, list: branch, tag or commit (empty: the default branch)'),
  title: optionalText().describe('Issue create, edit: title'),
  body: optionalText().describe('Issue, comment, review, release: body text'),
  labels: nameList().describe('Issue create, edit: label names'),
  assignees: nameList().describe('Issue create, edit: assignee logins'),
  state: z.enum(['open', 'closed']).optional().describe('Issue edit: open or closed'),
  stateReason: z.enum(['completed', 'not_planned', 'reopened']).optional().describe('Issue edit: why it was closed or reopened'),
  issueNumber: text().describe('Issue: its number'),
  lockReason: z.enum(['off-topic', 'too heated', 'resolved', 'spam', '']).default('').describe('Issue lock: the reason'),
  releaseTag: optionalText().describe('Release create: the tag; update: a new tag name'),
  releaseId: text().describe('Release get, update, delete: its id'),
  name: optionalText().describe('Release: name'),
  draft: z.boolean().optional().describe('Release: a draft'),
  prerelease: z.boolean().optional().describe('Release: a prerelease'),
  targetCommitish: optionalText().describe('Release: branch or commit the tag is made from'),
  pullRequestNumber: text().describe('Review: the pull request\'s number'),
  reviewId: text().describe('Review get, update: its id'),
  event: z.enum(['approve', 'requestChanges', 'comment', 'pending']).default('approve').describe('Review create: approve, request changes, comment, or leave pending'),
  commitId: text().describe('Review create: the commit reviewed (empty: the latest)'),
  returnAll: z.boolean().default(false).describe('Lists: all results'),
  limit: z.coerce.number().int().positive().default(50).describe('Lists: at most this many'),
});

export type GithubParams = z.output<typeof githubParams>;

/** The token of the slot the authentication names (an OAuth2 credential may keep it in oauthTokenData). */
async function tokenOf(ctx: GithubCtx, slot: string, rejected?: string): Promise<{ token: string; server: string }> {
  const cred = await ctx.credentials(slot, rejected ? { rejected } : undefined);
  const stored = cred?.oauthTokenData as { access_token?: unknown } | undefined;
  const token = cred?.accessToken ?? stored?.access_token;
  if (typeof token !== 'string' || token === '') throw new NodeError(`Node "${ctx.node.name}": the GitHub credential (${slot}) has no access token`, { field: 'credentials' });
  const server = typeof cred.server === 'string' && cred.server !== '' ? cred.server : 'https://api.github.com';
  return { token, server };
}

export const githubNode = defineNode({
  type: 'github',
  version: 1,
  displayName: 'GitHub',
  description: 'Create, edit and read files in GitHub repositories; issues, releases and pull request reviews',
  category: 'integration',
  icon: 'git-merge',
  inputs: [{ name: 'main' }],
  outputs: [{ name: 'main' }],
  params: githubParams,
  credentials: [
    { name: 'githubApi', type: 'githubApi', shownWhen: { authentication: ['accessToken'] } },
    { name: 'githubOAuth2Api', type: 'githubOAuth2Api', types: ['githubOAuth2Api', 'oAuth2Api'], shownWhen: { authentication: ['oAuth2'] } },
  ],
  async execute(ctx) {
    if (ctx.items.length === 0) return { main: [] };
    const slot = ctx.params(0).authentication === 'oAuth2' ? 'githubOAuth2Api' : 'githubApi';
    const auth = await tokenOf(ctx, slot);
    const refresh = slot === 'githubOAuth2Api' ? async (rejected: string) => (auth.token = (await tokenOf(ctx, slot, rejected)).token) : undefined;
    const fetchImpl = ctx.services.fetch ?? globalThis.fetch;
    return perItem(ctx as NodeContext<unknown>, 'main', async (item, i): Promise<Item[]> => {
      const p = ctx.params(i);
      if (!(GITHUB_OPERATIONS_OF[p.resource] as readonly string[]).includes(p.operation)) {
        throw new NodeError(`Node "${ctx.node.name}", field "operation": ${p.resource} has no operation "${p.operation}"`, { field: 'operation', itemIndex: i });
      }
      const call: GithubCall = { nodeName: ctx.node.name, server: auth.server, token: auth.token, fetchImpl, signal: ctx.signal, itemIndex: i, refresh };
      return runGithubItem(ctx, call, p, item, i);
    });
  },
});

export default githubNode;
