import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeLlm, fakeEmbedding, type FakeLlm } from '../testing/fake-llm';
import { startFakeApi } from '../testing/fake-api';
import { cosineSimilarity, EMBEDDING_BATCH, embeddingsUrl, openAiEmbed } from './embeddings';

let llm: FakeLlm;
beforeAll(async () => {
  llm = await startFakeLlm();
});
afterAll(() => llm?.close());

describe('OpenAI-compatible embeddings', () => {
  it('returns one vector per input in order, in batches, with the key and the model', async () => {
    const input = Array.from({ length: EMBEDDING_BATCH + 3 }, (_, i) => `text number ${i}`);
    const res = await openAiEmbed({ model: 'emb-1', baseUrl: llm.openAiBaseUrl, apiKey: 'sk-1', input });
    expect(res.vectors).toHaveLength(input.length);
    expect(res.vectors[EMBEDDING_BATCH + 2]).toEqual(fakeEmbedding(input[EMBEDDING_BATCH + 2]));
    expect(llm.embeddingRequests.map((r) => r.input.length)).toEqual([EMBEDDING_BATCH, 3]);
    expect(llm.embeddingRequests[0]).toMatchObject({ model: 'emb-1' });
    expect(llm.embeddingRequests[0].headers.authorization).toBe('Bearer sk-1');
    expect(res.promptTokens).toBe(input.length);
  });

  it('puts vectors back in input order when the server answers out of order', async () => {
    const api = await startFakeApi({ 'POST /v1/embeddings': () => ({ body: { data: [{ index: 1, embedding: [0, 1] }, { index: 0, embedding: [1, 0] }] } }) });
    try {
      const res = await openAiEmbed({ model: 'm', baseUrl: api.url, input: ['a', 'b'] });
      expect(res.vectors).toEqual([[1, 0], [0, 1]]);
    } finally {
      await api.close();
    }
  });

  it('reports the provider status and message', async () => {
    const api = await startFakeApi({ 'POST /v1/embeddings': () => ({ status: 404, body: { error: { message: 'model "nope" not found' } } }) });
    try {
      await expect(openAiEmbed({ model: 'nope', baseUrl: `${api.url}/v1`, input: ['a'] })).rejects.toMatchObject({ status: 404, message: expect.stringContaining('model "nope" not found') });
    } finally {
      await api.close();
    }
  });

  it('builds the URL like chat: a bare host gets /v1', () => {
    expect(embeddingsUrl('http://127.0.0.1:11434')).toBe('http://127.0.0.1:11434/v1/embeddings');
    expect(embeddingsUrl('http://127.0.0.1:8000/v1/')).toBe('http://127.0.0.1:8000/v1/embeddings');
    expect(embeddingsUrl(undefined)).toBe('https://api.openai.com/v1/embeddings');
  });

  it('cosine similarity: 1 for the same direction, 0 for orthogonal, an error for different lengths', () => {
    expect(cosineSimilarity([1, 2], [2, 4])).toBeCloseTo(1);
    expect(cosineSimilarity([1, 0], [0, 3])).toBe(0);
    expect(() => cosineSimilarity([1], [1, 2])).toThrow(/same embedding model/);
  });
});
