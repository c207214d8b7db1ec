/**
 * Generic OAuth2 (oAuth2Api) against a fake provider on 127.0.0.1: client credentials and their reuse,
 * the authorization code / PKCE connect flow (state single use and bound to the user, tokens stored
 * encrypted), refresh on expiry and after a 401 (concurrent refreshes spend the refresh token once), the
 * HTTP Request node sending the bearer token through the runtime's credential loader, and the n8n mapper.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { freePort, testDb, testRedis } from '../testing';
import { userAndCaller } from '../api/test-helpers';
import { createCaller } from '../api/root';
import { createContext } from '../api/trpc';
import { decryptCredential, encryptCredential } from '../crypto';
import { completeAuthorization, oauth2Credential, redirectUriFor, startAuthorization } from './oauth2';
import { loadNodeCredential } from '../runtime/credentials';
import type { ExecutionRow } from '../runtime/store';
import type { GraphNode } from '../engine/types';
import { makeContext, jsonOf } from '../engine/testing/node-context';
import { httpRequestNode } from '../../nodes/httpRequest';
import { exportN8n, importN8nWorkflow } from '../n8n';
import { N8N_CORPUS_DIR } from '../testing/corpus';

const CLIENT_ID = 'weft-client';
const CLIENT_SECRET = 'provider-secret-xyz';

/** A fake OAuth2 provider and API: records token requests, rotates refresh tokens, checks PKCE. */
class FakeProvider {
  server!: http.Server;
  base = '';
  expiresIn = 3600;
  tokenRequests: Record<string, string>[] = [];
  apiAuth: string[] = [];
  /** The API refuses every token (e.g. the app's access was revoked). */
  rejectAll = false;
  valid = new Set<string>();
  refreshTokens = new Set<string>();
  codes = new Map<string, { redirectUri: string; challenge?: string }>();
  private n = 0;

  async start() {
    const port = await freePort();
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => this.server.listen(port, '127.0.0.1', r));
    this.base = `http://127.0.0.1:${port}`;
  }

  private issue(prefix: string, withRefresh: boolean) {
    const access = `${prefix}-access-${++this.n}-${randomBytes(4).toString('hex')}`;
    this.valid.add(access);
    const out: Record<string, unknown> = { access_token: access, token_type: 'Bearer', expires_in: this.expiresIn };
    if (withRefresh) {
      const refresh = `refresh-${this.n}-${randomBytes(4).toString('hex')}`;
      this.refreshTokens.add(refresh);
      out.refresh_token = refresh;
    }
    return out;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', this.base);
    const json = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (url.pathname === '/authorize') {
      const code = randomBytes(8).toString('hex');
      this.codes.set(code, { redirectUri: url.searchParams.get('redirect_uri')!, challenge: url.searchParams.get('code_challenge') ?? undefined });
      const back = new URL(url.searchParams.get('redirect_uri')!);
      back.searchParams.set('code', code);
      back.searchParams.set('state', url.searchParams.get('state')!);
      return res.writeHead(302, { location: back.toString() }).end();
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      let raw = '';
      for await (const chunk of req) raw += chunk;
      const form = Object.fromEntries(new URLSearchParams(raw));
      this.tokenRequests.push(form);
      await new Promise((r) => setTimeout(r, 30)); // slow enough for concurrent callers to overlap
      const basic = req.headers.authorization?.startsWith('Basic ') ? Buffer.from(req.headers.authorization.slice(6), 'base64').toString().split(':').map(decodeURIComponent) : undefined;
      const [id, secret] = basic ?? [form.client_id, form.client_secret];
      const code = this.codes.get(form.code ?? '');
      const pkce = !!code?.challenge;
      if (id !== CLIENT_ID || (!pkce && secret !== CLIENT_SECRET)) return json(401, { error: 'invalid_client' });
      if (form.grant_type === 'client_credentials') return json(200, this.issue('cc', false));
      if (form.grant_type === 'authorization_code') {
        if (!code || code.redirectUri !== form.redirect_uri) return json(400, { error: 'invalid_grant' });
        if (code.challenge && createHash('sha256').update(form.code_verifier ?? '').digest('base64url') !== code.challenge) {
          return json(400, { error: 'invalid_grant', error_description: 'PKCE verifier does not match' });
        }
        this.codes.delete(form.code!);
        return json(200, this.issue('ac', true));
      }
      if (form.grant_type === 'refresh_token') {
        if (!this.refreshTokens.delete(form.refresh_token ?? '')) return json(400, { error: 'invalid_grant', error_description: 'refresh token already used' });
        return json(200, this.issue('rf', true));
      }
      return json(400, { error: 'unsupported_grant_type' });
    }
    if (url.pathname === '/api/me') {
      const auth = req.headers.authorization ?? '';
      this.apiAuth.push(auth);
      const token = auth.replace(/^Bearer /, '');
      return this.valid.has(token) && !this.rejectAll ? json(200, { ok: true, token }) : json(401, { error: 'invalid_token' });
    }
    json(404, {});
  }

  grants() {
    return this.tokenRequests.map((r) => r.grant_type);
  }
}

const provider = new FakeProvider();
const redis = testRedis();
beforeAll(() => provider.start());
afterAll(async () => {
  await new Promise((r) => provider.server.close(r));
  await redis.quit();
});

function oauthData(extra: Record<string, unknown> = {}) {
  return {
    grantType: 'authorizationCode',
    authUrl: `${provider.base}/authorize`,
    accessTokenUrl: `${provider.base}/token`,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    scope: 'read write',
    authentication: 'header',
    ...extra,
  };
}

/** Runs the browser's part: open the authorization URL, follow the provider's redirect, read code and state. */
async function authorize(url: string): Promise<{ code: string; state: string; redirect: URL }> {
  const res = await fetch(url, { redirect: 'manual' });
  expect(res.status).toBe(302);
  const redirect = new URL(res.headers.get('location')!);
  return { code: redirect.searchParams.get('code')!, state: redirect.searchParams.get('state')!, redirect };
}

const rowData = async (id: string) => (await testDb().credential.findUniqueOrThrow({ where: { id } })).data;

describe('oAuth2Api: client credentials', () => {
  it('fetches the token from the token URL at run time and reuses it until shortly before expiry', async () => {
    const { api } = await userAndCaller();
    const cred = await api.credential.create({ name: 'CC', type: 'oAuth2Api', data: oauthData({ grantType: 'clientCredentials', authentication: 'body' }) });
    provider.tokenRequests = [];
    const first = await oauth2Credential(testDb(), cred.id);
    expect(first.accessToken).toMatch(/^cc-access-/);
    expect(provider.tokenRequests).toEqual([{ grant_type: 'client_credentials', scope: 'read write', client_id: CLIENT_ID, client_secret: CLIENT_SECRET }]);
    // Cached in the (encrypted) credential row: a second run does not ask again.
    expect((await oauth2Credential(testDb(), cred.id)).accessToken).toBe(first.accessToken);
    expect(provider.tokenRequests).toHaveLength(1);
    expect(await rowData(cred.id)).not.toContain(String(first.accessToken));

    // A token within the expiry margin is replaced.
    const data = decryptCredential(await rowData(cred.id));
    await testDb().credential.update({
      where: { id: cred.id },
      data: { data: encryptCredential({ ...data, oauthTokenData: { ...(data.oauthTokenData as object), expires_at: Date.now() + 10_000 } }) },
    });
    const second = await oauth2Credential(testDb(), cred.id);
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(provider.grants()).toEqual(['client_credentials', 'client_credentials']);
  });

  it('reports the provider refusing the client', async () => {
    const { api } = await userAndCaller();
    const cred = await api.credential.create({ name: 'bad', type: 'oAuth2Api', data: oauthData({ grantType: 'clientCredentials', clientSecret: 'wrong' }) });
    await expect(oauth2Credential(testDb(), cred.id)).rejects.toThrow(/token URL answered 401: invalid_client/);
  });
});

describe('oAuth2Api: authorization code and PKCE', () => {
  it('connects through the callback and stores the tokens encrypted, never in a summary', async () => {
    const { api, user } = await userAndCaller();
    const cred = await api.credential.create({ name: 'AC', type: 'oAuth2Api', data: oauthData({ authQueryParameters: 'access_type=offline&prompt=consent' }) });
    expect((await api.credential.get({ id: cred.id })).oauth2).toEqual({ connected: false, grantType: 'authorizationCode' });

    const start = await startAuthorization(redis, { userId: user.id, credentialId: cred.id, data: oauthData({ authQueryParameters: 'access_type=offline' }), baseUrl: 'http://weft.test/' });
    const authUrl = new URL(start.url);
    expect(Object.fromEntries(authUrl.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: CLIENT_ID,
      redirect_uri: 'http://weft.test/api/oauth2/callback',
      scope: 'read write',
      access_type: 'offline',
    });
    expect(authUrl.searchParams.get('code_challenge')).toBeNull();
    const { code, state, redirect } = await authorize(start.url);
    expect(redirect.pathname).toBe('/api/oauth2/callback');

    provider.tokenRequests = [];
    expect(await completeAuthorization(testDb(), redis, { userId: user.id, state, code })).toBe(cred.id);
    expect(provider.tokenRequests[0]).toEqual({ grant_type: 'authorization_code', code, redirect_uri: 'http://weft.test/api/oauth2/callback' });

    const stored = decryptCredential(await rowData(cred.id)).oauthTokenData as Record<string, string>;
    expect(stored.access_token).toMatch(/^ac-access-/);
    expect(stored.refresh_token).toMatch(/^refresh-/);
    const raw = await rowData(cred.id);
    expect(raw).not.toContain(stored.access_token);
    expect(raw).not.toContain(stored.refresh_token);
    const summary = await api.credential.get({ id: cred.id });
    expect(summary.oauth2).toMatchObject({ connected: true, expiresAt: expect.any(Number) });
    expect(summary.fields).not.toContain('oauthTokenData');
    const listed = JSON.stringify(await api.credential.list());
    expect(listed).not.toContain(stored.access_token);
    expect(listed).not.toContain(stored.refresh_token);

    // The state is single use.
    await expect(completeAuthorization(testDb(), redis, { userId: user.id, state, code })).rejects.toThrow(/unknown or expired state/);

    // Renaming keeps the tokens; new provider settings drop them (connect again).
    await api.credential.update({ id: cred.id, name: 'AC renamed' });
    expect((await api.credential.get({ id: cred.id })).oauth2?.connected).toBe(true);
    await api.credential.update({ id: cred.id, data: { scope: 'read' } });
    expect((await api.credential.get({ id: cred.id })).oauth2?.connected).toBe(false);
  });

  it('refuses a wrong state and a state started by another user', async () => {
    const alice = await userAndCaller();
    const bob = await userAndCaller();
    const cred = await alice.api.credential.create({ name: 'A', type: 'oAuth2Api', data: oauthData() });
    await expect(completeAuthorization(testDb(), redis, { userId: alice.user.id, state: 'made-up', code: 'x' })).rejects.toThrow(/unknown or expired state/);

    const start = await startAuthorization(redis, { userId: alice.user.id, credentialId: cred.id, data: oauthData(), baseUrl: 'http://weft.test' });
    const { code, state } = await authorize(start.url);
    provider.tokenRequests = [];
    await expect(completeAuthorization(testDb(), redis, { userId: bob.user.id, state, code })).rejects.toThrow(/started by another user/);
    expect(provider.tokenRequests).toEqual([]); // the code was never exchanged
    expect(decryptCredential(await rowData(cred.id)).oauthTokenData).toBeUndefined();

    // Bob cannot start a flow for Alice's credential either.
    await expect(bob.api.credential.oauth2Connect({ id: cred.id })).rejects.toSatisfy((e: unknown) => e instanceof TRPCError && e.code === 'NOT_FOUND');
    // A state for a credential the user does not own (forged record) is refused too.
    const forged = await startAuthorization(redis, { userId: bob.user.id, credentialId: cred.id, data: oauthData(), baseUrl: 'http://weft.test' });
    const f = await authorize(forged.url);
    await expect(completeAuthorization(testDb(), redis, { userId: bob.user.id, state: f.state, code: f.code })).rejects.toThrow(/not yours/);
  });

  it('starts through tRPC with the redirect URI of the app origin, and sends the PKCE verifier', async () => {
    const { user } = await userAndCaller();
    const session = { user: { id: user.id, email: user.email, name: user.name, role: user.role } };
    const caller = createCaller(createContext({ session, db: testDb(), origin: 'https://weft.example.com' }));
    const cred = await caller.credential.create({ name: 'PKCE', type: 'oAuth2Api', data: oauthData({ grantType: 'pkce', clientSecret: '' }) });
    const base = process.env.WEFT_PUBLIC_URL ?? 'https://weft.example.com';
    expect(await caller.credential.oauth2RedirectUri()).toEqual({ redirectUri: redirectUriFor(base) });
    const start = await caller.credential.oauth2Connect({ id: cred.id });
    expect(start.redirectUri).toBe(`${base.replace(/\/+$/, '')}/api/oauth2/callback`);
    const authUrl = new URL(start.url);
    expect(authUrl.searchParams.get('code_challenge_method')).toBe('S256');
    const { code, state } = await authorize(start.url);
    provider.tokenRequests = [];
    await completeAuthorization(testDb(), redis, { userId: user.id, state, code });
    const sent = provider.tokenRequests[0]!;
    expect(sent.code_verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(createHash('sha256').update(sent.code_verifier!).digest('base64url')).toBe(authUrl.searchParams.get('code_challenge'));
    expect(sent.client_id).toBe(CLIENT_ID);
    expect(decryptCredential(await rowData(cred.id)).oauthTokenData).toMatchObject({ access_token: expect.stringMatching(/^ac-access-/) });
  });
});

async function connected(extra: Record<string, unknown> = {}) {
  const { api, user } = await userAndCaller();
  const cred = await api.credential.create({ name: 'Connected', type: 'oAuth2Api', data: oauthData(extra) });
  const start = await startAuthorization(redis, { userId: user.id, credentialId: cred.id, data: oauthData(extra), baseUrl: 'http://weft.test' });
  const { code, state } = await authorize(start.url);
  await completeAuthorization(testDb(), redis, { userId: user.id, state, code });
  return { api, user, cred };
}

async function expireStoredToken(id: string) {
  const data = decryptCredential(await rowData(id));
  await testDb().credential.update({
    where: { id },
    data: { data: encryptCredential({ ...data, oauthTokenData: { ...(data.oauthTokenData as object), expires_at: Date.now() - 1000 } }) },
  });
}

describe('oAuth2Api: refresh', () => {
  it('refreshes an expired token with the refresh token and saves the new ones; concurrent callers refresh once', async () => {
    const { cred } = await connected();
    const before = decryptCredential(await rowData(cred.id)).oauthTokenData as Record<string, string>;
    await expireStoredToken(cred.id);
    provider.tokenRequests = [];
    // Several workers need the token at once: the row lock makes one of them refresh, the others reuse its token.
    const results = await Promise.all(Array.from({ length: 4 }, () => oauth2Credential(testDb(), cred.id)));
    expect(provider.tokenRequests).toEqual([{ grant_type: 'refresh_token', refresh_token: before.refresh_token }]);
    const tokens = new Set(results.map((r) => r.accessToken));
    expect(tokens.size).toBe(1);
    const [token] = [...tokens];
    expect(token).toMatch(/^rf-access-/);
    const after = decryptCredential(await rowData(cred.id)).oauthTokenData as Record<string, string>;
    expect(after.access_token).toBe(token);
    expect(after.refresh_token).not.toBe(before.refresh_token);
    expect(after.refresh_token).toMatch(/^refresh-/);
  });

  it('says to connect again when there is no token', async () => {
    const { api } = await userAndCaller();
    const cred = await api.credential.create({ name: 'Never connected', type: 'oAuth2Api', data: oauthData() });
    await expect(oauth2Credential(testDb(), cred.id)).rejects.toThrow(/not connected/);
  });
});

describe('HTTP Request node with oAuth2Api', () => {
  const graphNode = (credId: string): GraphNode =>
    ({ id: 'h', name: 'Call', type: 'httpRequest', typeVersion: 1, params: {}, position: [0, 0], credentials: { oAuth2Api: { id: credId, name: 'Connected' } } }) as GraphNode;
  const execution = (ownerId: string) => ({ id: 'e1', ownerId }) as ExecutionRow;

  async function run(credId: string, ownerId: string) {
    const node = graphNode(credId);
    const ctx = makeContext({ def: httpRequestNode, node, params: { url: `${provider.base}/api/me`, authentication: 'oAuth2Api' }, items: [{}] });
    ctx.credentials = (slot, opts) => loadNodeCredential(execution(ownerId), node, slot, opts);
    return jsonOf(await httpRequestNode.execute(ctx as never));
  }

  it('sends Authorization: Bearer with the stored token, refreshing an expired one first', async () => {
    const { cred, user } = await connected();
    const stored = decryptCredential(await rowData(cred.id)).oauthTokenData as Record<string, string>;
    provider.apiAuth = [];
    expect(await run(cred.id, user.id)).toEqual([{ ok: true, token: stored.access_token }]);
    expect(provider.apiAuth).toEqual([`Bearer ${stored.access_token}`]);

    await expireStoredToken(cred.id);
    provider.tokenRequests = [];
    const [out] = (await run(cred.id, user.id)) as { token: string }[];
    expect(out!.token).toMatch(/^rf-access-/);
    expect(provider.grants()).toEqual(['refresh_token']);
  });

  it('refreshes once when the API answers 401 and sends the request again', async () => {
    const { cred, user } = await connected();
    const stored = decryptCredential(await rowData(cred.id)).oauthTokenData as Record<string, string>;
    provider.valid.delete(stored.access_token); // revoked before its expiry
    provider.apiAuth = [];
    provider.tokenRequests = [];
    const [out] = (await run(cred.id, user.id)) as { token: string }[];
    expect(out!.token).toMatch(/^rf-access-/);
    expect(provider.apiAuth).toEqual([`Bearer ${stored.access_token}`, `Bearer ${out!.token}`]);
    expect(provider.grants()).toEqual(['refresh_token']);

    // A token that is refused again fails the node instead of looping.
    provider.rejectAll = true;
    provider.apiAuth = [];
    try {
      await expect(run(cred.id, user.id)).rejects.toThrow(/returned 401/);
    } finally {
      provider.rejectAll = false;
    }
    expect(provider.apiAuth).toHaveLength(2);
  });

  it("does not hand another user's OAuth2 credential to a run", async () => {
    const { cred } = await connected();
    const { user: other } = await userAndCaller();
    await expect(run(cred.id, other.id)).rejects.toThrow(/does not exist or is not yours/);
  });
});

describe('n8n: HTTP Request with the generic oAuth2Api credential', () => {
  const file = path.join(N8N_CORPUS_DIR, '1560_Splitout_Code_Automation_Webhook.json');
  it.skipIf(!existsSync(file))('maps the corpus nodes onto authentication oAuth2Api and exports them back', () => {
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { nodes: { name: string; parameters: Record<string, unknown> }[] };
    const names = doc.nodes.filter((n) => n.parameters.genericAuthType === 'oAuth2Api').map((n) => n.name);
    expect(names.length).toBe(10);
    const { graph, report } = importN8nWorkflow(doc);
    for (const name of names) {
      const node = graph.nodes.find((n) => n.name === name)!;
      expect(node.type).toBe('httpRequest');
      expect(node.params.authentication).toBe('oAuth2Api');
      expect(report.nodes.find((n) => n.name === name)).toMatchObject({ status: 'mapped' });
      expect(report.credentials).toContainEqual(expect.objectContaining({ node: name, n8nType: 'oAuth2Api', slot: 'oAuth2Api' }));
    }
    const exported = exportN8n(graph).workflow.nodes.find((n) => n.name === names[0])!;
    expect(exported.parameters).toMatchObject({ authentication: 'genericCredentialType', genericAuthType: 'oAuth2Api' });
    expect(Object.keys(exported.credentials ?? {})).toEqual(['oAuth2Api']);
  });

  it('maps a v1 node with authentication oAuth2', () => {
    const { graph } = importN8nWorkflow({
      name: 'v1',
      nodes: [{ id: 'h', name: 'Call', type: 'n8n-nodes-base.httpRequest', typeVersion: 1, position: [0, 0], parameters: { url: 'https://api.example.com', authentication: 'oAuth2' }, credentials: { oAuth2Api: { id: '1', name: 'x' } } }],
      connections: {},
    });
    expect(graph.nodes[0]!.params).toMatchObject({ authentication: 'oAuth2Api' });
  });
});
