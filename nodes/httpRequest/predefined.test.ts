/**
 * The HTTP Request node's predefined credential types against a server on 127.0.0.1: the exact header,
 * basic auth or query parameter each type sends, and that secrets stay out of errors, logs and outputs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Item } from '../sdk';
import { httpRequestNode } from './index';
import { PREDEFINED_AUTH } from './predefined';
import { makeContext } from '../../server/engine/testing/node-context';

interface Seen {
  path: string;
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
}

const seen: Seen[] = [];
let base = '';
let server: http.Server;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    seen.push({ path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers });
    const json = (status: number, value: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
    if (url.pathname === '/ok') return json(200, { ok: true });
    if (url.pathname === '/fail') return json(500, { error: 'boom' });
    if (url.pathname === '/cursor') {
      // The next URL the API hands out does not carry the key: the node must add it again.
      const at = Number(url.searchParams.get('cursor') ?? '0');
      return at < 2 ? json(200, { at, next: `${base}/cursor?cursor=${at + 1}` }) : json(401, { error: 'no key on the last page?' });
    }
    json(404, { error: 'unknown path' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
});

const credentials: Record<string, Record<string, unknown>> = {
  airtableTokenApi: { accessToken: 'pat-airtable-secret' },
  todoistApi: { apiKey: 'todoist-secret' },
  whatsAppApi: { accessToken: 'EAAG-whatsapp-secret', businessAccountId: '123' },
  openAiApi: { apiKey: 'sk-openai-secret', organization: 'org-42' },
  qdrantApi: { apiKey: 'qdrant-secret', qdrantUrl: 'https://qdrant.example.com:6333' },
  clockifyApi: { apiKey: 'clockify-secret' },
  shopifyAccessTokenApi: { shopSubdomain: 'acme', accessToken: 'shpat-secret', appSecretKey: 'app-secret' },
  anthropicApi: { apiKey: 'sk-ant-secret' },
  wordpressApi: { username: 'ada', password: 'wp app pw', url: 'https://blog.example.com' },
  lemlistApi: { apiKey: 'lemlist-secret' },
  googlePalmApi: { host: 'https://generativelanguage.googleapis.com', apiKey: 'gemini-secret' },
};
const SECRETS = ['pat-airtable-secret', 'todoist-secret', 'EAAG-whatsapp-secret', 'sk-openai-secret', 'qdrant-secret', 'clockify-secret', 'shpat-secret', 'sk-ant-secret', 'wp app pw', 'lemlist-secret', 'gemini-secret'];

/** Runs the node; returns its output, its logs and the error it threw (if any). */
async function run(params: Record<string, unknown>, creds = credentials, items: Item[] = [{ json: {} }]) {
  const ctx = makeContext({ def: httpRequestNode, node: { name: 'Call API' }, params, items, credentials: creds });
  let error: Error | undefined;
  const out = await httpRequestNode.execute(ctx as never).catch((e: Error) => {
    error = e;
    return { main: [] as Item[] };
  });
  return { out: out.main ?? [], logs: JSON.stringify(ctx.logs), error };
}

async function sent(credentialType: string, extra: Record<string, unknown> = {}): Promise<Seen> {
  seen.length = 0;
  const { error } = await run({ url: `${base}/ok?x=1`, authentication: 'predefinedCredentialType', credentialType, ...extra });
  if (error) throw error;
  expect(seen).toHaveLength(1);
  return seen[0];
}

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('httpRequest: predefined credential types', () => {
  it('sends a Bearer token for token types', async () => {
    expect((await sent('airtableTokenApi')).headers.authorization).toBe('Bearer pat-airtable-secret');
    expect((await sent('todoistApi')).headers.authorization).toBe('Bearer todoist-secret');
    expect((await sent('whatsAppApi')).headers.authorization).toBe('Bearer EAAG-whatsapp-secret');
    const openAi = await sent('openAiApi');
    expect(openAi.headers.authorization).toBe('Bearer sk-openai-secret');
    expect(openAi.headers['openai-organization']).toBe('org-42');
  });

  it('sends the API-key header each service documents', async () => {
    const qdrant = await sent('qdrantApi');
    expect(qdrant.headers['api-key']).toBe('qdrant-secret');
    expect(qdrant.headers.authorization).toBeUndefined();
    expect((await sent('clockifyApi')).headers['x-api-key']).toBe('clockify-secret');
    expect((await sent('shopifyAccessTokenApi')).headers['x-shopify-access-token']).toBe('shpat-secret');
    const anthropic = await sent('anthropicApi');
    expect(anthropic.headers['x-api-key']).toBe('sk-ant-secret');
    expect(anthropic.headers['anthropic-version']).toBe('2023-06-01');
    // A version the workflow sets itself is kept.
    const pinned = await sent('anthropicApi', { headers: [{ name: 'anthropic-version', value: '2023-01-01' }] });
    expect(pinned.headers['anthropic-version']).toBe('2023-01-01');
  });

  it('sends basic auth: user and password, or lemlist\'s empty user with the key', async () => {
    expect((await sent('wordpressApi')).headers.authorization).toBe(basic('ada', 'wp app pw'));
    expect((await sent('lemlistApi')).headers.authorization).toBe(basic('', 'lemlist-secret'));
  });

  it('adds the key as a query parameter for Gemini, next to the URL\'s own query', async () => {
    const gemini = await sent('googlePalmApi');
    expect(gemini.query).toEqual({ x: '1', key: 'gemini-secret' });
    expect(gemini.headers.authorization).toBeUndefined();
  });

  it('credential headers win over the node\'s own headers', async () => {
    const s = await sent('airtableTokenApi', { headers: [{ name: 'Authorization', value: 'Bearer not-this' }] });
    expect(s.headers.authorization).toBe('Bearer pat-airtable-secret');
  });

  it('uses the credential in the slot named after the type, and says which is missing', async () => {
    const { error } = await run({ url: `${base}/ok`, authentication: 'predefinedCredentialType', credentialType: 'qdrantApi' }, { airtableTokenApi: credentials.airtableTokenApi });
    expect(error?.message).toContain('field "authentication"');
    expect(error?.message).toContain('no usable qdrantApi credential');
    const noType = await run({ url: `${base}/ok`, authentication: 'predefinedCredentialType' });
    expect(noType.error?.message).toContain('field "credentialType"');
    // A stored credential without the field the type needs: the field is named, nothing else.
    const partial = await run({ url: `${base}/ok`, authentication: 'predefinedCredentialType', credentialType: 'wordpressApi' }, { wordpressApi: { username: 'ada' } });
    expect(partial.error?.message).toContain('the wordpressApi credential has no "password"');
  });

  it('keeps every secret out of errors, logs and outputs', async () => {
    for (const credentialType of Object.keys(credentials)) {
      const failed = await run({ url: `${base}/fail`, authentication: 'predefinedCredentialType', credentialType, body: { type: 'json', json: '{}' } });
      expect(failed.error?.message, credentialType).toContain('returned 500');
      const ok = await run({ url: `${base}/ok`, method: 'GET', authentication: 'predefinedCredentialType', credentialType, response: { fullResponse: true }, body: { type: 'json', json: '{}' } });
      expect(ok.error).toBeUndefined();
      for (const text of [failed.error?.message ?? '', failed.logs, ok.logs, JSON.stringify(ok.out)]) {
        for (const secret of SECRETS) expect(text, credentialType).not.toContain(secret);
      }
    }
  });

  it('puts a query credential on every page of a next-URL pagination, and not in messages', async () => {
    seen.length = 0;
    const { out, error } = await run({
      url: `${base}/cursor`,
      authentication: 'predefinedCredentialType',
      credentialType: 'googlePalmApi',
      pagination: { mode: 'nextUrl', nextUrl: '{{ $response.body.next }}', maxRequests: 5 },
    });
    // The third page answers 401: the error names the page's URL without the key.
    expect(out).toEqual([]);
    expect(error?.message).toContain(`${base}/cursor?cursor=2`);
    expect(error?.message).not.toContain('gemini-secret');
    expect(seen.map((s) => s.query.key)).toEqual(['gemini-secret', 'gemini-secret', 'gemini-secret']);
  });

  it('has a row for the types the n8n corpus uses with API keys or tokens', () => {
    for (const type of ['airtableTokenApi', 'todoistApi', 'qdrantApi', 'slackApi', 'openAiApi', 'googlePalmApi', 'wordpressApi', 'githubApi', 'lemlistApi', 'anthropicApi', 'shopifyAccessTokenApi', 'clockifyApi', 'notionApi']) {
      expect(PREDEFINED_AUTH, type).toHaveProperty(type);
    }
  });
});
