/**
 * OAuth2 service types (server/credentials/oauth2-presets.ts) on the generic flow, against a fake provider and
 * API on 127.0.0.1 (the presets' URLs overridden through the credential's advanced fields): Connect for
 * slackOAuth2Api (preset scope and user_scope, the user token from authed_user), refresh for
 * googleSheetsOAuth2Api (the client in the body, as Google's preset says), the HTTP Request node with the
 * predefined googleOAuth2Api type (Bearer, refresh on expiry and once after 401), the node helpers
 * (oauth2AccessToken, withOAuth2Token), and n8n import/export of the corpus's HTTP Request nodes with these types.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { freePort, testDb, testRedis } from '../testing';
import { userAndCaller } from '../api/test-helpers';
import { createCaller } from '../api/root';
import { createContext } from '../api/trpc';
import { decryptCredential, encryptCredential } from '../crypto';
import { completeAuthorization, oauth2Credential, startAuthorization } from './oauth2';
import { oauth2AccessToken, withOAuth2Token } from './oauth2-access';
import { loadNodeCredential } from '../runtime/credentials';
import type { ExecutionRow } from '../runtime/store';
import type { GraphNode, WorkflowDocument } from '../engine/types';
import { makeContext, jsonOf } from '../engine/testing/node-context';
import { httpRequestNode } from '../../nodes/httpRequest';
import { exportN8n, importN8nWorkflow } from '../n8n';
import { N8N_CORPUS_DIR } from '../testing/corpus';

const CLIENT_ID = 'svc-client';
const CLIENT_SECRET = 'svc-secret-123';

/** A fake provider: authorize redirects with a code; /token (Google-style) and /slack-token (Slack's shape); /api/me checks the bearer. */
class FakeProvider {
  server!: http.Server;
  base = '';
  authorizeQueries: URLSearchParams[] = [];
  tokenRequests: { path: string; form: Record<string, string>; basic?: string }[] = [];
  apiAuth: string[] = [];
  /** The API refuses every token (the app's access was revoked). */
  rejectAll = false;
  valid = new Set<string>();
  refreshTokens = new Set<string>();
  codes = new Set<string>();
  private n = 0;

  async start() {
    const port = await freePort();
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => this.server.listen(port, '127.0.0.1', r));
    this.base = `http://127.0.0.1:${port}`;
  }

  private token(prefix: string) {
    const access = `${prefix}-${++this.n}-${randomBytes(4).toString('hex')}`;
    const refresh = `refresh-${this.n}-${randomBytes(4).toString('hex')}`;
    this.valid.add(access);
    this.refreshTokens.add(refresh);
    return { access, refresh };
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', this.base);
    const json = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (url.pathname === '/authorize') {
      this.authorizeQueries.push(url.searchParams);
      const code = randomBytes(8).toString('hex');
      this.codes.add(code);
      const back = new URL(url.searchParams.get('redirect_uri')!);
      back.searchParams.set('code', code);
      back.searchParams.set('state', url.searchParams.get('state')!);
      return res.writeHead(302, { location: back.toString() }).end();
    }
    if ((url.pathname === '/token' || url.pathname === '/slack-token') && req.method === 'POST') {
      let raw = '';
      for await (const chunk of req) raw += chunk;
      const form = Object.fromEntries(new URLSearchParams(raw));
      this.tokenRequests.push({ path: url.pathname, form, ...(req.headers.authorization ? { basic: req.headers.authorization } : {}) });
      const id = form.client_id;
      const secret = form.client_secret;
      if (id !== CLIENT_ID || secret !== CLIENT_SECRET) return json(401, { error: 'invalid_client' });
      const grantOk =
        (form.grant_type === 'authorization_code' && this.codes.delete(form.code ?? '')) ||
        (form.grant_type === 'refresh_token' && this.refreshTokens.delete(form.refresh_token ?? ''));
      if (!grantOk) return json(400, { error: 'invalid_grant' });
      if (url.pathname === '/slack-token') {
        // Slack: a bot token at the top, the user token (what the API calls use) under authed_user.
        const user = this.token('xoxp');
        const bot = this.token('xoxb');
        return json(200, { ok: true, access_token: bot.access, token_type: 'bot', scope: 'chat:write', authed_user: { id: 'U1', access_token: user.access, token_type: 'user', scope: 'channels:read' } });
      }
      const t = this.token('ya29');
      return json(200, { access_token: t.access, refresh_token: t.refresh, token_type: 'Bearer', expires_in: 3599 });
    }
    if (url.pathname === '/api/me') {
      const auth = req.headers.authorization ?? '';
      this.apiAuth.push(auth);
      const token = auth.replace(/^Bearer /, '');
      return this.valid.has(token) && !this.rejectAll ? json(200, { ok: true, token }) : json(401, { error: { code: 401, message: 'Invalid Credentials' } });
    }
    json(404, {});
  }
}

const provider = new FakeProvider();
const redis = testRedis();
beforeAll(() => provider.start());
afterAll(async () => {
  await new Promise((r) => provider.server.close(r));
  await redis.quit();
});

const rowData = async (id: string) => (await testDb().credential.findUniqueOrThrow({ where: { id } })).data;
const overrides = (tokenPath = '/token') => ({ authUrl: `${provider.base}/authorize`, accessTokenUrl: `${provider.base}${tokenPath}` });

async function authorize(url: string): Promise<{ code: string; state: string }> {
  const res = await fetch(url, { redirect: 'manual' });
  expect(res.status).toBe(302);
  const back = new URL(res.headers.get('location')!);
  return { code: back.searchParams.get('code')!, state: back.searchParams.get('state')! };
}

/** A connected credential of a service type (Connect through startAuthorization and the callback's completeAuthorization). */
async function connected(type: string, data: Record<string, unknown>) {
  const { api, user } = await userAndCaller();
  const cred = await api.credential.create({ name: type, type, data });
  const start = await startAuthorization(redis, { userId: user.id, credentialId: cred.id, type, data, baseUrl: 'http://weft.test' });
  const { code, state } = await authorize(start.url);
  await completeAuthorization(testDb(), redis, { userId: user.id, state, code });
  return { api, user, cred, authUrl: new URL(start.url) };
}

async function expireStoredToken(id: string) {
  const data = decryptCredential(await rowData(id));
  await testDb().credential.update({ where: { id }, data: { data: encryptCredential({ ...data, oauthTokenData: { ...(data.oauthTokenData as object), expires_at: Date.now() - 1000 } }) } });
}

describe('slackOAuth2Api: Connect', () => {
  it('starts through tRPC with the preset scope and user_scope, and stores the user token from authed_user', async () => {
    const { user } = await userAndCaller();
    const session = { user: { id: user.id, email: user.email, name: user.name, role: user.role } };
    const caller = createCaller(createContext({ session, db: testDb(), origin: 'https://weft.example.com' }));
    const cred = await caller.credential.create({ name: 'Slack', type: 'slackOAuth2Api', data: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, ...overrides('/slack-token') } });
    expect((await caller.credential.get({ id: cred.id })).oauth2).toEqual({ connected: false, grantType: 'authorizationCode' });

    const start = await caller.credential.oauth2Connect({ id: cred.id });
    const authUrl = new URL(start.url);
    expect(authUrl.origin + authUrl.pathname).toBe(`${provider.base}/authorize`);
    expect(authUrl.searchParams.get('client_id')).toBe(CLIENT_ID);
    expect(authUrl.searchParams.get('scope')).toBe('chat:write');
    expect(authUrl.searchParams.get('user_scope')?.split(' ')).toEqual(expect.arrayContaining(['channels:read', 'chat:write', 'users:read']));

    const { code, state } = await authorize(start.url);
    provider.tokenRequests = [];
    await completeAuthorization(testDb(), redis, { userId: user.id, state, code });
    // Slack's preset sends the client in the body.
    expect(provider.tokenRequests).toEqual([{ path: '/slack-token', form: { grant_type: 'authorization_code', code, redirect_uri: start.redirectUri, client_id: CLIENT_ID, client_secret: CLIENT_SECRET } }]);
    const stored = decryptCredential(await rowData(cred.id)).oauthTokenData as Record<string, string>;
    expect(stored.access_token).toMatch(/^xoxp-/);
    expect(await rowData(cred.id)).not.toContain(stored.access_token);
    const summary = await caller.credential.get({ id: cred.id });
    expect(summary.oauth2?.connected).toBe(true);
    expect(summary.fields).toEqual(expect.arrayContaining(['clientId', 'clientSecret']));
    expect(JSON.stringify(await caller.credential.list())).not.toContain(stored.access_token);
    expect(JSON.stringify(await caller.credential.list())).not.toContain(CLIENT_SECRET);
    // The runtime hands the user token to nodes.
    expect((await oauth2Credential(testDb(), cred.id)).accessToken).toBe(stored.access_token);
  });

  it('refuses Connect for a type outside the OAuth2 family', async () => {
    const { api } = await userAndCaller();
    const cred = await api.credential.create({ name: 'Key', type: 'slackApi', data: { accessToken: 'xoxb-1' } });
    await expect(api.credential.oauth2Connect({ id: cred.id })).rejects.toSatisfy((e: unknown) => e instanceof TRPCError && e.code === 'BAD_REQUEST' && /Only OAuth2 credentials connect/.test(e.message));
  });
});

describe('googleSheetsOAuth2Api: connect and refresh', () => {
  it('asks Google\'s preset scopes with offline access, refreshes an expired token with the client in the body, and saves the new one', async () => {
    const { cred, authUrl } = await connected('googleSheetsOAuth2Api', { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, ...overrides() });
    expect(authUrl.searchParams.get('scope')).toBe('https://www.googleapis.com/auth/drive.file https://www.googleapis.com/auth/spreadsheets https://www.googleapis.com/auth/drive.metadata');
    expect(authUrl.searchParams.get('access_type')).toBe('offline');
    expect(authUrl.searchParams.get('prompt')).toBe('consent');
    const before = decryptCredential(await rowData(cred.id)).oauthTokenData as Record<string, string>;

    await expireStoredToken(cred.id);
    provider.tokenRequests = [];
    const results = await Promise.all([oauth2Credential(testDb(), cred.id), oauth2Credential(testDb(), cred.id)]);
    expect(provider.tokenRequests).toEqual([
      { path: '/token', form: { grant_type: 'refresh_token', refresh_token: before.refresh_token, client_id: CLIENT_ID, client_secret: CLIENT_SECRET } },
    ]);
    expect(results[0]!.accessToken).toBe(results[1]!.accessToken);
    expect(results[0]!.accessToken).not.toBe(before.access_token);
    const after = decryptCredential(await rowData(cred.id)).oauthTokenData as Record<string, string>;
    expect(after.access_token).toBe(results[0]!.accessToken);
    expect(after.refresh_token).not.toBe(before.refresh_token);
  });

  it('drops the tokens when the client changes, keeps them on rename', async () => {
    const { api, cred } = await connected('googleSheetsOAuth2Api', { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, ...overrides() });
    await api.credential.update({ id: cred.id, name: 'renamed' });
    expect((await api.credential.get({ id: cred.id })).oauth2?.connected).toBe(true);
    await api.credential.update({ id: cred.id, data: { clientId: 'another-client' } });
    expect((await api.credential.get({ id: cred.id })).oauth2?.connected).toBe(false);
  });
});

describe('HTTP Request node with the predefined googleOAuth2Api type', () => {
  const node = (credId: string): GraphNode =>
    ({ id: 'h', name: 'Call', type: 'httpRequest', typeVersion: 1, params: {}, position: [0, 0], credentials: { googleOAuth2Api: { id: credId, name: 'Google' } } }) as GraphNode;

  async function run(credId: string, ownerId: string) {
    const n = node(credId);
    const ctx = makeContext({ def: httpRequestNode, node: n, params: { url: `${provider.base}/api/me`, authentication: 'predefinedCredentialType', credentialType: 'googleOAuth2Api' }, items: [{}] });
    ctx.credentials = (slot, opts) => loadNodeCredential({ id: 'e1', ownerId } as ExecutionRow, n, slot, opts);
    return jsonOf(await httpRequestNode.execute(ctx as never)) as { token: string }[];
  }
  const googleData = () => ({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, scope: 'https://www.googleapis.com/auth/calendar', ...overrides() });

  it('sends the stored token as Bearer, refreshing an expired one first', async () => {
    const { cred, user, authUrl } = await connected('googleOAuth2Api', googleData());
    expect(authUrl.searchParams.get('scope')).toBe('https://www.googleapis.com/auth/calendar');
    const stored = decryptCredential(await rowData(cred.id)).oauthTokenData as Record<string, string>;
    provider.apiAuth = [];
    expect(await run(cred.id, user.id)).toEqual([{ ok: true, token: stored.access_token }]);
    expect(provider.apiAuth).toEqual([`Bearer ${stored.access_token}`]);

    await expireStoredToken(cred.id);
    provider.tokenRequests = [];
    const [out] = await run(cred.id, user.id);
    expect(out!.token).not.toBe(stored.access_token);
    expect(provider.tokenRequests.map((r) => r.form.grant_type)).toEqual(['refresh_token']);
  });

  it('refreshes once after a 401 and sends the request again; refused again, the node fails', async () => {
    const { cred, user } = await connected('googleOAuth2Api', googleData());
    const stored = decryptCredential(await rowData(cred.id)).oauthTokenData as Record<string, string>;
    provider.valid.delete(stored.access_token); // revoked before its expiry
    provider.apiAuth = [];
    provider.tokenRequests = [];
    const [out] = await run(cred.id, user.id);
    expect(provider.apiAuth).toEqual([`Bearer ${stored.access_token}`, `Bearer ${out!.token}`]);
    expect(provider.tokenRequests.map((r) => r.form.grant_type)).toEqual(['refresh_token']);

    provider.rejectAll = true;
    provider.apiAuth = [];
    try {
      await expect(run(cred.id, user.id)).rejects.toThrow(/returned 401/);
    } finally {
      provider.rejectAll = false;
    }
    expect(provider.apiAuth).toHaveLength(2);
  });

  it('does not hand another user\'s credential to a run', async () => {
    const { cred } = await connected('googleOAuth2Api', googleData());
    const { user: other } = await userAndCaller();
    await expect(run(cred.id, other.id)).rejects.toThrow(/does not exist or is not yours/);
  });
});

describe('oauth2AccessToken / withOAuth2Token (for nodes: Gmail, Google Drive, ...)', () => {
  it('gives the current token of any OAuth2-family credential and retries a 401 once with a refreshed one', async () => {
    const { cred, user } = await connected('gmailOAuth2', { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, ...overrides() });
    const n = { id: 'g', name: 'Mail', type: 'gmail', typeVersion: 1, params: {}, position: [0, 0], credentials: { gmailOAuth2: { id: cred.id } } } as GraphNode;
    const ctx = { node: n, credentials: (slot: string, opts?: { rejected?: string }) => loadNodeCredential({ id: 'e', ownerId: user.id } as ExecutionRow, n, slot, opts) };
    const token = await oauth2AccessToken(ctx, 'gmailOAuth2');
    expect(token).toBe((decryptCredential(await rowData(cred.id)).oauthTokenData as Record<string, string>).access_token);

    provider.valid.delete(token);
    const sent: string[] = [];
    const res = await withOAuth2Token(ctx, 'gmailOAuth2', async (t) => {
      sent.push(t);
      return fetch(`${provider.base}/api/me`, { headers: { authorization: `Bearer ${t}` } });
    });
    expect(res.status).toBe(200);
    expect(sent).toHaveLength(2);
    expect(sent[0]).toBe(token);
    expect(sent[1]).not.toBe(token);
  });

  it('names the node and slot when the credential holds no token', async () => {
    const ctx = { node: { name: 'Mail' } as GraphNode, credentials: async () => ({ clientId: 'x' }) };
    await expect(oauth2AccessToken(ctx, 'gmailOAuth2')).rejects.toThrow('Node "Mail", credential "gmailOAuth2": the OAuth2 credential has no access token');
  });
});

describe.skipIf(!existsSync(N8N_CORPUS_DIR))('n8n: HTTP Request nodes with OAuth2 service types in the corpus', () => {
  type Doc = { nodes: { name: string; type: string; parameters: Record<string, unknown>; credentials?: Record<string, unknown> }[] };
  const withOAuth2 = (n: Doc['nodes'][number]) =>
    n.type === 'n8n-nodes-base.httpRequest' && n.parameters.authentication === 'predefinedCredentialType' && /OAuth2/.test(String(n.parameters.nodeCredentialType));

  it('maps 16 of the 17 onto the predefined type (one has a pagination template Weft cannot run), exports them in n8n\'s shape, and re-imports the same params', () => {
    let seen = 0;
    const reasons: string[] = [];
    const types = new Set<string>();
    for (const f of readdirSync(N8N_CORPUS_DIR).filter((x) => x.endsWith('.json'))) {
      const doc = JSON.parse(readFileSync(path.join(N8N_CORPUS_DIR, f), 'utf8')) as Doc;
      const all = doc.nodes.filter(withOAuth2);
      seen += all.length;
      if (!all.length) continue;
      const { graph, report } = importN8nWorkflow(doc);
      const nodes = all.filter((n) => {
        const r = report.nodes.find((x) => x.name === n.name)!;
        if (r.status !== 'mapped') reasons.push(r.reason ?? '');
        return r.status === 'mapped';
      });
      for (const n of nodes) {
        const type = String(n.parameters.nodeCredentialType);
        types.add(type);
        const g = graph.nodes.find((x) => x.name === n.name)!;
        expect(g.params, `${f}: ${n.name}`).toMatchObject({ authentication: 'predefinedCredentialType', credentialType: type });
        if (n.credentials && type in n.credentials) {
          expect(report.credentials, `${f}: ${n.name}`).toContainEqual(expect.objectContaining({ node: n.name, n8nType: type, slot: type }));
        }
        expect(report.warnings.filter((w) => w.includes(n.name) && /OAuth2/.test(w)), `${f}: ${n.name}`).toEqual([]);
      }
      // Edited in Weft (so the reverse mapper writes the node) with a Weft credential in the slot, then back to n8n and in again.
      const weftRef = (type: string) => ({ id: `weft-${type}`, name: `My ${type}` });
      const editedGraph: WorkflowDocument = {
        ...graph,
        nodes: graph.nodes.map((x) => {
          if (!nodes.some((n) => n.name === x.name)) return x;
          const type = String(x.params.credentialType);
          return { ...x, params: { ...x.params, timeoutMs: 1234 }, credentials: { [type]: weftRef(type) } };
        }),
      };
      const out = exportN8n(editedGraph).workflow;
      const again = importN8nWorkflow(out).graph;
      for (const n of nodes) {
        const type = String(n.parameters.nodeCredentialType);
        const exported = out.nodes.find((x) => x.name === n.name)!;
        expect(exported.parameters, `${f}: ${n.name}`).toMatchObject({ authentication: 'predefinedCredentialType', nodeCredentialType: type });
        expect(exported.credentials, `${f}: ${n.name}`).toEqual({ [type]: weftRef(type) });
        expect(again.nodes.find((x) => x.name === n.name)!.params, `${f}: ${n.name}`).toEqual(editedGraph.nodes.find((x) => x.name === n.name)!.params);
      }
    }
    expect(seen).toBe(17);
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toMatch(/^HTTP Request pagination complete expression/);
    expect([...types].sort()).toEqual(['gmailOAuth2', 'googleDocsOAuth2Api', 'googleOAuth2Api', 'googleSheetsOAuth2Api', 'hubspotOAuth2Api', 'mondayComOAuth2Api', 'quickBooksOAuth2Api', 'youTubeOAuth2Api']);
  });
});
