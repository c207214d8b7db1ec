/**
 * The openAi node against a fake OpenAI API on 127.0.0.1 that checks each request's shape (multipart fields,
 * model, file name and type, JSON bodies) and answers canned data.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { makeContext } from '../../server/engine/testing/node-context';
import type { Item, NodeOutput } from '../sdk';
import { openAiNode } from './index';

interface Seen {
  path: string;
  headers: http.IncomingHttpHeaders;
  form?: FormData;
  json?: Record<string, unknown>;
}

type Answer = { status?: number; body: unknown; type?: string };

let server: http.Server | undefined;
afterEach(async () => {
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = undefined;
});

const MP3 = Buffer.from([0x49, 0x44, 0x33, 0x04, 0, 0, 0, 0, 0, 1, 2, 3]);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 9, 9, 9]);

async function fakeOpenAi(answer: (s: Seen) => Answer): Promise<{ baseUrl: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const s: Seen = { path: req.url ?? '', headers: req.headers };
    const type = String(req.headers['content-type'] ?? '');
    if (type.startsWith('multipart/form-data')) s.form = await new Response(raw, { headers: { 'content-type': type } }).formData();
    else if (type.startsWith('application/json')) s.json = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
    seen.push(s);
    const a = answer(s);
    const body = Buffer.isBuffer(a.body) ? a.body : Buffer.from(JSON.stringify(a.body));
    res.writeHead(a.status ?? 200, { 'content-type': a.type ?? 'application/json' });
    res.end(body);
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
  return { baseUrl: `http://127.0.0.1:${(server!.address() as AddressInfo).port}/v1`, seen };
}

const voiceItem = (): Item => ({
  json: { chat: 1 },
  binary: { data: { data: MP3.toString('base64'), mimeType: 'audio/ogg', fileName: 'voice.oga', fileExtension: 'oga' } },
});

async function run(params: Record<string, unknown>, items: Item[], opts: { onError?: 'continue'; tokens?: { p: number; c: number } } = {}): Promise<NodeOutput> {
  const ctx = makeContext({
    def: openAiNode as never,
    params,
    items,
    node: { name: 'OpenAI', credentials: { llmApi: { id: 'cred-1' } }, ...(opts.onError ? { onError: opts.onError } : {}) },
    credentials: { llmApi: { apiKey: 'sk-secret-123' } },
    services: {
      addTokenUsage: (u) => {
        if (opts.tokens) {
          opts.tokens.p += u.promptTokens;
          opts.tokens.c += u.completionTokens;
        }
      },
    },
  });
  return openAiNode.execute(ctx as never);
}

describe('openAi audio transcribe / translate', () => {
  it('uploads the item\'s file as multipart with model and language, and outputs { text }', async () => {
    const f = await fakeOpenAi(() => ({ body: { text: 'hello there' } }));
    const out = await run({ resource: 'audio', operation: 'transcribe', baseUrl: f.baseUrl, language: 'en', temperature: 0.2 }, [voiceItem()]);
    expect(out.main.map((i) => i.json)).toEqual([{ text: 'hello there' }]);
    expect(out.main[0].pairedItem).toEqual({ item: 0 });
    const s = f.seen[0];
    expect(s.path).toBe('/v1/audio/transcriptions');
    expect(s.headers.authorization).toBe('Bearer sk-secret-123');
    expect(s.form!.get('model')).toBe('whisper-1');
    expect(s.form!.get('language')).toBe('en');
    expect(s.form!.get('temperature')).toBe('0.2');
    const file = s.form!.get('file') as File;
    expect(file.name).toBe('voice.oga');
    expect(file.type).toBe('audio/ogg');
    expect(Buffer.from(await file.arrayBuffer()).equals(MP3)).toBe(true);
  });

  it('translate posts to /audio/translations without language; another binary property by name', async () => {
    const f = await fakeOpenAi(() => ({ body: { text: 'in English' } }));
    const item = voiceItem();
    item.binary = { audio: item.binary!.data };
    const out = await run({ resource: 'audio', operation: 'translate', baseUrl: f.baseUrl, binaryPropertyName: 'audio', language: 'de' }, [item]);
    expect(out.main[0].json).toEqual({ text: 'in English' });
    expect(f.seen[0].path).toBe('/v1/audio/translations');
    expect(f.seen[0].form!.get('language')).toBeNull();
    expect(f.seen[0].form!.get('model')).toBe('whisper-1');
  });

  it('a missing binary property names the node and field', async () => {
    const f = await fakeOpenAi(() => ({ body: { text: 'x' } }));
    await expect(run({ resource: 'audio', operation: 'transcribe', baseUrl: f.baseUrl }, [{ json: {} }])).rejects.toThrow(
      /Node "OpenAI", field "binaryPropertyName" \(item 0\): the item has no binary property "data"/,
    );
    expect(f.seen).toHaveLength(0);
  });

  it('an API error names the node and the credential field, and never shows the key', async () => {
    const f = await fakeOpenAi(() => ({ status: 401, body: { error: { message: 'Incorrect API key provided: sk-secret-123' } } }));
    const err = await run({ resource: 'audio', operation: 'transcribe', baseUrl: f.baseUrl }, [voiceItem()]).catch((e: Error & { details?: { field?: string } }) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/^Node "OpenAI", field "credentials.llmApi" \(item 0\): Transcription failed: .*HTTP 401/);
    expect((err as Error).message).not.toContain('sk-secret-123');
  });
});

describe('openAi image analyze', () => {
  it('sends the item\'s image as a data URL with the question, detail and max_tokens; outputs { content }', async () => {
    const f = await fakeOpenAi(() => ({ body: { choices: [{ index: 0, message: { role: 'assistant', content: 'A cat.' }, finish_reason: 'stop' }], usage: { prompt_tokens: 5, completion_tokens: 2 } } }));
    const tokens = { p: 0, c: 0 };
    const item: Item = { json: {}, binary: { data: { data: PNG.toString('base64'), mimeType: 'image/png', fileName: 'a.png' } } };
    const out = await run({ resource: 'image', operation: 'analyze', baseUrl: f.baseUrl, model: 'gpt-4o-mini', inputType: 'base64', text: 'Describe', detail: 'low' }, [item], { tokens });
    expect(out.main.map((i) => i.json)).toEqual([{ content: 'A cat.' }]);
    expect(tokens).toEqual({ p: 5, c: 2 });
    const s = f.seen[0];
    expect(s.path).toBe('/v1/chat/completions');
    expect(s.json).toEqual({
      model: 'gpt-4o-mini',
      max_tokens: 300,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Describe' }, { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG.toString('base64')}`, detail: 'low' } }] }],
    });
  });

  it('image URLs (comma-separated) go as they are; simplify off outputs the first choice', async () => {
    const f = await fakeOpenAi(() => ({ body: { choices: [{ index: 0, message: { role: 'assistant', content: 'Two dogs.' }, finish_reason: 'stop' }] } }));
    const out = await run({ resource: 'image', operation: 'analyze', baseUrl: f.baseUrl, imageUrls: 'https://x.test/a.jpg, https://x.test/b.jpg', simplify: false }, [{ json: {} }]);
    expect(out.main[0].json).toEqual({ index: 0, message: { role: 'assistant', content: 'Two dogs.' }, finish_reason: 'stop' });
    const content = (f.seen[0].json!.messages as { content: { image_url?: { url: string } }[] }[])[0].content;
    expect(f.seen[0].json!.model).toBe('gpt-4o');
    expect(content.map((c) => c.image_url?.url)).toEqual([undefined, 'https://x.test/a.jpg', 'https://x.test/b.jpg']);
  });

  it('no URL names the imageUrls field; with onError continue the item carries the error', async () => {
    const f = await fakeOpenAi(() => ({ body: {} }));
    await expect(run({ resource: 'image', operation: 'analyze', baseUrl: f.baseUrl }, [{ json: {} }])).rejects.toThrow(/Node "OpenAI", field "imageUrls" \(item 0\)/);
    const out = await run({ resource: 'image', operation: 'analyze', baseUrl: f.baseUrl }, [{ json: {} }], { onError: 'continue' });
    expect(out.main[0].json.error).toMatch(/imageUrls/);
  });
});

describe('openAi image generate', () => {
  it('asks for b64_json and outputs the image as binary data, its metadata as json', async () => {
    const f = await fakeOpenAi(() => ({ body: { data: [{ b64_json: PNG.toString('base64'), revised_prompt: 'a red fox' }] } }));
    const out = await run({ resource: 'image', operation: 'generate', baseUrl: f.baseUrl, prompt: 'a fox', size: '1792x1024', quality: 'hd', style: 'natural' }, [{ json: { x: 1 } }]);
    expect(f.seen[0].path).toBe('/v1/images/generations');
    expect(f.seen[0].json).toEqual({ model: 'dall-e-3', prompt: 'a fox', size: '1792x1024', quality: 'hd', style: 'natural', response_format: 'b64_json' });
    const bin = out.main[0].binary!.data;
    expect(Buffer.from(bin.data, 'base64').equals(PNG)).toBe(true);
    expect(bin.mimeType).toBe('image/png');
    expect(out.main[0].json).toMatchObject({ mimeType: 'image/png', fileName: 'data.png' });
    expect(out.main[0].json.data).toBeUndefined();
  });

  it('returnImageUrls outputs { url, revised_prompt } per image', async () => {
    const f = await fakeOpenAi(() => ({ body: { data: [{ url: 'https://img.test/1.png', revised_prompt: 'r1' }, { url: 'https://img.test/2.png' }] } }));
    const out = await run({ resource: 'image', operation: 'generate', baseUrl: f.baseUrl, model: 'dall-e-2', prompt: 'p', n: 2, returnImageUrls: true }, [{ json: {} }]);
    expect(out.main.map((i) => i.json)).toEqual([{ url: 'https://img.test/1.png', revised_prompt: 'r1' }, { url: 'https://img.test/2.png' }]);
    expect(f.seen[0].json).toMatchObject({ model: 'dall-e-2', n: 2, response_format: 'url' });
  });

  it('an empty prompt names the prompt field', async () => {
    const f = await fakeOpenAi(() => ({ body: {} }));
    await expect(run({ resource: 'image', operation: 'generate', baseUrl: f.baseUrl, prompt: '  ' }, [{ json: {} }])).rejects.toThrow(/Node "OpenAI", field "prompt" \(item 0\): the prompt is empty/);
  });
});

describe('openAi audio generate', () => {
  it('posts model, input, voice, format and speed to /audio/speech and outputs the mp3 as binary', async () => {
    const f = await fakeOpenAi(() => ({ body: MP3, type: 'audio/mpeg' }));
    const out = await run({ resource: 'audio', operation: 'generate', baseUrl: f.baseUrl, input: '={{ $json.say }}', voice: 'onyx', outputBinaryProperty: 'speech' }, [{ json: { say: 'Hi!' } }]);
    expect(f.seen[0].path).toBe('/v1/audio/speech');
    expect(f.seen[0].json).toEqual({ model: 'tts-1', input: 'Hi!', voice: 'onyx', response_format: 'mp3', speed: 1 });
    const bin = out.main[0].binary!.speech;
    expect(Buffer.from(bin.data, 'base64').equals(MP3)).toBe(true);
    expect(bin).toMatchObject({ mimeType: 'audio/mpeg', fileName: 'data.mp3', fileExtension: 'mp3' });
  });

  it('an expression giving a number is spoken as text', async () => {
    const f = await fakeOpenAi(() => ({ body: MP3, type: 'audio/mpeg' }));
    await run({ resource: 'audio', operation: 'generate', baseUrl: f.baseUrl, input: '={{ $json.n }}' }, [{ json: { n: 42 } }]);
    expect(f.seen[0].json!.input).toBe('42');
  });

  it('an empty input names the input field', async () => {
    const f = await fakeOpenAi(() => ({ body: MP3, type: 'audio/mpeg' }));
    await expect(run({ resource: 'audio', operation: 'generate', baseUrl: f.baseUrl, input: '' }, [{ json: {} }])).rejects.toThrow(/Node "OpenAI", field "input" \(item 0\)/);
  });
});
