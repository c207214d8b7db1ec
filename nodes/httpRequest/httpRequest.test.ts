import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { NodeError } from '../sdk';
import type { Item } from '../sdk';
import { httpRequestNode } from './index';
import { makeContext, runNode, type MakeContextOptions } from '../../server/engine/testing/node-context';

interface Seen {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  at: number;
}

const seen: Seen[] = [];
let base = '';
let otherBase = '';
const servers: http.Server[] = [];

function handler(req: http.IncomingMessage, res: http.ServerResponse) {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const body = Buffer.concat(chunks);
    seen.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, at: Date.now() });
    const json = (status: number, value: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(value));
    };
    const p = url.pathname;
    if (p === '/echo') return json(200, { method: req.method, query: Object.fromEntries(url.searchParams), headers: req.headers, body: body.toString('utf8') });
    if (p === '/array') return json(200, [{ id: 1 }, { id: 2 }, 3]);
    if (p === '/text') return res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end('plain hello');
    if (p === '/file') return res.writeHead(200, { 'content-type': 'image/png', 'content-disposition': 'attachment; filename="pixel.png"' }).end(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]));
    if (p === '/not-json') return res.writeHead(200, { 'content-type': 'text/html' }).end('<html>hi</html>');
    if (p === '/empty') return res.writeHead(204).end();
    if (p.startsWith('/status/')) return json(Number(p.split('/')[2]), { error: 'nope', detail: 'x'.repeat(1000) });
    if (p.startsWith('/redirect/')) {
      const n = Number(p.split('/')[2]);
      return res.writeHead(302, { location: n > 1 ? `/redirect/${n - 1}` : '/echo' }).end();
    }
    if (p === '/to-other-origin') return res.writeHead(307, { location: `${otherBase}/echo` }).end();
    if (p === '/see-other') return res.writeHead(303, { location: '/echo' }).end();
    if (p === '/slow') return void setTimeout(() => json(200, { slow: true }), 1500);
    if (p === '/pages') {
      const page = Number(url.searchParams.get('page') ?? '1');
      return json(200, page <= 3 ? [{ page, n: 1 }, { page, n: 2 }] : []);
    }
    if (p === '/cursor') {
      const at = Number(url.searchParams.get('cursor') ?? '0');
      return json(200, { items: [{ at }], next: at < 2 ? `${base}/cursor?cursor=${at + 1}` : null, hasMore: at < 2 });
    }
    if (p === '/gone-after') {
      const page = Number(url.searchParams.get('page') ?? '1');
      return page > 2 ? json(404, { error: 'no more' }) : json(200, { page });
    }
    json(404, { error: 'unknown path' });
  });
}

beforeAll(async () => {
  for (let i = 0; i < 2; i++) {
    const server = http.createServer(handler);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
  }
  base = `http://127.0.0.1:${(servers[0].address() as AddressInfo).port}`;
  otherBase = `http://127.0.0.1:${(servers[1].address() as AddressInfo).port}`;
});
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});

async function run(params: Record<string, unknown>, items: Item[] = [{ json: {} }], extra: Omit<MakeContextOptions, 'def'> = {}) {
  const out = await runNode(httpRequestNode, { node: { name: 'Call API' }, params, items, ...extra });
  return out.main;
}
const lastSeen = () => seen[seen.length - 1];

describe('httpRequest node', () => {
  it('makes one GET per item with the URL and query resolved per item', async () => {
    const out = await run({ url: `=${base}/echo?fixed=1`, query: [{ name: 'name', value: '={{ $json.name }}' }], queryJson: '{"tags": ["a", "b"]}' }, [
      { json: { name: 'ada' } },
      { json: { name: 'bob' } },
    ]);
    expect(out).toHaveLength(2);
    expect(out[0].json.query).toEqual({ fixed: '1', name: 'ada', 'tags[0]': 'a', 'tags[1]': 'b' });
    expect(out[1].json.query).toMatchObject({ name: 'bob' });
    expect(out[1].pairedItem).toEqual({ item: 1 });
  });

  it('writes lists and objects in the query as n8n 4.2 does, or as asked', async () => {
    // Expected paths from n8n 2.40.7 (HTTP Request 4.2, jsonQuery {"ids": [1, 2], "a": {"b": 1}}).
    await run({ url: `${base}/echo`, queryJson: '{"ids": [1, 2], "a": {"b": 1}}' });
    expect(lastSeen().path).toBe('/echo?ids%5B0%5D=1&ids%5B1%5D=2&a%5Bb%5D=1');
    await run({ url: `${base}/echo`, queryJson: { ids: [1, 2] }, queryArrayFormat: 'repeat' });
    expect(lastSeen().path).toBe('/echo?ids=1&ids=2');
    await run({ url: `${base}/echo`, query: [{ name: 'ids', value: [1, 2] }], queryArrayFormat: 'brackets' });
    expect(lastSeen().path).toBe('/echo?ids%5B%5D=1&ids%5B%5D=2');
  });

  it('sends headers and a JSON body built from fields or given as JSON', async () => {
    const [fromFields] = await run({
      method: 'POST',
      url: `${base}/echo`,
      headers: [{ name: 'X-Trace', value: '={{ $json.trace }}' }],
      body: { type: 'json', fields: [{ name: 'n', value: 5 }, { name: 'obj', value: { deep: true } }] },
    }, [{ json: { trace: 't-1' } }]);
    expect(fromFields.json.method).toBe('POST');
    expect((fromFields.json.headers as Record<string, string>)['x-trace']).toBe('t-1');
    expect((fromFields.json.headers as Record<string, string>)['content-type']).toBe('application/json');
    expect(JSON.parse(String(fromFields.json.body))).toEqual({ n: 5, obj: { deep: true } });

    const [fromJson] = await run({ method: 'PUT', url: `${base}/echo`, body: { type: 'json', json: '{"limit": 500, "filter": {"a": 1}}' } });
    expect(JSON.parse(String(fromJson.json.body))).toEqual({ limit: 500, filter: { a: 1 } });
    await expect(run({ method: 'POST', url: `${base}/echo`, body: { type: 'json', json: '{bad' } })).rejects.toThrow('field "body.json" (item 0): not valid JSON');
  });

  it('sends form-urlencoded, raw and binary bodies', async () => {
    const [form] = await run({ method: 'POST', url: `${base}/echo`, body: { type: 'form-urlencoded', fields: [{ name: 'grant_type', value: 'client_credentials' }, { name: 'x', value: 'a b' }] } });
    expect(form.json.body).toBe('grant_type=client_credentials&x=a+b');
    expect((form.json.headers as Record<string, string>)['content-type']).toBe('application/x-www-form-urlencoded');

    const [raw] = await run({ method: 'POST', url: `${base}/echo`, body: { type: 'raw', raw: '<a>1</a>', contentType: 'application/xml' } });
    expect(raw.json.body).toBe('<a>1</a>');
    expect((raw.json.headers as Record<string, string>)['content-type']).toBe('application/xml');

    const item: Item = { json: {}, binary: { doc: { data: Buffer.from('file bytes').toString('base64'), mimeType: 'application/pdf', fileName: 'a.pdf' } } };
    const [bin] = await run({ method: 'POST', url: `${base}/echo`, body: { type: 'binary', binaryProperty: 'doc' } }, [item]);
    expect(bin.json.body).toBe('file bytes');
    expect((bin.json.headers as Record<string, string>)['content-type']).toBe('application/pdf');
    await expect(run({ method: 'POST', url: `${base}/echo`, body: { type: 'binary' } }, [item])).rejects.toThrow('field "body.binaryProperty" (item 0): the item has no binary property "data" (it has: doc)');
  });

  it('sends multipart with text fields and a file from binary data', async () => {
    const item: Item = { json: {}, binary: { data: { data: Buffer.from('PPTX-CONTENT').toString('base64'), mimeType: 'application/vnd.ms-powerpoint', fileName: 'deck.pptx' } } };
    const [out] = await run({ method: 'POST', url: `${base}/echo`, body: { type: 'multipart', fields: [{ name: 'title', value: 'Deck' }, { name: 'file', type: 'file' }] } }, [item]);
    const type = (out.json.headers as Record<string, string>)['content-type'];
    expect(type).toMatch(/^multipart\/form-data; boundary=/);
    const body = String(out.json.body);
    expect(body).toContain('name="title"');
    expect(body).toContain('Deck');
    expect(body).toMatch(/name="file"; filename="deck.pptx"/);
    expect(body).toContain('PPTX-CONTENT');
  });

  it('authenticates with header, bearer, basic and query credentials', async () => {
    const credentials = {
      httpHeaderAuth: { name: 'X-Api-Key', value: 'k-123' },
      httpBearerAuth: { token: 'tok' },
      httpBasicAuth: { user: 'ada', password: 'pw' },
      httpQueryAuth: { name: 'api_key', value: 'q-secret' },
    };
    const headersOf = async (authentication: string) => (await run({ url: `${base}/echo`, authentication }, undefined, { credentials }))[0].json.headers as Record<string, string>;
    expect((await headersOf('httpHeaderAuth'))['x-api-key']).toBe('k-123');
    expect((await headersOf('httpBearerAuth')).authorization).toBe('Bearer tok');
    expect((await headersOf('httpBasicAuth')).authorization).toBe(`Basic ${Buffer.from('ada:pw').toString('base64')}`);
    const [q] = await run({ url: `${base}/echo`, authentication: 'httpQueryAuth' }, undefined, { credentials });
    expect(q.json.query).toEqual({ api_key: 'q-secret' });
    await expect(run({ url: `${base}/echo`, authentication: 'httpHeaderAuth' })).rejects.toThrow('field "authentication"');
    // The secret query parameter stays out of error messages.
    const err = await run({ url: `${base}/status/500`, authentication: 'httpQueryAuth' }, undefined, { credentials }).catch((e: Error) => e);
    expect(String(err)).not.toContain('q-secret');
  });

  it('splits JSON arrays into items and reads text, files and empty bodies', async () => {
    expect((await run({ url: `${base}/array` })).map((i) => i.json)).toEqual([{ id: 1 }, { id: 2 }, { data: 3 }]);
    expect((await run({ url: `${base}/text` }))[0].json).toEqual({ data: 'plain hello' });
    expect((await run({ url: `${base}/echo`, response: { format: 'text', outputField: 'raw' } }))[0].json.raw).toMatch(/^\{"method":"GET"/);
    const [file] = await run({ url: `${base}/file` }, [{ json: { k: 1 } }]);
    expect(file.json).toEqual({ k: 1 });
    expect(file.binary?.data).toMatchObject({ mimeType: 'image/png', fileName: 'pixel.png', fileExtension: 'png', fileSize: 7 });
    expect(Buffer.from(file.binary!.data.data, 'base64')).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]));
    const [forced] = await run({ url: `${base}/echo`, response: { format: 'file', binaryProperty: 'payload' } });
    expect(forced.binary?.payload.mimeType).toBe('application/json');
    expect((await run({ url: `${base}/empty`, method: 'DELETE' }))[0].json).toEqual({});
    await expect(run({ url: `${base}/not-json`, response: { format: 'json' } })).rejects.toThrow('field "response.format" (item 0): the response is not valid JSON');
  });

  it('returns the full response when asked', async () => {
    const [full] = await run({ url: `${base}/array`, response: { fullResponse: true } });
    expect(full.json).toMatchObject({ statusCode: 200, statusMessage: 'OK', body: [{ id: 1 }, { id: 2 }, 3] });
    expect((full.json.headers as Record<string, string>)['content-type']).toBe('application/json');
  });

  it('fails on error statuses naming the node, field, status and a body excerpt; neverError passes them on', async () => {
    const err = await run({ url: `${base}/status/404` }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NodeError);
    const message = (err as NodeError).message;
    expect(message).toContain('Node "Call API", field "url" (item 0): GET');
    expect(message).toContain('/status/404 returned 404 Not Found: {"error":"nope"');
    expect(message.length).toBeLessThan(600);
    expect((err as NodeError).details).toMatchObject({ field: 'url', itemIndex: 0 });

    const [ok] = await run({ url: `${base}/status/503`, response: { neverError: true, fullResponse: true } });
    expect(ok.json).toMatchObject({ statusCode: 503, body: { error: 'nope' } });
  });

  it('reports connection failures and bad URLs with the field', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    await expect(run({ url: `http://127.0.0.1:${port}/x` })).rejects.toThrow(/field "url" \(item 0\): GET http:\/\/127\.0\.0\.1:\d+\/x failed: ECONNREFUSED/);
    await expect(run({ url: '' })).rejects.toThrow('field "url" (item 0): a URL is required');
    await expect(run({ url: 'ftp://127.0.0.1/x' })).rejects.toThrow('only http and https');
  });

  it('times out per request and honours the abort signal', async () => {
    await expect(run({ url: `${base}/slow`, timeoutMs: 200 })).rejects.toThrow('field "timeoutMs" (item 0): GET');
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('execution cancelled')), 100);
    const started = Date.now();
    await expect(run({ url: `${base}/slow` }, undefined, { signal: controller.signal })).rejects.toThrow('execution cancelled');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('follows redirects up to the limit, switches to GET on 303 and drops auth across origins', async () => {
    const [followed] = await run({ url: `${base}/redirect/3` });
    expect(followed.json.method).toBe('GET');
    await expect(run({ url: `${base}/redirect/3`, maxRedirects: 2 })).rejects.toThrow('field "maxRedirects"');
    const [notFollowed] = await run({ url: `${base}/redirect/1`, followRedirects: false, response: { fullResponse: true } });
    expect(notFollowed.json.statusCode).toBe(302);
    const [seeOther] = await run({ method: 'POST', url: `${base}/see-other`, body: { type: 'raw', raw: 'x' } });
    expect(seeOther.json).toMatchObject({ method: 'GET', body: '' });
    const [cross] = await run({ url: `${base}/to-other-origin`, authentication: 'httpBearerAuth', headers: [{ name: 'X-Keep', value: '1' }] }, undefined, { credentials: { httpBearerAuth: { token: 'tok' } } });
    expect((cross.json.headers as Record<string, string>).authorization).toBeUndefined();
    expect((cross.json.headers as Record<string, string>)['x-keep']).toBe('1');
  });

  it('sends in batches with a pause between them', async () => {
    const before = seen.length;
    const items = [1, 2, 3, 4].map((n) => ({ json: { n } }));
    const started = Date.now();
    const out = await run({ url: `=${base}/echo?n={{ $json.n }}`, batching: { batchSize: 2, intervalMs: 250 } }, items);
    expect(out.map((i) => (i.json.query as Record<string, string>).n)).toEqual(['1', '2', '3', '4']);
    const times = seen.slice(before).map((s) => s.at - started);
    expect(times).toHaveLength(4);
    expect(Math.min(times[2], times[3])).toBeGreaterThanOrEqual(240);
    expect(Math.max(times[0], times[1])).toBeLessThan(240);
  });

  it('does not send a body with GET, and says so in the log', async () => {
    const ctx = makeContext({ def: httpRequestNode, params: { url: `${base}/echo`, body: { type: 'raw', raw: 'ignored' } }, items: [{ json: {} }] });
    const out = await httpRequestNode.execute(ctx as never);
    expect(out.main[0].json.body).toBe('');
    expect(ctx.logs.some((l) => l.level === 'warn' && l.msg.includes('GET requests carry no body'))).toBe(true);
  });

  it('uses ctx.services.fetch when the runtime gives one', async () => {
    const urls: string[] = [];
    const fetchSpy: typeof fetch = (input, init) => {
      urls.push(String(input));
      return fetch(input, init);
    };
    await run({ url: `${base}/echo` }, undefined, { services: { fetch: fetchSpy } });
    expect(urls).toEqual([`${base}/echo`]);
  });

  describe('pagination', () => {
    it('updates a query parameter per page until the response is empty', async () => {
      const out = await run({ url: `${base}/pages`, pagination: { mode: 'updateParameters', parameters: [{ type: 'query', name: 'page', value: '{{ $pageCount + 1 }}' }] } });
      expect(out.map((i) => `${i.json.page}.${i.json.n}`)).toEqual(['1.1', '1.2', '2.1', '2.2', '3.1', '3.2']);
    });

    it('follows a next URL until an expression says it was the last page', async () => {
      const out = await run({
        url: `${base}/cursor`,
        pagination: { mode: 'nextUrl', nextUrl: '{{ $response.body.next }}', completeWhen: 'expression', completeExpression: '{{ $response.body.hasMore === false }}' },
      });
      expect(out.map((i) => i.json.items)).toEqual([[{ at: 0 }], [{ at: 1 }], [{ at: 2 }]]);
    });

    it('stops on listed status codes and at maxRequests', async () => {
      const gone = await run({ url: `${base}/gone-after`, pagination: { mode: 'updateParameters', parameters: [{ name: 'page', value: '{{ $pageCount + 1 }}' }], completeWhen: 'statusCodes', statusCodes: '404' } });
      expect(gone.map((i) => i.json.page)).toEqual([1, 2]);
      const capped = await run({ url: `${base}/pages`, pagination: { mode: 'updateParameters', parameters: [{ name: 'page', value: '{{ $pageCount + 1 }}' }], maxRequests: 2 } });
      expect(capped).toHaveLength(4);
    });

    it('names the field when a template is wrong', async () => {
      await expect(run({ url: `${base}/cursor`, pagination: { mode: 'nextUrl', nextUrl: '{{ $response.body.next.toString() }}' } })).rejects.toThrow('field "pagination.nextUrl" (item 0): pagination templates support paths and operators, not function calls');
    });
  });
});
