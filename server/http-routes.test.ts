/**
 * The routes the custom server answers before Next: /healthz and the webhook hand-off.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './testing';
import { isWebhookPath, serveHealth, serveWebhook } from './http-routes';
import { closeRedis } from './redis';

let server: http.Server;
let base: string;

beforeAll(async () => {
  const port = await freePort();
  server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const work = path === '/healthz' ? serveHealth(req, res) : isWebhookPath(path) ? serveWebhook(req, res) : Promise.resolve(void res.writeHead(418).end());
    work.catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  base = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
  await closeRedis();
});

describe('server routes', () => {
  it('reports Postgres and Redis health', async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, db: 'ok', redis: 'ok' });
  });

  it('routes only /webhook/ and /webhook-test/ paths to the webhook handler', async () => {
    expect(isWebhookPath('/webhook/a/b')).toBe(true);
    expect(isWebhookPath('/webhook-test/a')).toBe(true);
    expect(isWebhookPath('/webhooks')).toBe(false);
    expect(isWebhookPath('/webhook')).toBe(false);
    // An unknown path answers 404 without detail.
    const res = await fetch(`${base}/webhook/no-such-path-${Date.now()}`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(404);
  });
});
