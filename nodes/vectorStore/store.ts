/**
 * The vector stores the node and the agent's vector store tool use: embeddings through ctx.services.llm.embed
 * (OpenAI-compatible), then the Simple store (Postgres, through ctx.services.vectorMemory) or Qdrant over its
 * HTTP API (collection created on the first insert, cosine distance, payload `{ content, metadata }` as
 * LangChain's Qdrant store writes it, so collections n8n filled are readable), or Pinecone over its HTTP API
 * (text under metadata.text, as LangChain's Pinecone store keeps it).
 */
import { randomUUID } from 'node:crypto';
import { z, type JsonObject, type NodeServices } from '../sdk';
import { credentialString } from '../agent/model';
import type { Document } from './documents';

export const storeFields = {
  backend: z
    .enum(['memory', 'qdrant', 'pinecone'])
    .default('memory')
    .describe('memory: n8n\'s Simple vector store, kept in Weft\'s Postgres per owner and memory key; qdrant: a Qdrant collection; pinecone: a Pinecone index'),
  memoryKey: z.string().min(1).default('vector_store_key').describe('Simple store: which store (stores with other keys are separate)'),
  qdrantCollection: z.string().default('').describe('Qdrant: the collection (created on the first insert)'),
  qdrantUrl: z
    .string()
    .optional()
    .transform((v) => (v && v.trim() ? v.trim() : undefined))
    .describe('Qdrant: base URL; overrides the credential\'s URL'),
  pineconeIndex: z.string().default('').describe('Pinecone: the index (it must exist)'),
  pineconeNamespace: z.string().default('').describe('Pinecone: the namespace (default: the index\'s default one)'),
  pineconeHost: z
    .string()
    .optional()
    .transform((v) => (v && v.trim() ? v.trim() : undefined))
    .describe('Pinecone: the index host (https://<index>-<project>.svc.<region>.pinecone.io); found from the index name when empty'),
  pineconeApiUrl: z.string().default('https://api.pinecone.io').describe('Pinecone: the control plane that finds an index\'s host'),
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
export const PINECONE_SLOT = 'pineconeApi';
/** Any key an OpenAI-compatible embeddings endpoint takes as a bearer token: OpenAI, Gemini, Mistral, Ollama. */
export const embeddingsCredentialSlot = { name: EMBEDDINGS_SLOT, type: 'openAiApi', types: ['openAiApi', 'googlePalmApi', 'mistralCloudApi', 'ollamaApi'], required: false };
export const qdrantCredentialSlot = { name: QDRANT_SLOT, type: 'qdrantApi', required: false };
export const pineconeCredentialSlot = { name: PINECONE_SLOT, type: 'pineconeApi', required: false };

export interface StoreCredentials {
  embeddings?: Record<string, unknown>;
  qdrant?: Record<string, unknown>;
  pinecone?: Record<string, unknown>;
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

/** Pinecone metadata holds strings, numbers, booleans and lists of strings; anything else goes as JSON text. */
function pineconeMetadata(content: string, metadata: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(metadata)) {
    const plain = typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || (Array.isArray(v) && v.every((x) => typeof x === 'string'));
    if (v !== null && v !== undefined) out[k] = plain ? v : JSON.stringify(v);
  }
  // LangChain's Pinecone store keeps the text under `text`, so indexes n8n filled read the same.
  return { ...out, text: content };
}

function pinecone(services: Services, c: StoreConfig, creds: StoreCredentials, signal: AbortSignal) {
  const apiKey = credentialString(creds.pinecone, 'apiKey');
  if (!apiKey) throw new StoreError('Pinecone needs an API key: choose a pineconeApi credential', `credentials.${PINECONE_SLOT}`);
  if (!c.pineconeIndex.trim()) throw new StoreError('Pinecone needs an index name', 'pineconeIndex');
  const doFetch = services.fetch ?? fetch;
  const headers = { 'api-key': apiKey, 'x-pinecone-api-version': '2024-07', 'content-type': 'application/json' };
  const call = async (what: string, url: string, method: string, body?: unknown): Promise<Record<string, unknown>> => {
    let res: Response;
    try {
      res = await doFetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal });
    } catch (err) {
      if (signal.aborted) throw err;
      throw new StoreError(`Pinecone ${what}: ${new URL(url).host} cannot be reached: ${(err as Error).message}`, c.pineconeHost ? 'pineconeHost' : 'pineconeApiUrl');
    }
    const text = await res.text();
    if (!res.ok) {
      const field = res.status === 401 || res.status === 403 ? `credentials.${PINECONE_SLOT}` : res.status === 404 ? 'pineconeIndex' : 'pineconeNamespace';
      throw new StoreError(`Pinecone ${what} failed with HTTP ${res.status}: ${text.slice(0, 300)}`, field);
    }
    try {
      return text ? JSON.parse(text) : {};
    } catch {
      return {};
    }
  };
  let host: Promise<string> | undefined;
  const indexHost = () =>
    (host ??= c.pineconeHost
      ? Promise.resolve(c.pineconeHost.replace(/\/+$/, ''))
      : call('finding the index', `${c.pineconeApiUrl.replace(/\/+$/, '')}/indexes/${encodeURIComponent(c.pineconeIndex.trim())}`, 'GET').then((d) => {
          const h = str(d.host);
          if (!h) throw new StoreError(`Pinecone did not say where index "${c.pineconeIndex}" is`, 'pineconeIndex');
          return /^https?:\/\//.test(h) ? h : `https://${h}`;
        }));
  const namespace = c.pineconeNamespace.trim() ? { namespace: c.pineconeNamespace.trim() } : {};
  return {
    async clear() {
      await call('clearing the namespace', `${await indexHost()}/vectors/delete`, 'POST', { deleteAll: true, ...namespace });
    },
    async upsert(docs: Document[], vectors: number[][]) {
      const h = await indexHost();
      for (let start = 0; start < docs.length; start += 100) {
        const vectorsOut = docs.slice(start, start + 100).map((d, i) => ({ id: randomUUID(), values: vectors[start + i], metadata: pineconeMetadata(d.pageContent, d.metadata) }));
        await call('storing vectors', `${h}/vectors/upsert`, 'POST', { vectors: vectorsOut, ...namespace });
      }
    },
    async search(vector: number[], topK: number): Promise<ScoredDocument[]> {
      const d = await call('searching', `${await indexHost()}/query`, 'POST', { vector, topK, includeMetadata: true, includeValues: false, ...namespace });
      return ((d.matches as { score?: number; metadata?: JsonObject }[] | undefined) ?? []).map((m) => {
        const { text, ...metadata } = m.metadata ?? {};
        return { document: { pageContent: typeof text === 'string' ? text : '', metadata }, score: Number(m.score ?? 0) };
      });
    },
  };
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');

function memory(services: Services) {
  if (!services.vectorMemory) throw new StoreError('the Simple vector store is not available in this runtime', 'backend');
  return services.vectorMemory;
}

/** Embeds the documents and stores them; `clear` empties a Simple store first. */
export async function insertDocuments(services: Services, c: StoreConfig, creds: StoreCredentials, docs: Document[], signal: AbortSignal, opts: { clear?: boolean } = {}): Promise<void> {
  if (c.backend === 'memory' && opts.clear) await memory(services).clear(c.memoryKey);
  const pc = c.backend === 'pinecone' ? pinecone(services, c, creds, signal) : undefined;
  if (pc && opts.clear) await pc.clear();
  if (!docs.length) return;
  const vectors = await embedTexts(services, c, creds, docs.map((d) => d.pageContent), signal);
  if (c.backend === 'memory') {
    await memory(services).add(c.memoryKey, docs.map((d, i) => ({ content: d.pageContent, metadata: d.metadata, embedding: vectors[i] })));
    return;
  }
  if (pc) return pc.upsert(docs, vectors);
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
  if (c.backend === 'pinecone') return pinecone(services, c, creds, signal).search(vector, topK);
  return qdrant(services, c, creds, signal).search(vector, topK);
}
