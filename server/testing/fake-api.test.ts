/** The fake API helper: routes with :params and *, recording, raw replies, fallback, reset. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchRoute, startFakeApi, type FakeApi } from './fake-api';

let api: FakeApi;
beforeAll(async () => {
  api = await startFakeApi({
    'GET /v1/items/:id': (r) => ({ body: { id: r.params.id, q: r.query } }),
    'PUT /files/*': (r) => ({ status: 201, body: { path: r.params['*'], got: r.body } }),
    '/raw': () => ({ raw: Buffer.from('bytes'), headers: { 'content-type': 'application/octet-stream' } }),
  });
});
afterAll(() => api.close());

describe('fake API', () => {
  it('matches method, :params and a trailing *; anything else is no match', () => {
    expect(matchRoute('GET /a/:b', 'get', '/a/x%20y')).toEqual({ b: 'x y' });
    expect(matchRoute('GET /a/:b', 'POST', '/a/x')).toBeUndefined();
    expect(matchRoute('/a/:b', 'POST', '/a/x/c')).toBeUndefined();
    expect(matchRoute('/a/*', 'GET', '/a/x/y.json')).toEqual({ '*': 'x/y.json' });
    expect(matchRoute('/a/:b', 'GET', '/a/')).toBeUndefined();
  });

  it('answers from the route table, records method, path, query, headers and body, and resets', async () => {
    api.reset();
    expect(api.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const got = await fetch(`${api.url}/v1/items/7?x=1`, { headers: { authorization: 'Bearer t' } });
    expect(await got.json()).toEqual({ id: '7', q: { x: '1' } });
    const put = await fetch(`${api.url}/files/dir/a.txt`, { method: 'PUT', body: JSON.stringify({ a: 1 }), headers: { 'content-type': 'application/json' } });
    expect([put.status, await put.json()]).toEqual([201, { path: 'dir/a.txt', got: { a: 1 } }]);
    const raw = await fetch(`${api.url}/raw`, { method: 'POST', body: 'not json' });
    expect([raw.headers.get('content-type'), await raw.text()]).toEqual(['application/octet-stream', 'bytes']);
    const missing = await fetch(`${api.url}/nope`);
    expect(missing.status).toBe(404);
    expect(api.requests.map((r) => [r.method, r.path])).toEqual([['GET', '/v1/items/7'], ['PUT', '/files/dir/a.txt'], ['POST', '/raw'], ['GET', '/nope']]);
    expect(api.requests[0].headers.authorization).toBe('Bearer t');
    expect(api.requests[0].url).toBe('/v1/items/7?x=1');
    expect(api.requests[1].body).toEqual({ a: 1 });
    expect([api.requests[2].body, api.requests[2].text]).toEqual([undefined, 'not json']);
    api.reset();
    expect(api.requests).toEqual([]);
  });

  it('uses the fallback for unmatched requests and turns a throwing handler into a 500', async () => {
    api.fallback = (r) => ({ status: 418, body: { path: r.path } });
    api.routes['GET /boom'] = () => {
      throw new Error('bad test data');
    };
    expect((await fetch(`${api.url}/other`)).status).toBe(418);
    const boom = await fetch(`${api.url}/boom`);
    expect([boom.status, await boom.json()]).toEqual([500, { error: 'fake API handler threw: bad test data' }]);
  });
});
