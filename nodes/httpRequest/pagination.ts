/**
 * Pagination for the HTTP Request node (n8n's "Pagination" option): keep requesting the next page until
 * the complete condition holds or maxRequests pages were fetched; every page's items are output.
 * Templates see $response ({ body, headers, statusCode }), $pageCount (pages fetched so far),
 * $request ({ url, method, headers }) and $json (the input item).
 */
import { abortableSleep } from '../sdk';
import type { Item, NodeError } from '../sdk';
import type { HttpParams } from './params';
import { displayUrlOf, type BuiltRequest, type SentResponse } from './request';
import { renderTemplate } from './template';

export interface PaginateArgs {
  p: HttpParams;
  request: BuiltRequest;
  call(req: BuiltRequest, acceptStatus?: (status: number) => boolean): Promise<SentResponse>;
  signal: AbortSignal;
  fail(message: string, field: string): NodeError;
  item: Item;
}

export async function paginate({ p, request, call, signal, fail, item }: PaginateArgs): Promise<SentResponse[]> {
  const cfg = p.pagination;
  const doneCodes = new Set(
    cfg.statusCodes
      .split(',')
      .map((s) => Number(s.trim()))
      .filter((n) => Number.isInteger(n)),
  );
  if (cfg.completeWhen === 'statusCodes' && !doneCodes.size) throw fail('list the status codes that mean the last page was fetched', 'pagination.statusCodes');
  if (cfg.completeWhen === 'expression' && !cfg.completeExpression.trim()) throw fail('write the expression that is true on the last page', 'pagination.completeExpression');
  if (cfg.mode === 'nextUrl' && !cfg.nextUrl.trim()) throw fail('write the template of the next page\'s URL', 'pagination.nextUrl');

  const pages: SentResponse[] = [];
  let req = request;
  for (let pageCount = 0; ; ) {
    const accept = cfg.completeWhen === 'statusCodes' ? (s: number) => doneCodes.has(s) : undefined;
    const res = await call(req, accept);
    if (cfg.completeWhen === 'statusCodes' && doneCodes.has(res.status)) break;
    const body = parseBody(res);
    if (cfg.completeWhen === 'responseIsEmpty' && isEmpty(body)) break;
    pages.push(res);
    pageCount++;
    const vars = {
      $response: { body, headers: res.headers, statusCode: res.status, statusMessage: res.statusText },
      $pageCount: pageCount,
      $request: { url: req.url.toString(), method: req.method, headers: Object.fromEntries(req.headers.entries()) },
      $json: item.json,
    };
    if (cfg.completeWhen === 'expression' && truthy(render(cfg.completeExpression, vars, 'pagination.completeExpression', fail))) break;
    if (cfg.maxRequests > 0 && pageCount >= cfg.maxRequests) break;
    const next = nextRequest(req, cfg, vars, fail);
    if (!next) break;
    req = next;
    if (cfg.intervalMs > 0) await abortableSleep(cfg.intervalMs, signal);
    signal.throwIfAborted();
  }
  return pages;
}

function nextRequest(req: BuiltRequest, cfg: HttpParams['pagination'], vars: Record<string, unknown>, fail: PaginateArgs['fail']): BuiltRequest | undefined {
  if (cfg.mode === 'nextUrl') {
    const value = render(cfg.nextUrl, vars, 'pagination.nextUrl', fail);
    if (value === undefined || value === null || value === '') return undefined;
    let url: URL;
    try {
      url = new URL(String(value), req.url);
    } catch {
      throw fail(`the next page's URL "${String(value)}" is not a URL`, 'pagination.nextUrl');
    }
    // The next URL comes from the response: the credential's query parameters go on it again.
    for (const k of req.secretQuery ?? []) url.searchParams.set(k, req.url.searchParams.get(k) ?? '');
    return { ...req, url, displayUrl: displayUrlOf(url, req.secretQuery), headers: new Headers(req.headers) };
  }
  const url = new URL(req.url);
  const headers = new Headers(req.headers);
  let body = req.body;
  for (const param of cfg.parameters) {
    if (!param.name) continue;
    const value = render(param.value, vars, 'pagination.parameters', fail);
    const text = value === undefined || value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
    if (param.type === 'query') url.searchParams.set(param.name, text);
    else if (param.type === 'headers') headers.set(param.name, text);
    else body = setBodyField(body, headers, param.name, value, fail);
  }
  return { ...req, url, headers, body, displayUrl: displayUrlOf(url, req.secretQuery) };
}

function setBodyField(body: BodyInit | undefined, headers: Headers, name: string, value: unknown, fail: PaginateArgs['fail']): BodyInit {
  const type = headers.get('content-type') ?? '';
  if (type.includes('x-www-form-urlencoded')) {
    const form = new URLSearchParams(typeof body === 'string' ? body : '');
    form.set(name, value === undefined || value === null ? '' : String(value));
    return form.toString();
  }
  let obj: Record<string, unknown> = {};
  if (typeof body === 'string' && body.trim()) {
    try {
      obj = JSON.parse(body);
    } catch {
      throw fail('body pagination parameters need a JSON or form-urlencoded body', 'pagination.parameters');
    }
  }
  if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  return JSON.stringify({ ...obj, [name]: value });
}

function render(template: string, vars: Record<string, unknown>, field: string, fail: PaginateArgs['fail']): unknown {
  try {
    return renderTemplate(template, vars);
  } catch (err) {
    throw fail((err as Error).message, field);
  }
}

function parseBody(res: SentResponse): unknown {
  const text = res.bytes.toString('utf8');
  if (!text.trim()) return '';
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function isEmpty(body: unknown): boolean {
  if (body === '' || body === null || body === undefined) return true;
  if (Array.isArray(body)) return body.length === 0;
  return typeof body === 'object' && Object.keys(body as object).length === 0;
}

function truthy(v: unknown): boolean {
  return v === 'false' ? false : Boolean(v);
}
