import { afterEach, describe, expect, it } from 'vitest';
import { startFakeLlm, sumScript, type FakeLlm, type FakeScript } from '../testing/fake-llm';
import { chat, LlmHttpError, type LlmChatRequest } from './index';
import { chatCompletionsUrl } from './openai';

let fake: FakeLlm | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function start(script?: FakeScript) {
  fake = await startFakeLlm(script);
  return fake;
}

const sumTool = {
  name: 'get-sum',
  description: 'Returns the sum of two numbers',
  parameters: { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } }, required: ['a', 'b'] },
};

for (const provider of ['openai', 'anthropic'] as const) {
  describe(`${provider} provider`, () => {
    const base = (f: FakeLlm) => (provider === 'openai' ? f.openAiBaseUrl : f.anthropicBaseUrl);

    it('returns tool calls, then a final answer after a tool result, with usage', async () => {
      const f = await start(sumScript(2, 3));
      const req: LlmChatRequest = {
        provider,
        model: 'test-model',
        baseUrl: base(f),
        apiKey: 'sk-test-123',
        messages: [
          { role: 'system', content: 'You add numbers.' },
          { role: 'user', content: 'What is 2 + 3?' },
        ],
        tools: [sumTool],
        temperature: 0,
      };
      const first = await chat(req);
      expect(first.text).toBe('');
      expect(first.toolCalls).toEqual([{ id: 'call_0_0', name: 'get-sum', arguments: { a: 2, b: 3 } }]);
      expect(first.usage).toEqual({ promptTokens: 11, completionTokens: 7 });

      const second = await chat({
        ...req,
        messages: [
          ...req.messages,
          { role: 'assistant', content: '', toolCalls: first.toolCalls },
          { role: 'tool', toolCallId: 'call_0_0', name: 'get-sum', content: 'The sum of 2 and 3 is 5.' },
        ],
      });
      expect(second.toolCalls).toEqual([]);
      expect(second.text).toBe('Tool result: The sum of 2 and 3 is 5.');

      const [r1, r2] = f.requests;
      expect(r1.toolNames).toEqual(['get-sum']);
      expect(r1.system).toBe('You add numbers.');
      expect(r1.lastUserText).toBe('What is 2 + 3?');
      if (provider === 'openai') {
        expect(r1.headers.authorization).toBe('Bearer sk-test-123');
        const tool = (r1.body.tools as { function: { parameters: Record<string, unknown> } }[])[0];
        expect(tool.function.parameters.$schema).toBeUndefined();
        expect(r1.body.temperature).toBe(0);
        const msgs = r2.body.messages as Record<string, unknown>[];
        expect(msgs[2]).toMatchObject({ role: 'assistant', tool_calls: [{ id: 'call_0_0', function: { name: 'get-sum', arguments: '{"a":2,"b":3}' } }] });
        expect(msgs[3]).toEqual({ role: 'tool', tool_call_id: 'call_0_0', content: 'The sum of 2 and 3 is 5.' });
      } else {
        expect(r1.headers['x-api-key']).toBe('sk-test-123');
        expect(r1.headers['anthropic-version']).toBe('2023-06-01');
        expect(r1.body.max_tokens).toBe(4096);
        expect(r1.body.system).toBe('You add numbers.');
        const msgs = r2.body.messages as Record<string, unknown>[];
        expect(msgs).toHaveLength(3);
        expect(msgs[1]).toEqual({ role: 'assistant', content: [{ type: 'tool_use', id: 'call_0_0', name: 'get-sum', input: { a: 2, b: 3 } }] });
        expect(msgs[2]).toEqual({ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'call_0_0', content: 'The sum of 2 and 3 is 5.' }] });
      }
    });

    it('reports HTTP errors with the provider message and without the key', async () => {
      const f = await start(() => ({ status: 401, body: { error: { message: 'Incorrect API key provided' } } }));
      const err = await chat({ provider, model: 'm', baseUrl: base(f), apiKey: 'sk-secret-999', messages: [{ role: 'user', content: 'hi' }] }).catch((e) => e);
      expect(err).toBeInstanceOf(LlmHttpError);
      expect(err.status).toBe(401);
      expect(err.message).toContain('Incorrect API key provided');
      expect(err.message).not.toContain('sk-secret-999');
      expect(f.requests).toHaveLength(1);
    });

    it('retries a rate limit', async () => {
      const f = await start((_req, i) => (i === 0 ? { status: 429, body: { error: { message: 'slow down' } } } : { text: 'ok' }));
      const res = await chat({ provider, model: 'm', baseUrl: base(f), messages: [{ role: 'user', content: 'hi' }] });
      expect(res.text).toBe('ok');
      expect(f.requests).toHaveLength(2);
    });
  });
}

describe('structured output', () => {
  const schema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };

  it('OpenAI: sends response_format json_schema', async () => {
    const f = await start(() => ({ text: '{"city":"Paris"}' }));
    const res = await chat({ provider: 'openai', model: 'm', baseUrl: f.openAiBaseUrl, messages: [{ role: 'user', content: 'capital of France?' }], jsonSchema: { name: 'answer', schema } });
    expect(res.text).toBe('{"city":"Paris"}');
    expect(f.requests[0].body.response_format).toEqual({ type: 'json_schema', json_schema: { name: 'answer', schema, strict: false } });
  });

  it('OpenAI: falls back to json_object and then to instructions when the server rejects response_format', async () => {
    const f = await start((req) =>
      req.body.response_format ? { status: 400, body: { error: { message: 'response_format is not supported' } } } : { text: '{"city":"Rome"}' },
    );
    const res = await chat({ provider: 'openai', model: 'm', baseUrl: f.openAiBaseUrl, messages: [{ role: 'user', content: 'capital of Italy?' }], jsonSchema: { name: 'answer', schema } });
    expect(res.text).toBe('{"city":"Rome"}');
    expect(f.requests.map((r) => (r.body.response_format as { type?: string } | undefined)?.type)).toEqual(['json_schema', 'json_object', undefined]);
    expect(f.requests[2].system).toContain('It must match this JSON Schema');
  });

  it('Anthropic: asks for JSON in the system prompt', async () => {
    const f = await start(() => ({ text: '{"city":"Oslo"}' }));
    await chat({ provider: 'anthropic', model: 'm', baseUrl: f.anthropicBaseUrl, messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'q' }], jsonSchema: { name: 'a', schema } });
    expect(f.requests[0].system).toMatch(/^Be brief\.\n\nRespond with a single JSON value/);
  });
});

describe('timeouts and cancellation', () => {
  it('times out and honours the abort signal', async () => {
    // A loopback server that never answers.
    const http = await import('node:http');
    const hang = http.createServer(() => {});
    await new Promise<void>((r) => hang.listen(0, '127.0.0.1', r));
    const port = (hang.address() as { port: number }).port;
    try {
      await expect(chat({ provider: 'openai', model: 'm', baseUrl: `http://127.0.0.1:${port}/v1`, messages: [{ role: 'user', content: 'x' }], timeoutMs: 200 })).rejects.toThrow(
        /timed out after 200 ms/,
      );
      const ac = new AbortController();
      setTimeout(() => ac.abort(new Error('cancelled')), 50);
      await expect(chat({ provider: 'anthropic', model: 'm', baseUrl: `http://127.0.0.1:${port}`, messages: [{ role: 'user', content: 'x' }] }, ac.signal)).rejects.toThrow('cancelled');
    } finally {
      hang.closeAllConnections();
      await new Promise((r) => hang.close(r));
    }
  });
});

describe('OpenAI-compatible parameter adaptation', () => {
  it('switches to max_completion_tokens and drops temperature when a reasoning model rejects them', async () => {
    const f = await start((req) => {
      if ('max_tokens' in req.body) return { status: 400, body: { error: { message: "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead." } } };
      if ('temperature' in req.body) return { status: 400, body: { error: { message: "Unsupported value: 'temperature' does not support 0.2 with this model." } } };
      return { text: 'ok' };
    });
    const res = await chat({ provider: 'openai', model: 'o-test', baseUrl: f.openAiBaseUrl, messages: [{ role: 'user', content: 'x' }], maxTokens: 100, temperature: 0.2 });
    expect(res.text).toBe('ok');
    expect(f.requests).toHaveLength(3);
    expect(f.requests[2].body.max_completion_tokens).toBe(100);
    expect(f.requests[2].body.temperature).toBeUndefined();
  });

  it('does not retry other client errors', async () => {
    const f = await start(() => ({ status: 400, body: { error: { message: 'model not found' } } }));
    await expect(chat({ provider: 'openai', model: 'nope', baseUrl: f.openAiBaseUrl, messages: [{ role: 'user', content: 'x' }], temperature: 1 })).rejects.toThrow('model not found');
    expect(f.requests).toHaveLength(1);
  });
});

describe('base URLs', () => {
  it('OpenAI-compatible: adds /v1 to a bare host (Ollama, vLLM), keeps explicit paths', async () => {
    expect(chatCompletionsUrl(undefined)).toBe('https://api.openai.com/v1/chat/completions');
    expect(chatCompletionsUrl('http://127.0.0.1:11434/')).toBe('http://127.0.0.1:11434/v1/chat/completions');
    expect(chatCompletionsUrl('https://generativelanguage.googleapis.com/v1beta/openai/')).toBe('https://generativelanguage.googleapis.com/v1beta/openai/chat/completions');
    const f = await start(() => ({ text: 'hi from a bare host' }));
    const res = await chat({ provider: 'openai', model: 'llama3', baseUrl: f.anthropicBaseUrl /* the bare origin */, messages: [{ role: 'user', content: 'x' }] });
    expect(res.text).toBe('hi from a bare host');
  });
});

