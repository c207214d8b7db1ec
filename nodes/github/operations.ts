/**
 * What each GitHub operation of nodes/github sends and outputs. Answers that are lists become one item each;
 * file get as binary keeps the input item's json and adds the file; release delete outputs { success: true }.
 */
import { NodeError, type Item, type JsonObject, type NodeContext } from '../sdk';
import { bytesOf, makeBinary, mimeFromFileName, requireBinary } from '../binary-data';
import { filePathSegments, githubApi, githubList, GithubNotFound, seg, type GithubCall } from './api';
import type { GithubParams } from './index';

export type GithubCtx = NodeContext<GithubParams>;
type P = GithubParams;
type Required = 'owner' | 'repository' | 'filePath' | 'commitMessage' | 'issueNumber' | 'releaseId' | 'pullRequestNumber' | 'reviewId';

function need(ctx: GithubCtx, p: P, field: Required, i: number): string {
  const value = p[field].trim();
  if (value === '') throw new NodeError(`Node "${ctx.node.name}", field "${field}": is empty; ${p.resource} ${p.operation} needs it`, { field, itemIndex: i });
  return value;
}

const repoPath = (ctx: GithubCtx, p: P, i: number) => `/repos/${seg(need(ctx, p, 'owner', i))}/${seg(need(ctx, p, 'repository', i))}`;
const limitOf = (p: P) => (p.returnAll ? undefined : p.limit);
const many = (answer: unknown): JsonObject[] => (Array.isArray(answer) ? (answer as JsonObject[]) : [(answer ?? {}) as JsonObject]);

/** Branch, author and committer of a file write (n8n's additionalParameters). */
function commitExtras(p: P): JsonObject {
  const out: JsonObject = {};
  if (p.branch.trim() !== '') out.branch = p.branch.trim();
  if (p.authorName !== '' || p.authorEmail !== '') out.author = { name: p.authorName, email: p.authorEmail };
  if (p.committerName !== '' || p.committerEmail !== '') out.committer = { name: p.committerName, email: p.committerEmail };
  return out;
}

/** The sha of the file now at the path (edit and delete must name it). */
async function currentSha(ctx: GithubCtx, call: GithubCall, p: P, path: string, i: number): Promise<string> {
  try {
    const file = (await githubApi(call, 'GET', path, undefined, 'filePath', { ref: p.branch.trim() })) as JsonObject;
    if (typeof file?.sha === 'string') return file.sha;
  } catch (err) {
    if (!(err instanceof GithubNotFound)) throw err;
  }
  throw new NodeError(`Node "${ctx.node.name}", field "filePath": "${p.filePath}" does not exist in ${p.owner}/${p.repository}${p.branch ? ` (branch ${p.branch})` : ''}; use the create operation for a new file`, { field: 'filePath', itemIndex: i });
}

async function file(ctx: GithubCtx, call: GithubCall, p: P, item: Item, i: number): Promise<Item[]> {
  const repo = repoPath(ctx, p, i);
  const out = (answer: unknown) => many(answer).map((json) => ({ json, pairedItem: { item: i } }));
  if (p.operation === 'list') return out(await githubApi(call, 'GET', `${repo}/contents/${filePathSegments(p.filePath)}`, undefined, 'filePath', { ref: p.reference.trim() }));
  const path = `${repo}/contents/${filePathSegments(need(ctx, p, 'filePath', i))}`;
  if (p.operation === 'get') {
    const answer = (await githubApi(call, 'GET', path, undefined, 'filePath', { ref: p.reference.trim() })) as JsonObject;
    if (!p.asBinaryProperty) return out(answer);
    if (Array.isArray(answer) || typeof answer?.content !== 'string') {
      throw new NodeError(`Node "${ctx.node.name}", field "filePath": "${p.filePath}" is not a file (a directory?); turn off "As Binary Property" to get GitHub's answer`, { field: 'filePath', itemIndex: i });
    }
    const fileName = String(answer.name ?? p.filePath.split('/').pop());
    const bytes = Buffer.from(String(answer.content).replace(/\s+/g, ''), 'base64');
    const property = p.binaryPropertyName.trim() || 'data';
    return [{ json: item.json, binary: { ...item.binary, [property]: makeBinary(bytes, { fileName, mimeType: mimeFromFileName(fileName) }) }, pairedItem: { item: i } }];
  }
  const message = need(ctx, p, 'commitMessage', i);
  if (p.operation === 'delete') {
    const sha = await currentSha(ctx, call, p, path, i);
    return out(await githubApi(call, 'DELETE', path, { message, sha, ...commitExtras(p) }, 'filePath'));
  }
  const content = p.binaryData
    ? bytesOf(requireBinary(item, p.binaryPropertyName.trim() || 'data', ctx.node.name, 'binaryPropertyName', i)).toString('base64')
    : Buffer.from(p.fileContent, 'utf8').toString('base64');
  const body: JsonObject = { message, content, ...commitExtras(p) };
  if (p.operation === 'edit') body.sha = await currentSha(ctx, call, p, path, i);
  return out(await githubApi(call, 'PUT', path, body, 'filePath'));
}

/** Issue fields that are set (edit leaves the others as they are). */
function issueFields(p: P): JsonObject {
  const body: JsonObject = {};
  if (p.title !== undefined) body.title = p.title;
  if (p.body !== undefined) body.body = p.body;
  if (p.labels !== undefined) body.labels = p.labels;
  if (p.assignees !== undefined) body.assignees = p.assignees;
  return body;
}

async function issue(ctx: GithubCtx, call: GithubCall, p: P, i: number): Promise<unknown> {
  const repo = repoPath(ctx, p, i);
  if (p.operation === 'create') {
    if (!p.title?.trim()) throw new NodeError(`Node "${ctx.node.name}", field "title": is empty; issue create needs it`, { field: 'title', itemIndex: i });
    return githubApi(call, 'POST', `${repo}/issues`, issueFields(p), 'title');
  }
  const issuePath = `${repo}/issues/${seg(need(ctx, p, 'issueNumber', i))}`;
  switch (p.operation) {
    case 'createComment':
      return githubApi(call, 'POST', `${issuePath}/comments`, { body: p.body ?? '' }, 'body');
    case 'edit': {
      const body = issueFields(p);
      if (p.state) body.state = p.state;
      if (p.stateReason) body.state_reason = p.stateReason;
      return githubApi(call, 'PATCH', issuePath, body, 'issueNumber');
    }
    case 'get':
      return githubApi(call, 'GET', issuePath, undefined, 'issueNumber');
    case 'lock':
      await githubApi(call, 'PUT', `${issuePath}/lock`, p.lockReason ? { lock_reason: p.lockReason } : {}, 'issueNumber');
      return { success: true };
  }
  return undefined;
}

function releaseFields(p: P): JsonObject {
  const body: JsonObject = {};
  if (p.name !== undefined) body.name = p.name;
  if (p.body !== undefined) body.body = p.body;
  if (p.draft !== undefined) body.draft = p.draft;
  if (p.prerelease !== undefined) body.prerelease = p.prerelease;
  if (p.targetCommitish !== undefined && p.targetCommitish !== '') body.target_commitish = p.targetCommitish;
  return body;
}

async function release(ctx: GithubCtx, call: GithubCall, p: P, i: number): Promise<unknown> {
  const repo = repoPath(ctx, p, i);
  if (p.operation === 'create') {
    if (!p.releaseTag?.trim()) throw new NodeError(`Node "${ctx.node.name}", field "releaseTag": is empty; release create needs it`, { field: 'releaseTag', itemIndex: i });
    return githubApi(call, 'POST', `${repo}/releases`, { tag_name: p.releaseTag.trim(), ...releaseFields(p) }, 'releaseTag');
  }
  if (p.operation === 'getAll') return githubList(call, `${repo}/releases`, {}, 'repository', limitOf(p));
  const path = `${repo}/releases/${seg(need(ctx, p, 'releaseId', i))}`;
  if (p.operation === 'get') return githubApi(call, 'GET', path, undefined, 'releaseId');
  if (p.operation === 'delete') {
    await githubApi(call, 'DELETE', path, undefined, 'releaseId');
    return { success: true };
  }
  const body = releaseFields(p);
  if (p.releaseTag !== undefined && p.releaseTag !== '') body.tag_name = p.releaseTag;
  return githubApi(call, 'PATCH', path, body, 'releaseId');
}

const REVIEW_EVENTS: Record<string, string | undefined> = { approve: 'APPROVE', requestChanges: 'REQUEST_CHANGES', comment: 'COMMENT', pending: undefined };

async function review(ctx: GithubCtx, call: GithubCall, p: P, i: number): Promise<unknown> {
  const reviews = `${repoPath(ctx, p, i)}/pulls/${seg(need(ctx, p, 'pullRequestNumber', i))}/reviews`;
  switch (p.operation) {
    case 'create': {
      const body: JsonObject = {};
      const event = REVIEW_EVENTS[p.event];
      if (event) body.event = event;
      if (p.body !== undefined && p.body !== '') body.body = p.body;
      else if (p.event === 'requestChanges' || p.event === 'comment') throw new NodeError(`Node "${ctx.node.name}", field "body": is empty; GitHub needs a body to ${p.event === 'comment' ? 'comment' : 'request changes'}`, { field: 'body', itemIndex: i });
      if (p.commitId.trim() !== '') body.commit_id = p.commitId.trim();
      return githubApi(call, 'POST', reviews, body, 'pullRequestNumber');
    }
    case 'get':
      return githubApi(call, 'GET', `${reviews}/${seg(need(ctx, p, 'reviewId', i))}`, undefined, 'reviewId');
    case 'getAll':
      return githubList(call, reviews, {}, 'pullRequestNumber', limitOf(p));
    case 'update':
      return githubApi(call, 'PUT', `${reviews}/${seg(need(ctx, p, 'reviewId', i))}`, { body: p.body ?? '' }, 'body');
  }
  return undefined;
}

export async function runGithubItem(ctx: GithubCtx, call: GithubCall, p: P, item: Item, i: number): Promise<Item[]> {
  if (p.resource === 'file') return file(ctx, call, p, item, i);
  let answer: unknown;
  if (p.resource === 'issue') answer = await issue(ctx, call, p, i);
  else if (p.resource === 'release') answer = await release(ctx, call, p, i);
  else if (p.resource === 'review') answer = await review(ctx, call, p, i);
  else if (p.resource === 'repository') answer = await githubApi(call, 'GET', repoPath(ctx, p, i), undefined, 'repository');
  else answer = await githubList(call, `/users/${seg(need(ctx, p, 'owner', i))}/repos`, {}, 'owner', limitOf(p));
  return many(answer).map((json) => ({ json, pairedItem: { item: i } }));
}
