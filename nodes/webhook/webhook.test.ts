import { describe, expect, it } from 'vitest';
import { makeContext, runNode } from '../../server/engine/testing/node-context';
import webhook, { webhookMethods, webhookParams } from './index';

describe('webhook node', () => {
  it('applies n8n defaults to its parameters', () => {
    const p = webhookParams.parse({ path: 'orders' });
    expect(p).toMatchObject({
      httpMethod: 'GET',
      authentication: 'none',
      responseMode: 'onReceived',
      responseData: 'firstEntryJson',
      idempotencyHeader: 'Idempotency-Key',
      rateLimit: 0,
      responseTimeout: 30,
      hmacHeader: 'X-Hub-Signature-256',
      hmacEncoding: 'github',
    });
    expect(p.responseCode).toBeUndefined();
  });

  it('accepts one method or several, deduplicated', () => {
    expect(webhookMethods(webhookParams.parse({ httpMethod: 'POST' }))).toEqual(['POST']);
    expect(webhookMethods(webhookParams.parse({ httpMethod: ['GET', 'POST', 'GET'] }))).toEqual(['GET', 'POST']);
    expect(webhookParams.safeParse({ httpMethod: 'TRACE' }).success).toBe(false);
  });

  it('keeps unknown n8n options (imported workflows) without failing', () => {
    const p = webhookParams.parse({ options: { ipWhitelist: '1.2.3.4', rawBody: true } });
    expect(p.options.rawBody).toBe(true);
  });

  it('emits the request items the runtime recorded as trigger data', async () => {
    const request = { headers: { a: '1' }, params: {}, query: { q: 'x' }, body: { n: 1 }, webhookUrl: 'http://h/webhook/x', executionMode: 'production' };
    const out = await runNode(webhook, {
      params: { path: 'x' },
      triggerData: { items: [{ json: request, binary: { data: { data: 'aGk=', mimeType: 'text/plain' } } }] },
    });
    expect(out.main).toHaveLength(1);
    expect(out.main[0].json).toEqual(request);
    expect(out.main[0].binary?.data.data).toBe('aGk=');
  });

  it('emits an empty request shape in a manual run without data', async () => {
    const ctx = makeContext({ def: webhook, params: { path: 'x' }, execution: { mode: 'manual' } });
    const out = await webhook.execute(ctx as never);
    expect(out.main[0].json).toMatchObject({ headers: {}, body: {}, executionMode: 'test' });
  });
});
