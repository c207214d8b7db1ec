/** nodes/github back into n8n's GitHub node v1.1: owner and repository as locators, flat fields back into n8n's collections. */
import { numOr, setIf, str, type Params, type ReverseMapper } from './types';
import { GITHUB_N8N_DEFAULT_OPERATION } from '../mappers/github';

const locator = (value: unknown) => ({ __rl: true, value: str(value), mode: 'name' });
const given = (v: unknown) => v !== undefined && v !== '';
const entries = (v: unknown, key: string) => (typeof v === 'string' ? v : (Array.isArray(v) ? v : []).map((name) => ({ [key]: name })));

function fileParameters(operation: string, p: Params, out: Params): void {
  out.filePath = str(p.filePath);
  const extra: Params = {};
  if (operation === 'get' || operation === 'list') {
    if (operation === 'get') {
      setIf(out, 'asBinaryProperty', p.asBinaryProperty, true);
      if (p.asBinaryProperty !== false) setIf(out, 'binaryPropertyName', p.binaryPropertyName, 'data');
    }
    if (given(p.reference)) extra.reference = p.reference;
    out.additionalParameters = extra;
    return;
  }
  if (operation !== 'delete') {
    setIf(out, 'binaryData', p.binaryData, false);
    if (p.binaryData === true) setIf(out, 'binaryPropertyName', p.binaryPropertyName, 'data');
    else out.fileContent = str(p.fileContent);
  }
  out.commitMessage = str(p.commitMessage);
  if (given(p.branch)) extra.branch = { branch: p.branch };
  for (const who of ['author', 'committer'] as const) {
    const person: Params = {};
    if (given(p[`${who}Name`])) person.name = p[`${who}Name`];
    if (given(p[`${who}Email`])) person.email = p[`${who}Email`];
    if (Object.keys(person).length) extra[who] = person;
  }
  out.additionalParameters = extra;
}

function issueFields(p: Params, into: Params): void {
  if (p.title !== undefined) into.title = p.title;
  if (p.body !== undefined) into.body = p.body;
  if (p.labels !== undefined) into.labels = entries(p.labels, 'label');
  if (p.assignees !== undefined) into.assignees = entries(p.assignees, 'assignee');
}

function releaseFields(p: Params): Params {
  const fields: Params = {};
  for (const [weft, n8n] of [['name', 'name'], ['body', 'body'], ['targetCommitish', 'target_commitish']] as const) if (p[weft] !== undefined) fields[n8n] = p[weft];
  if (p.draft !== undefined) fields.draft = p.draft;
  if (p.prerelease !== undefined) fields.prerelease = p.prerelease;
  return fields;
}

function list(p: Params, out: Params): void {
  setIf(out, 'returnAll', p.returnAll, false);
  if (p.returnAll !== true) setIf(out, 'limit', p.limit, 50);
}

export const github: ReverseMapper = ({ params: p }) => {
  const resource = str(p.resource, 'issue');
  const operation = str(p.operation, 'create');
  const out: Params = {};
  setIf(out, 'authentication', p.authentication, 'accessToken');
  setIf(out, 'resource', resource, 'issue');
  setIf(out, 'operation', operation, GITHUB_N8N_DEFAULT_OPERATION[resource]);
  out.owner = locator(p.owner);
  if (resource !== 'user') out.repository = locator(p.repository);
  if (resource === 'file') fileParameters(operation, p, out);
  else if (resource === 'issue') {
    if (operation === 'create') {
      out.title = str(p.title);
      issueFields({ body: p.body, labels: p.labels ?? [], assignees: p.assignees ?? [] }, out);
    } else out.issueNumber = numOr(p.issueNumber, 0); // a number field in n8n (or an expression)
    if (operation === 'createComment') out.body = str(p.body);
    if (operation === 'lock') out.lockReason = p.lockReason || 'resolved';
    if (operation === 'edit') {
      const fields: Params = {};
      issueFields({ title: p.title, body: p.body, labels: p.labels, assignees: p.assignees }, fields);
      if (p.state !== undefined) fields.state = p.state;
      if (p.stateReason !== undefined) fields.state_reason = p.stateReason;
      out.editFields = fields;
    }
  } else if (resource === 'release') {
    if (operation === 'create') out.releaseTag = str(p.releaseTag);
    else if (operation === 'getAll') list(p, out);
    else out.release_id = p.releaseId;
    if (operation === 'create') out.additionalFields = releaseFields(p);
    if (operation === 'update') out.additionalFields = { ...releaseFields(p), ...(given(p.releaseTag) ? { tag_name: p.releaseTag } : {}) };
  } else if (resource === 'review') {
    out.pullRequestNumber = numOr(p.pullRequestNumber, 0);
    if (operation === 'get' || operation === 'update') out.reviewId = p.reviewId;
    if (operation === 'getAll') list(p, out);
    if (operation === 'create') {
      setIf(out, 'event', p.event, 'approve');
      out.body = str(p.body);
      out.additionalFields = given(p.commitId) ? { commitId: p.commitId } : {};
    }
    if (operation === 'update') out.body = str(p.body);
  } else if (resource === 'user') list(p, out);
  return { type: 'n8n-nodes-base.github', typeVersion: 1.1, parameters: out };
};
