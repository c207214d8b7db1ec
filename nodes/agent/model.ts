/**
 * The language-model settings the LLM nodes share (agent, textClassifier): provider, model, base URL and
 * per-request tuning as zod fields, the request built from them and the node's `llmApi` credential, and
 * which setting a provider error points at. n8n's language-model sub-nodes fold into these fields.
 */
import { z, type LlmChatRequest } from '../sdk';

/** The credential slot: an OpenAI-compatible key or an Anthropic key ({ apiKey, baseUrl? }). */
export const LLM_SLOT = 'llmApi';

export const llmCredentialSlot = { name: LLM_SLOT, type: 'openAiApi', types: ['openAiApi', 'anthropicApi'], required: false };

export const modelFields = {
  provider: z.enum(['openai', 'anthropic']).default('openai').describe('openai: any OpenAI-compatible API (OpenAI, Ollama, vLLM, ...)'),
  model: z.string().min(1, 'The model name is required, e.g. gpt-4o-mini or claude-sonnet-4-5'),
  baseUrl: z
    .string()
    .optional()
    .transform((v) => (v && v.trim() ? v.trim() : undefined))
    .describe('API base URL (OpenAI-compatible: up to /v1, e.g. http://127.0.0.1:11434/v1 for Ollama); overrides the credential'),
};

export const tuningFields = {
  temperature: z.number().min(0).max(2).optional(),
  maxTokens: z.number().int().positive().optional().describe('Maximum tokens per model answer'),
};

export const requestTimeoutField = z.number().int().positive().default(120_000).describe('Per model request');

export interface ModelParams {
  provider: 'openai' | 'anthropic';
  model: string;
  baseUrl?: string;
  temperature?: number;
  maxTokens?: number;
  requestTimeoutMs: number;
}

export function credentialString(cred: Record<string, unknown> | undefined, ...keys: string[]): string | undefined {
  for (const k of keys) {
    const v = cred?.[k];
    if (typeof v === 'string' && v.trim()) return v.trim();
  }
  return undefined;
}

/** The request fields other than messages, tools and schema. */
export function modelRequest(p: ModelParams, llmCred: Record<string, unknown> | undefined): Omit<LlmChatRequest, 'messages' | 'tools' | 'jsonSchema'> {
  return {
    provider: p.provider,
    model: p.model,
    baseUrl: p.baseUrl ?? credentialString(llmCred, 'baseUrl', 'url'),
    apiKey: credentialString(llmCred, 'apiKey'),
    temperature: p.temperature,
    maxTokens: p.maxTokens,
    timeoutMs: p.requestTimeoutMs,
  };
}

/** Which setting a provider error points at, so the editor can highlight it. */
export function providerErrorField(err: Error & { status?: number }): { field: string; description?: string } {
  if (err.status === 401 || err.status === 403) {
    return { field: `credentials.${LLM_SLOT}`, description: 'The provider refused the API key: check the credential chosen for this node.' };
  }
  if (err.status === 404) return /model/i.test(err.message) ? { field: 'model' } : { field: 'baseUrl', description: 'Nothing answers at this address: check the base URL.' };
  if (err.status === undefined) return /timed out/.test(err.message) ? { field: 'requestTimeoutMs' } : { field: 'baseUrl' };
  return { field: 'model' };
}
