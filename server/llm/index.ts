/**
 * LLM chat behind one interface (LlmChatRequest -> LlmChatResponse, declared in server/engine/node.ts).
 * The runtime puts `llmServices` into ctx.services.llm.
 */
import type { LlmChatRequest, LlmChatResponse, NodeServices } from '../engine/node';
import { anthropicChat } from './anthropic';
import { openAiChat } from './openai';
import { validateAgainstSchema } from '../mcp/validate';
import { chatMemoryFor } from './memory';
import { openAiEmbed } from './embeddings';
import { vectorMemoryFor } from './vector-memory';

export { LlmHttpError } from './http';
export { chatMemoryFor, createChatMemory, MAX_MESSAGES_PER_SESSION, type ChatMemory, type ChatMemoryScope } from './memory';
export { OPENAI_DEFAULT_BASE_URL, openAiApiUrl } from './openai';
export { postJson, postRaw } from './http';
export { openAiEmbed, cosineSimilarity, embeddingsUrl } from './embeddings';
export { createVectorMemory, vectorMemoryFor, type VectorMemory } from './vector-memory';
export { ANTHROPIC_DEFAULT_BASE_URL } from './anthropic';
export type { LlmChatRequest, LlmChatResponse, LlmMessage, LlmToolCall } from '../engine/node';

/** One chat turn. `fetchImpl` lets a runtime route through its own fetch (ctx.services.fetch). */
export function chat(req: LlmChatRequest, signal?: AbortSignal, fetchImpl?: typeof fetch): Promise<LlmChatResponse> {
  if (req.provider === 'anthropic') return anthropicChat(req, signal, fetchImpl);
  if (req.provider === 'openai') return openAiChat(req, signal, fetchImpl);
  throw new Error(`Unknown LLM provider "${String((req as { provider: unknown }).provider)}" (use "openai" or "anthropic")`);
}

export const llmServices: NonNullable<NodeServices['llm']> = {
  chat: (req, signal) => chat(req, signal),
  validateJson: (schema, value) => validateAgainstSchema(schema, value, 'output'),
  embed: (req, signal) => openAiEmbed(req, signal),
};

/**
 * What the runtime adds to ctx.services for AI nodes in one execution: the LLM client and the chat memory
 * store, scoped to the workflow and the execution's owner, and the Simple vector store, scoped to the owner. Ad-hoc graphs (no workflow row) get no store:
 * the agent then remembers within the execution only.
 */
export function aiServices(args: { workflowId?: string | null; ownerId?: string | null }): Pick<NodeServices, 'llm' | 'chatMemory' | 'vectorMemory'> {
  return { llm: llmServices, vectorMemory: vectorMemoryFor(args.ownerId ?? null), ...(args.workflowId ? { chatMemory: chatMemoryFor({ workflowId: args.workflowId, ownerId: args.ownerId ?? null }) } : {}) };
}

