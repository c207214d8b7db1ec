/**
 * Notion API calls for nodes/notion: `<baseUrl><path>` with the credential's key as a Bearer token and the
 * Notion-Version header. An error answer ({ object: 'error', code, message }) becomes a NodeError naming the
 * node, the field and Notion's code; the key never appears in one.
 */
import { NodeError, type JsonObject } from '../sdk';

export interface NotionCall {
  nodeName: string;
  baseUrl: string;
  apiKey: string;
  version: string;
  fetchImpl: typeof fetch;
  signal: AbortSignal;
  itemIndex: number;
}

export async function notionApi(call: NotionCall, method: 'GET' | 'POST' | 'PATCH', path: string, body: JsonObject | undefined, field: string): Promise<JsonObject> {
  const url = `${call.baseUrl.replace(/\/+$/, '')}${path}`;
  const headers: Record<string, string> = { authorization: `Bearer ${call.apiKey}`, 'notion-version': call.version };
  if (body) headers['content-type'] = 'application/json';
  const where = `Node "${call.nodeName}", field "${field}"`;
  let res: Response;
  try {
    res = await call.fetchImpl(url, { method, headers, body: body ? JSON.stringify(body) : undefined, signal: call.signal });
  } catch (err) {
    if (call.signal.aborted) throw err;
    throw new NodeError(`${where}: Notion could not be reached: ${(err as Error).message}`, { field, itemIndex: call.itemIndex });
  }
  const text = await res.text();
  let answer: JsonObject | undefined;
  try {
    answer = JSON.parse(text) as JsonObject;
  } catch {
    answer = undefined;
  }
  if (!res.ok || !answer || answer.object === 'error') {
    const code = answer && typeof answer.code === 'string' ? ` ${answer.code}` : '';
    const message = answer && typeof answer.message === 'string' ? `: ${answer.message}` : '';
    throw new NodeError(`${where}: Notion ${method} ${path.split('?')[0]} failed (HTTP ${res.status}${code})${message}`, { field, itemIndex: call.itemIndex });
  }
  return answer;
}

/** A paginated list (Notion's has_more / next_cursor): every result, or up to `limit`. */
export async function notionList(call: NotionCall, method: 'GET' | 'POST', path: string, body: JsonObject, field: string, limit: number | undefined): Promise<JsonObject[]> {
  const out: JsonObject[] = [];
  let cursor: string | undefined;
  do {
    const pageSize = limit === undefined ? 100 : Math.min(100, limit - out.length);
    let page: JsonObject;
    if (method === 'GET') {
      const q = new URLSearchParams({ page_size: String(pageSize) });
      if (cursor) q.set('start_cursor', cursor);
      page = await notionApi(call, 'GET', `${path}?${q}`, undefined, field);
    } else {
      page = await notionApi(call, 'POST', path, { ...body, page_size: pageSize, ...(cursor ? { start_cursor: cursor } : {}) }, field);
    }
    out.push(...(Array.isArray(page.results) ? (page.results as JsonObject[]) : []));
    cursor = page.has_more === true && typeof page.next_cursor === 'string' ? page.next_cursor : undefined;
  } while (cursor && (limit === undefined || out.length < limit));
  return limit === undefined ? out : out.slice(0, limit);
}

/** A Notion id from an id (with or without dashes) or a page/database URL (its last 32 hex digits). */
export function notionId(value: string): string | undefined {
  const last = value.trim().split(/[?#]/)[0].replace(/\/+$/, '').split('/').pop() ?? '';
  const compact = last.replace(/-/g, '');
  const hex = compact.slice(-32);
  if (!/^[0-9a-f]{32}$/i.test(hex)) return undefined;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`.toLowerCase();
}
