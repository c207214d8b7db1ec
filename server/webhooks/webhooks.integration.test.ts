/**
 * Webhooks on the real stack: the handler on a loopback port, the runtime's step worker, Postgres, Redis.
 * Response modes, authentication, and strict body parsing.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomId, testDb, uniquePrefix, waitFor } from '../testing';
import { activeWorkflow, chain, createCredential, executionsOf, node, startWebhookStack, triggerOutput, type WebhookStack } from './test-helpers';

process.env.WEFT_QUEUE_PREFIX = uniquePrefix('webhooks');

let stack: WebhookStack;
beforeAll(async () => {
  stack = await startWebhookStack();
}, 60_000);
afterAll(async () => {
  await stack?.close();
});

const hook = (path: string, params: Record<string, unknown> = {}, extra = {}) =>
  node('Hook', 'webhook', { path, httpMethod: 'POST', ...params }, extra);
const set = (id: string, name: string, value: unknown) =>
  node(id, 'transform', { assignments: [{ name, value, type: typeof value === 'number' ? 'number' : 'string' }], include: 'all' });
const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${stack.base}/webhook/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    redirect: 'manual',
  });

describe('response modes', () => {
  it('onReceived answers 202 with the id of a persisted execution that then runs', async () => {
    const path = `rm/${randomId()}`;
    const wf = await activeWorkflow(stack.ownerId, chain(hook(path), set('Tag', 'tag', 'x')));
    const res = await post(path, { name: 'Ada' });
    expect(res.status).toBe(202);
    const { executionId } = (await res.json()) as { executionId: string };
    const ex = await testDb().execution.findUnique({ where: { id: executionId } });
    expect(ex).toMatchObject({ workflowId: wf, mode: 'webhook' });
    const items = await triggerOutput(executionId);
    expect(items[0].json).toMatchObject({ body: { name: 'Ada' }, executionMode: 'production', params: {}, query: {} });
    expect(String(items[0].json.webhookUrl)).toMatch(new RegExp(`/webhook/${path}$`));
    await waitFor(async () => (await testDb().execution.findUnique({ where: { id: executionId } }))?.status === 'succeeded');
  });

  it('onReceived answers a configured code, body and headers', async () => {
    const path = `rm/${randomId()}`;
    await activeWorkflow(
      stack.ownerId,
      chain(hook(path, { responseCode: 200, options: { responseData: 'thanks', responseHeaders: { entries: [{ name: 'X-Weft', value: 'yes' }] } } })),
    );
    const res = await post(path, {});
    expect(res.status).toBe(200);
    expect(res.headers.get('x-weft')).toBe('yes');
    expect(await res.text()).toBe('thanks');
  });

  it('lastNode answers with the first item, all items, or no data', async () => {
    const first = `rm/${randomId()}`;
    await activeWorkflow(stack.ownerId, chain(hook(first, { responseMode: 'lastNode' }), set('Greet', 'greeting', '={{ "hi " + $json.body.name }}')));
    const res = await post(first, { name: 'Ada' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ greeting: 'hi Ada', body: { name: 'Ada' } });

    const all = `rm/${randomId()}`;
    await activeWorkflow(
      stack.ownerId,
      chain(hook(all, { responseMode: 'lastNode', responseData: 'allEntries' }), node('Split', 'splitOut', { fieldToSplitOut: 'body.list' })),
    );
    const resAll = await post(all, { list: [{ n: 1 }, { n: 2 }] });
    expect(resAll.status).toBe(200);
    const listed = (await resAll.json()) as unknown[];
    expect(listed).toHaveLength(2);

    const none = `rm/${randomId()}`;
    await activeWorkflow(stack.ownerId, chain(hook(none, { responseMode: 'lastNode', responseData: 'noData', responseCode: 204 }), set('A', 'a', 1)));
    const resNone = await post(none, {});
    expect(resNone.status).toBe(204);
    expect(await resNone.text()).toBe('');
  });

  it('lastNode answers 202 with the execution id when the time limit passes first', async () => {
    const path = `rm/${randomId()}`;
    await activeWorkflow(stack.ownerId, chain(hook(path, { responseMode: 'lastNode', responseTimeout: 0.5 }), node('Wait', 'wait', { amount: 2, unit: 'seconds' })));
    const started = Date.now();
    const res = await post(path, {});
    expect(res.status).toBe(202);
    expect(Date.now() - started).toBeLessThan(1_800);
    const { executionId } = (await res.json()) as { executionId: string };
    expect(await testDb().execution.findUnique({ where: { id: executionId } })).not.toBeNull();
  });

  it('lastNode answers 500 when the execution fails', async () => {
    const path = `rm/${randomId()}`;
    await activeWorkflow(stack.ownerId, chain(hook(path, { responseMode: 'lastNode' }), node('Boom', 'stopAndError', { errorMessage: 'nope' })));
    const res = await post(path, {});
    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({ message: 'Workflow execution failed' });
  });

  it('responseNode answers with what Respond to Webhook sends: JSON with code and headers', async () => {
    const path = `rm/${randomId()}`;
    await activeWorkflow(
      stack.ownerId,
      chain(
        hook(path, { responseMode: 'responseNode' }),
        node('Respond', 'respondToWebhook', {
          respondWith: 'json',
          responseBody: '={{ { "echo": $json.body.msg, "id": $json.query.id } }}',
          options: { responseCode: 201, responseHeaders: { entries: [{ name: 'X-Reply', value: 'r1' }] } },
        }),
        set('After', 'after', 'yes'),
      ),
    );
    const res = await fetch(`${stack.base}/webhook/${path}?id=42`, { method: 'POST', body: JSON.stringify({ msg: 'hello' }), headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(201);
    expect(res.headers.get('x-reply')).toBe('r1');
    expect(await res.json()).toEqual({ echo: 'hello', id: '42' });
  });

  it('responseNode sends text, redirects, binary and no data', async () => {
    const mk = async (params: Record<string, unknown>) => {
      const path = `rm/${randomId()}`;
      await activeWorkflow(stack.ownerId, chain(hook(path, { responseMode: 'responseNode' }), node('Respond', 'respondToWebhook', params)));
      return path;
    };
    const text = await post(await mk({ respondWith: 'text', responseBody: '=Hi {{ $json.body.n }}' }), { n: 'Bob' });
    expect(await text.text()).toBe('Hi Bob');
    expect(text.headers.get('content-type')).toMatch(/^text\/plain/);

    const redirect = await post(await mk({ respondWith: 'redirect', redirectURL: 'https://example.test/done' }), {});
    expect(redirect.status).toBe(307);
    expect(redirect.headers.get('location')).toBe('https://example.test/done');

    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255]);
    const binPath = await mk({ respondWith: 'binary' });
    const bin = await fetch(`${stack.base}/webhook/${binPath}`, { method: 'POST', headers: { 'content-type': 'image/png' }, body: png });
    expect(bin.status).toBe(200);
    expect(bin.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await bin.arrayBuffer()).equals(png)).toBe(true);

    const nothing = await post(await mk({ respondWith: 'noData', options: { responseCode: 204 } }), {});
    expect(nothing.status).toBe(204);
  });
});

describe('authentication', () => {
  it('header token: 202 with the right token, 401 without, 403 with a wrong one; the token is not stored', async () => {
    const cred = await createCredential(stack.ownerId, 'httpHeaderAuth', { name: 'X-Api-Key', value: 's3cret-token' });
    const path = `auth/${randomId()}`;
    await activeWorkflow(stack.ownerId, chain(hook(path, { authentication: 'headerAuth' }, { credentials: { httpHeaderAuth: { id: cred } } })));
    const ok = await post(path, {}, { 'x-api-key': 's3cret-token' });
    expect(ok.status).toBe(202);
    expect((await post(path, {})).status).toBe(401);
    expect((await post(path, {}, { 'x-api-key': 's3cret-tokeN' })).status).toBe(403);
    expect((await post(path, {}, { 'x-api-key': 's3cret' })).status).toBe(403);
    const { executionId } = (await ok.json()) as { executionId: string };
    const items = await triggerOutput(executionId);
    expect((items[0].json.headers as Record<string, string>)['x-api-key']).toBe('[redacted]');
    const stored = JSON.stringify(await testDb().execution.findUnique({ where: { id: executionId } }));
    expect(stored).not.toContain('s3cret-token');
  });

  it('basic auth: right user and password pass, anything else is refused', async () => {
    const cred = await createCredential(stack.ownerId, 'httpBasicAuth', { user: 'ada', password: 'pa:ss' });
    const path = `auth/${randomId()}`;
    await activeWorkflow(stack.ownerId, chain(hook(path, { authentication: 'basicAuth' }, { credentials: { httpBasicAuth: { id: cred } } })));
    const basic = (u: string, p: string) => ({ authorization: `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}` });
    expect((await post(path, {}, basic('ada', 'pa:ss'))).status).toBe(202);
    const missing = await post(path, {});
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toMatch(/^Basic/);
    expect((await post(path, {}, basic('ada', 'wrong'))).status).toBe(403);
    expect((await post(path, {}, basic('bob', 'pa:ss'))).status).toBe(403);
  });

  it('HMAC GitHub style (X-Hub-Signature-256: sha256=<hex>) over the raw body', async () => {
    const secret = 'gh-webhook-secret';
    const cred = await createCredential(stack.ownerId, 'webhookHmac', { secret });
    const path = `auth/${randomId()}`;
    await activeWorkflow(stack.ownerId, chain(hook(path, { authentication: 'hmac' }, { credentials: { webhookHmac: { id: cred } } })));
    // Whitespace matters: the signature covers the bytes as sent, not a re-serialisation.
    const raw = '{"action":  "opened", "number": 1}';
    const sig = `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;
    expect((await post(path, raw, { 'x-hub-signature-256': sig })).status).toBe(202);
    expect((await post(path, raw, {})).status).toBe(401);
    expect((await post(path, raw.replace('1', '2'), { 'x-hub-signature-256': sig })).status).toBe(403);
    expect((await post(path, raw, { 'x-hub-signature-256': sig.replace('sha256=', '') })).status).toBe(403);
    expect((await post(path, raw, { 'x-hub-signature-256': 'sha256=abcd' })).status).toBe(403);
    const wrongKey = `sha256=${createHmac('sha256', 'other').update(raw).digest('hex')}`;
    expect((await post(path, raw, { 'x-hub-signature-256': wrongKey })).status).toBe(403);
  });

  it('HMAC with a generic header and a base64 digest', async () => {
    const secret = 'generic-secret';
    const cred = await createCredential(stack.ownerId, 'webhookHmac', { secret });
    const path = `auth/${randomId()}`;
    await activeWorkflow(
      stack.ownerId,
      chain(hook(path, { authentication: 'hmac', hmacHeader: 'X-Signature', hmacEncoding: 'base64' }, { credentials: { webhookHmac: { id: cred } } })),
    );
    const raw = 'a=1&b=2';
    const sig = createHmac('sha256', secret).update(raw).digest('base64');
    const send = (s?: string) =>
      fetch(`${stack.base}/webhook/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...(s ? { 'x-signature': s } : {}) },
        body: raw,
      });
    const ok = await send(sig);
    expect(ok.status).toBe(202);
    expect((await send(createHmac('sha256', secret).update('a=1&b=3').digest('base64'))).status).toBe(403);
    expect((await send()).status).toBe(401);
    const { executionId } = (await ok.json()) as { executionId: string };
    expect((await triggerOutput(executionId))[0].json.body).toEqual({ a: '1', b: '2' });
  });
});

describe('bodies are parsed strictly by Content-Type', () => {
  let path: string;
  const send = async (body: BodyInit, contentType?: string) => {
    const res = await fetch(`${stack.base}/webhook/${path}`, { method: 'POST', headers: contentType ? { 'content-type': contentType } : {}, body });
    return res;
  };
  const itemOf = async (res: Response) => {
    expect(res.status).toBe(202);
    const { executionId } = (await res.json()) as { executionId: string };
    return (await triggerOutput(executionId))[0];
  };
  beforeAll(async () => {
    path = `body/${randomId()}`;
    await activeWorkflow(stack.ownerId, chain(hook(path)));
  });

  it('a JSON body claiming files is only data: nothing is read from the server disk', async () => {
    const claim = { binary: { data: { path: '/etc/passwd', fileName: 'passwd', data: undefined } }, file: 'file:///etc/passwd' };
    const item = await itemOf(await send(JSON.stringify(claim), 'application/json'));
    expect(item.binary).toBeUndefined();
    expect(item.json.body).toEqual({ binary: { data: { path: '/etc/passwd', fileName: 'passwd' } }, file: 'file:///etc/passwd' });
    expect(JSON.stringify(item)).not.toContain('root:');
  });

  it('JSON sent as text/plain stays text; JSON as form data stays form data', async () => {
    const text = await itemOf(await send('{"a":1}', 'text/plain'));
    expect(text.json.body).toBe('{"a":1}');
    const form = await itemOf(await send('{"a":1}', 'application/x-www-form-urlencoded'));
    expect(form.json.body).toEqual({ '{"a":1}': '' });
  });

  it('invalid JSON under application/json is a 400 and starts nothing', async () => {
    const wf = (await testDb().webhook.findFirst({ where: { path } }))!.workflowId;
    const before = (await executionsOf(wf)).length;
    const res = await send('{"a":', 'application/json');
    expect(res.status).toBe(400);
    expect((await executionsOf(wf)).length).toBe(before);
  });

  it('multipart: fields become the body, files become binary data', async () => {
    const form = new FormData();
    form.append('title', 'report');
    form.append('doc', new Blob([Buffer.from('%PDF-1.4 hello')], { type: 'application/pdf' }), 'report.pdf');
    const item = await itemOf(await send(form));
    expect(item.json.body).toEqual({ title: 'report' });
    expect(item.binary?.doc).toMatchObject({ mimeType: 'application/pdf', fileName: 'report.pdf' });
    expect(Buffer.from(item.binary!.doc.data, 'base64').toString()).toBe('%PDF-1.4 hello');
  });

  it('unknown types and no Content-Type keep the raw bytes as binary', async () => {
    const bytes = Buffer.from([0, 1, 2, 3, 250]);
    const item = await itemOf(await send(bytes, 'application/octet-stream'));
    expect(item.json.body).toEqual({});
    expect(Buffer.from(item.binary!.data.data, 'base64').equals(bytes)).toBe(true);
    const json = await itemOf(await send('{"x": 1}', 'application/vnd.api+json'));
    expect(json.json.body).toEqual({ x: 1 });
  });

  it('query strings and :params reach the item', async () => {
    const dyn = `orders-${randomId()}/:orderId/items/:itemId`;
    await activeWorkflow(stack.ownerId, chain(hook(dyn)));
    const url = `${stack.base}/webhook/${dyn.replace(':orderId', 'o%201').replace(':itemId', '7')}?a=1&a=2&b=x`;
    const item = await itemOf(await fetch(url, { method: 'POST' }));
    expect(item.json.params).toEqual({ orderId: 'o 1', itemId: '7' });
    expect(item.json.query).toEqual({ a: ['1', '2'], b: 'x' });
  });
});
