/**
 * openAi: the OpenAI API operations that are not a chat (n8n's OpenAI node, resources audio and image;
 * its "message a model" imports as Weft's agent). One request per item against an OpenAI-compatible API:
 *
 *   audio  transcribe   POST /audio/transcriptions (multipart: the item's file, model, language?, temperature?) -> { text }
 *   audio  translate    POST /audio/translations   (multipart: file, model, temperature?)                   -> { text }
 *   audio  generate     POST /audio/speech          (JSON: model, input, voice, response_format, speed)      -> binary audio
 *   image  analyze      POST /chat/completions      (the prompt and the image(s) as data: URLs or URLs)      -> { content }
 *   image  generate     POST /images/generations    (prompt, model, n, size, quality, style)                -> binary image(s)
 *
 * Params (resolved per item; the ones an operation does not use are ignored):
 *   resource: 'audio' | 'image', operation: 'transcribe' | 'translate' | 'generate' | 'analyze'
 *   model: string                 default per operation: whisper-1, tts-1, gpt-4o, dall-e-3
 *   baseUrl?: string              overrides the credential's (OpenAI-compatible, up to /v1)
 *   binaryPropertyName ('data')   the item's file (transcribe, translate; analyze with inputType 'base64',
 *                                 where it may list several properties, comma-separated)
 *   language?, temperature?       transcribe / translate
 *   input, voice ('alloy'), responseFormat ('mp3'), speed (1)                 audio generate
 *   text ("What's in this image?"), inputType ('url' | 'base64'), imageUrls (comma-separated),
 *   detail ('auto'), maxTokens (300), simplify (true: { content }; false: the API's first choice)  image analyze
 *   prompt, n (1), size ('1024x1024'), quality?, style?, returnImageUrls (false: binary; true: { url, revised_prompt })  image generate
 *   outputBinaryProperty ('data') the binary property generated audio and images go to
 *   requestTimeoutMs (120000)
 * Generated files come out as n8n writes them: the file in binary[outputBinaryProperty], its metadata
 * (without the data) as json. Credential slot llmApi (openAiApi: apiKey, baseUrl). Errors name the node
 * and field and carry the API's message, never the key.
 */
import { defineNode, NodeError, z, type BinaryData, type Item, type JsonObject, type NodeContext } from '../sdk';
import { fieldError, perItem } from '../per-item';
import { bytesOf, makeBinary, requireBinary } from '../binary-data';
import { LLM_SLOT, credentialString } from '../agent/model';
import { openAiApiUrl, postJson, postRaw } from '../../server/llm';

export const DEFAULT_MODELS: Record<string, string> = {
  'audio.transcribe': 'whisper-1',
  'audio.translate': 'whisper-1',
  'audio.generate': 'tts-1',
  'image.analyze': 'gpt-4o',
  'image.generate': 'dall-e-3',
};
export const DEFAULT_ANALYZE_TEXT = "What's in this image?";

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() ? v.trim() : undefined));

/** Text fields: an expression giving a number or null is used as text. */
const text = (fallback: string) => z.preprocess((v) => (typeof v === 'number' ? String(v) : v === null ? '' : v), z.string()).default(fallback);

const params = z.object({
  resource: z.enum(['audio', 'image']).default('audio'),
  operation: z.enum(['transcribe', 'translate', 'generate', 'analyze']).default('transcribe'),
  model: optionalText.describe('Default: whisper-1 (transcribe, translate), tts-1 (speech), gpt-4o (analyze), dall-e-3 (image)'),
  baseUrl: optionalText.describe('API base URL (OpenAI-compatible, up to /v1); overrides the credential'),
  binaryPropertyName: z.string().default('data').describe('Binary property with the input file (analyze: comma-separated list allowed)'),
  language: optionalText.describe('Transcribe: the audio language (ISO-639-1, e.g. en)'),
  temperature: z.number().min(0).max(1).optional().describe('Transcribe, translate: sampling temperature'),
  input: text('').describe('Audio generate: the text to speak'),
  voice: z.string().default('alloy').describe('Audio generate: alloy, echo, fable, onyx, nova, shimmer, ...'),
  responseFormat: z.string().default('mp3').describe('Audio generate: mp3, opus, aac, flac, wav or pcm'),
  speed: z.number().min(0.25).max(4).default(1).describe('Audio generate: 0.25 to 4'),
  text: text(DEFAULT_ANALYZE_TEXT).describe('Analyze: the question about the image'),
  inputType: z.enum(['url', 'base64']).default('url').describe('Analyze: image URLs, or binary files of the item'),
  imageUrls: z.string().default('').describe('Analyze: image URL(s), comma-separated'),
  detail: z.enum(['auto', 'low', 'high']).default('auto').describe('Analyze: image detail (token use against precision)'),
  maxTokens: z.number().int().positive().default(300).describe('Analyze: length of the answer'),
  simplify: z.boolean().default(true).describe('Analyze: output { content } only, not the whole first choice'),
  prompt: text('').describe('Image generate: what to draw'),
  n: z.number().int().min(1).max(10).default(1).describe('Image generate: number of images (dall-e-2)'),
  size: z.string().default('1024x1024').describe('Image generate: e.g. 1024x1024, 1792x1024'),
  quality: optionalText.describe('Image generate: standard, hd (dall-e-3); low, medium, high (gpt-image-1)'),
  style: optionalText.describe('Image generate: vivid or natural (dall-e-3)'),
  returnImageUrls: z.boolean().default(false).describe('Image generate: output { url } instead of the image as binary data'),
  outputBinaryProperty: z.string().default('data').describe('Binary property for generated audio and images'),
  requestTimeoutMs: z.number().int().positive().default(120_000),
});
type Params = z.output<typeof params>;

type Ctx = NodeContext<Params>;

interface Call {
  ctx: Ctx;
  p: Params;
  i: number;
  apiKey?: string;
  credBaseUrl?: string;
}

const key = (p: Params) => `${p.resource}.${p.operation}`;
const modelOf = (p: Params) => p.model ?? DEFAULT_MODELS[key(p)];

/** Which field an API error points at. */
function errorField(status: number | undefined, message: string): string {
  if (status === 401 || status === 403) return `credentials.${LLM_SLOT}`;
  if (status === undefined) return /timed out/.test(message) ? 'requestTimeoutMs' : 'baseUrl';
  if (status === 404 && !/model/i.test(message)) return 'baseUrl';
  return 'model';
}

/** Runs one request; its failure becomes an error naming the node and field, the key scrubbed out. */
async function request<T>(c: Call, what: string, run: (url: string, headers: Record<string, string>) => Promise<T>, path: string): Promise<T> {
  const url = openAiApiUrl(c.p.baseUrl ?? c.credBaseUrl, path);
  const headers: Record<string, string> = c.apiKey ? { authorization: `Bearer ${c.apiKey}` } : {};
  try {
    return await run(url, headers);
  } catch (err) {
    if (c.ctx.signal.aborted) throw err;
    const e = err as Error & { status?: number };
    let message = e.message;
    if (c.apiKey) message = message.split(c.apiKey).join('***');
    const field = errorField(e.status, message);
    throw new NodeError(`Node "${c.ctx.node.name}", field "${field}" (item ${c.i}): ${what} failed: ${message}`, {
      field,
      itemIndex: c.i,
      ...(field.startsWith('credentials.') ? { description: 'The API refused the key: check the credential chosen for this node.' } : {}),
    });
  }
}

const opts = (c: Call) => ({ signal: c.ctx.signal, timeoutMs: c.p.requestTimeoutMs, fetchImpl: c.ctx.services.fetch });

/** The generated file as n8n outputs it: metadata as json, the file under the output property. */
function fileItem(bin: BinaryData, property: string, i: number): Item {
  const { data: _data, ...meta } = bin;
  void _data;
  return { json: meta as JsonObject, binary: { [property]: bin }, pairedItem: { item: i } };
}

function outputProperty(c: Call): string {
  const prop = c.p.outputBinaryProperty.trim();
  if (!prop) throw fieldError(c.ctx, 'outputBinaryProperty', c.i, 'the output binary property name is empty');
  return prop;
}

async function transcribe(c: Call, item: Item): Promise<Item> {
  const prop = c.p.binaryPropertyName.trim() || 'data';
  const bin = requireBinary(item, prop, c.ctx.node.name, 'binaryPropertyName', c.i);
  const form = new FormData();
  const fileName = bin.fileName || `audio.${bin.fileExtension ?? 'mp3'}`;
  form.append('file', new Blob([new Uint8Array(bytesOf(bin))], { type: bin.mimeType || 'application/octet-stream' }), fileName);
  form.append('model', modelOf(c.p));
  if (c.p.operation === 'transcribe' && c.p.language) form.append('language', c.p.language);
  if (c.p.temperature !== undefined) form.append('temperature', String(c.p.temperature));
  const path = c.p.operation === 'transcribe' ? '/audio/transcriptions' : '/audio/translations';
  const { bytes } = await request(c, c.p.operation === 'transcribe' ? 'Transcription' : 'Translation', (url, headers) => postRaw(url, headers, form, opts(c)), path);
  const raw = bytes.toString('utf8');
  let json: JsonObject;
  try {
    json = JSON.parse(raw) as JsonObject;
  } catch {
    json = { text: raw };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) json = { text: String(json) };
  return { json, pairedItem: { item: c.i } };
}

async function speech(c: Call): Promise<Item> {
  if (!c.p.input.trim()) throw fieldError(c.ctx, 'input', c.i, 'the text to speak is empty');
  const prop = outputProperty(c);
  const format = c.p.responseFormat.trim() || 'mp3';
  const body = { model: modelOf(c.p), input: c.p.input, voice: c.p.voice, response_format: format, speed: c.p.speed };
  const { bytes, contentType } = await request(
    c,
    'Speech generation',
    (url, headers) => postRaw(url, { 'content-type': 'application/json', ...headers }, JSON.stringify(body), opts(c)),
    '/audio/speech',
  );
  const mime = contentType.split(';')[0].trim();
  const mimeType = mime && mime !== 'application/octet-stream' ? mime : format === 'mp3' ? 'audio/mpeg' : `audio/${format}`;
  return fileItem(makeBinary(bytes, { fileName: `data.${format}`, mimeType }), prop, c.i);
}

interface ChatAnswer {
  choices?: { message?: { content?: unknown } }[];
  usage?: { prompt_tokens?: number; completion_tokens?: number };
}

async function analyze(c: Call, item: Item): Promise<Item> {
  const urls: string[] = [];
  if (c.p.inputType === 'url') {
    urls.push(...c.p.imageUrls.split(',').map((u) => u.trim()).filter(Boolean));
    if (!urls.length) throw fieldError(c.ctx, 'imageUrls', c.i, 'no image URL given');
  } else {
    const props = c.p.binaryPropertyName.split(',').map((s) => s.trim()).filter(Boolean);
    for (const prop of props.length ? props : ['data']) {
      const bin = requireBinary(item, prop, c.ctx.node.name, 'binaryPropertyName', c.i);
      urls.push(`data:${bin.mimeType || 'image/png'};base64,${bin.data}`);
    }
  }
  const content = [{ type: 'text', text: c.p.text }, ...urls.map((url) => ({ type: 'image_url', image_url: { url, detail: c.p.detail } }))];
  const body = { model: modelOf(c.p), messages: [{ role: 'user', content }], max_tokens: c.p.maxTokens };
  const answer = (await request(c, 'Image analysis', (url, headers) => postJson(url, headers, body, opts(c)), '/chat/completions')) as ChatAnswer;
  c.ctx.services.addTokenUsage?.({ promptTokens: answer.usage?.prompt_tokens ?? 0, completionTokens: answer.usage?.completion_tokens ?? 0 });
  const choice = answer.choices?.[0];
  if (!choice) throw fieldError(c.ctx, 'model', c.i, 'the API answered with no choices');
  return { json: (c.p.simplify ? { content: choice.message?.content ?? '' } : choice) as JsonObject, pairedItem: { item: c.i } };
}

interface ImagesAnswer {
  data?: { b64_json?: string; url?: string; revised_prompt?: string }[];
}

async function generateImage(c: Call): Promise<Item[]> {
  if (!c.p.prompt.trim()) throw fieldError(c.ctx, 'prompt', c.i, 'the prompt is empty');
  const model = modelOf(c.p);
  const body: Record<string, unknown> = { model, prompt: c.p.prompt, size: c.p.size };
  if (c.p.n > 1) body.n = c.p.n;
  if (c.p.quality) body.quality = c.p.quality;
  if (c.p.style) body.style = c.p.style;
  // gpt-image models always answer base64 and reject response_format.
  if (!/^gpt-image/.test(model)) body.response_format = c.p.returnImageUrls ? 'url' : 'b64_json';
  const answer = (await request(c, 'Image generation', (url, headers) => postJson(url, headers, body, opts(c)), '/images/generations')) as ImagesAnswer;
  const images = answer.data ?? [];
  if (!images.length) throw fieldError(c.ctx, 'prompt', c.i, 'the API answered with no image');
  if (c.p.returnImageUrls) {
    return images.map((img) => ({ json: { ...(img.url ? { url: img.url } : {}), ...(img.revised_prompt ? { revised_prompt: img.revised_prompt } : {}) }, pairedItem: { item: c.i } }));
  }
  const prop = outputProperty(c);
  return images.map((img) => {
    if (!img.b64_json) throw fieldError(c.ctx, 'returnImageUrls', c.i, 'the API answered with a URL instead of the image data');
    return fileItem(makeBinary(Buffer.from(img.b64_json, 'base64'), { fileName: 'data.png', mimeType: 'image/png' }), prop, c.i);
  });
}

export const openAiNode = defineNode({
  type: 'openAi',
  version: 1,
  displayName: 'OpenAI',
  description: 'Transcribe or translate audio, generate speech, analyze or generate images with the OpenAI API',
  category: 'ai',
  icon: 'sparkles',
  inputs: [{ name: 'main' }],
  outputs: [{ name: 'main' }],
  params,
  credentials: [{ name: LLM_SLOT, type: 'openAiApi', types: ['openAiApi'], required: false }],
  async execute(ctx) {
    const cred = ctx.node.credentials?.[LLM_SLOT] ? await ctx.credentials(LLM_SLOT) : undefined;
    const apiKey = credentialString(cred, 'apiKey');
    const credBaseUrl = credentialString(cred, 'baseUrl', 'url');
    return perItem(ctx as NodeContext<unknown>, 'main', async (item, i) => {
      const p: Params = ctx.params(i);
      const c: Call = { ctx, p, i, apiKey, credBaseUrl };
      switch (key(p)) {
        case 'audio.transcribe':
        case 'audio.translate':
          return transcribe(c, item);
        case 'audio.generate':
          return speech(c);
        case 'image.analyze':
          return analyze(c, item);
        case 'image.generate':
          return generateImage(c);
        default:
          throw fieldError(ctx as NodeContext<unknown>, 'operation', i, `resource "${p.resource}" has no operation "${p.operation}" (audio: transcribe, translate, generate; image: analyze, generate)`);
      }
    });
  },
});

export default openAiNode;
