/**
 * A fake Pinecone for tests, built on the fake API server (127.0.0.1): the control plane's GET /indexes/:name
 * (answering with this server as the index host) and an index that really stores vectors per namespace with a
 * cosine query. Requests need the `api-key` header.
 */
import { startFakeApi, type FakeApi, type FakeReply, type FakeRequest } from './fake-api';

interface Vector {
  id: string;
  values: number[];
  metadata: Record<string, unknown>;
}

export interface FakePinecone {
  url: string;
  api: FakeApi;
  /** namespace ('' for the default one) -> id -> vector */
  namespaces: Map<string, Map<string, Vector>>;
  close(): Promise<void>;
}

function cosine(a: number[], b: number[]): number {
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

export async function startFakePinecone(opts: { apiKey: string; index: string }): Promise<FakePinecone> {
  const namespaces: FakePinecone['namespaces'] = new Map();
  const ns = (name: unknown) => {
    const key = typeof name === 'string' ? name : '';
    return namespaces.get(key) ?? namespaces.set(key, new Map()).get(key)!;
  };
  const guard = (handler: (r: FakeRequest) => FakeReply) => (r: FakeRequest) =>
    r.headers['api-key'] !== opts.apiKey ? { status: 401, body: { error: { code: 'UNAUTHENTICATED', message: 'Invalid API Key' } } } : handler(r);
  const body = (r: FakeRequest) => (r.body ?? {}) as Record<string, unknown>;
  let url = '';
  const api = await startFakeApi({
    'GET /indexes/:name': guard((r) => (r.params.name === opts.index ? { body: { name: opts.index, host: url.replace(/^http:\/\//, 'http://'), dimension: 64, metric: 'cosine' } } : { status: 404, body: { error: { code: 'NOT_FOUND', message: `Resource ${r.params.name} not found` } } })),
    'POST /vectors/upsert': guard((r) => {
      const vectors = (body(r).vectors as Vector[] | undefined) ?? [];
      const target = ns(body(r).namespace);
      for (const v of vectors) target.set(v.id, v);
      return { body: { upsertedCount: vectors.length } };
    }),
    'POST /vectors/delete': guard((r) => {
      if (body(r).deleteAll === true) ns(body(r).namespace).clear();
      return { body: {} };
    }),
    'POST /query': guard((r) => {
      const b = body(r);
      const matches = [...ns(b.namespace).values()]
        .map((v) => ({ id: v.id, score: cosine(b.vector as number[], v.values), ...(b.includeMetadata ? { metadata: v.metadata } : {}) }))
        .sort((x, y) => y.score - x.score)
        .slice(0, Number(b.topK ?? 10));
      return { body: { matches, namespace: b.namespace ?? '' } };
    }),
  });
  url = api.url;
  return { url, api, namespaces, close: () => api.close() };
}
