/**
 * Anthropic Messages API: system prompt at the top level, tool calls as tool_use blocks, tool results as
 * tool_result blocks in the following user turn. Structured output is asked for in the system prompt.
 */
import type { LlmChatRequest, LlmChatResponse, LlmMessage, LlmToolCall } from '../engine/node';
import { postJson, trimSlash } from './http';
import { jsonInstruction, toolParameters } from './shared';

export const ANTHROPIC_DEFAULT_BASE_URL = 'https://api.anthropic.com';
export const ANTHROPIC_VERSION = '2023-06-01';
const DEFAULT_MAX_TOKENS = 4096;

type Block = Record<string, unknown>;
interface WireMessage {
  role: 'user' | 'assistant';
  content: Block[];
}

function wire(messages: LlmMessage[]): { system: string; messages: WireMessage[] } {
  const system: string[] = [];
  const out: WireMessage[] = [];
  // Consecutive user turns (a prompt, tool results) merge: tool results must sit in the turn right after tool_use.
  const push = (role: WireMessage['role'], blocks: Block[]) => {
    const last = out[out.length - 1];
    if (last && last.role === role) last.content.push(...blocks);
    else out.push({ role, content: blocks });
  };
  for (const m of messages) {
    if (m.role === 'system') system.push(m.content);
    else if (m.role === 'user') push('user', [{ type: 'text', text: m.content }]);
    else if (m.role === 'assistant') {
      const blocks: Block[] = [];
      if (m.content) blocks.push({ type: 'text', text: m.content });
      for (const c of m.toolCalls ?? []) blocks.push({ type: 'tool_use', id: c.id, name: c.name, input: c.arguments });
      if (blocks.length) push('assistant', blocks);
    } else if (m.role === 'tool') {
      push('user', [{ type: 'tool_result', tool_use_id: m.toolCallId, content: m.content, ...(m.isError ? { is_error: true } : {}) }]);
    }
  }
  return { system: system.join('\n\n'), messages: out };
}

function messagesUrl(baseUrl: string | undefined): string {
  const base = trimSlash(baseUrl || ANTHROPIC_DEFAULT_BASE_URL);
  return base.endsWith('/v1') ? `${base}/messages` : `${base}/v1/messages`;
}

export async function anthropicChat(req: LlmChatRequest, signal?: AbortSignal, fetchImpl?: typeof fetch): Promise<LlmChatResponse> {
  const { system, messages } = wire(req.messages);
  const fullSystem = [system, req.jsonSchema ? jsonInstruction(req.jsonSchema.schema) : ''].filter(Boolean).join('\n\n');
  const body: Record<string, unknown> = {
    model: req.model,
    max_tokens: req.maxTokens ?? DEFAULT_MAX_TOKENS,
    messages,
  };
  if (fullSystem) body.system = fullSystem;
  if (req.temperature !== undefined) body.temperature = req.temperature;
  if (req.tools?.length) {
    body.tools = req.tools.map((t) => ({ name: t.name, ...(t.description ? { description: t.description } : {}), input_schema: toolParameters(t.parameters) }));
  }
  const headers: Record<string, string> = { 'anthropic-version': ANTHROPIC_VERSION };
  if (req.apiKey) headers['x-api-key'] = req.apiKey;
  const data = (await postJson(messagesUrl(req.baseUrl), headers, body, { signal, timeoutMs: req.timeoutMs, fetchImpl })) as {
    content?: { type: string; text?: string; id?: string; name?: string; input?: unknown }[];
    stop_reason?: string;
    model?: string;
    usage?: { input_tokens?: number; output_tokens?: number; cache_creation_input_tokens?: number; cache_read_input_tokens?: number };
  };
  const texts: string[] = [];
  const toolCalls: LlmToolCall[] = [];
  for (const block of data.content ?? []) {
    if (block.type === 'text' && block.text) texts.push(block.text);
    else if (block.type === 'tool_use') {
      const input = block.input && typeof block.input === 'object' && !Array.isArray(block.input) ? (block.input as Record<string, unknown>) : {};
      toolCalls.push({ id: block.id ?? `toolu_${toolCalls.length}`, name: block.name ?? '', arguments: input });
    }
  }
  const u = data.usage ?? {};
  return {
    text: texts.join('\n'),
    toolCalls,
    usage: {
      promptTokens: (u.input_tokens ?? 0) + (u.cache_creation_input_tokens ?? 0) + (u.cache_read_input_tokens ?? 0),
      completionTokens: u.output_tokens ?? 0,
    },
    ...(data.stop_reason ? { finishReason: data.stop_reason } : {}),
    ...(data.model ? { model: data.model } : {}),
  };
}
