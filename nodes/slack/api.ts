/**
 * Slack Web API calls for nodes/slack: `<baseUrl>/<method>` with the credential's Bearer token. Writes (chat.*)
 * send a JSON body; reads (conversations.*, users.info) send query parameters, as Slack's read methods do not
 * take JSON. A response with ok:false is an error naming Slack's error code; the token never appears in one.
 */
import { NodeError, type JsonObject } from '../sdk';

export interface SlackCall {
  nodeName: string;
  baseUrl: string;
  token: string;
  fetchImpl: typeof fetch;
  signal: AbortSignal;
  itemIndex: number;
}

/** Slack methods that read: sent as GET with query parameters. */
const READ_METHODS = new Set(['conversations.history', 'conversations.replies', 'users.info']);

function queryOf(args: JsonObject): string {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(args)) if (value !== undefined && value !== null && value !== '') q.set(key, String(value));
  const text = q.toString();
  return text ? `?${text}` : '';
}

/** One Web API call; returns Slack's answer (ok:true). `field` is the node field an error is about. */
export async function slackApi(call: SlackCall, method: string, args: JsonObject, field: string): Promise<JsonObject> {
  const read = READ_METHODS.has(method);
  const url = `${call.baseUrl.replace(/\/+$/, '')}/${method}${read ? queryOf(args) : ''}`;
  const headers: Record<string, string> = { authorization: `Bearer ${call.token}` };
  if (!read) headers['content-type'] = 'application/json; charset=utf-8';
  const where = `Node "${call.nodeName}", field "${field}"`;
  let res: Response;
  try {
    res = await call.fetchImpl(url, { method: read ? 'GET' : 'POST', headers, body: read ? undefined : JSON.stringify(args), signal: call.signal });
  } catch (err) {
    if (call.signal.aborted) throw err;
    throw new NodeError(`${where}: Slack ${method} could not be reached: ${(err as Error).message}`, { field, itemIndex: call.itemIndex });
  }
  const text = await res.text();
  let body: JsonObject | undefined;
  try {
    body = JSON.parse(text) as JsonObject;
  } catch {
    body = undefined;
  }
  if (!res.ok || !body || typeof body !== 'object') {
    const code = body && typeof body.error === 'string' ? `: ${body.error}` : '';
    throw new NodeError(`${where}: Slack ${method} answered HTTP ${res.status}${code}`, { field, itemIndex: call.itemIndex });
  }
  if (body.ok !== true) {
    const code = typeof body.error === 'string' ? body.error : 'unknown_error';
    throw new NodeError(`${where}: Slack ${method} failed: ${code}`, { field, itemIndex: call.itemIndex });
  }
  return body;
}

/** A cursor-paginated read: the entries under `listKey` of every page, or up to `limit` of them. */
export async function slackList(call: SlackCall, method: string, args: JsonObject, listKey: string, field: string, limit: number | undefined): Promise<JsonObject[]> {
  const out: JsonObject[] = [];
  let cursor: string | undefined;
  do {
    const pageSize = limit === undefined ? 200 : Math.min(200, limit - out.length);
    const page = await slackApi(call, method, { ...args, limit: pageSize, cursor }, field);
    const list = Array.isArray(page[listKey]) ? (page[listKey] as JsonObject[]) : [];
    out.push(...list);
    const meta = page.response_metadata as JsonObject | undefined;
    cursor = typeof meta?.next_cursor === 'string' && meta.next_cursor !== '' ? meta.next_cursor : undefined;
  } while (cursor && (limit === undefined || out.length < limit));
  return limit === undefined ? out : out.slice(0, limit);
}
