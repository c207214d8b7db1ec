/**
 * OpenAI-compatible Chat Completions (OpenAI, Ollama's /v1, vLLM, LM Studio, gateways): tools as
 * `function` tools, structured output as response_format json_schema, falling back to json_object and
 * then to plain instructions for servers that reject it.
 */
import type { LlmChatRequest, LlmChatResponse, LlmMessage, LlmToolCall } from '../engine/node';
import { LlmHttpError, postJson, trimSlash } from './http';
import { jsonInstruction, toolParameters } from './shared';

export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';

type JsonMode = 'json_schema' | 'json_object' | 'instruct';

function wireMessages(messages: LlmMessage[], extraSystem?: string): unknown[] {
  const out: unknown[] = [];
  // The JSON instruction joins the first system message (or becomes one).
  let pending = extraSystem;
  if (pending && !messages.some((m) => m.role === 'system')) {
    out.push({ role: 'system', content: pending });
    pending = undefined;
  }
  for (const m of messages) {
    if (m.role === 'system') {
      out.push({ role: 'system', content: pending ? `${m.content}\n\n${pending}` : m.content });
      pending = undefined;
    }
    else if (m.role === 'user') out.push({ role: 'user', content: m.content });
    else if (m.role === 'assistant') {
      out.push({
        role: 'assistant',
        content: m.content || null,
        ...(m.toolCalls?.length
          ? {
              tool_calls: m.toolCalls.map((c) => ({
                id: c.id,
                type: 'function',
                function: { name: c.name, arguments: JSON.stringify(c.arguments) },
              })),
            }
          : {}),
      });
    } else if (m.role === 'tool') out.push({ role: 'tool', tool_call_id: m.toolCallId, content: m.isError ? `Error: ${m.content}` : m.content });
  }
  return out;
}

function schemaName(name: string): string {
  return name.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 64) || 'output';
}

interface BodyOptions {
  mode: JsonMode | undefined;
  maxTokensField: 'max_tokens' | 'max_completion_tokens';
  temperature: boolean;
}

function buildBody(req: LlmChatRequest, { mode, maxTokensField, temperature }: BodyOptions): Record<string, unknown> {
  const instruct = req.jsonSchema && mode !== 'json_schema' ? jsonInstruction(req.jsonSchema.schema) : undefined;
  const body: Record<string, unknown> = { model: req.model, messages: wireMessages(req.messages, instruct) };
  if (req.tools?.length) {
    body.tools = req.tools.map((t) => ({
      type: 'function',
      function: { name: t.name, ...(t.description ? { description: t.description } : {}), parameters: toolParameters(t.parameters) },
    }));
  }
  if (req.temperature !== undefined && temperature) body.temperature = req.temperature;
  if (req.maxTokens !== undefined) body[maxTokensField] = req.maxTokens;
  if (req.jsonSchema && mode === 'json_schema') {
    body.response_format = { type: 'json_schema', json_schema: { name: schemaName(req.jsonSchema.name), schema: req.jsonSchema.schema, strict: false } };
  } else if (req.jsonSchema && mode === 'json_object') {
    body.response_format = { type: 'json_object' };
  }
  return body;
}

interface WireToolCall {
  id?: string;
  function?: { name?: string; arguments?: unknown };
}

function parseToolCalls(calls: WireToolCall[] | undefined): LlmToolCall[] {
  return (calls ?? []).map((c, i) => {
    const name = c.function?.name ?? '';
    const raw = c.function?.arguments;
    const id = c.id || `call_${i}`;
    if (raw && typeof raw === 'object') return { id, name, arguments: raw as Record<string, unknown> };
    if (raw === undefined || raw === null || raw === '') return { id, name, arguments: {} };
    try {
      const parsed = JSON.parse(String(raw));
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return { id, name, arguments: parsed };
      return { id, name, arguments: {}, argumentsError: 'the arguments must be a JSON object' };
    } catch (err) {
      return { id, name, arguments: {}, argumentsError: `the arguments are not valid JSON (${(err as Error).message})` };
    }
  });
}


/** A base URL with no path (http://127.0.0.1:11434, as Ollama and vLLM are usually written) gets /v1. */
export function chatCompletionsUrl(baseUrl: string | undefined): string {
  return openAiApiUrl(baseUrl, '/chat/completions');
}

/** Any OpenAI endpoint (`/audio/speech`, `/images/generations`) under the base URL, bare hosts getting /v1. */
export function openAiApiUrl(baseUrl: string | undefined, path: string): string {
  const base = trimSlash(baseUrl || OPENAI_DEFAULT_BASE_URL);
  let bare = false;
  try {
    bare = new URL(base).pathname === '/';
  } catch {
    // left to fetch to report
  }
  return `${base}${bare ? '/v1' : ''}${path}`;
}

export async function openAiChat(req: LlmChatRequest, signal?: AbortSignal, fetchImpl?: typeof fetch): Promise<LlmChatResponse> {
  const url = chatCompletionsUrl(req.baseUrl);
  const headers: Record<string, string> = req.apiKey ? { authorization: `Bearer ${req.apiKey}` } : {};
  const modes: (JsonMode | undefined)[] = req.jsonSchema ? ['json_schema', 'json_object', 'instruct'] : [undefined];
  let data: {
    choices?: { message?: { content?: string | null; tool_calls?: WireToolCall[] }; finish_reason?: string }[];
    usage?: { prompt_tokens?: number; completion_tokens?: number };
    model?: string;
  } = {};
  // Servers differ: reasoning models want max_completion_tokens and no temperature, some servers reject
  // response_format. Each rejection that names the parameter is adapted to once.
  const adapt: BodyOptions = { mode: modes[0], maxTokensField: 'max_tokens', temperature: true };
  let modeIndex = 0;
  for (let attempt = 0; ; attempt++) {
    try {
      data = (await postJson(url, headers, buildBody(req, adapt), { signal, timeoutMs: req.timeoutMs, fetchImpl })) as typeof data;
      break;
    } catch (err) {
      if (!(err instanceof LlmHttpError) || (err.status !== 400 && err.status !== 422) || attempt >= 5) throw err;
      const m = err.providerMessage;
      if (req.maxTokens !== undefined && adapt.maxTokensField === 'max_tokens' && /max_completion_tokens/.test(m)) adapt.maxTokensField = 'max_completion_tokens';
      else if (req.temperature !== undefined && adapt.temperature && /temperature/i.test(m)) adapt.temperature = false;
      else if (modeIndex < modes.length - 1 && /response_format|json_schema|json_object|format/i.test(m)) adapt.mode = modes[++modeIndex];
      else throw err;
    }
  }
  const choice = data.choices?.[0];
  if (!choice) throw new Error(`LLM response from ${url.replace(/\?.*$/, '')} has no choices`);
  return {
    text: choice.message?.content ?? '',
    toolCalls: parseToolCalls(choice.message?.tool_calls),
    usage: { promptTokens: data.usage?.prompt_tokens ?? 0, completionTokens: data.usage?.completion_tokens ?? 0 },
    ...(choice.finish_reason ? { finishReason: choice.finish_reason } : {}),
    ...(data.model ? { model: data.model } : {}),
  };
}
