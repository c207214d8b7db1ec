/**
 * n8n's Simple (in-memory) vector store, kept in Postgres (VectorMemoryChunk) so that a chunk inserted by one
 * worker is found by another. One store is an owner + memory key; similarity is cosine, computed here over the
 * store's rows (fine for thousands of chunks; use Qdrant beyond that).
 */
import type { NodeServices } from '../engine/node';
import type { JsonObject } from '../engine/types';
import { db, type Db } from '../db';
import { cosineSimilarity } from './embeddings';

export type VectorMemory = NonNullable<NodeServices['vectorMemory']>;

/** Most chunks one store holds: beyond this, an in-Node scan is the wrong tool. */
export const MAX_CHUNKS_PER_STORE = 50_000;

export function createVectorMemory(client: Db, ownerId: string | null): VectorMemory {
  const where = (memoryKey: string) => ({ ownerId, memoryKey });
  return {
    async add(memoryKey, chunks) {
      if (!chunks.length) return;
      const count = await client.vectorMemoryChunk.count({ where: where(memoryKey) });
      if (count + chunks.length > MAX_CHUNKS_PER_STORE) {
        throw new Error(`The vector store "${memoryKey}" would hold more than ${MAX_CHUNKS_PER_STORE} chunks; use Qdrant for a store this large`);
      }
      await client.vectorMemoryChunk.createMany({
        data: chunks.map((c) => ({ ...where(memoryKey), content: c.content, metadata: c.metadata as object, embedding: c.embedding })),
      });
    },
    async search(memoryKey, vector, topK) {
      const rows = await client.vectorMemoryChunk.findMany({ where: where(memoryKey), select: { content: true, metadata: true, embedding: true }, orderBy: { id: 'asc' } });
      return rows
        .map((r) => ({ content: r.content, metadata: (r.metadata ?? {}) as JsonObject, score: cosineSimilarity(vector, r.embedding) }))
        .sort((a, b) => b.score - a.score)
        .slice(0, Math.max(0, topK));
    },
    async clear(memoryKey) {
      await client.vectorMemoryChunk.deleteMany({ where: where(memoryKey) });
    },
  };
}

/** The runtime's vector memory for the person an execution runs for (null: runs nobody started by hand). */
export function vectorMemoryFor(ownerId: string | null): VectorMemory {
  return createVectorMemory(db(), ownerId);
}
