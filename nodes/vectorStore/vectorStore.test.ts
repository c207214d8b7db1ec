/**
 * The vector store node against the fake OpenAI-compatible server (deterministic bag-of-words embeddings) and
 * a fake Qdrant that really stores points, both on 127.0.0.1; the Simple store against the real Postgres.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeLlm, type FakeLlm } from '../../server/testing/fake-llm';
import { startFakeQdrant, type FakeQdrant } from '../../server/testing/fake-qdrant';
import { startFakePinecone } from '../../server/testing/fake-pinecone';
import { createTestUser, testDb } from '../../server/testing';
import { createVectorMemory } from '../../server/llm/vector-memory';
import { runWithServices } from '../agent/test-context';
import { vectorStoreNode } from './index';

let llm: FakeLlm;
let qdrant: FakeQdrant;

beforeAll(async () => {
  llm = await startFakeLlm();
  qdrant = await startFakeQdrant({ apiKey: 'q-secret' });
});
afterAll(async () => {
  await llm?.close();
  await qdrant?.close();
});

const FACTS = [
  { text: 'The office cat is called Marmalade and sleeps on the printer.' },
  { text: 'Invoices are paid within thirty days of receipt by the finance team.' },
  { text: 'The wifi password changes every Monday morning.' },
];

const jsonOf = (out: Awaited<ReturnType<typeof runWithServices>>) => out.output.main.map((i) => i.json);

describe('vector store: Qdrant', () => {
  const base = () => ({ backend: 'qdrant', qdrantCollection: 'facts', embeddingModel: 'text-embedding-3-small', embeddingBaseUrl: llm.openAiBaseUrl });
  const credentials = () => ({ qdrantApi: { qdrantUrl: qdrant.url, apiKey: 'q-secret' }, embeddingsApi: { apiKey: 'sk-embed' } });

  it('inserts the items as chunks (collection created), then finds the closest chunk for a prompt', async () => {
    const inserted = await runWithServices(vectorStoreNode, {
      params: { ...base(), mode: 'insert', jsonMode: 'expressionData', jsonData: '={{ $json.text }}', metadata: { source: '={{ "fact-" + $itemIndex }}' } },
      items: FACTS,
      credentials: credentials(),
    });
    expect(jsonOf(inserted)).toEqual(FACTS.map((f, i) => ({ pageContent: f.text, metadata: { source: `fact-${i}` } })));
    const col = qdrant.collections.get('facts')!;
    expect(col.size).toBe(64);
    expect(col.points.size).toBe(3);
    expect(llm.embeddingRequests.at(-1)).toMatchObject({ model: 'text-embedding-3-small', input: FACTS.map((f) => f.text) });
    expect(llm.embeddingRequests.at(-1)!.headers.authorization).toBe('Bearer sk-embed');
    expect(inserted.tokens.promptTokens).toBe(3);

    const loaded = await runWithServices(vectorStoreNode, {
      params: { ...base(), mode: 'load', prompt: '={{ $json.q }}', topK: 2 },
      items: [{ q: 'What is the name of the office cat?' }],
      credentials: credentials(),
    });
    const hits = jsonOf(loaded) as { document: { pageContent: string; metadata: Record<string, unknown> }; score: number }[];
    expect(hits).toHaveLength(2);
    expect(hits[0].document).toEqual({ pageContent: FACTS[0].text, metadata: { source: 'fact-0' } });
    expect(hits[0].score).toBeGreaterThan(hits[1].score);
    expect(qdrant.api.requests.every((r) => r.headers['api-key'] === 'q-secret')).toBe(true);
  });

  it('names the credential when Qdrant refuses the key, and the URL field when there is none', async () => {
    await expect(
      runWithServices(vectorStoreNode, { params: { ...base(), mode: 'load', prompt: 'cat' }, credentials: { qdrantApi: { qdrantUrl: qdrant.url, apiKey: 'wrong' } } }),
    ).rejects.toMatchObject({ message: expect.stringMatching(/Qdrant searching failed with HTTP 401: Invalid api-key/), details: { field: 'credentials.qdrantApi' } });
    await expect(runWithServices(vectorStoreNode, { params: { ...base(), mode: 'load', prompt: 'cat' } })).rejects.toMatchObject({
      message: expect.stringMatching(/field "qdrantUrl": Qdrant needs a URL/),
      details: { field: 'qdrantUrl' },
    });
  });

  it('says which collection is missing', async () => {
    await expect(
      runWithServices(vectorStoreNode, { params: { ...base(), qdrantCollection: 'nothing-here', mode: 'load', prompt: 'cat' }, credentials: credentials() }),
    ).rejects.toThrow(/Qdrant has no collection "nothing-here"/);
  });

  it('splits long text with chunkSize / chunkOverlap and stores the whole item as JSON by default', async () => {
    const words = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ');
    const out = await runWithServices(vectorStoreNode, {
      params: { ...base(), qdrantCollection: 'long', mode: 'insert', chunkSize: 100, chunkOverlap: 20 },
      items: [{ body: words }],
      credentials: credentials(),
    });
    const chunks = jsonOf(out).map((j) => (j as { pageContent: string }).pageContent);
    expect(chunks.length).toBeGreaterThan(4);
    for (const c of chunks) expect(c.length).toBeLessThanOrEqual(100);
    expect(chunks[0].startsWith('{"body":"word0 word1')).toBe(true);
    expect(qdrant.collections.get('long')!.points.size).toBe(chunks.length);
  });
});

describe('vector store: Pinecone', () => {
  it('finds the index host, clears the namespace, upserts with the text in metadata.text, and queries', async () => {
    const pc = await startFakePinecone({ apiKey: 'pc-key', index: 'kb' });
    try {
      pc.namespaces.set('docs', new Map([['old', { id: 'old', values: new Array(64).fill(0.1), metadata: { text: 'stale' } }]]));
      const base = { backend: 'pinecone', pineconeIndex: 'kb', pineconeNamespace: 'docs', pineconeApiUrl: pc.url, embeddingBaseUrl: llm.openAiBaseUrl };
      const credentials = { pineconeApi: { apiKey: 'pc-key' } };
      await runWithServices(vectorStoreNode, {
        params: { ...base, mode: 'insert', clearStore: true, jsonMode: 'expressionData', jsonData: '={{ $json.text }}', metadata: { n: '={{ $itemIndex }}' } },
        items: FACTS,
        credentials,
      });
      const stored = [...pc.namespaces.get('docs')!.values()];
      expect(stored.map((v) => v.metadata)).toEqual(FACTS.map((f, i) => ({ n: i, text: f.text })));
      expect(pc.api.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /indexes/kb', 'POST /vectors/delete', 'POST /vectors/upsert']);
      const loaded = await runWithServices(vectorStoreNode, { params: { ...base, mode: 'load', prompt: 'invoices paid by finance', topK: 1 }, credentials });
      expect(jsonOf(loaded)[0]).toMatchObject({ document: { pageContent: FACTS[1].text, metadata: { n: 1 } } });
      await expect(runWithServices(vectorStoreNode, { params: { ...base, mode: 'load', prompt: 'x' }, credentials: { pineconeApi: { apiKey: 'bad' } } })).rejects.toMatchObject({
        message: expect.stringMatching(/Pinecone finding the index failed with HTTP 401/),
        details: { field: 'credentials.pineconeApi' },
      });
    } finally {
      await pc.close();
    }
  });
});

describe('vector store: text files and the token splitter', () => {
  const file = (text: string, mimeType: string) => ({ data: Buffer.from(text).toString('base64'), mimeType, fileName: 'f' });
  it('loads a text file from the binary data and splits it by approximate tokens; a PDF fails naming the file', async () => {
    const qdrantParams = { backend: 'qdrant', qdrantCollection: 'files', qdrantUrl: qdrant.url, embeddingBaseUrl: llm.openAiBaseUrl, mode: 'insert', dataType: 'binary', splitter: 'token', chunkSize: 4, chunkOverlap: 1 };
    const ctxItems = [{ json: {}, binary: { data: file('alpha beta gamma delta epsilon zeta', 'text/plain') } }];
    const out = await runWithServices(vectorStoreNode, { params: qdrantParams, items: ctxItems as never, credentials: { qdrantApi: { apiKey: 'q-secret' } } });
    expect(jsonOf(out).map((j) => (j as { pageContent: string }).pageContent)).toEqual(['alpha beta gamma delta', 'delta epsilon zeta']);
    await expect(
      runWithServices(vectorStoreNode, { params: qdrantParams, items: [{ json: {}, binary: { data: file('%PDF-1.4', 'application/pdf') } }] as never }),
    ).rejects.toThrow(/file "f" is application\/pdf; only text and JSON files load/);
  });
});

describe('vector store: Simple store in Postgres', () => {
  it('inserts, searches, keeps owners and keys apart, and clears before insert when asked', async () => {
    const { user: ada } = await createTestUser();
    const { user: bob } = await createTestUser();
    const services = (ownerId: string) => ({ vectorMemory: createVectorMemory(testDb(), ownerId) });
    const params = { backend: 'memory', memoryKey: 'kb', embeddingBaseUrl: llm.openAiBaseUrl, jsonMode: 'expressionData', jsonData: '={{ $json.text }}' };
    await runWithServices(vectorStoreNode, { params: { ...params, mode: 'insert' }, items: FACTS, services: services(ada.id) });
    const search = (ownerId: string, extra: Record<string, unknown> = {}) =>
      runWithServices(vectorStoreNode, { params: { ...params, mode: 'load', prompt: 'wifi password', topK: 1, ...extra }, services: services(ownerId) });
    const hit = jsonOf(await search(ada.id))[0] as { document: { pageContent: string }; score: number };
    expect(hit.document.pageContent).toBe(FACTS[2].text);
    expect(hit.score).toBeGreaterThan(0.3);
    expect(jsonOf(await search(bob.id))).toEqual([]);
    expect(jsonOf(await search(ada.id, { memoryKey: 'other' }))).toEqual([]);

    await runWithServices(vectorStoreNode, { params: { ...params, mode: 'insert', clearStore: true }, items: [{ text: 'Only this remains.' }], services: services(ada.id) });
    expect(await testDb().vectorMemoryChunk.count({ where: { ownerId: ada.id, memoryKey: 'kb' } })).toBe(1);
  });

  it('fails naming the field when the prompt is empty', async () => {
    await expect(runWithServices(vectorStoreNode, { params: { backend: 'memory', mode: 'load', prompt: '' } })).rejects.toMatchObject({ details: { field: 'prompt' } });
  });
});
