/**
 * whatsApp: n8n's WhatsApp Business Cloud node (n8n-nodes-base.whatsApp v1) on Meta's Graph API, with the
 * `whatsAppApi` credential (accessToken, sent as a bearer token; businessAccountId unused here). Each item makes
 * its own calls (On Error applies per item); the output is the Graph API's answer, as n8n's node outputs it.
 *
 * Params (n8n's names; additionalFields flat):
 * - resource / operation   message: send | sendTemplate (n8n's default); media: mediaUpload | mediaUrlGet | mediaDelete
 * - phoneNumberId          the sender's phone number id (POST {apiUrl}/{apiVersion}/{phoneNumberId}/messages)
 * - recipientPhoneNumber   the recipient (sent without '+', '-', '(' and ')', as n8n does)
 * - messageType            send: text (textBody, previewUrl) | image | audio | video | document (mediaCaption,
 *                          mediaFilename) | location (latitude, longitude, locationName, locationAddress) | contacts
 * - mediaPath              send media: useMediaLink (mediaLink) | useMediaId (mediaId) | useMedian8n (the item's
 *                          binary property mediaPropertyName, uploaded to {phoneNumberId}/media first)
 * - template, components   sendTemplate: "name|language" and n8n's components.component entries (type body by
 *                          default | header | button with sub_type, index; headerParameters / bodyParameters /
 *                          buttonParameters .parameter: text, currency (code, amount_1000 in whole units,
 *                          fallback_value), date_time, a header's image (imageLink), a button's payload)
 * - mediaPropertyName, mediaFileName (upload), mediaGetId (URL get), mediaDeleteId (delete)
 * - apiUrl, apiVersion     Graph API address and version (defaults https://graph.facebook.com, v21.0)
 * Errors name the node and field and never contain the access token.
 */
import { defineNode, type Item, type JsonObject, type NodeContext } from '../sdk';
import { fieldError, perItem } from '../per-item';
import { bytesOf, requireBinary } from '../binary-data';
import { DEFAULT_GRAPH_URL, DEFAULT_GRAPH_VERSION, WHATSAPP_OPERATIONS, whatsAppParams, type WhatsAppParams } from './params';

export { DEFAULT_GRAPH_URL, DEFAULT_GRAPH_VERSION, whatsAppParams, type WhatsAppParams } from './params';

type Ctx = NodeContext<WhatsAppParams>;
type J = Record<string, unknown>;

class GraphError extends Error {}

const scrub = (s: string, token: string) => (token ? s.split(token).join('***') : s);

interface Run {
  ctx: Ctx;
  token: string;
  fetchImpl: typeof fetch;
}

async function graph(run: Run, p: WhatsAppParams, method: string, path: string, body?: JsonObject | FormData): Promise<JsonObject> {
  const base = (p.apiUrl.trim() || DEFAULT_GRAPH_URL).replace(/\/+$/, '');
  const version = p.apiVersion.trim().replace(/^\/+|\/+$/g, '') || DEFAULT_GRAPH_VERSION;
  const url = `${base}/${version}/${path}`;
  const headers: Record<string, string> = { authorization: `Bearer ${run.token}` };
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let res: Response;
  try {
    res = await run.fetchImpl(url, { method, headers, body: payload, signal: run.ctx.signal });
  } catch (err) {
    if (run.ctx.signal.aborted) throw run.ctx.signal.reason instanceof Error ? run.ctx.signal.reason : new Error('The execution was cancelled');
    const cause = (err as Error & { cause?: Error }).cause?.message ?? (err as Error).message;
    throw new GraphError(scrub(`${method} ${path}: cannot reach ${new URL(url).origin}: ${cause}`, run.token));
  }
  const raw = await res.text();
  let json: J = {};
  try {
    json = raw.trim() ? (JSON.parse(raw) as J) : {};
  } catch {
    if (res.ok) throw new GraphError(`${method} ${path}: the Graph API answered with something that is not JSON: ${scrub(raw.slice(0, 100), run.token)}`);
  }
  if (!res.ok) {
    const e = (json.error && typeof json.error === 'object' ? json.error : {}) as J;
    const why = typeof e.message === 'string' ? e.message.replace(/^\(#\d+\) /, '') + (e.error_data && typeof (e.error_data as J).details === 'string' ? ` (${(e.error_data as J).details as string})` : '') : raw.slice(0, 200);
    throw new GraphError(scrub(`${method} ${path}: the Graph API answered HTTP ${res.status}: ${why}`, run.token));
  }
  return json as JsonObject;
}

const MEDIA_TYPES = new Set(['image', 'audio', 'video', 'document']);

/** n8n's template parameter entries as WhatsApp's (n8n's field names): text (default), currency (code, amount_1000
 * in whole units, fallback_value), date_time, a header image (imageLink), a button's payload. */
function templateParameter(x: J, fallbackType = 'text'): J {
  const type = typeof x.type === 'string' && x.type ? x.type : fallbackType;
  switch (type) {
    case 'currency':
      return { type, currency: { code: String(x.code ?? ''), fallback_value: String(x.fallback_value ?? ''), amount_1000: Math.round(Number(x.amount_1000 ?? 0) * 1000) } };
    case 'date_time':
      return { type, date_time: { fallback_value: String(x.date_time ?? '') } };
    case 'image':
      return { type, image: { link: String(x.imageLink ?? '') } };
    case 'payload':
      return { type, payload: String(x.payload ?? '') };
    default:
      return { type, text: String(x.text ?? '') };
  }
}

/** n8n's components.component entries as the template's components (type body by default). */
function templateComponents(components: J[]): J[] {
  return components.map((c) => {
    const type = typeof c.type === 'string' && c.type ? c.type : 'body';
    const raw = (key: string): J[] => {
      const v = (c[key] as J | undefined)?.parameter;
      return Array.isArray(v) ? (v as J[]) : v && typeof v === 'object' ? [v as J] : [];
    };
    if (type === 'button') {
      return { type, sub_type: String(c.sub_type ?? 'quick_reply'), index: String(c.index ?? 0), parameters: raw('buttonParameters').map((x) => templateParameter(x, 'payload')) };
    }
    return { type, parameters: raw(type === 'header' ? 'headerParameters' : 'bodyParameters').map((x) => templateParameter(x)) };
  });
}

/** The recipient as n8n sends it: without '+', '-', '(' and ')'. */
export const sanitizePhone = (v: string) => v.replace(/[-()+]/g, '').trim();

async function upload(run: Run, p: WhatsAppParams, item: Item, i: number, fail: (field: string, problem: string) => Error, fileName?: string): Promise<{ id: string; fileName: string }> {
  const bin = requireBinary(item, p.mediaPropertyName.trim() || 'data', run.ctx.node.name, 'mediaPropertyName', i);
  const mime = bin.mimeType || 'application/octet-stream';
  const form = new FormData();
  form.append('messaging_product', 'whatsapp');
  form.append('type', mime);
  const name = fileName || bin.fileName || '';
  if (!name) throw fail('mediaPropertyName', 'the binary file has no file name; give one');
  form.append('file', new Blob([new Uint8Array(bytesOf(bin))], { type: mime }), name);
  const res = await call(fail, 'mediaPropertyName', graph(run, p, 'POST', `${encodeURIComponent(need(p.phoneNumberId, 'phoneNumberId', fail))}/media`, form));
  if (typeof res.id !== 'string' || !res.id) throw fail('mediaPropertyName', 'the Graph API answered the upload without a media id');
  return { id: res.id, fileName: name };
}

function need(v: string, field: string, fail: (field: string, problem: string) => Error): string {
  const s = v.trim();
  if (!s) throw fail(field, 'is empty');
  return s;
}

async function call<T>(fail: (field: string, problem: string) => Error, field: string, p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (err) {
    if (err instanceof GraphError) throw fail(field, `WhatsApp ${err.message}`);
    throw err;
  }
}

async function runItem(run: Run, p: WhatsAppParams, item: Item, i: number): Promise<Item> {
  const fail = (field: string, problem: string) => fieldError(run.ctx as NodeContext<unknown>, field, i, problem);
  const ops = WHATSAPP_OPERATIONS[p.resource] as readonly string[];
  if (!ops.includes(p.operation)) throw fail('operation', `${p.resource} has no operation "${p.operation}" (one of ${ops.join(', ')})`);
  const out = (json: JsonObject): Item => ({ json, pairedItem: { item: i } });
  if (p.resource === 'media') {
    if (p.operation === 'mediaUpload') return out({ id: (await upload(run, p, item, i, fail, p.mediaFileName.trim() || undefined)).id });
    const field = p.operation === 'mediaUrlGet' ? 'mediaGetId' : 'mediaDeleteId';
    const id = need(p[field], field, fail);
    return out(await call(fail, field, graph(run, p, p.operation === 'mediaUrlGet' ? 'GET' : 'DELETE', encodeURIComponent(id))));
  }
  const from = need(p.phoneNumberId, 'phoneNumberId', fail);
  const to = need(sanitizePhone(p.recipientPhoneNumber), 'recipientPhoneNumber', fail);
  const body: JsonObject = { messaging_product: 'whatsapp', recipient_type: 'individual', to };
  let field = 'recipientPhoneNumber';
  if (p.operation === 'sendTemplate') {
    const [name, language] = p.template.split('|').map((s) => s.trim());
    if (!name || !language) throw fail('template', `"${p.template}" is not "name|language" (e.g. hello_world|en_US)`);
    const template: J = { name, language: { code: language } };
    if (p.components.length) template.components = templateComponents(p.components);
    Object.assign(body, { type: 'template', template });
    field = 'template';
  } else if (p.messageType === 'text') {
    if (!p.textBody.trim()) throw fail('textBody', 'is empty; a text message needs its text');
    Object.assign(body, { type: 'text', text: { body: p.textBody, preview_url: p.previewUrl } });
  } else if (MEDIA_TYPES.has(p.messageType)) {
    const media: J = {};
    if (p.mediaPath === 'useMediaLink') media.link = need(p.mediaLink, 'mediaLink', fail);
    else if (p.mediaPath === 'useMediaId') media.id = need(p.mediaId, 'mediaId', fail);
    else {
      const up = await upload(run, p, item, i, fail);
      media.id = up.id;
      if (p.messageType === 'document') media.filename = up.fileName;
    }
    if (p.mediaCaption && p.messageType !== 'audio') media.caption = p.mediaCaption;
    if (p.messageType === 'document' && p.mediaFilename.trim()) media.filename = p.mediaFilename.trim();
    Object.assign(body, { type: p.messageType, [p.messageType]: media });
  } else if (p.messageType === 'location') {
    if (p.latitude === undefined || Number.isNaN(p.latitude)) throw fail('latitude', 'is empty or not a number');
    if (p.longitude === undefined || Number.isNaN(p.longitude)) throw fail('longitude', 'is empty or not a number');
    const location: J = { latitude: p.latitude, longitude: p.longitude };
    if (p.locationName) location.name = p.locationName;
    if (p.locationAddress) location.address = p.locationAddress;
    Object.assign(body, { type: 'location', location });
  } else {
    if (!p.contacts.length) throw fail('contacts', 'is empty; a contacts message needs at least one contact');
    Object.assign(body, { type: 'contacts', contacts: p.contacts });
  }
  return out(await call(fail, field, graph(run, p, 'POST', `${encodeURIComponent(from)}/messages`, body)));
}

export const whatsAppNode = defineNode({
  type: 'whatsApp',
  version: 1,
  displayName: 'WhatsApp Business Cloud',
  description: 'Send WhatsApp messages (text, templates, images, audio, video, documents, locations, contacts) and upload, look up or delete media',
  category: 'integration',
  icon: 'message-circle',
  inputs: [{ name: 'main' }],
  outputs: [{ name: 'main' }],
  params: whatsAppParams,
  credentials: [{ name: 'whatsAppApi', type: 'whatsAppApi' }],
  async execute(ctx) {
    if (ctx.items.length === 0) return { main: [] };
    const cred = await ctx.credentials('whatsAppApi');
    const token = typeof cred.accessToken === 'string' ? cred.accessToken.trim() : '';
    if (!token) throw fieldError(ctx as NodeContext<unknown>, 'credentials', 0, 'the whatsAppApi credential has no access token');
    const run: Run = { ctx, token, fetchImpl: ctx.services.fetch ?? globalThis.fetch };
    return perItem(ctx as NodeContext<unknown>, 'main', (item, i) => runItem(run, ctx.params(i), item, i));
  },
});

export default whatsAppNode;
