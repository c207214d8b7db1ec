/**
 * WhatsApp Business Cloud node against a fake Graph API on 127.0.0.1: text messages, templates with header /
 * body / button parameters (n8n's components structure), media by link, by id and from the item's binary
 * (uploaded as multipart first), location, media URL get / delete / upload, the API version param, the bearer
 * token, and errors naming node and field without the token.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runNode } from '../../server/engine/testing/node-context';
import { startFakeApi, type FakeApi } from '../../server/testing/fake-api';
import type { NodeOutput } from '../sdk';
import { whatsAppNode } from './index';

let api: FakeApi<Record<string, unknown>>;
const TOKEN = 'EAAG-secret-token';

beforeAll(async () => {
  api = await startFakeApi<Record<string, unknown>>({
    'POST /:v/:phone/messages': (r) =>
      r.params.phone === 'bad'
        ? { status: 400, body: { error: { message: `(#100) Invalid parameter; token ${TOKEN}`, type: 'OAuthException', code: 100, error_data: { details: 'phone number id unknown' } } } }
        : { body: { messaging_product: 'whatsapp', contacts: [{ input: r.body?.to, wa_id: String(r.body?.to).replace('+', '') }], messages: [{ id: 'wamid.1' }] } },
    'POST /:v/:phone/media': () => ({ body: { id: 'media-42' } }),
    'GET /:v/:id': (r) => ({ body: { messaging_product: 'whatsapp', url: `https://lookaside.example/${r.params.id}`, mime_type: 'application/pdf', id: r.params.id } }),
    'DELETE /:v/:id': () => ({ body: { success: true } }),
  });
});
afterAll(() => api.close());
beforeEach(() => api.reset());

type In = { json: Record<string, unknown>; binary?: Record<string, { data: string; mimeType: string; fileName?: string }> };
const run = (params: Record<string, unknown>, items: In[] = [{ json: {} }]) =>
  runNode(whatsAppNode, { params: { apiUrl: api.url, phoneNumberId: '4771', ...params }, items: items as never, credentials: { whatsAppApi: { accessToken: TOKEN } }, node: { name: 'WhatsApp' } });
const jsonOf = (out: NodeOutput) => (out.main ?? []).map((i) => i.json as Record<string, unknown>);
async function failure(promise: Promise<unknown>): Promise<Error> {
  const err = await promise.then(() => undefined, (e: unknown) => e as Error);
  expect(err, 'the node should fail').toBeInstanceOf(Error);
  return err!;
}
const pdf = Buffer.from('%PDF-1.7 menu');

describe('whatsApp node: messages', () => {
  it('sends a text message per item with the bearer token, answering the Graph API\'s answer', async () => {
    const out = await run({ operation: 'send', recipientPhoneNumber: '={{ $json.to }}', textBody: '={{ $json.text }}' }, [{ json: { to: 44123456789, text: 'Hi' } }, { json: { to: '+49 (15)', text: 'Hallo' } }]);
    expect(jsonOf(out)).toEqual([
      { messaging_product: 'whatsapp', contacts: [{ input: '44123456789', wa_id: '44123456789' }], messages: [{ id: 'wamid.1' }] },
      { messaging_product: 'whatsapp', contacts: [{ input: '49 15', wa_id: '49 15' }], messages: [{ id: 'wamid.1' }] },
    ]);
    expect(api.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /v21.0/4771/messages', 'POST /v21.0/4771/messages']);
    expect(api.requests[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(api.requests[0].body).toEqual({ messaging_product: 'whatsapp', recipient_type: 'individual', to: '44123456789', type: 'text', text: { body: 'Hi', preview_url: false } });
  });

  it('sends a template (n8n\'s default operation) with header and body parameters, on the chosen API version', async () => {
    const components = [
      { type: 'header', headerParameters: { parameter: [{ text: '📅' }] } },
      { bodyParameters: { parameter: [{ text: '={{ $json.name }}' }, { type: 'currency', code: 'EUR', amount_1000: 12.5, fallback_value: '12,50 €' }, { type: 'date_time', date_time: '2026-11-24' }] } },
      { type: 'button', sub_type: 'url', index: 0, buttonParameters: { parameter: { type: 'text', text: 'abc' } } },
      { type: 'button', index: 1, buttonParameters: { parameter: { payload: 'yes' } } },
      { type: 'header', headerParameters: { parameter: [{ type: 'image', imageLink: 'https://example.com/h.png' }] } },
    ];
    await run({ template: 'test_appointment_button|en_US', components, recipientPhoneNumber: '+491', apiVersion: 'v19.0' }, [{ json: { name: 'Ada' } }]);
    expect(api.requests[0].path).toBe('/v19.0/4771/messages');
    expect(api.requests[0].body).toEqual({
      messaging_product: 'whatsapp', recipient_type: 'individual', to: '491', type: 'template',
      template: {
        name: 'test_appointment_button', language: { code: 'en_US' },
        components: [
          { type: 'header', parameters: [{ type: 'text', text: '📅' }] },
          { type: 'body', parameters: [{ type: 'text', text: 'Ada' }, { type: 'currency', currency: { code: 'EUR', fallback_value: '12,50 €', amount_1000: 12500 } }, { type: 'date_time', date_time: { fallback_value: '2026-11-24' } }] },
          { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: 'abc' }] },
          { type: 'button', sub_type: 'quick_reply', index: '1', parameters: [{ type: 'payload', payload: 'yes' }] },
          { type: 'header', parameters: [{ type: 'image', image: { link: 'https://example.com/h.png' } }] },
        ],
      },
    });
  });

  it('sends media from a link or a media id, with caption and file name', async () => {
    await run({ operation: 'send', recipientPhoneNumber: '1', messageType: 'image', mediaLink: 'https://example.com/a.png', mediaCaption: 'Look' });
    await run({ operation: 'send', recipientPhoneNumber: '1', messageType: 'document', mediaPath: 'useMediaId', mediaId: 'm-1', mediaFilename: 'menu.pdf' });
    expect(api.requests.map((r) => r.body)).toEqual([
      { messaging_product: 'whatsapp', recipient_type: 'individual', to: '1', type: 'image', image: { link: 'https://example.com/a.png', caption: 'Look' } },
      { messaging_product: 'whatsapp', recipient_type: 'individual', to: '1', type: 'document', document: { id: 'm-1', filename: 'menu.pdf' } },
    ]);
  });

  it('uploads the item\'s binary as multipart, then sends it by its media id', async () => {
    const item: In = { json: {}, binary: { voice: { data: pdf.toString('base64'), mimeType: 'audio/ogg', fileName: 'v.ogg' } } };
    const out = await run({ operation: 'send', recipientPhoneNumber: '1', messageType: 'audio', mediaPath: 'useMedian8n', mediaPropertyName: 'voice', mediaCaption: 'ignored for audio' }, [item]);
    expect(jsonOf(out)[0].messages).toEqual([{ id: 'wamid.1' }]);
    expect(api.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /v21.0/4771/media', 'POST /v21.0/4771/messages']);
    const up = api.requests[0];
    expect(String(up.headers['content-type'])).toMatch(/^multipart\/form-data; boundary=/);
    expect(up.text).toContain('name="messaging_product"\r\n\r\nwhatsapp');
    expect(up.text).toContain('name="type"\r\n\r\naudio/ogg');
    expect(up.text).toContain('name="file"; filename="v.ogg"');
    expect(up.raw.includes(pdf)).toBe(true);
    expect(api.requests[1].body).toEqual({ messaging_product: 'whatsapp', recipient_type: 'individual', to: '1', type: 'audio', audio: { id: 'media-42' } });
  });

  it('sends a document from the binary under the uploaded file\'s name', async () => {
    const item: In = { json: {}, binary: { data: { data: pdf.toString('base64'), mimeType: 'application/pdf', fileName: 'menu.pdf' } } };
    await run({ operation: 'send', recipientPhoneNumber: '1', messageType: 'document', mediaPath: 'useMedian8n', mediaCaption: 'Menu' }, [item]);
    expect(api.requests[1].body).toEqual({ messaging_product: 'whatsapp', recipient_type: 'individual', to: '1', type: 'document', document: { id: 'media-42', filename: 'menu.pdf', caption: 'Menu' } });
  });

  it('sends a location', async () => {
    await run({ operation: 'send', recipientPhoneNumber: '1', messageType: 'location', latitude: '52.5', longitude: 13.4, locationName: 'Berlin' });
    expect(api.requests[0].body).toMatchObject({ type: 'location', location: { latitude: 52.5, longitude: 13.4, name: 'Berlin' } });
  });
});

describe('whatsApp node: media', () => {
  it('gets a media URL, deletes media and uploads a binary', async () => {
    expect(jsonOf(await run({ resource: 'media', operation: 'mediaUrlGet', mediaGetId: '={{ $json.id }}' }, [{ json: { id: 'doc-9' } }]))).toEqual([
      { messaging_product: 'whatsapp', url: 'https://lookaside.example/doc-9', mime_type: 'application/pdf', id: 'doc-9' },
    ]);
    expect(jsonOf(await run({ resource: 'media', operation: 'mediaDelete', mediaDeleteId: 'doc-9' }))).toEqual([{ success: true }]);
    const item: In = { json: {}, binary: { data: { data: pdf.toString('base64'), mimeType: 'application/pdf', fileName: 'x.pdf' } } };
    expect(jsonOf(await run({ resource: 'media', operation: 'mediaUpload', mediaFileName: 'menu.pdf' }, [item]))).toEqual([{ id: 'media-42' }]);
    expect(api.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v21.0/doc-9', 'DELETE /v21.0/doc-9', 'POST /v21.0/4771/media']);
    expect(api.requests[2].text).toContain('filename="menu.pdf"');
  });
});

describe('whatsApp node: errors', () => {
  it('names the node and field and never shows the token', async () => {
    const api400 = await failure(run({ operation: 'send', phoneNumberId: 'bad', recipientPhoneNumber: '1', textBody: 'x' }));
    expect(api400.message).toContain('Node "WhatsApp", field "recipientPhoneNumber" (item 0): WhatsApp POST bad/messages: the Graph API answered HTTP 400: Invalid parameter');
    expect(api400.message).toContain('phone number id unknown');
    expect(api400.message).not.toContain(TOKEN);
    expect((await failure(run({ operation: 'send', recipientPhoneNumber: '1', textBody: ' ' }))).message).toContain('field "textBody"');
    expect((await failure(run({ operation: 'send', recipientPhoneNumber: '', textBody: 'x' }))).message).toContain('field "recipientPhoneNumber"');
    expect((await failure(run({ template: 'hello_world', recipientPhoneNumber: '1' }))).message).toContain('field "template"');
    expect((await failure(run({ operation: 'send', recipientPhoneNumber: '1', messageType: 'image', mediaPath: 'useMedian8n' }))).message).toContain('field "mediaPropertyName"');
    expect((await failure(run({ resource: 'media', operation: 'send' }))).message).toContain('field "operation"');
    const noToken = await failure(runNode(whatsAppNode, { params: { apiUrl: api.url, operation: 'send' }, items: [{}], credentials: { whatsAppApi: {} }, node: { name: 'WhatsApp' } }));
    expect(noToken.message).toContain('Node "WhatsApp", field "credentials"');
    expect(api.requests.filter((r) => r.path.endsWith('/messages') && r.params.phone !== 'bad')).toEqual([]);
  });
});
