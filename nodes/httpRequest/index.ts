/**
 * HTTP Request: one request per input item, params resolved per item (n8n's HTTP Request v1 to v4.2).
 *
 * Params (./params.ts):
 * - method: 'GET'|'POST'|'PUT'|'PATCH'|'DELETE'|'HEAD'|'OPTIONS'        (default 'GET')
 * - url: string                                                          http(s) only; 'example.com/x' gets http://
 * - authentication: 'none'|'httpHeaderAuth'|'httpBasicAuth'|'httpBearerAuth'|'httpQueryAuth'   (default 'none')
 *     uses the credential in the slot of the same name: httpHeaderAuth {name, value}, httpBasicAuth {user, password},
 *     httpBearerAuth {token}, httpQueryAuth {name, value}, oAuth2Api (server/credentials/oauth2.ts: Authorization:
 *     Bearer <access token>; a 401 answer gets the token refreshed and the request sent once more)
 *   'predefinedCredentialType' with credentialType: one of ./predefined.ts's types (airtableTokenApi, qdrantApi, ...):
 *     the credential in the slot named after the type, applied as that service's API expects (./predefined.ts);
 *     an OAuth2 service type (googleOAuth2Api, hubspotOAuth2Api, ...) sends its access token as oAuth2Api does
 * - query: {name, value}[]; queryJson: JSON object (text or value)      both appended to the URL's own query
 * - queryArrayFormat: 'indices' | 'brackets' | 'repeat'                  list values: a[0]=1&a[1]=2 (default, as
 *                                                                        n8n 4.2), a[]=1&a[]=2, a=1&a=2; objects: a[b]=1
 * - headers: {name, value}[]; headersJson: JSON object                  (credential headers win)
 * - body: { type, fields, json, raw, contentType, binaryProperty }      not sent for GET/HEAD
 *     type 'none' | 'json' (fields -> object, or `json` text/value) | 'form-urlencoded' (fields, or `raw` text)
 *     | 'multipart' (fields; type 'file' sends item.binary[binaryProperty]) | 'raw' (`raw`, `contentType`)
 *     | 'binary' (item.binary[binaryProperty], `contentType` or the binary's MIME type)
 * - response: { format: 'autodetect'|'json'|'text'|'file', fullResponse, neverError, outputField: 'data',
 *               binaryProperty: 'data' }
 *     json object -> one item; json array -> one item per entry (a scalar entry or body becomes
 *     { [outputField]: value }: n8n would emit the bare scalar); text -> { [outputField]: text };
 *     file -> item.binary[binaryProperty] with the input item's json; fullResponse -> { body, headers,
 *     statusCode, statusMessage }.
 *     A status outside 2xx fails the node (naming the URL, the status and a body excerpt) unless neverError.
 * - timeoutMs: number (default 300000, 0: none); followRedirects: boolean (true); maxRedirects: number (21)
 *     Redirects drop the Authorization and Cookie headers when they change origin; with followRedirects off a
 *     3xx response is returned as the result.
 * - batching: { batchSize: 0 (no batching: up to 8 requests at a time), intervalMs: 0 }
 * - pagination: { mode: 'off'|'updateParameters'|'nextUrl', parameters: {type, name, value}[], nextUrl,
 *                 completeWhen: 'responseIsEmpty'|'statusCodes'|'expression', statusCodes, completeExpression,
 *                 maxRequests: 100, intervalMs: 0 }   (./pagination.ts)
 *     Pagination templates are plain text with {{ }} (no leading '='), evaluated by this node per page with
 *     $response, $pageCount and $request; the n8n importer strips the '=' of n8n's pagination expressions.
 * Requests use ctx.services.fetch when the runtime provides it, else the global fetch.
 */
import { abortableSleep, defineNode, NodeError } from '../sdk';
import type { Item, NodeContext } from '../sdk';
import { httpParams, type HttpParams } from './params';
import { buildRequest, excerpt, RedirectLimitError, responseItems, send, type BuiltRequest, type SentResponse } from './request';
import { paginate } from './pagination';
import { isOAuth2PresetType, PREDEFINED_TYPES, PREDEFINED_TYPES_TEXT } from './predefined';

const PARALLEL_WITHOUT_BATCHING = 8;
const GENERIC_AUTH = ['httpHeaderAuth', 'httpBasicAuth', 'httpBearerAuth', 'httpQueryAuth', 'oAuth2Api'];

export const httpRequestNode = defineNode({
  type: 'httpRequest',
  version: 1,
  displayName: 'HTTP Request',
  description: 'Call any HTTP API, once per item',
  category: 'integration',
  icon: 'globe',
  inputs: [{ name: 'main' }],
  outputs: [{ name: 'main' }],
  params: httpParams,
  credentials: [
    ...GENERIC_AUTH.map((type) => ({ name: type, type, shownWhen: { authentication: [type] } })),
    ...PREDEFINED_TYPES.map((type) => ({ name: type, type, shownWhen: { authentication: ['predefinedCredentialType'], credentialType: [type] } })),
  ],
  async execute(ctx) {
    const items = ctx.items;
    if (!items.length) return { main: [] };
    const first = ctx.params(0);
    const fetchImpl = ctx.services.fetch ?? globalThis.fetch;
    const credentialCache = new Map<string, Promise<Record<string, unknown>>>();

    const perItem = async (i: number): Promise<Item[]> => {
      const p = i === 0 ? first : ctx.params(i);
      const fail = failFor(ctx, i);
      let credential: Record<string, unknown> | undefined;
      if (p.authentication !== 'none') {
        const slot = credentialSlot(p, fail);
        if (!credentialCache.has(slot)) credentialCache.set(slot, ctx.credentials(slot));
        credential = await credentialCache.get(slot)!.catch((err: Error) => {
          throw fail(`no usable ${slot} credential (${err.message})`, 'authentication');
        });
      }
      const warn = (msg: string) => ctx.log.warn(`Node "${ctx.node.name}": ${msg}`, { itemIndex: i });
      const req = buildRequest(p, items[i], credential, fail, warn);
      let call = (r: BuiltRequest, accept?: (status: number) => boolean) => requestOnce(ctx, fetchImpl, p, r, i, accept);
      if (usesOAuth2(p)) {
        // A 401 once: the token may have been revoked or expired early. Refresh it and send again.
        const slot = credentialSlot(p, fail);
        const plain = call;
        call = async (r, accept) => {
          const res = await plain(r, (s) => s === 401 || !!accept?.(s));
          if (res.status !== 401 || accept?.(401)) return res;
          const rejected = String(credential?.accessToken ?? '');
          const refreshing = ctx.credentials(slot, { rejected });
          credentialCache.set(slot, refreshing);
          credential = await refreshing.catch((err: Error) => {
            throw fail(`the API refused the OAuth2 token and refreshing it failed (${err.message})`, 'authentication');
          });
          const retried = { ...r, headers: new Headers(r.headers) };
          retried.headers.set('authorization', `Bearer ${String(credential.accessToken ?? '')}`);
          return plain(retried, accept);
        };
      }
      if (p.pagination.mode === 'off') return responseItems(await call(req), p, items[i], i, fail);
      const pages = await paginate({ p, request: req, call, signal: ctx.signal, fail, item: items[i] });
      return pages.flatMap((res) => responseItems(res, p, items[i], i, fail));
    };

    const results = await runBatched(items.length, first.batching, perItem, ctx.signal);
    return { main: results.flat() };
  },
});

/** The credential slot a request uses: the generic type's, or the predefined type's (named after the type). */
function credentialSlot(p: HttpParams, fail: ReturnType<typeof failFor>): string {
  if (p.authentication !== 'predefinedCredentialType') return p.authentication;
  if (!p.credentialType) throw fail(`choose the credential type (one of ${PREDEFINED_TYPES_TEXT})`, 'credentialType');
  return p.credentialType;
}

/** Whether the request carries an OAuth2 access token (generic oAuth2Api or a service's OAuth2 type). */
function usesOAuth2(p: HttpParams): boolean {
  return p.authentication === 'oAuth2Api' || (p.authentication === 'predefinedCredentialType' && !!p.credentialType && isOAuth2PresetType(p.credentialType));
}

function failFor(ctx: NodeContext<HttpParams>, itemIndex: number) {
  return (message: string, field: string) => new NodeError(`Node "${ctx.node.name}", field "${field}" (item ${itemIndex}): ${message}`, { field, itemIndex });
}

async function requestOnce(
  ctx: NodeContext<HttpParams>,
  fetchImpl: typeof fetch,
  p: HttpParams,
  req: BuiltRequest,
  i: number,
  acceptStatus?: (status: number) => boolean,
): Promise<SentResponse> {
  const fail = failFor(ctx, i);
  const signal = p.timeoutMs > 0 ? AbortSignal.any([ctx.signal, AbortSignal.timeout(p.timeoutMs)]) : ctx.signal;
  let res: SentResponse;
  try {
    res = await send(fetchImpl, req, { signal, followRedirects: p.followRedirects, maxRedirects: p.maxRedirects });
  } catch (err) {
    if (ctx.signal.aborted) throw ctx.signal.reason ?? err;
    const e = err as Error & { cause?: { code?: string; message?: string } };
    if (e.name === 'TimeoutError') throw fail(`${req.method} ${req.displayUrl} timed out after ${p.timeoutMs} ms`, 'timeoutMs');
    if (e instanceof RedirectLimitError) throw fail(`${req.method} ${req.displayUrl} was redirected ${e.message}`, 'maxRedirects');
    const cause = e.cause?.code ?? e.cause?.message ?? e.message;
    throw fail(`${req.method} ${req.displayUrl} failed: ${cause}`, 'url');
  }
  const ok = (res.status >= 200 && res.status < 300) || (!p.followRedirects && res.status >= 300 && res.status < 400) || !!acceptStatus?.(res.status);
  if (!ok && !p.response.neverError) {
    const body = excerpt(res.bytes.toString('utf8'));
    throw new NodeError(
      `Node "${ctx.node.name}", field "url" (item ${i}): ${req.method} ${req.displayUrl} returned ${res.status}${res.statusText ? ` ${res.statusText}` : ''}${body ? `: ${body}` : ''}`,
      { field: 'url', itemIndex: i, description: body || undefined },
    );
  }
  return res;
}

/** Runs fn for every index, in order of output; batches of batchSize with a pause between them. */
async function runBatched<T>(count: number, batching: HttpParams['batching'], fn: (i: number) => Promise<T>, signal: AbortSignal): Promise<T[]> {
  const results = new Array<T>(count);
  if (batching.batchSize <= 0) {
    let next = 0;
    let failed = false;
    const worker = async () => {
      while (next < count && !failed) {
        const i = next++;
        try {
          results[i] = await fn(i);
        } catch (err) {
          failed = true;
          throw err;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL_WITHOUT_BATCHING, count) }, worker));
    return results;
  }
  for (let start = 0; start < count; start += batching.batchSize) {
    if (start > 0 && batching.intervalMs > 0) await abortableSleep(batching.intervalMs, signal);
    signal.throwIfAborted();
    const indexes = Array.from({ length: Math.min(batching.batchSize, count - start) }, (_, k) => start + k);
    const done = await Promise.all(indexes.map(fn));
    indexes.forEach((i, k) => (results[i] = done[k]));
  }
  return results;
}
