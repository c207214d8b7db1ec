import { describe, expect, it } from 'vitest';
import { makeContext } from '../../server/engine/testing/node-context';
import type { WebhookResponse } from '../sdk';
import respondToWebhook, { buildWebhookResponse, respondToWebhookParams } from './index';

const build = (params: Record<string, unknown>, items = [{ json: { a: 1 } }, { json: { a: 2 } }]) =>
  buildWebhookResponse(respondToWebhookParams.parse(params), items, 'Respond');

describe('respondToWebhook node', () => {
  it('answers with the first item, all items, or wrapped under a key', () => {
    expect(build({})).toEqual({ statusCode: 200, headers: {}, body: { a: 1 } });
    expect(build({ respondWith: 'allIncomingItems' }).body).toEqual([{ a: 1 }, { a: 2 }]);
    expect(build({ respondWith: 'allIncomingItems', options: { responseKey: 'data' } }).body).toEqual({ data: [{ a: 1 }, { a: 2 }] });
  });

  it('answers JSON from an object or a JSON string, with code and headers', () => {
    const r = build({
      respondWith: 'json',
      responseBody: '{"ok": true}',
      options: { responseCode: 201, responseHeaders: { entries: [{ name: 'X-Trace', value: 't1' }] } },
    });
    expect(r).toEqual({ statusCode: 201, headers: { 'x-trace': 't1' }, body: { ok: true } });
    expect(build({ respondWith: 'json', responseBody: { n: 2 } }).body).toEqual({ n: 2 });
    expect(() => build({ respondWith: 'json', responseBody: '{nope' })).toThrow(/"Respond" is not valid JSON/);
  });

  it('answers text, redirect, no data and binary', () => {
    expect(build({ respondWith: 'text', responseBody: 'hello' })).toMatchObject({ body: 'hello', headers: { 'content-type': 'text/plain; charset=utf-8' } });
    expect(build({ respondWith: 'redirect', redirectURL: 'https://example.test/x' })).toEqual({
      statusCode: 307,
      headers: { location: 'https://example.test/x' },
    });
    expect(() => build({ respondWith: 'redirect' })).toThrow(/redirect URL/);
    expect(build({ respondWith: 'noData', options: { responseCode: 204 } })).toEqual({ statusCode: 204, headers: {} });
    const bin = build({ respondWith: 'binary' }, [{ json: {}, binary: { data: { data: 'AAEC', mimeType: 'image/png' } } } as never]);
    expect(bin).toEqual({ statusCode: 200, headers: { 'content-type': 'image/png' }, binary: { data: 'AAEC', mimeType: 'image/png' } });
    expect(() => build({ respondWith: 'binary', inputFieldName: 'file' })).toThrow(/no binary property "file"/);
  });

  it('calls ctx.services.respondToWebhook once and passes items through', async () => {
    const sent: WebhookResponse[] = [];
    const ctx = makeContext({
      def: respondToWebhook,
      params: { respondWith: 'json', responseBody: '={{ { id: $json.a } }}' },
      items: [{ a: 7 }, { a: 8 }],
      services: { respondToWebhook: async (r) => void sent.push(r) },
    });
    const out = await respondToWebhook.execute(ctx as never);
    expect(sent).toEqual([{ statusCode: 200, headers: {}, body: { id: 7 } }]);
    expect(out.main.map((i) => i.json)).toEqual([{ a: 7 }, { a: 8 }]);
  });

  it('passes items through when no request is waiting (manual run)', async () => {
    const ctx = makeContext({ def: respondToWebhook, params: {}, items: [{ a: 1 }] });
    const out = await respondToWebhook.execute(ctx as never);
    expect(out.main).toHaveLength(1);
  });
});
