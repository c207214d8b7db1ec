/**
 * GitHub REST API calls for nodes/github: `<server><path>` (server: the credential's API URL, default
 * https://api.github.com) with the token as a Bearer token, GitHub's JSON media type and a User-Agent (GitHub
 * refuses requests without one). An OAuth2 token the API answers 401 to is refreshed once (`refresh`). An error
 * answer ({ message }) becomes a NodeError naming the node, the field and GitHub's message; the token never appears.
 */
import { NodeError, type JsonObject } from '../sdk';

export interface GithubCall {
  nodeName: string;
  server: string;
  token: string;
  fetchImpl: typeof fetch;
  signal: AbortSignal;
  itemIndex: number;
  /** OAuth2: a fresh token after `rejected` was refused; undefined for access tokens. */
  refresh?: (rejected: string) => Promise<string>;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type Query = Record<string, string | number | undefined>;

export class GithubNotFound extends NodeError {}

function urlOf(call: GithubCall, path: string, query: Query): string {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') q.set(key, String(value));
  return `${call.server.replace(/\/+$/, '')}${path}${q.size ? `?${q}` : ''}`;
}

async function send(call: GithubCall, method: Method, url: string, body: JsonObject | undefined, field: string): Promise<Response> {
  const headers: Record<string, string> = {
    authorization: `Bearer ${call.token}`,
    accept: 'application/vnd.github+json',
    'user-agent': 'Weft',
  };
  if (body) headers['content-type'] = 'application/json';
  try {
    return await call.fetchImpl(url, { method, headers, body: body ? JSON.stringify(body) : undefined, signal: call.signal });
  } catch (err) {
    if (call.signal.aborted) throw err;
    throw new NodeError(`Node "${call.nodeName}", field "${field}": GitHub could not be reached: ${(err as Error).message}`, { field, itemIndex: call.itemIndex });
  }
}

/** One call; GitHub's answer (undefined for 204). 404 throws GithubNotFound (callers that look a file up catch it). */
export async function githubApi(call: GithubCall, method: Method, path: string, body: JsonObject | undefined, field: string, query: Query = {}): Promise<unknown> {
  const url = urlOf(call, path, query);
  let res = await send(call, method, url, body, field);
  if (res.status === 401 && call.refresh) {
    call.token = await call.refresh(call.token);
    res = await send(call, method, url, body, field);
  }
  const text = await res.text();
  let answer: unknown;
  try {
    answer = text.trim() === '' ? undefined : JSON.parse(text);
  } catch {
    answer = text;
  }
  if (!res.ok) {
    const message = answer && typeof (answer as JsonObject).message === 'string' ? `: ${(answer as JsonObject).message}` : '';
    const Err = res.status === 404 ? GithubNotFound : NodeError;
    throw new Err(`Node "${call.nodeName}", field "${field}": GitHub ${method} ${path} failed (HTTP ${res.status})${message}`, { field, itemIndex: call.itemIndex });
  }
  return answer;
}

/** A page-numbered list (per_page up to 100): every entry, or up to `limit`. */
export async function githubList(call: GithubCall, path: string, query: Query, field: string, limit: number | undefined): Promise<JsonObject[]> {
  const out: JsonObject[] = [];
  const perPage = limit === undefined ? 100 : Math.min(100, limit);
  for (let page = 1; ; page++) {
    const answer = await githubApi(call, 'GET', path, undefined, field, { ...query, per_page: perPage, page });
    const list = Array.isArray(answer) ? (answer as JsonObject[]) : [];
    out.push(...list);
    if (list.length < perPage || (limit !== undefined && out.length >= limit)) break;
  }
  return limit === undefined ? out : out.slice(0, limit);
}

/** `owner/repo` path segments, each percent-encoded; a file path keeps its slashes. */
export const seg = (v: string) => encodeURIComponent(v);
export const filePathSegments = (path: string) => path.replace(/^\/+/, '').split('/').map(seg).join('/');
