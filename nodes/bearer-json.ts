/**
 * JSON calls with a bearer token for the SaaS nodes that are not Google's (Microsoft Outlook, HubSpot): the
 * token comes from an OAuth2 credential slot (withOAuth2Token: one refresh after a 401) or is fixed (an app
 * token / API key); API errors become a NodeError naming the node, the field and what the service said, with
 * every token scrubbed out.
 */
import { NodeError, withOAuth2Token, type JsonObject, type NodeContext } from './sdk';

export type TokenSource = { oauth2Slot: string } | { token: string } | { query: Record<string, string> };

export interface JsonCall {
  ctx: NodeContext<unknown>;
  /** Service name for messages ("Microsoft Graph", "HubSpot"). */
  service: string;
  auth: TokenSource;
  method: string;
  url: string;
  json?: unknown;
  field: string;
  itemIndex: number;
  /** What the call is, for messages ("POST me/sendMail"). */
  what: string;
}

const fail = (c: JsonCall, problem: string) => new NodeError(`Node "${c.ctx.node.name}", field "${c.field}" (item ${c.itemIndex}): ${problem}`, { field: c.field, itemIndex: c.itemIndex });

/** The service's error message: { error: { message } } (Graph), { message } (HubSpot), or the text. */
function reasonOf(raw: string): string {
  try {
    const j = JSON.parse(raw) as { error?: { message?: string } | string; message?: string; error_description?: string };
    if (j.error && typeof j.error === 'object' && typeof j.error.message === 'string') return j.error.message;
    if (typeof j.message === 'string') return j.message;
    if (typeof j.error === 'string') return [j.error, j.error_description].filter(Boolean).join(': ');
  } catch {
    /* not JSON */
  }
  return raw.slice(0, 200);
}

/** One call; the parsed JSON answer ({} when empty). Non-2xx answers throw a NodeError. */
export async function callJson(c: JsonCall): Promise<JsonObject> {
  const fetchImpl = c.ctx.services.fetch ?? globalThis.fetch;
  const secrets: string[] = [];
  let url = c.url;
  if ('query' in c.auth) {
    const u = new URL(url);
    for (const [k, v] of Object.entries(c.auth.query)) {
      u.searchParams.set(k, v);
      secrets.push(v);
    }
    url = u.toString();
  }
  const send = async (token: string | undefined): Promise<Response> => {
    if (token) secrets.push(token);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    if (c.json !== undefined) headers['content-type'] = 'application/json';
    try {
      return await fetchImpl(url, { method: c.method, headers, body: c.json === undefined ? undefined : JSON.stringify(c.json), signal: c.ctx.signal });
    } catch (err) {
      if (c.ctx.signal.aborted) throw err;
      throw fail(c, scrub(`${c.service} ${c.what}: cannot reach ${new URL(url).origin}: ${(err as Error).message}`, secrets));
    }
  };
  const res = 'oauth2Slot' in c.auth ? await withOAuth2Token(c.ctx, c.auth.oauth2Slot, send) : await send('token' in c.auth ? c.auth.token : undefined);
  const raw = await res.text();
  if (!res.ok) throw fail(c, scrub(`${c.service} ${c.what} failed (HTTP ${res.status}): ${reasonOf(raw)}`, secrets));
  if (!raw.trim()) return {};
  try {
    return JSON.parse(raw) as JsonObject;
  } catch {
    throw fail(c, `${c.service} ${c.what}: the answer is not JSON: ${scrub(raw.slice(0, 100), secrets)}`);
  }
}

export function scrub(message: string, secrets: string[]): string {
  let out = message;
  for (const s of secrets) if (s && s.length >= 6) out = out.split(s).join('***');
  return out;
}
