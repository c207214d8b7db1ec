/**
 * Pure parts of the webhook handler: path matching, body parsing by Content-Type, signature checks.
 */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { webhookParams } from '../../nodes/webhook';
import { checkWebhookAuth, safeEqual } from './auth';
import { parseBody, WebhookHttpError } from './body';
import { normaliseWebhookPath, pathShape, WebhookPathError } from './paths';
import { RouteTable, type WebhookRoute } from './routes';
import { sanitiseResponse } from './respond';

const route = (method: string, path: string): WebhookRoute => ({
  scope: path,
  workflowId: 'wf',
  versionId: null,
  ownerId: null,
  nodeId: path,
  nodeName: path,
  method,
  path,
  params: webhookParams.parse({ path }),
  credentials: {},
});

describe('paths and the route table', () => {
  it('normalises slashes and refuses characters a path cannot carry', () => {
    expect(normaliseWebhookPath('/a//b/:id/')).toBe('a/b/:id');
    expect(() => normaliseWebhookPath('a b')).toThrow(WebhookPathError);
    expect(() => normaliseWebhookPath('a/<script>')).toThrow(WebhookPathError);
    expect(pathShape('a/:x/b')).toBe(pathShape('a/:y/b'));
  });

  it('matches static paths first, then dynamic ones with more literal segments', () => {
    const table = new RouteTable([route('POST', 'orders/:id'), route('POST', 'orders/latest'), route('POST', 'orders/:id/items/:item'), route('GET', 'orders/:id')]);
    expect(table.match('POST', 'orders/latest')?.route.path).toBe('orders/latest');
    expect(table.match('POST', 'orders/42')).toMatchObject({ route: { path: 'orders/:id', method: 'POST' }, pathParams: { id: '42' } });
    expect(table.match('POST', 'orders/a%2Fb/items/7')?.pathParams).toEqual({ id: 'a/b', item: '7' });
    expect(table.match('GET', 'orders/1')?.route.method).toBe('GET');
    expect(table.match('DELETE', 'orders/1')).toBeNull();
    expect(table.match('POST', 'orders')).toBeNull();
    expect(table.match('POST', 'orders/%E0%A4%A')).toBeNull(); // malformed escape: no match, no throw
  });
});

describe('body parsing', () => {
  const opts = { limit: 1024 };
  it('parses by media type only', async () => {
    expect((await parseBody('application/json; charset=utf-8', Buffer.from('{"a":[1]}'), opts)).body).toEqual({ a: [1] });
    expect((await parseBody('text/plain', Buffer.from('{"a":1}'), opts)).body).toBe('{"a":1}');
    expect((await parseBody('application/x-www-form-urlencoded', Buffer.from('a=1&a=2&__proto__=x'), opts)).body).toEqual(
      JSON.parse('{"a":["1","2"],"__proto__":"x"}'),
    );
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    const raw = await parseBody(undefined, Buffer.from([1, 2, 3]), opts);
    expect(raw).toEqual({ body: {}, binary: { data: { data: 'AQID', mimeType: 'application/octet-stream', fileSize: 3 } } });
    expect((await parseBody('application/json', Buffer.alloc(0), opts)).body).toEqual({});
  });

  it('rejects malformed JSON and multipart without a boundary with 400', async () => {
    await expect(parseBody('application/json', Buffer.from('{'), opts)).rejects.toMatchObject({ statusCode: 400 });
    await expect(parseBody('multipart/form-data', Buffer.from('x'), opts)).rejects.toBeInstanceOf(WebhookHttpError);
  });

  it('keeps the raw body as binary when asked', async () => {
    const r = await parseBody('application/json', Buffer.from('{"a":1}'), { ...opts, rawBody: true, binaryPropertyName: 'raw' });
    expect(r.body).toEqual({ a: 1 });
    expect(Buffer.from(r.binary!.raw.data, 'base64').toString()).toBe('{"a":1}');
  });
});

describe('signatures', () => {
  const hmac = webhookParams.parse({ authentication: 'hmac' });
  const body = Buffer.from('{"x":1}');
  const sig = (secret: string, data = body) => `sha256=${createHmac('sha256', secret).update(data).digest('hex')}`;
  const status = (fn: () => void) => {
    try {
      fn();
      return 200;
    } catch (err) {
      return (err as WebhookHttpError).statusCode;
    }
  };

  it('accepts only the exact signature of the raw body', () => {
    const cred = { secret: 'k' };
    expect(status(() => checkWebhookAuth(hmac, cred, { 'x-hub-signature-256': sig('k') }, body))).toBe(200);
    expect(status(() => checkWebhookAuth(hmac, cred, { 'x-hub-signature-256': sig('k').toUpperCase().replace('SHA256=', 'sha256=') }, body))).toBe(200);
    expect(status(() => checkWebhookAuth(hmac, cred, { 'x-hub-signature-256': sig('j') }, body))).toBe(403);
    expect(status(() => checkWebhookAuth(hmac, cred, { 'x-hub-signature-256': 'sha256=zz' }, body))).toBe(403);
    expect(status(() => checkWebhookAuth(hmac, cred, { 'x-hub-signature-256': `${sig('k')}00` }, body))).toBe(403);
    expect(status(() => checkWebhookAuth(hmac, cred, {}, body))).toBe(401);
    expect(status(() => checkWebhookAuth(hmac, null, {}, body))).toBe(500);
  });

  it('compares strings of different lengths without throwing', () => {
    expect(safeEqual('a', 'abc')).toBe(false);
    expect(safeEqual('abc', 'abc')).toBe(true);
  });
});

describe('responses', () => {
  it('drops header names and values that could inject headers', () => {
    const r = sanitiseResponse({ statusCode: 99, headers: { 'X-Ok': 'a\r\nSet-Cookie: x=1', 'Bad Name': 'v' }, body: 'b' });
    expect(r).toEqual({ statusCode: 200, headers: { 'x-ok': 'a  Set-Cookie: x=1' }, body: 'b' });
  });
});

describe('execution waiter', () => {
  it('delivers an execution event to its waiter, and releases every waiter at shutdown', async () => {
    const { testRedis, randomId } = await import('../testing');
    const { ExecutionWaiter, acceptResponseOrFinished } = await import('./waiter');
    const { execChannel } = await import('../realtime/events');
    const sub = testRedis();
    const pub = testRedis();
    try {
      const waiter = new ExecutionWaiter(sub);
      const id = randomId();
      const a = await waiter.listen(id, acceptResponseOrFinished);
      await pub.publish(execChannel(id), JSON.stringify({ type: 'node.started', executionId: id }));
      await pub.publish(execChannel(id), JSON.stringify({ type: 'webhook.response', executionId: id, response: { statusCode: 201, body: 'x' } }));
      expect(await a.wait(5_000)).toEqual({ kind: 'response', response: { statusCode: 201, body: 'x' } });
      const b = await waiter.listen(randomId(), acceptResponseOrFinished);
      const outcome = b.wait(60_000);
      waiter.releaseAll();
      expect(await outcome).toEqual({ kind: 'timeout' });
    } finally {
      await sub.quit();
      await pub.quit();
    }
  });
});
