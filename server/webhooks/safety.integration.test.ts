/**
 * Webhook safety on the real stack: size limit, unknown and inactive paths, rate limit, idempotency,
 * activation conflicts, route refresh across processes (pub/sub), and test webhooks.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomId, testDb, testRedis, uniquePrefix, waitFor } from '../testing';
import { activeWorkflow, chain, createCredential, createWorkflow, executionsOf, node, startWebhookStack, triggerOutput, type WebhookStack } from './test-helpers';

process.env.WEFT_QUEUE_PREFIX = uniquePrefix('whsafety');
process.env.WEFT_WEBHOOK_MAX_BODY = String(64 * 1024);

let stack: WebhookStack;
beforeAll(async () => {
  stack = await startWebhookStack();
}, 60_000);
afterAll(async () => {
  await stack?.close();
});

const hook = (path: string, params: Record<string, unknown> = {}) => node('Hook', 'webhook', { path, httpMethod: 'POST', ...params });
const set = (id: string, name: string, value: unknown) => node(id, 'transform', { assignments: [{ name, value, type: 'string' }], include: 'all' });
const post = (path: string, body: unknown = {}, headers: Record<string, string> = {}, prefix = 'webhook') =>
  fetch(`${stack.base}/${prefix}/${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

/** A raw request: lets the test send more than the limit in chunks and still read the early answer. */
function rawPost(path: string, chunks: Buffer[], headers: Record<string, string | number> = {}): Promise<{ status: number; body: string }> {
  const url = new URL(`${stack.base}/webhook/${path}`);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': 'application/octet-stream', ...headers } });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', (err) => reject(err));
    (async () => {
      for (const c of chunks) {
        if (!req.write(c)) await new Promise((r) => req.once('drain', r));
      }
      req.end();
    })().catch(() => {});
  });
}

describe('limits and unknown paths', () => {
  it('answers 413 for a body over the limit (declared or streamed) and starts nothing', async () => {
    const path = `size/${randomId()}`;
    const wf = await activeWorkflow(stack.ownerId, chain(hook(path)));
    const declared = await rawPost(path, [Buffer.alloc(10)], { 'content-length': 70 * 1024 }).catch(() => ({ status: 413, body: '' }));
    expect(declared.status).toBe(413);
    const streamed = await rawPost(path, Array.from({ length: 20 }, () => Buffer.alloc(8 * 1024, 1)), { 'transfer-encoding': 'chunked' });
    expect(streamed.status).toBe(413);
    const fits = await rawPost(path, [Buffer.alloc(60 * 1024, 1)]);
    expect(fits.status).toBe(202);
    expect(await executionsOf(wf)).toHaveLength(1);
  });

  it('answers 404 without detail for an unknown path, a wrong method, and an inactive workflow', async () => {
    const unknown = await post(`nothing-here-${randomId()}`);
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toBe('Not Found');
    const path = `inactive/${randomId()}`;
    const wf = await activeWorkflow(stack.ownerId, chain(hook(path)));
    expect((await fetch(`${stack.base}/webhook/${path}`)).status).toBe(404); // GET, registered for POST
    expect((await post(path)).status).toBe(202);
    const { deactivateWorkflow } = await import('../triggers/activation');
    await deactivateWorkflow(wf);
    expect((await post(path)).status).toBe(404);
    expect(await testDb().webhook.count({ where: { workflowId: wf } })).toBe(0);
    // A workflow that was never activated is not served either.
    const draftPath = `draft/${randomId()}`;
    await createWorkflow(stack.ownerId, chain(hook(draftPath)));
    expect((await post(draftPath)).status).toBe(404);
  });

  it('rate limits per webhook with 429 and Retry-After', async () => {
    const path = `rl/${randomId()}`;
    const wf = await activeWorkflow(stack.ownerId, chain(hook(path, { rateLimit: 3 })));
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await post(path)).status);
    expect(statuses).toEqual([202, 202, 202, 429, 429]);
    const limited = await post(path);
    const retry = Number(limited.headers.get('retry-after'));
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(60);
    expect(await executionsOf(wf)).toHaveLength(3);
  });
});

describe('sliding rate limit', () => {
  it('counts the last 60 s request by request and says when the oldest leaves the window', async () => {
    const path = `rls/${randomId()}`;
    const wf = await activeWorkflow(stack.ownerId, chain(hook(path, { rateLimit: 2, rateLimitWindow: 'sliding' })));
    expect((await post(path)).status).toBe(202);
    expect((await post(path)).status).toBe(202);
    const limited = await post(path);
    expect(limited.status).toBe(429);
    const retry = Number(limited.headers.get('retry-after'));
    expect(retry).toBeGreaterThanOrEqual(55);
    expect(retry).toBeLessThanOrEqual(60);
    expect(await executionsOf(wf)).toHaveLength(2);
  });
});

describe('idempotency', () => {
  it('a repeated key gets the first answer and starts nothing', async () => {
    const path = `idem/${randomId()}`;
    const wf = await activeWorkflow(stack.ownerId, chain(hook(path, { responseMode: 'lastNode' }), set('Echo', 'echo', '={{ $json.body.n }}')));
    const key = randomId();
    const first = await post(path, { n: 'one' }, { 'idempotency-key': key });
    expect(first.status).toBe(200);
    const firstBody = await first.json();
    const again = await post(path, { n: 'two' }, { 'idempotency-key': key });
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toEqual(firstBody);
    expect(await executionsOf(wf)).toHaveLength(1);
    // Another key is another delivery.
    expect((await post(path, { n: 'three' }, { 'idempotency-key': randomId() })).status).toBe(200);
    expect(await executionsOf(wf)).toHaveLength(2);
  });

  it('concurrent repeats of a key (X-GitHub-Delivery) share one execution', async () => {
    const path = `idem/${randomId()}`;
    const wf = await activeWorkflow(stack.ownerId, chain(hook(path, { idempotencyHeader: 'X-GitHub-Delivery' })));
    const key = randomId();
    const answers = await Promise.all(Array.from({ length: 8 }, () => post(path, {}, { 'x-github-delivery': key })));
    const bodies = await Promise.all(answers.map((r) => r.json() as Promise<{ executionId: string }>));
    expect(answers.map((r) => r.status)).toEqual(Array(8).fill(202));
    expect(new Set(bodies.map((b) => b.executionId)).size).toBe(1);
    const executions = await executionsOf(wf);
    expect(executions.map((e) => e.id)).toEqual([bodies[0].executionId]);
    // The default Idempotency-Key header is not the configured one here: it does not deduplicate.
    await post(path, {}, { 'idempotency-key': key });
    await post(path, {}, { 'idempotency-key': key });
    expect(await executionsOf(wf)).toHaveLength(3);
  });
});

describe('activation', () => {
  it('refuses a path another workflow serves, naming the path and the workflow', async () => {
    const path = `taken/${randomId()}/:id`;
    const first = await activeWorkflow(stack.ownerId, chain(hook(path)));
    const other = await createWorkflow(stack.ownerId, chain(hook(path.replace(':id', ':key'))));
    const { activateWorkflow } = await import('../triggers/activation');
    const firstName = (await testDb().workflow.findUnique({ where: { id: first } }))!.name;
    await expect(activateWorkflow(other)).rejects.toThrow(new RegExp(`POST /webhook/${path.replace(':id', ':key')}.*already used by workflow "${firstName}"`));
    expect((await testDb().workflow.findUnique({ where: { id: other } }))!.active).toBe(false);
  });

  it('refuses a workflow without a usable trigger, naming the node and field', async () => {
    const { activateWorkflow } = await import('../triggers/activation');
    const noTrigger = await createWorkflow(stack.ownerId, chain(node('Start', 'manualTrigger'), set('A', 'a', 'b')));
    await expect(activateWorkflow(noTrigger)).rejects.toThrow(/no enabled Webhook, Form Trigger, Schedule Trigger/);
    const noPath = await createWorkflow(stack.ownerId, chain(hook('')));
    await expect(activateWorkflow(noPath)).rejects.toThrow(/node "Hook", field "path"/);
    const noCred = await createWorkflow(stack.ownerId, chain(hook(`x/${randomId()}`, { authentication: 'hmac' })));
    await expect(activateWorkflow(noCred)).rejects.toThrow(/node "Hook", field "authentication".*webhookHmac/);
  });

  it("refuses a credential of the wrong type or of another user", async () => {
    const { activateWorkflow } = await import('../triggers/activation');
    const { createTestUser } = await import('../testing');
    const stranger = (await createTestUser()).user.id;
    const theirs = await createCredential(stranger, 'webhookHmac', { secret: 'x' });
    const wrongType = await createCredential(stack.ownerId, 'httpHeaderAuth', { name: 'a', value: 'b' });
    const withCred = (id: string) => chain(node('Hook', 'webhook', { path: `c/${randomId()}`, httpMethod: 'POST', authentication: 'hmac' }, { credentials: { webhookHmac: { id } } }));
    await expect(activateWorkflow(await createWorkflow(stack.ownerId, withCred(theirs)))).rejects.toThrow(/credentials\.webhookHmac.*not yours/);
    await expect(activateWorkflow(await createWorkflow(stack.ownerId, withCred(wrongType)))).rejects.toThrow(/expected a webhookHmac credential, got httpHeaderAuth/);
  });

  it('every web process refreshes its routes from the broadcast (no restart)', async () => {
    // Another process activated a workflow: rows appear in Postgres and a message on Redis.
    const path = `bcast/${randomId()}`;
    const wf = await createWorkflow(stack.ownerId, chain(hook(path)));
    await testDb().webhook.create({ data: { workflowId: wf, nodeId: 'Hook', method: 'POST', path } });
    await testDb().workflow.update({ where: { id: wf }, data: { active: true } });
    expect((await post(path)).status).toBe(404); // this process has not heard yet
    const redis = testRedis();
    const { triggersChangedChannel } = await import('../triggers/channels');
    await redis.publish(triggersChangedChannel(), JSON.stringify({ workflowId: wf }));
    await redis.quit();
    await waitFor(async () => (await post(path)).status === 202, { what: 'route refreshed' });
  });
});

describe('test webhooks (editor listening)', () => {
  it('runs the draft graph once at /webhook-test/<path>, within the listening window', async () => {
    const path = `t/${randomId()}/:slug`;
    const saved = chain(hook(path), set('Old', 'v', 'saved'));
    const wf = await createWorkflow(stack.ownerId, saved);
    const draft = chain(hook(path), set('New', 'v', 'draft'));
    const { listenForTestWebhook } = await import('./testWebhooks');
    const { redis } = await import('../redis');
    const listen = await listenForTestWebhook(redis(), wf, draft, { ownerId: stack.ownerId, publicUrl: stack.base });
    expect(listen.urls[0].url).toBe(`${stack.base}/webhook-test/${path}`);
    expect((await post(path.replace(':slug', 'a'))).status).toBe(404); // not a production route
    const res = await post(path.replace(':slug', 'abc'), { hi: 1 }, {}, 'webhook-test');
    expect(res.status).toBe(202);
    const { executionId } = (await res.json()) as { executionId: string };
    const items = await triggerOutput(executionId);
    expect(items[0].json).toMatchObject({ executionMode: 'test', params: { slug: 'abc' }, body: { hi: 1 } });
    const done = await waitFor(async () => {
      const e = await testDb().execution.findUnique({ where: { id: executionId }, include: { nodeRuns: true } });
      return e?.status === 'succeeded' ? e : null;
    });
    expect(done.workflowId).toBe(wf);
    expect(done.nodeRuns.map((r) => r.nodeId).sort()).toEqual(['Hook', 'New']);
    // One event per listen.
    expect((await post(path.replace(':slug', 'abc'), {}, {}, 'webhook-test')).status).toBe(404);
  });

  it("refuses to listen on a path another workflow's editor is listening on", async () => {
    const path = `t/${randomId()}`;
    const { listenForTestWebhook, stopListeningForTestWebhook } = await import('./testWebhooks');
    const { redis } = await import('../redis');
    const a = await createWorkflow(stack.ownerId, chain(hook(path)));
    const b = await createWorkflow(stack.ownerId, chain(hook(path)));
    const first = await listenForTestWebhook(redis(), a, chain(hook(path)));
    await expect(listenForTestWebhook(redis(), b, chain(hook(path)))).rejects.toThrow(/Another workflow is listening on POST \/webhook-test\//);
    await listenForTestWebhook(redis(), a, chain(hook(path))); // the same workflow may listen again
    await stopListeningForTestWebhook(redis(), first.listenId, b); // not b's to stop: nothing happens
    expect((await post(path, {}, {}, 'webhook-test')).status).toBe(202);
  });

  it('stops answering when the listening window ends', async () => {
    const path = `t/${randomId()}`;
    const wf = await createWorkflow(stack.ownerId, chain(hook(path)));
    const { listenForTestWebhook } = await import('./testWebhooks');
    const { redis } = await import('../redis');
    await listenForTestWebhook(redis(), wf, chain(hook(path)), { ttlMs: 300 });
    await new Promise((r) => setTimeout(r, 500));
    expect((await post(path, {}, {}, 'webhook-test')).status).toBe(404);
  });
});
