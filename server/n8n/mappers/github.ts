/**
 * n8n's GitHub node (n8n-nodes-base.github v1, v1.1) into nodes/github: file create / delete / edit / get / list,
 * issue create / createComment / edit / get / lock, release create / delete / get / getAll / update, review
 * create / get / getAll / update, repository get, user getRepositories. Owner and repository locators (or v1's
 * plain strings) become their value; additionalParameters / additionalFields / editFields become flat params;
 * labels and assignees ({ label } / { assignee } entries) become lists of names. OAuth2 (authentication oAuth2)
 * keeps its githubOAuth2Api credential slot. Other operations (repository issues, organization, user invite,
 * workflows) stay unsupported, naming the operation. The GitHub Trigger is not mapped. The reverse mapper
 * (../reverse/github.ts) writes v1.1.
 */
import type { Mapper } from './types';
import { arr, bool, locatorValue, num, obj, str, type Params } from './util';
import { GITHUB_DEFAULT_OPERATION, GITHUB_OPERATIONS_OF } from '../../../nodes/github';

/** n8n's default operation per resource (repository's is getIssues, which Weft does not have). */
export const GITHUB_N8N_DEFAULT_OPERATION: Record<string, string> = { ...GITHUB_DEFAULT_OPERATION, repository: 'getIssues' };

/** [{ label: 'a' }, ...] (or an expression / text) -> names. */
const names = (v: unknown, key: string): string[] | string => (typeof v === 'string' ? v : arr(v).map((e) => str(obj(e)[key])).filter(Boolean));
const text = (v: unknown) => (typeof v === 'number' ? String(v) : str(v));

function fileParams(operation: string, p: Params, out: Params): void {
  out.filePath = str(p.filePath);
  const extra = obj(p.additionalParameters);
  if (operation === 'get' || operation === 'list') {
    if (extra.reference !== undefined) out.reference = str(extra.reference);
    if (operation === 'get') {
      out.asBinaryProperty = bool(p.asBinaryProperty, true);
      if (out.asBinaryProperty) out.binaryPropertyName = str(p.binaryPropertyName, 'data');
    }
    return;
  }
  out.commitMessage = str(p.commitMessage);
  if (operation !== 'delete') {
    out.binaryData = bool(p.binaryData, false);
    if (out.binaryData) out.binaryPropertyName = str(p.binaryPropertyName, 'data');
    else out.fileContent = str(p.fileContent);
  }
  const branch = obj(extra.branch).branch;
  if (branch !== undefined) out.branch = str(branch);
  for (const who of ['author', 'committer'] as const) {
    const person = obj(extra[who]);
    if (person.name !== undefined) out[`${who}Name`] = str(person.name);
    if (person.email !== undefined) out[`${who}Email`] = str(person.email);
  }
}

function issueFields(fields: Params, out: Params): void {
  if (fields.title !== undefined) out.title = str(fields.title);
  if (fields.body !== undefined) out.body = str(fields.body);
  if (fields.labels !== undefined) out.labels = names(fields.labels, 'label');
  if (fields.assignees !== undefined) out.assignees = names(fields.assignees, 'assignee');
}

function releaseFields(fields: Params, out: Params): void {
  for (const [n8n, weft] of [['name', 'name'], ['body', 'body'], ['target_commitish', 'targetCommitish'], ['tag_name', 'releaseTag']] as const) {
    if (fields[n8n] !== undefined) out[weft] = str(fields[n8n]);
  }
  if (fields.draft !== undefined) out.draft = bool(fields.draft, false);
  if (fields.prerelease !== undefined) out.prerelease = bool(fields.prerelease, false);
}

export const github: Mapper = ({ params: p }) => {
  const resource = str(p.resource, 'issue');
  const operation = str(p.operation, GITHUB_N8N_DEFAULT_OPERATION[resource] ?? '');
  const supported = (GITHUB_OPERATIONS_OF as Record<string, readonly string[]>)[resource];
  if (!supported?.includes(operation)) return { unsupported: `GitHub ${resource} operation "${operation}" is not supported` };
  const out: Params = { resource, operation };
  if (str(p.authentication) === 'oAuth2') out.authentication = 'oAuth2';
  out.owner = locatorValue(p.owner);
  if (resource !== 'user') out.repository = locatorValue(p.repository);
  const list = () => {
    out.returnAll = bool(p.returnAll, false);
    out.limit = typeof p.limit === 'string' && p.limit.startsWith('=') ? p.limit : num(p.limit, 50);
  };
  if (resource === 'file') fileParams(operation, p, out);
  else if (resource === 'issue') {
    if (operation === 'create') issueFields({ title: p.title ?? '', body: p.body, labels: p.labels, assignees: p.assignees }, out);
    else out.issueNumber = text(p.issueNumber);
    if (operation === 'createComment') out.body = str(p.body);
    if (operation === 'lock') out.lockReason = str(p.lockReason, 'resolved');
    if (operation === 'edit') {
      const fields = obj(p.editFields);
      issueFields(fields, out);
      if (fields.state !== undefined) out.state = str(fields.state);
      if (fields.state_reason !== undefined) out.stateReason = str(fields.state_reason);
    }
  } else if (resource === 'release') {
    if (operation === 'create') out.releaseTag = str(p.releaseTag);
    else if (operation === 'getAll') list();
    else out.releaseId = text(p.release_id);
    if (operation === 'create' || operation === 'update') releaseFields(obj(p.additionalFields), out);
  } else if (resource === 'review') {
    out.pullRequestNumber = text(p.pullRequestNumber);
    if (operation === 'get' || operation === 'update') out.reviewId = text(p.reviewId);
    if (operation === 'getAll') list();
    if (operation === 'create') {
      out.event = str(p.event, 'approve');
      const commitId = obj(p.additionalFields).commitId;
      if (commitId !== undefined) out.commitId = str(commitId);
    }
    if (operation === 'create' || operation === 'update') out.body = str(p.body);
  } else if (resource === 'user') list();
  return { type: 'github', params: out };
};
