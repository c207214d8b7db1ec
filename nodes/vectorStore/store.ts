/**
 * The vector stores the node and the agent's vector store tool use: embeddings through ctx.services.llm.embed
 * (OpenAI-compatible), then the Simple store (Postgres, through ctx.services.vectorMemory) or Qdrant over its
 * HTTP API (collection created on the first insert, cosine distance, payload `{ content, metadata }` as
 * LangChain's Qdrant store writes it, so collections n8n filled are readable).
 */
import { randomUUID } from 'node:crypto';
import { z, type JsonObject, type NodeServices } from '../sdk';
import { credentialString } from '../agent/model';
import type { Document } from './documents';

export const storeFields = {
  backend: z.enum(['memory', 'qdrant']).default('memory').describe('memory: n8n\'s Simple vector store, kept in Weft\'s Postgres per owner and memory key; qdrant: a Qdrant collection'),
  memoryKey: z.string().min(1).default('vector_store_key').describe('Simple store: which store (stores with other keys are separate)'),
  qdrantCollection: z.string().default('').describe('Qdrant: the collection (created on the first insert)'),
  qdrantUrl: z
    .string()
    .optional()
    .transform((v) => (v && v.trim() ? v.trim() : undefined))
    .describe('Qdrant: base URL; overrides the credential\'s URL'),
  embeddingModel: z.string().min(1).default('text-embedding-3-small').describe('Embedding model (OpenAI-compatible /embeddings)'),
  embeddingBaseUrl: z
    .string()
    .optional()
    .transform((v) => (v && v.trim() ? v.trim() : undefined))
    .describe('Embeddings API base URL (up to /v1); overrides the credential'),
  embeddingDimensions: z.number().int().positive().optional().describe('Ask the model for vectors of this size (text-embedding-3 models)'),
};
export type StoreConfig = z.output<z.ZodObject<typeof storeFields>>;

/** Credential slots: the embeddings key and the Qdrant key. */
export const EMBEDDINGS_SLOT = 'embeddingsApi';
export const QDRANT_SLOT = 'qdrantApi';
export const embeddingsCredentialSlot = { name: EMBEDDINGS_SLOT, type: 'openAiApi', required: false };
export const qdrantCredentialSlot = { name: QDRANT_SLOT, type: 'qdrantApi', required: false };

export interface StoreCredentials {
  embeddings?: Record<string, unknown>;
  qdrant?: Record<string, unknown>;
}

/** An error that names the setting to fix. */
export class StoreError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

export interface ScoredDocument {
  document: Document;
  score: number;
}

type Services = Pick<NodeServices, 'llm' | 'vectorMemory' | 'fetch' | 'addTokenUsage'>;

export async function embedTexts(services: Services, c: StoreConfig, creds: StoreCredentials, texts: string[], signal: AbortSignal): Promise<number[][]> {
  if (!texts.length) return [];
  const embed = services.llm?.embed;
  if (!embed) throw new StoreError('embeddings are not available in this runtime', 'embeddingModel');
  try {
    const res = await embed(
      {
        model: c.embeddingModel,
        baseUrl: c.embeddingBaseUrl ?? credentialString(creds.embeddings, 'baseUrl', 'url'),
        apiKey: credentialString(creds.embeddings, 'apiKey'),
        input: texts,
        ...(c.embeddingDimensions ? { dimensions: c.embeddingDimensions } : {}),
      },
      signal,
    );
    services.addTokenUsage?.({ promptTokens: res.promptTokens, completionTokens: 0 });
    return res.vectors;
  } catch (err) {
    if (signal.aborted) throw err;
    const status = (err as { status?: number }).status;
    const field = status === 401 || status === 403 ? `credentials.${EMBEDDINGS_SLOT}` : status === 404 || status === undefined ? 'embeddingBaseUrl' : 'embeddingModel';
    throw new StoreError(`Embeddings: ${(err as Error).message}`, field);
  }
}

function qdrant(services: Services, c: StoreConfig, creds: StoreCredentials, signal: AbortSignal) {
  const base = (c.qdrantUrl ?? credentialString(creds.qdrant, 'qdrantUrl', 'url'))?.replace(/\/+$/, '');
  if (!base) throw new StoreError('Qdrant needs a URL: choose a qdrantApi credential or set qdrantUrl', 'qdrantUrl');
  if (!c.qdrantCollection.trim()) throw new StoreError('Qdrant needs a collection name', 'qdrantCollection');
  const apiKey = credentialString(creds.qdrant, 'apiKey');
  const collection = `${base}/collections/${encodeURIComponent(c.qdrantCollection.trim())}`;
  const doFetch = services.fetch ?? fetch;
  const call = async (method: string, url: string, body?: unknown): Promise<{ status: number; data: Record<string, unknown> }> => {
    let res: Response;
    try {
      res = await doFetch(url, {
        method,
        headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(apiKey ? { 'api-key': apiKey } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
      });
    } catch (err) {
      if (signal.aborted) throw err;
      throw new StoreError(`Qdrant at ${base} cannot be reached: ${(err as Error).message}`, 'qdrantUrl');
    }
    const text = await res.text();
    let data: Record<string, unknown> = {};
    try {
      data = text ? JSON.parse(text) : {};
    } catch {
      data = { status: { error: text.slice(0, 300) } };
    }
    return { status: res.status, data };
  };
  const fail = (what: string, r: { status: number; data: Record<string, unknown> }) => {
    const detail = (r.data.status as { error?: string } | undefined)?.error ?? JSON.stringify(r.data).slice(0, 300);
    const field = r.status === 401 || r.status === 403 ? `credentials.${QDRANT_SLOT}` : 'qdrantCollection';
    return new StoreError(`Qdrant ${what} failed with HTTP ${r.status}: ${detail}`, field);
  };
  return {
    async ensureCollection(size: number) {
      const got = await call('GET', collection);
      if (got.status === 200) return;
      if (got.status !== 404) throw fail('reading the collection', got);
      const made = await call('PUT', collection, { vectors: { size, distance: 'Cosine' } });
      if (made.status !== 200) throw fail('creating the collection', made);
    },
    async upsert(points: { vector: number[]; payload: JsonObject }[]) {
      const r = await call('PUT', `${collection}/points?wait=true`, { points: points.map((p) => ({ id: randomUUID(), ...p })) });
      if (r.status !== 200) throw fail('storing points', r);
    },
    async search(vector: number[], limit: number): Promise<ScoredDocument[]> {
      const r = await call('POST', `${collection}/points/search`, { vector, limit, with_payload: true });
      if (r.status === 404) throw new StoreError(`Qdrant has no collection "${c.qdrantCollection}" (insert documents first)`, 'qdrantCollection');
      if (r.status !== 200) throw fail('searching', r);
      return ((r.data.result as { score?: number; payload?: Record<string, unknown> }[] | undefined) ?? []).map((hit) => ({
        document: { pageContent: String(hit.payload?.content ?? ''), metadata: (hit.payload?.metadata ?? {}) as JsonObject },
        score: Number(hit.score ?? 0),
      }));
    },
  };
}

function memory(services: Services) {
  if (!services.vectorMemory) throw new StoreError('the Simple vector store is not available in this runtime', 'backend');
  return services.vectorMemory;
}

/** Embeds the documents and stores them; `clear` empties a Simple store first. */
export async function insertDocuments(services: Services, c: StoreConfig, creds: StoreCredentials, docs: Document[], signal: AbortSignal, opts: { clear?: boolean } = {}): Promise<void> {
  if (c.backend === 'memory' && opts.clear) await memory(services).clear(c.memoryKey);
  if (!docs.length) return;
  const vectors = await embedTexts(services, c, creds, docs.map((d) => d.pageContent), signal);
  if (c.backend === 'memory') {
    await memory(services).add(c.memoryKey, docs.map((d, i) => ({ content: d.pageContent, metadata: d.metadata, embedding: vectors[i] })));
    return;
  }
  const q = qdrant(services, c, creds, signal);
  await q.ensureCollection(vectors[0].length);
  await q.upsert(docs.map((d, i) => ({ vector: vectors[i], payload: { content: d.pageContent, metadata: d.metadata } })));
}

/** The `topK` documents most similar to the query, best first. */
export async function searchDocuments(services: Services, c: StoreConfig, creds: StoreCredentials, query: string, topK: number, signal: AbortSignal): Promise<ScoredDocument[]> {
  const [vector] = await embedTexts(services, c, creds, [query], signal);
  if (c.backend === 'memory') {
    const hits = await memory(services).search(c.memoryKey, vector, topK);
    return hits.map((h) => ({ document: { pageContent: h.content, metadata: h.metadata }, score: h.score }));
  }
  return qdrant(services, c, creds, signal).search(vector, topK);
}
