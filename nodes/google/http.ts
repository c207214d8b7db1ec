/**
 * Calls to Google REST APIs for the Google nodes: the bearer token from a GoogleAuth, one retry with a fresh
 * token when the API answers 401 (an OAuth2 token revoked or expired early), and errors that say which call
 * failed and what Google said, scrubbed of every secret the auth holds. The nodes turn GoogleApiError into
 * a NodeError naming the node and the field.
 */
import { randomBytes } from 'node:crypto';
import { abortError, causeOf, GoogleApiError, scrub, type GoogleAuth } from './auth';

export interface GoogleRequest {
  method: string;
  /** The full URL (base URL param + path + query). */
  url: string;
  /** A JSON body (sent as application/json), or raw bytes / text with their content type. */
  json?: unknown;
  body?: Buffer | string;
  contentType?: string;
  /** Other request headers (e.g. a resumable upload's X-Upload-Content-Type). */
  headers?: Record<string, string>;
  /** What the call is, for messages: "GET messages/abc". */
  what: string;
}

export interface GoogleResponse {
  status: number;
  headers: Headers;
  bytes: Buffer;
}

async function send(auth: GoogleAuth, req: GoogleRequest, token: string, signal: AbortSignal, fetchImpl: typeof fetch): Promise<GoogleResponse> {
  const headers: Record<string, string> = { ...req.headers, authorization: `Bearer ${token}` };
  let body: BodyInit | undefined;
  if (req.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(req.json);
  } else if (req.body !== undefined) {
    if (req.contentType) headers['content-type'] = req.contentType;
    body = typeof req.body === 'string' ? req.body : new Uint8Array(req.body);
  }
  let res: Response;
  try {
    res = await fetchImpl(req.url, { method: req.method, headers, body, signal });
  } catch (err) {
    if (signal.aborted) throw abortError(signal);
    throw new GoogleApiError(scrub(`${req.what}: cannot reach ${new URL(req.url).origin}: ${causeOf(err)}`, auth.secrets));
  }
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** Google's error message from an error answer ({ error: { message } } or { error, error_description }). */
function reasonOf(bytes: Buffer): string {
  const raw = bytes.toString('utf8');
  try {
    const json = JSON.parse(raw) as { error?: { message?: string } | string; error_description?: string };
    if (json.error && typeof json.error === 'object' && typeof json.error.message === 'string') return json.error.message;
    if (typeof json.error === 'string') return [json.error, json.error_description].filter(Boolean).join(': ');
  } catch {
    /* not JSON */
  }
  return raw.slice(0, 200);
}

/** One call; any non-2xx answer is a GoogleApiError. */
export async function googleRequest(auth: GoogleAuth, req: GoogleRequest, signal: AbortSignal, fetchImpl: typeof fetch = fetch): Promise<GoogleResponse> {
  const token = await auth.token(signal);
  let res = await send(auth, req, token, signal, fetchImpl);
  if (res.status === 401 && auth.refresh) res = await send(auth, req, await auth.refresh(token, signal), signal, fetchImpl);
  if (res.status < 200 || res.status >= 300) {
    throw new GoogleApiError(scrub(`${req.what}: Google answered HTTP ${res.status}: ${reasonOf(res.bytes)}`, auth.secrets), res.status);
  }
  return res;
}

/** One call whose answer is JSON (an empty answer is {}). */
export async function googleJson(auth: GoogleAuth, req: GoogleRequest, signal: AbortSignal, fetchImpl?: typeof fetch): Promise<Record<string, unknown>> {
  const res = await googleRequest(auth, req, signal, fetchImpl);
  const raw = res.bytes.toString('utf8');
  if (!raw.trim()) return {};
  try {
    return JSON.parse(raw) as Record<string, unknown>;
  } catch {
    throw new GoogleApiError(`${req.what}: Google answered with something that is not JSON: ${raw.slice(0, 100)}`, res.status);
  }
}

/** A query string from the defined, non-empty entries (arrays repeat the key). */
export function queryOf(q: Record<string, string | number | boolean | string[] | undefined>): string {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) {
    if (v === undefined || v === '') continue;
    if (Array.isArray(v)) for (const x of v) s.append(k, x);
    else s.set(k, String(v));
  }
  const out = s.toString();
  return out ? `?${out}` : '';
}

/** A multipart/related upload body (Google's uploadType=multipart): the JSON metadata, then the content. */
export function multipartBody(metadata: unknown, content: Buffer, mimeType: string): { body: Buffer; contentType: string } {
  const boundary = `weft-${randomBytes(12).toString('hex')}`;
  const head = `--${boundary}\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n${JSON.stringify(metadata)}\r\n--${boundary}\r\nContent-Type: ${mimeType}\r\n\r\n`;
  return { body: Buffer.concat([Buffer.from(head), content, Buffer.from(`\r\n--${boundary}--\r\n`)]), contentType: `multipart/related; boundary=${boundary}` };
}
