/**
 * Mattermost REST API v4 calls for nodes/mattermost: `<baseUrl>/api/v4<path>` with the credential's access token
 * as a Bearer token, JSON in and out. An error answer ({ id, message, status_code }) becomes a NodeError naming
 * the node, the field and Mattermost's message; the token never appears in one.
 */
import { NodeError, type JsonObject } from '../sdk';

export interface MattermostCall {
  nodeName: string;
  /** The server's URL (the credential's baseUrl), without /api/v4. */
  baseUrl: string;
  token: string;
  fetchImpl: typeof fetch;
  signal: AbortSignal;
  itemIndex: number;
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
type Json = JsonObject | JsonObject[] | string[] | unknown;

function queryOf(query: Record<string, string | number | boolean | undefined>): string {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') q.set(key, String(value));
  const text = q.toString();
  return text ? `?${text}` : '';
}

/** One call; returns Mattermost's answer (an object or an array). `field` is the node field an error is about. */
export async function mattermostApi(
  call: MattermostCall,
  method: Method,
  path: string,
  body: Json | undefined,
  field: string,
  query: Record<string, string | number | boolean | undefined> = {},
): Promise<unknown> {
  const url = `${call.baseUrl.replace(/\/+$/, '')}/api/v4${path}${queryOf(query)}`;
  const headers: Record<string, string> = { authorization: `Bearer ${call.token}`, accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const where = `Node "${call.nodeName}", field "${field}"`;
  let res: Response;
  try {
    res = await call.fetchImpl(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: call.signal });
  } catch (err) {
    if (call.signal.aborted) throw err;
    throw new NodeError(`${where}: Mattermost could not be reached: ${(err as Error).message}`, { field, itemIndex: call.itemIndex });
  }
  const text = await res.text();
  let answer: unknown;
  try {
    answer = text === '' ? {} : JSON.parse(text);
  } catch {
    answer = undefined;
  }
  if (!res.ok || answer === undefined) {
    const message = answer && typeof (answer as JsonObject).message === 'string' ? `: ${(answer as JsonObject).message}` : '';
    throw new NodeError(`${where}: Mattermost ${method} ${path} failed (HTTP ${res.status})${message}`, { field, itemIndex: call.itemIndex });
  }
  return answer;
}

/** A page/per_page list: every entry, or up to `limit`. */
export async function mattermostList(
  call: MattermostCall,
  path: string,
  query: Record<string, string | number | boolean | undefined>,
  field: string,
  limit: number | undefined,
): Promise<JsonObject[]> {
  const out: JsonObject[] = [];
  const perPage = limit === undefined ? 200 : Math.min(200, limit);
  for (let page = 0; ; page++) {
    const answer = await mattermostApi(call, 'GET', path, undefined, field, { ...query, page, per_page: perPage });
    const list = Array.isArray(answer) ? (answer as JsonObject[]) : [];
    out.push(...list);
    if (list.length < perPage || (limit !== undefined && out.length >= limit)) break;
  }
  return limit === undefined ? out : out.slice(0, limit);
}
