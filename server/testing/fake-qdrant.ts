/**
 * A fake Qdrant for tests, built on the fake API server (127.0.0.1): collections that really store points
 * and a cosine search over them. Enough of the HTTP API for the vector store node: GET/PUT a collection,
 * PUT points (upsert), POST points/search. An `apiKey`, when given, is required in the `api-key` header.
 */
import { startFakeApi, type FakeApi, type FakeReply, type FakeRequest } from './fake-api';

interface Point {
  id: string | number;
  vector: number[];
  payload: Record<string, unknown>;
}

export interface FakeQdrant {
  url: string;
  api: FakeApi;
  collections: Map<string, { size: number; distance: string; points: Map<string | number, Point> }>;
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

export async function startFakeQdrant(opts: { apiKey?: string } = {}): Promise<FakeQdrant> {
  const collections: FakeQdrant['collections'] = new Map();
  const ok = (result: unknown): FakeReply => ({ body: { result, status: 'ok', time: 0 } });
  const error = (status: number, message: string): FakeReply => ({ status, body: { status: { error: message }, time: 0 } });
  const guard = (handler: (r: FakeRequest) => FakeReply) => (r: FakeRequest) => (opts.apiKey && r.headers['api-key'] !== opts.apiKey ? error(401, 'Invalid api-key') : handler(r));
  const missing = (name: string) => error(404, `Not found: Collection \`${name}\` doesn't exist!`);
  const api = await startFakeApi({
    'GET /collections/:name': guard((r) => {
      const c = collections.get(r.params.name);
      return c ? ok({ status: 'green', points_count: c.points.size, config: { params: { vectors: { size: c.size, distance: c.distance } } } }) : missing(r.params.name);
    }),
    'PUT /collections/:name': guard((r) => {
      if (collections.has(r.params.name)) return error(409, `Wrong input: Collection \`${r.params.name}\` already exists!`);
      const vectors = (r.body as { vectors?: { size?: number; distance?: string } } | undefined)?.vectors;
      if (!vectors?.size) return error(400, 'vectors.size is required');
      collections.set(r.params.name, { size: vectors.size, distance: vectors.distance ?? 'Cosine', points: new Map() });
      return ok(true);
    }),
    'PUT /collections/:name/points': guard((r) => {
      const c = collections.get(r.params.name);
      if (!c) return missing(r.params.name);
      const points = (r.body as { points?: Point[] } | undefined)?.points ?? [];
      for (const p of points) {
        if (p.vector.length !== c.size) return error(400, `Wrong input: Vector dimension error: expected dim: ${c.size}, got ${p.vector.length}`);
        c.points.set(p.id, p);
      }
      return ok({ operation_id: 1, status: 'completed' });
    }),
    'POST /collections/:name/points/search': guard((r) => {
      const c = collections.get(r.params.name);
      if (!c) return missing(r.params.name);
      const body = r.body as { vector: number[]; limit?: number; with_payload?: boolean };
      const hits = [...c.points.values()]
        .map((p) => ({ id: p.id, version: 0, score: cosine(body.vector, p.vector), ...(body.with_payload ? { payload: p.payload } : {}) }))
        .sort((a, b) => b.score - a.score)
        .slice(0, body.limit ?? 10);
      return ok(hits);
    }),
  });
  return { url: api.url, api, collections, close: () => api.close() };
}
