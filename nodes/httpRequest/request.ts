/**
 * One HTTP request of the HTTP Request node: building it from resolved params and an item, sending it
 * with a timeout and our own redirect handling, and turning the response into output items.
 */
import { NodeError } from '../sdk';
import type { BinaryData, Item, JsonObject } from '../sdk';
import type { HttpParams } from './params';
import { applyPredefinedAuth } from './predefined';

export interface BuiltRequest {
  url: URL;
  /** The URL without credential query parameters, for messages. */
  displayUrl: string;
  /** Query parameters the credential added: left out of every displayUrl, also on later pages. */
  secretQuery?: string[];
  method: string;
  headers: Headers;
  body?: BodyInit;
}

export interface SentResponse {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  contentType: string;
  bytes: Buffer;
  url: string;
}

type Fail = (message: string, field: string) => NodeError;

export function buildRequest(
  p: HttpParams,
  item: Item,
  credential: Record<string, unknown> | undefined,
  fail: Fail,
  warn: (msg: string) => void = () => {},
): BuiltRequest {
  const rawUrl = p.url.trim();
  if (!rawUrl) throw fail('a URL is required', 'url');
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(rawUrl) ? rawUrl : `http://${rawUrl}`);
  } catch {
    throw fail(`"${rawUrl}" is not a valid URL`, 'url');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw fail(`only http and https URLs are supported, got "${url.protocol}"`, 'url');

  for (const [name, value] of pairs(p.query, p.queryJson, 'queryJson', fail)) {
    for (const [key, v] of flattenQuery(name, value, p.queryArrayFormat)) url.searchParams.append(key, v);
  }
  const headers = new Headers();
  for (const [name, value] of pairs(p.headers, p.headersJson, 'headersJson', fail)) {
    try {
      headers.set(name, text(value));
    } catch {
      throw fail(`header "${name}" has a name or value HTTP does not allow`, 'headers');
    }
  }
  const displayUrl = url.toString();
  const before = new Set(url.searchParams.keys());
  if (p.authentication === 'predefinedCredentialType') applyPredefinedAuth(p.credentialType ?? '', credential, url, headers, fail);
  else applyAuth(p.authentication, credential, url, headers, fail);
  const secretQuery = [...url.searchParams.keys()].filter((k) => !before.has(k));

  if (p.body.type !== 'none' && (p.method === 'GET' || p.method === 'HEAD')) {
    warn(`${p.method} requests carry no body in Weft; the "${p.body.type}" body is not sent`);
  }
  const body = buildBody(p, item, headers, fail);
  return { url, displayUrl, method: p.method, headers, body, ...(secretQuery.length ? { secretQuery } : {}) };
}

/** A URL as messages may show it: without the credential's query parameters. */
export function displayUrlOf(url: URL, secretQuery: string[] | undefined): string {
  if (!secretQuery?.length) return url.toString();
  const shown = new URL(url);
  for (const k of secretQuery) shown.searchParams.delete(k);
  return shown.toString();
}

function pairs(list: { name: string; value?: unknown }[], json: unknown, field: string, fail: Fail): [string, unknown][] {
  const out: [string, unknown][] = list.filter((e) => e.name).map((e) => [e.name, e.value ?? '']);
  const extra = parseJsonField(json, field, fail);
  if (extra === undefined) return out;
  if (!extra || typeof extra !== 'object' || Array.isArray(extra)) throw fail('must be a JSON object', field);
  return [...out, ...Object.entries(extra as JsonObject)];
}

/** JSON fields hold JSON text or (from an expression) a value already; '' means not set. */
function parseJsonField(value: unknown, field: string, fail: Fail): unknown {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') return value;
  if (!value.trim()) return undefined;
  try {
    return JSON.parse(value);
  } catch (err) {
    throw fail(`not valid JSON (${(err as Error).message})`, field);
  }
}

/** Lists and objects in the query the way n8n (qs) writes them: ids[0]=1, filter[name]=x. */
function flattenQuery(name: string, value: unknown, format: HttpParams['queryArrayFormat']): [string, string][] {
  if (Array.isArray(value)) {
    return value.flatMap((v, k) => {
      const key = format === 'repeat' || name.endsWith('[]') ? name : format === 'indices' ? `${name}[${k}]` : `${name}[]`;
      return flattenQuery(key, v, format);
    });
  }
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => flattenQuery(`${name}[${k}]`, v, format));
  return [[name, text(value)]];
}

function text(v: unknown): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

function applyAuth(kind: Exclude<HttpParams['authentication'], 'predefinedCredentialType'>, cred: Record<string, unknown> | undefined, url: URL, headers: Headers, fail: Fail): void {
  if (kind === 'none') return;
  const need = (key: string) => {
    const v = cred?.[key];
    if (typeof v !== 'string' || !v) throw fail(`the ${kind} credential has no "${key}"`, 'authentication');
    return v;
  };
  if (kind === 'httpHeaderAuth') headers.set(need('name'), need('value'));
  else if (kind === 'httpBearerAuth') headers.set('authorization', `Bearer ${need('token')}`);
  else if (kind === 'httpBasicAuth') headers.set('authorization', `Basic ${Buffer.from(`${need('user')}:${need('password')}`).toString('base64')}`);
  else if (kind === 'httpQueryAuth') url.searchParams.set(need('name'), need('value'));
  else if (kind === 'oAuth2Api') headers.set('authorization', `Bearer ${need('accessToken')}`);
}

function buildBody(p: HttpParams, item: Item, headers: Headers, fail: Fail): BodyInit | undefined {
  const b = p.body;
  if (b.type === 'none' || p.method === 'GET' || p.method === 'HEAD') return undefined;
  const setType = (t: string) => {
    if (!headers.has('content-type')) headers.set('content-type', t);
  };
  switch (b.type) {
    case 'json': {
      const given = parseJsonField(b.json, 'body.json', fail);
      const value = given !== undefined ? given : Object.fromEntries(b.fields.filter((f) => f.name).map((f) => [f.name, f.value ?? '']));
      setType('application/json');
      return JSON.stringify(value);
    }
    case 'form-urlencoded': {
      setType('application/x-www-form-urlencoded');
      if (b.raw) return b.raw;
      const form = new URLSearchParams();
      for (const f of b.fields) if (f.name) form.append(f.name, text(f.value));
      return form.toString();
    }
    case 'multipart': {
      const form = new FormData();
      for (const f of b.fields) {
        if (!f.name) continue;
        if (f.type === 'file') {
          const bin = binaryOf(item, f.binaryProperty, 'body.fields', fail);
          form.append(f.name, new Blob([Buffer.from(bin.data, 'base64')], { type: bin.mimeType }), bin.fileName ?? f.name);
        } else {
          form.append(f.name, text(f.value));
        }
      }
      headers.delete('content-type'); // fetch sets it with the boundary
      return form;
    }
    case 'raw':
      setType(b.contentType || 'text/plain');
      return b.raw;
    case 'binary': {
      const bin = binaryOf(item, b.binaryProperty, 'body.binaryProperty', fail);
      setType(b.contentType || bin.mimeType || 'application/octet-stream');
      return Buffer.from(bin.data, 'base64');
    }
  }
}

function binaryOf(item: Item, property: string, field: string, fail: Fail): BinaryData {
  const bin = item.binary?.[property];
  if (!bin) {
    const have = Object.keys(item.binary ?? {});
    throw fail(`the item has no binary property "${property}"${have.length ? ` (it has: ${have.join(', ')})` : ' (it has no binary data)'}`, field);
  }
  return bin;
}

/** Sends one request, following redirects ourselves so the limit and cross-origin rules are ours. */
export async function send(
  fetchImpl: typeof fetch,
  req: BuiltRequest,
  opts: { signal: AbortSignal; followRedirects: boolean; maxRedirects: number },
): Promise<SentResponse> {
  let url = req.url;
  let method = req.method;
  let body = req.body;
  const headers = new Headers(req.headers);
  for (let hop = 0; ; hop++) {
    const res = await fetchImpl(url, { method, headers, body, redirect: 'manual', signal: opts.signal });
    const location = res.headers.get('location');
    if (opts.followRedirects && res.status >= 300 && res.status < 400 && location) {
      await res.body?.cancel();
      if (hop >= opts.maxRedirects) throw new RedirectLimitError(opts.maxRedirects);
      const next = new URL(location, url);
      if (next.origin !== url.origin) {
        headers.delete('authorization');
        headers.delete('cookie');
      }
      if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
        method = 'GET';
        body = undefined;
        headers.delete('content-type');
      }
      url = next;
      continue;
    }
    const bytes = Buffer.from(await res.arrayBuffer());
    return {
      status: res.status,
      statusText: res.statusText,
      headers: Object.fromEntries(res.headers.entries()),
      contentType: res.headers.get('content-type') ?? '',
      bytes,
      url: url.toString(),
    };
  }
}

export class RedirectLimitError extends Error {
  constructor(readonly limit: number) {
    super(`more than ${limit} redirects`);
  }
}

/** Output items for one response, as n8n shapes them. */
export function responseItems(res: SentResponse, p: HttpParams, item: Item, itemIndex: number, fail: Fail): Item[] {
  const r = p.response;
  const kind = r.format === 'autodetect' ? detect(res) : r.format;
  const paired = { item: itemIndex };
  if (kind === 'file') {
    const binary = { [r.binaryProperty]: toBinary(res) };
    // Like n8n, a downloaded file keeps the input item's json (checked against n8n 2.40.7).
    const json: JsonObject = r.fullResponse ? { headers: res.headers, statusCode: res.status, statusMessage: res.statusText } : { ...item.json };
    return [{ json, binary, pairedItem: paired }];
  }
  const raw = res.bytes.toString('utf8');
  let body: unknown = raw;
  if (kind === 'json') {
    if (raw.trim() === '') body = r.format === 'json' ? {} : '';
    else {
      try {
        body = JSON.parse(raw);
      } catch {
        if (r.format === 'json') throw fail(`the response is not valid JSON (starts with: ${excerpt(raw, 80)}); set the response format to "text"`, 'response.format');
      }
    }
  }
  if (r.fullResponse) return [{ json: { body, headers: res.headers, statusCode: res.status, statusMessage: res.statusText }, pairedItem: paired }];
  if (kind === 'text' || typeof body === 'string') return [{ json: body === '' && r.format === 'autodetect' ? {} : { [r.outputField]: body }, pairedItem: paired }];
  if (Array.isArray(body)) return body.map((entry) => ({ json: asJson(entry, r.outputField), pairedItem: paired }));
  return [{ json: asJson(body, r.outputField), pairedItem: paired }];
}

function asJson(value: unknown, field: string): JsonObject {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : { [field]: value };
}

function detect(res: SentResponse): 'json' | 'text' | 'file' {
  const type = res.contentType.toLowerCase();
  if (type.includes('json')) return 'json';
  if (!type || type.startsWith('text/') || /xml|javascript|html|x-www-form-urlencoded/.test(type)) {
    if (!type && res.bytes.length && !isProbablyText(res.bytes)) return 'file';
    return type ? 'text' : 'json'; // no content type: try JSON, fall back to text
  }
  return 'file';
}

function isProbablyText(bytes: Buffer): boolean {
  const sample = bytes.subarray(0, 512);
  return !sample.includes(0);
}

function toBinary(res: SentResponse): BinaryData {
  const mimeType = res.contentType.split(';')[0].trim() || 'application/octet-stream';
  const fromHeader = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(res.headers['content-disposition'] ?? '')?.[1];
  const fromPath = decodeURIComponent(new URL(res.url).pathname.split('/').pop() ?? '');
  const fileName = fromHeader ? decodeURIComponent(fromHeader) : fromPath || undefined;
  const ext = fileName && fileName.includes('.') ? fileName.split('.').pop() : mimeType.split('/')[1];
  return { data: res.bytes.toString('base64'), mimeType, fileName, fileExtension: ext, fileSize: res.bytes.length };
}

export function excerpt(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
