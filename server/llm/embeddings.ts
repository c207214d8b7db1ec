/**
 * Embeddings through an OpenAI-compatible `POST /embeddings` (OpenAI, Ollama's /v1, vLLM, LM Studio,
 * gateways). The one place nodes get vectors from: the vector store node and the agent's vector store tool
 * both call it through ctx.services.llm.embed.
 */
import type { EmbeddingRequest, EmbeddingResponse } from '../engine/node';
import { postJson, trimSlash } from './http';
import { OPENAI_DEFAULT_BASE_URL } from './openai';

/** Inputs per request: well under OpenAI's 2048, and small enough for local servers. */
export const EMBEDDING_BATCH = 128;

/** A base URL with no path (http://127.0.0.1:11434) gets /v1, as for chat. */
export function embeddingsUrl(baseUrl: string | undefined): string {
  const base = trimSlash(baseUrl || OPENAI_DEFAULT_BASE_URL);
  let bare = false;
  try {
    bare = new URL(base).pathname === '/';
  } catch {
    // left to fetch to report
  }
  return `${base}${bare ? '/v1' : ''}/embeddings`;
}

interface WireEmbeddings {
  data?: { index?: number; embedding?: unknown }[];
  usage?: { prompt_tokens?: number };
}

export async function openAiEmbed(req: EmbeddingRequest, signal?: AbortSignal, fetchImpl?: typeof fetch): Promise<EmbeddingResponse> {
  const url = embeddingsUrl(req.baseUrl);
  const headers: Record<string, string> = req.apiKey ? { authorization: `Bearer ${req.apiKey}` } : {};
  const vectors: number[][] = [];
  let promptTokens = 0;
  for (let start = 0; start < req.input.length; start += EMBEDDING_BATCH) {
    const batch = req.input.slice(start, start + EMBEDDING_BATCH);
    const body = { model: req.model, input: batch, ...(req.dimensions ? { dimensions: req.dimensions } : {}) };
    const data = (await postJson(url, headers, body, { signal, timeoutMs: req.timeoutMs, fetchImpl })) as WireEmbeddings;
    const rows = data.data ?? [];
    if (rows.length !== batch.length) throw new Error(`Embeddings response from ${url} has ${rows.length} vectors for ${batch.length} inputs`);
    // Servers may answer out of order; `index` says which input each vector belongs to.
    const ordered = rows.every((r) => typeof r.index === 'number') ? [...rows].sort((a, b) => a.index! - b.index!) : rows;
    for (const r of ordered) {
      if (!Array.isArray(r.embedding) || !r.embedding.every((x) => typeof x === 'number')) {
        throw new Error(`Embeddings response from ${url} is not a list of numbers (base64 encoding is not supported)`);
      }
      vectors.push(r.embedding as number[]);
    }
    promptTokens += data.usage?.prompt_tokens ?? 0;
  }
  return { vectors, promptTokens };
}

/** Cosine similarity in [-1, 1]; 0 when either vector is all zeros. */
export function cosineSimilarity(a: number[], b: number[]): number {
  if (a.length !== b.length) throw new Error(`Vectors of different lengths (${a.length} and ${b.length}): were they made by the same embedding model?`);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}
