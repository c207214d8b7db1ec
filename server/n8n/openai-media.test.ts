/**
 * n8n's OpenAI node beyond "message a model", on real corpus workflows: audio transcribe / generate and
 * image analyze / generate import as Weft's openAi node with their parameters; "message a model" stays an
 * agent; unchanged nodes export their original parameters; edited ones export as OpenAI 1.8 and import back
 * the same.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportN8nWorkflow, importN8nWorkflow } from './index';
import type { WorkflowDocument } from '../engine/types';
import type { N8nWorkflow } from './types';
import { N8N_CORPUS_DIR } from '../testing/corpus';
import { openAi as mapOpenAi } from './mappers/ai';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { makeContext } from '../engine/testing/node-context';
import { openAiNode } from '../../nodes/openAi';

const file = (f: string) => path.join(N8N_CORPUS_DIR, f);
const load = (f: string) => JSON.parse(readFileSync(file(f), 'utf8')) as N8nWorkflow;
const VOICE = '2033_Code_Extractfromfile_Automate_Webhook.json';
const TELEGRAM = '1182_Telegram_Webhook_Automation_Webhook.json';
const BLOG = '1327_Wordpress_Manual_Automate_Webhook.json';
const haveCorpus = [VOICE, TELEGRAM, BLOG].every((f) => existsSync(file(f)));

const OPENAI = '@n8n/n8n-nodes-langchain.openAi';
const byParams = (w: N8nWorkflow, pred: (p: Record<string, unknown>) => boolean) => w.nodes.find((n) => n.type === OPENAI && pred(n.parameters as Record<string, unknown>))!;
const node = (g: WorkflowDocument, name: string) => g.nodes.find((n) => n.name === name)!;

describe.skipIf(!haveCorpus)('n8n OpenAI audio and image operations from the corpus', () => {
  it('transcribe, analyze (base64) and speech map onto openAi with their parameters; credential into llmApi', () => {
    const w = load(VOICE);
    const { graph, report } = importN8nWorkflow(w);
    const transcribe = byParams(w, (p) => p.operation === 'transcribe');
    const analyze = byParams(w, (p) => p.operation === 'analyze');
    const speech = byParams(w, (p) => p.resource === 'audio' && p.operation === undefined);
    expect(node(graph, transcribe.name)).toMatchObject({ type: 'openAi', params: { resource: 'audio', operation: 'transcribe', binaryPropertyName: 'data' } });
    expect(report.credentials.filter((c) => c.node === transcribe.name)).toEqual([{ node: transcribe.name, n8nType: 'openAiApi', name: 'OpenAi account', slot: 'llmApi' }]);
    expect(node(graph, analyze.name)).toMatchObject({
      type: 'openAi',
      params: { resource: 'image', operation: 'analyze', model: 'gpt-4o-mini', inputType: 'base64', detail: 'auto', text: (analyze.parameters as { text: string }).text },
    });
    expect(node(graph, speech.name)).toMatchObject({
      type: 'openAi',
      params: { resource: 'audio', operation: 'generate', model: 'tts-1', voice: 'onyx', input: "={{ $('AI Agent1').item.json.output }}" },
    });
    for (const n of [transcribe, analyze, speech]) expect(report.nodes.find((r) => r.name === n.name)?.status).not.toBe('unsupported');
  });

  it('image generate keeps size, style and quality; "message a model" still goes to the agent', () => {
    const w = load(BLOG);
    const { graph } = importN8nWorkflow(w);
    const gen = byParams(w, (p) => p.resource === 'image');
    expect(node(graph, gen.name)).toMatchObject({
      type: 'openAi',
      params: { resource: 'image', operation: 'generate', model: 'dall-e-3', size: '1792x1024', style: 'natural', quality: 'hd', prompt: (gen.parameters as { prompt: string }).prompt },
    });
    const message = mapOpenAi({ node: { ...gen, parameters: {} }, params: { modelId: { __rl: true, value: 'gpt-4o', mode: 'list' }, messages: { values: [{ content: 'Hi' }] } }, version: 1.8, warn: () => {} });
    expect(message).toMatchObject({ type: 'agent', params: { model: 'gpt-4o', prompt: 'Hi' } });
    expect(mapOpenAi({ node: gen, params: { resource: 'image', operation: 'edit' }, version: 1.8, warn: () => {} })).toMatchObject({ unsupported: expect.stringMatching(/image "edit"/) });
  });

  it('unchanged nodes export their original parameters', () => {
    for (const f of [VOICE, TELEGRAM, BLOG]) {
      const w = load(f);
      const exported = exportN8nWorkflow(importN8nWorkflow(w).graph);
      for (const n of w.nodes.filter((x) => x.type === OPENAI && ['audio', 'image'].includes(String((x.parameters as { resource?: string }).resource)))) {
        const out = exported.nodes.find((x) => x.name === n.name)!;
        expect(out.type).toBe(OPENAI);
        expect(out.typeVersion).toBe(n.typeVersion);
        expect(out.parameters).toEqual(n.parameters);
      }
    }
  });

  it('edited nodes export as OpenAI 1.8 and import back to the same params', () => {
    const { graph } = importN8nWorkflow(load(VOICE));
    const w = load(VOICE);
    const names = w.nodes.filter((n) => n.type === OPENAI && ['audio', 'image'].includes(String((n.parameters as { resource?: string }).resource))).map((n) => n.name);
    expect(names.length).toBe(3);
    const edits: Record<string, Record<string, unknown>> = {};
    for (const name of names) {
      const n = node(graph, name);
      const p = n.params as Record<string, unknown>;
      n.params =
        p.operation === 'transcribe'
          ? { ...p, language: 'de', temperature: 0.3 }
          : p.operation === 'analyze'
            ? { ...p, maxTokens: 500, detail: 'high' }
            : { ...p, responseFormat: 'opus', speed: 1.5, outputBinaryProperty: 'audio' };
      n.credentials = { llmApi: { id: 'cred-1', name: 'OpenAi account' } };
      edits[name] = n.params as Record<string, unknown>;
    }
    graph.nodes.push({ ...node(graph, names[0]), id: 'gen-1', name: 'Make picture', params: { resource: 'image', operation: 'generate', model: 'dall-e-2', prompt: 'a cat', n: 2, size: '512x512', returnImageUrls: true } });
    edits['Make picture'] = node(graph, 'Make picture').params as Record<string, unknown>;
    const exported = exportN8nWorkflow(graph);
    const speech = names.find((n) => edits[n].operation === 'generate')!;
    expect(exported.nodes.find((n) => n.name === speech)).toMatchObject({
      type: OPENAI,
      typeVersion: 1.8,
      parameters: { resource: 'audio', operation: 'generate', voice: 'onyx', options: { response_format: 'opus', speed: 1.5, binaryPropertyOutput: 'audio' } },
      credentials: { openAiApi: { id: 'cred-1', name: 'OpenAi account' } },
    });
    expect(exported.nodes.find((n) => n.name === 'Make picture')!.parameters).toEqual({
      resource: 'image',
      operation: 'generate',
      model: 'dall-e-2',
      prompt: 'a cat',
      options: { n: 2, size: '512x512', returnImageUrls: true },
    });
    const again = importN8nWorkflow(exported).graph;
    for (const [name, params] of Object.entries(edits)) expect(node(again, name).params).toEqual(params);
  });

  it('imported transcribe, analyze and speech nodes run as imported against a fake OpenAI API', async () => {
    const seen: { path: string; model: unknown }[] = [];
    const server = http.createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const raw = Buffer.concat(chunks);
      const type = String(req.headers['content-type']);
      const model = type.startsWith('multipart/') ? (await new Response(raw, { headers: { 'content-type': type } }).formData()).get('model') : (JSON.parse(raw.toString()) as { model: unknown }).model;
      seen.push({ path: req.url ?? '', model });
      if (req.url === '/v1/audio/speech') {
        res.writeHead(200, { 'content-type': 'audio/mpeg' });
        return res.end(Buffer.from('ID3fake'));
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(req.url === '/v1/audio/transcriptions' ? { text: 'hola' } : { choices: [{ message: { content: 'a receipt' } }] }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
      const { graph } = importN8nWorkflow(load(VOICE));
      const file = { data: Buffer.from('ID3x').toString('base64'), mimeType: 'audio/ogg', fileName: 'voice.ogg' };
      const image = { data: Buffer.from([0x89, 0x50, 0x4e, 0x47]).toString('base64'), mimeType: 'image/png', fileName: 'a.png' };
      const runImported = async (op: string, item: { json: Record<string, unknown>; binary?: Record<string, typeof file> }, runs: Record<string, Record<string, unknown>[]> = {}) => {
        const n = graph.nodes.find((x) => x.type === 'openAi' && (x.params as { operation: string }).operation === op)!;
        const ctx = makeContext({ def: openAiNode as never, params: { ...n.params, baseUrl }, items: [item], node: { name: n.name }, runs });
        return (await openAiNode.execute(ctx as never)).main;
      };
      expect((await runImported('transcribe', { json: {}, binary: { data: file } }))[0].json).toEqual({ text: 'hola' });
      expect((await runImported('analyze', { json: {}, binary: { data: image } }))[0].json).toEqual({ content: 'a receipt' });
      const speech = await runImported('generate', { json: {} }, { 'AI Agent1': [{ output: 'Hello back' }] });
      expect(speech[0].binary?.data.mimeType).toBe('audio/mpeg');
      expect(seen).toEqual([
        { path: '/v1/audio/transcriptions', model: 'whisper-1' },
        { path: '/v1/chat/completions', model: 'gpt-4o-mini' },
        { path: '/v1/audio/speech', model: 'tts-1' },
      ]);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
