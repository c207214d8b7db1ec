/**
 * A scripted LLM server for tests, on 127.0.0.1 with a random port. It speaks both wire formats:
 * OpenAI-compatible `POST /v1/chat/completions` and Anthropic `POST /v1/messages`. A script decides each
 * answer from the request (normalised: tool names offered, tool results received, last user text), so a
 * test can have the "model" call a real MCP tool and then answer with what the tool returned.
 * `POST /v1/embeddings` answers with deterministic vectors (`fakeEmbedding`): texts sharing words are close.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeFormat = 'openai' | 'anthropic';

export interface FakeLlmRequest {
  format: FakeFormat;
  headers: http.IncomingHttpHeaders;
  /** The raw JSON body, for assertions on the wire format. */
  body: Record<string, unknown>;
  /** Names of the tools offered in this request. */
  toolNames: string[];
  /** Text of every tool result in the conversation so far, in order. */
  toolResults: { text: string; isError: boolean }[];
  /** Text of the last user message (excluding tool results). */
  lastUserText: string;
  /** The system prompt, joined. */
  system: string;
}

export interface FakeTurn {
  text?: string;
  toolCalls?: { name: string; arguments: Record<string, unknown>; id?: string }[];
  usage?: { promptTokens: number; completionTokens: number };
}

/** An HTTP error instead of an answer (e.g. to test retries or a server that rejects response_format). */
export interface FakeError {
  status: number;
  body: unknown;
}

/** May return a promise: a script can delay (or never answer) to test timeouts and cancellation. */
export type FakeScript = (req: FakeLlmRequest, callIndex: number) => FakeTurn | FakeError | Promise<FakeTurn | FakeError>;

export interface FakeLlm {
  /** Base URL for the OpenAI-compatible provider (…/v1). */
  openAiBaseUrl: string;
  /** Base URL for the Anthropic provider. */
  anthropicBaseUrl: string;
  requests: FakeLlmRequest[];
  /** Bodies of the /v1/embeddings requests, in order. */
  embeddingRequests: { model: string; input: string[]; headers: http.IncomingHttpHeaders }[];
  close(): Promise<void>;
}

export const FAKE_EMBEDDING_DIMENSIONS = 64;

/**
 * A bag of words hashed into 64 dimensions and normalised: the same text always gives the same vector, and
 * the cosine similarity of two texts grows with the words they share (lower-cased, 3 letters or more).
 */
export function fakeEmbedding(text: string): number[] {
  const v = new Array<number>(FAKE_EMBEDDING_DIMENSIONS).fill(0);
  for (const word of text.toLowerCase().match(/[a-z0-9]{3,}/g) ?? []) {
    let h = 2166136261;
    for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 16777619) >>> 0;
    v[h % FAKE_EMBEDDING_DIMENSIONS] += 1;
  }
  const norm = Math.hypot(...v);
  return norm ? v.map((x) => x / norm) : v;
}

export const FAKE_USAGE = { promptTokens: 11, completionTokens: 7 };

/**
 * The agent test's model: first asks for get-sum(a, b); once a tool result is in the conversation, answers
 * with that result's text verbatim, so the test can see the real tool ran.
 */
export function sumScript(a = 2, b = 3): FakeScript {
  return (req) => {
    const last = req.toolResults[req.toolResults.length - 1];
    if (!last) return { toolCalls: [{ name: req.toolNames.find((n) => n.includes('get-sum') || n.includes('get_sum')) ?? 'get-sum', arguments: { a, b } }] };
    return { text: `Tool result: ${last.text}` };
  };
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((b: { type?: string; text?: string; content?: unknown }) => (b.type === 'text' ? (b.text ?? '') : ''))
      .join('');
  }
  return '';
}

function normalise(format: FakeFormat, headers: http.IncomingHttpHeaders, body: Record<string, unknown>): FakeLlmRequest {
  const messages = (body.messages as Record<string, unknown>[] | undefined) ?? [];
  const tools = (body.tools as Record<string, unknown>[] | undefined) ?? [];
  const toolResults: FakeLlmRequest['toolResults'] = [];
  let lastUserText = '';
  const system: string[] = [];
  if (format === 'openai') {
    for (const m of messages) {
      if (m.role === 'tool') toolResults.push({ text: textOf(m.content), isError: String(m.content).startsWith('Error:') });
      else if (m.role === 'user') lastUserText = textOf(m.content);
      else if (m.role === 'system') system.push(textOf(m.content));
    }
  } else {
    if (typeof body.system === 'string') system.push(body.system);
    for (const m of messages) {
      if (m.role !== 'user') continue;
      const blocks = Array.isArray(m.content) ? (m.content as Record<string, unknown>[]) : [{ type: 'text', text: m.content }];
      for (const b of blocks) {
        if (b.type === 'tool_result') {
          const c = b.content;
          toolResults.push({ text: typeof c === 'string' ? c : textOf(c), isError: b.is_error === true });
        } else if (b.type === 'text') lastUserText = String(b.text ?? '');
      }
    }
  }
  const toolNames = tools.map((t) =>
    format === 'openai' ? String((t.function as { name?: string } | undefined)?.name ?? '') : String(t.name ?? ''),
  );
  return { format, headers, body, toolNames, toolResults, lastUserText, system: system.join('\n\n') };
}

function render(format: FakeFormat, turn: FakeTurn, model: string, index: number): unknown {
  const usage = turn.usage ?? FAKE_USAGE;
  const calls = (turn.toolCalls ?? []).map((c, i) => ({ ...c, id: c.id ?? `call_${index}_${i}` }));
  if (format === 'openai') {
    return {
      id: `chatcmpl-fake-${index}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model,
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: turn.text ?? null,
            ...(calls.length
              ? { tool_calls: calls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: JSON.stringify(c.arguments) } })) }
              : {}),
          },
          finish_reason: calls.length ? 'tool_calls' : 'stop',
        },
      ],
      usage: { prompt_tokens: usage.promptTokens, completion_tokens: usage.completionTokens, total_tokens: usage.promptTokens + usage.completionTokens },
    };
  }
  return {
    id: `msg_fake_${index}`,
    type: 'message',
    role: 'assistant',
    model,
    content: [
      ...(turn.text ? [{ type: 'text', text: turn.text }] : []),
      ...calls.map((c) => ({ type: 'tool_use', id: c.id, name: c.name, input: c.arguments })),
    ],
    stop_reason: calls.length ? 'tool_use' : 'end_turn',
    usage: { input_tokens: usage.promptTokens, output_tokens: usage.completionTokens },
  };
}

export async function startFakeLlm(script: FakeScript = sumScript()): Promise<FakeLlm> {
  const requests: FakeLlmRequest[] = [];
  const embeddingRequests: FakeLlm['embeddingRequests'] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const send = (status: number, payload: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(payload));
      };
      if (req.method === 'POST' && req.url === '/v1/embeddings') {
        let body: { model?: string; input?: unknown };
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          return send(400, { error: { message: 'body is not JSON' } });
        }
        const input = typeof body.input === 'string' ? [body.input] : Array.isArray(body.input) ? body.input.map(String) : undefined;
        if (!input) return send(400, { error: { message: 'input must be a string or a list of strings' } });
        embeddingRequests.push({ model: String(body.model ?? ''), input, headers: req.headers });
        return send(200, {
          object: 'list',
          model: body.model ?? 'fake-embedding',
          data: input.map((text, index) => ({ object: 'embedding', index, embedding: fakeEmbedding(text) })),
          usage: { prompt_tokens: input.length, total_tokens: input.length },
        });
      }
      const format: FakeFormat | undefined =
        req.method === 'POST' && req.url === '/v1/chat/completions' ? 'openai' : req.method === 'POST' && req.url === '/v1/messages' ? 'anthropic' : undefined;
      if (!format) return send(404, { error: { message: `no route ${req.method} ${req.url}` } });
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return send(400, { error: { message: 'body is not JSON' } });
      }
      const normalised = normalise(format, req.headers, body);
      const index = requests.length;
      requests.push(normalised);
      let answer: FakeTurn | FakeError;
      try {
        answer = await script(normalised, index);
      } catch (err) {
        return send(500, { error: { message: `fake LLM script failed: ${(err as Error).message}` } });
      }
      if (res.destroyed) return;
      if ('status' in answer) return send(answer.status, answer.body);
      send(200, render(format, answer, String(body.model ?? 'fake-model'), index));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    openAiBaseUrl: `${origin}/v1`,
    anthropicBaseUrl: origin,
    requests,
    embeddingRequests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
