/**
 * A fake HTTP API for node tests: listens on 127.0.0.1 (a free port), records every request (method, path,
 * query, headers, raw and parsed body) and answers from a route table, so a SaaS node can be pointed at it with
 * its base URL param. No request ever leaves the machine.
 *
 *   const api = await startFakeApi({ 'GET /v1/items/:id': (r) => ({ body: { id: r.params.id } }) });
 *   await runNode(node, { params: { baseUrl: `${api.url}/v1`, ... } });
 *   expect(api.requests.map((r) => [r.method, r.path])).toEqual([['GET', '/v1/items/7']]);
 *   api.reset(); api.routes = { ... };   // between tests
 *   await api.close();                   // afterAll
 *
 * Route keys are `METHOD /path` (or `/path` for any method); `:name` matches one path segment (into
 * `params`), a final `*` matches the rest of the path (into `params['*']`). Routes are tried in insertion
 * order; a request no route matches gets `fallback` (default: 404 { error: 'no route' }).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** `B`: the type tests read the parsed JSON body as (default unknown). */
export interface FakeRequest<B = unknown> {
  method: string;
  /** The request target as sent: path and query string, percent-encoding kept. */
  url: string;
  /** The path without the query string (percent-encoding kept, as sent). */
  path: string;
  /** The query string's parameters (the last value of a repeated name); all values: `searchParams`. */
  query: Record<string, string>;
  searchParams: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  /** The body as received. */
  raw: Buffer;
  /** The body as UTF-8 text ('' when there is none). */
  text: string;
  /** The body parsed as JSON; undefined when empty or not JSON. */
  body: B | undefined;
  /** Values of the matched route's `:name` segments (and `*`). */
  params: Record<string, string>;
}

export interface FakeReply {
  /** HTTP status (default 200). */
  status?: number;
  /** Sent as JSON (content-type application/json) unless `raw` is set. */
  body?: unknown;
  /** Sent as is (e.g. file bytes); give its content-type in `headers`. */
  raw?: Buffer | string;
  headers?: Record<string, string>;
}

export type FakeHandler<B = unknown> = (req: FakeRequest<B>) => FakeReply | Promise<FakeReply>;
export type FakeRoutes<B = unknown> = Record<string, FakeHandler<B>>;

export interface FakeApi<B = unknown> {
  /** http://127.0.0.1:<port> (no trailing slash). */
  url: string;
  /** Every request received, in order. */
  requests: FakeRequest<B>[];
  /** The route table; replace it or add to it at any time. */
  routes: FakeRoutes<B>;
  /** Answer for requests no route matches. */
  fallback: FakeHandler<B>;
  /** Forgets the recorded requests (routes stay). */
  reset(): void;
  close(): Promise<void>;
}

const notFound: FakeHandler<never> = (req) => ({ status: 404, body: { error: 'no route', method: req.method, path: req.path } });

/** Matches `pattern` ("METHOD /a/:b/*" or "/a/:b") against a request; the params when it matches. */
export function matchRoute(pattern: string, method: string, path: string): Record<string, string> | undefined {
  const space = pattern.indexOf(' ');
  const routeMethod = space > 0 ? pattern.slice(0, space).toUpperCase() : undefined;
  const routePath = space > 0 ? pattern.slice(space + 1).trim() : pattern.trim();
  if (routeMethod && routeMethod !== '*' && routeMethod !== method.toUpperCase()) return undefined;
  const want = routePath.split('/');
  const got = path.split('/');
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    if (want[i] === '*' && i === want.length - 1) {
      params['*'] = got.slice(i).map(safeDecode).join('/');
      return params;
    }
    if (i >= got.length) return undefined;
    if (want[i].startsWith(':')) {
      if (got[i] === '') return undefined;
      params[want[i].slice(1)] = safeDecode(got[i]);
    } else if (want[i] !== got[i]) return undefined;
  }
  return want.length === got.length ? params : undefined;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export async function startFakeApi<B = unknown>(routes: FakeRoutes<B> = {}, fallback: FakeHandler<B> = notFound as FakeHandler<B>): Promise<FakeApi<B>> {
  const api: FakeApi<B> = {
    url: '',
    requests: [],
    routes,
    fallback,
    reset() {
      api.requests.length = 0;
    },
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };

  const answer = async (req: http.IncomingMessage, raw: Buffer): Promise<FakeReply> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const text = raw.toString('utf8');
    const recorded: FakeRequest<B> = {
      method: req.method ?? '',
      url: req.url ?? '/',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      searchParams: url.searchParams,
      headers: req.headers,
      raw,
      text,
      body: parseJson(text) as B | undefined,
      params: {},
    };
    api.requests.push(recorded);
    for (const [pattern, handler] of Object.entries(api.routes)) {
      const params = matchRoute(pattern, recorded.method, recorded.path);
      if (params) {
        recorded.params = params;
        return handler(recorded);
      }
    }
    return api.fallback(recorded);
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      answer(req, Buffer.concat(chunks))
        .catch((err: Error): FakeReply => ({ status: 500, body: { error: `fake API handler threw: ${err.message}` } }))
        .then((reply) => {
          const headers: Record<string, string> = { ...(reply.raw === undefined ? { 'content-type': 'application/json' } : {}), ...reply.headers };
          res.writeHead(reply.status ?? 200, headers);
          if (reply.raw !== undefined) res.end(reply.raw);
          else res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  api.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return api;
}
