/**
 * The Airtable REST API as the airtable node uses it: record endpoints under {baseUrl}/v0/{baseId}/{table},
 * the meta API under {baseUrl}/v0/meta/..., Bearer auth (a personal access token, or the legacy API key),
 * `offset` pagination and Airtable's bracketed query arrays (fields[]=a, sort[0][field]=b, records[]=id).
 * Errors name the node and the field they are about; the token never appears in them.
 */
import { NodeError } from '../sdk';

export const AIRTABLE_API = 'https://api.airtable.com';
/** Airtable takes at most 10 records per create, update, upsert or delete request. */
export const BATCH_SIZE = 10;

export type Query = Record<string, string | number | boolean | string[] | { field: string; direction: string }[] | undefined>;

export interface AirtableClient {
  nodeName: string;
  baseUrl: string;
  token: string;
  fetch: typeof fetch;
  signal: AbortSignal;
}

export interface AirtableRecord {
  id: string;
  createdTime?: string;
  fields?: Record<string, unknown>;
  [k: string]: unknown;
}

/** A base id from an id or an Airtable URL (https://airtable.com/appXXXX/tblYYYY/...). */
export function baseIdOf(value: string): string {
  const v = value.trim();
  if (!/^https?:\/\//i.test(v)) return v;
  return /\b(app[A-Za-z0-9]+)/.exec(v)?.[1] ?? '';
}

/** A table id or name from an id, a name or an Airtable URL. */
export function tableIdOf(value: string): string {
  const v = value.trim();
  if (!/^https?:\/\//i.test(v)) return v;
  return /\b(tbl[A-Za-z0-9]+)/.exec(v)?.[1] ?? '';
}

/** Airtable's query string: arrays as key[]=v, sort rules as sort[i][field] / sort[i][direction]. */
export function queryString(query: Query): string {
  const parts = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === '') continue;
    if (Array.isArray(value)) {
      value.forEach((v, i) => {
        if (typeof v === 'string') parts.append(`${key}[]`, v);
        else {
          parts.append(`${key}[${i}][field]`, v.field);
          parts.append(`${key}[${i}][direction]`, v.direction);
        }
      });
    } else parts.append(key, String(value));
  }
  const s = parts.toString();
  return s ? `?${s}` : '';
}

/** The message of an Airtable error body ({ error: { type, message } } or { error: 'NOT_FOUND' }). */
function errorText(body: unknown, status: number): string {
  const err = body && typeof body === 'object' ? (body as Record<string, unknown>).error : undefined;
  if (typeof err === 'string') return err;
  if (err && typeof err === 'object') {
    const e = err as Record<string, unknown>;
    return [e.type, e.message].filter((x) => typeof x === 'string' && x).join(': ') || `HTTP ${status}`;
  }
  return `HTTP ${status}`;
}

/** One request; a failure becomes a NodeError about `field` (401/403: about the credential). */
export async function request<T = Record<string, unknown>>(
  c: AirtableClient,
  method: string,
  path: string,
  opts: { query?: Query; body?: unknown; field: string; itemIndex?: number },
): Promise<T> {
  const url = `${c.baseUrl.replace(/\/+$/, '')}/v0/${path}${queryString(opts.query ?? {})}`;
  let res: Response;
  try {
    res = await c.fetch(url, {
      method,
      headers: { Authorization: `Bearer ${c.token}`, ...(opts.body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
      body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
      signal: c.signal,
    });
  } catch (err) {
    if (c.signal.aborted) throw err;
    throw new NodeError(`Node "${c.nodeName}", field "${opts.field}": could not reach Airtable (${(err as Error).message})`, { field: opts.field, itemIndex: opts.itemIndex });
  }
  const text = await res.text();
  let body: unknown = undefined;
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    body = undefined;
  }
  if (!res.ok) {
    const field = res.status === 401 || res.status === 403 ? 'authentication' : opts.field;
    const why = res.status === 401 ? ' (check the access token)' : '';
    throw new NodeError(`Node "${c.nodeName}", field "${field}": Airtable answered ${res.status}: ${errorText(body, res.status)}${why}`, { field, itemIndex: opts.itemIndex });
  }
  if (body === undefined) throw new NodeError(`Node "${c.nodeName}", field "${opts.field}": Airtable's answer is not JSON`, { field: opts.field, itemIndex: opts.itemIndex });
  return body as T;
}

/** GET every page of a list endpoint (records, bases), following `offset`, stopping at `max` entries. */
export async function listAll<T>(
  c: AirtableClient,
  path: string,
  key: 'records' | 'bases',
  query: Query,
  opts: { field: string; itemIndex?: number; max?: number },
): Promise<T[]> {
  const out: T[] = [];
  let offset: string | undefined;
  do {
    const page = await request<Record<string, unknown>>(c, 'GET', path, { query: { ...query, offset }, field: opts.field, itemIndex: opts.itemIndex });
    const list = Array.isArray(page[key]) ? (page[key] as T[]) : [];
    out.push(...list);
    offset = typeof page.offset === 'string' && page.offset ? page.offset : undefined;
  } while (offset && (opts.max === undefined || out.length < opts.max));
  return opts.max === undefined ? out : out.slice(0, opts.max);
}

/** Consecutive runs of at most `size` entries that share the same key. */
export function batches<T>(entries: T[], keyOf: (e: T) => string, size = BATCH_SIZE): T[][] {
  const out: T[][] = [];
  for (const e of entries) {
    const last = out[out.length - 1];
    if (last && last.length < size && keyOf(last[0]) === keyOf(e)) last.push(e);
    else out.push([e]);
  }
  return out;
}
