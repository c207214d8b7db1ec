/**
 * Todoist REST API v2 calls for nodes/todoist: `<baseUrl><path>` with the credential's token as a Bearer token,
 * JSON bodies. Todoist answers 204 with no body for close, reopen and delete. An error answer (Todoist sends
 * plain text) becomes a NodeError naming the node, the field and Todoist's message; the token never appears.
 */
import { NodeError, type JsonObject } from '../sdk';

export interface TodoistCall {
  nodeName: string;
  baseUrl: string;
  token: string;
  fetchImpl: typeof fetch;
  signal: AbortSignal;
  itemIndex: number;
}

export async function todoistApi(
  call: TodoistCall,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  body: JsonObject | undefined,
  field: string,
  query: Record<string, string> = {},
): Promise<unknown> {
  const q = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== ''));
  const url = `${call.baseUrl.replace(/\/+$/, '')}${path}${q.size ? `?${q}` : ''}`;
  const headers: Record<string, string> = { authorization: `Bearer ${call.token}` };
  if (body) headers['content-type'] = 'application/json';
  const where = `Node "${call.nodeName}", field "${field}"`;
  let res: Response;
  try {
    res = await call.fetchImpl(url, { method, headers, body: body ? JSON.stringify(body) : undefined, signal: call.signal });
  } catch (err) {
    if (call.signal.aborted) throw err;
    throw new NodeError(`${where}: Todoist could not be reached: ${(err as Error).message}`, { field, itemIndex: call.itemIndex });
  }
  const text = await res.text();
  if (!res.ok) {
    const message = text.trim() ? `: ${text.trim().slice(0, 300)}` : '';
    throw new NodeError(`${where}: Todoist ${method} ${path} failed (HTTP ${res.status})${message}`, { field, itemIndex: call.itemIndex });
  }
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new NodeError(`${where}: Todoist ${method} ${path} answered something that is not JSON`, { field, itemIndex: call.itemIndex });
  }
}
