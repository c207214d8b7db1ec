import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { userAndCaller } from '../../test-helpers';
import { freePort, testDb } from '../../../testing';
import { decryptCredential } from '../../../crypto';

async function expectCode(p: Promise<unknown>, code: TRPCError['code']) {
  await expect(p).rejects.toSatisfy((e: unknown) => e instanceof TRPCError && e.code === code);
}

/** A loopback stand-in for an OpenAI-compatible API: accepts one key. */
let llm: http.Server;
let llmUrl: string;
beforeAll(async () => {
  const port = await freePort();
  llm = http.createServer((req, res) => {
    const ok = req.url === '/v1/models' && (req.headers.authorization === 'Bearer sk-good' || req.headers['x-api-key'] === 'sk-ant-good');
    res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' }).end(JSON.stringify(ok ? { data: [] } : { error: 'bad key' }));
  });
  await new Promise<void>((r) => llm.listen(port, '127.0.0.1', r));
  llmUrl = `http://127.0.0.1:${port}`;
});
afterAll(() => new Promise((r) => llm.close(r)));

describe('credential router', () => {
  it('stores data encrypted and never returns it', async () => {
    const { api, user } = await userAndCaller();
    const created = await api.credential.create({ name: 'OpenAI', type: 'openAiApi', data: { apiKey: 'sk-secret-123', baseUrl: `${llmUrl}/v1` } });
    expect(created.fields.sort()).toEqual(['apiKey', 'baseUrl']);

    const row = await testDb().credential.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.data).not.toContain('sk-secret-123');
    expect(decryptCredential(row.data)).toEqual({ apiKey: 'sk-secret-123', baseUrl: `${llmUrl}/v1` });

    const list = await api.credential.list();
    expect(list).toHaveLength(1);
    expect(JSON.stringify(list)).not.toContain('sk-secret-123');
    expect(JSON.stringify(list)).not.toContain(row.data);
    expect(list[0]).toEqual({
      id: created.id,
      name: 'OpenAI',
      type: 'openAiApi',
      ownerId: user.id,
      fields: ['apiKey', 'baseUrl'],
      createdAt: expect.any(Date),
      updatedAt: expect.any(Date),
    });
    expect(JSON.stringify(await api.credential.get({ id: created.id }))).not.toContain('sk-secret');
  });

  it('updates by merging fields, validates by type, deletes', async () => {
    const { api } = await userAndCaller();
    const c = await api.credential.create({ name: 'Header', type: 'httpHeaderAuth', data: { name: 'X-Token', value: 'one' } });
    await api.credential.update({ id: c.id, data: { value: 'two' }, name: 'Header 2' });
    const row = await testDb().credential.findUniqueOrThrow({ where: { id: c.id } });
    expect(row.name).toBe('Header 2');
    expect(decryptCredential(row.data)).toEqual({ name: 'X-Token', value: 'two' });
    await expectCode(api.credential.create({ name: 'Bad', type: 'httpHeaderAuth', data: { name: 'X' } }), 'BAD_REQUEST');
    await expectCode(api.credential.update({ id: c.id, data: { value: '' } }), 'BAD_REQUEST');
    await api.credential.delete({ id: c.id });
    expect(await api.credential.list()).toEqual([]);
  });

  it('tests API keys against the base URL and other types by shape', async () => {
    const { api } = await userAndCaller();
    const good = await api.credential.create({ name: 'good', type: 'openAiApi', data: { apiKey: 'sk-good', baseUrl: `${llmUrl}/v1` } });
    const bad = await api.credential.create({ name: 'bad', type: 'openAiApi', data: { apiKey: 'sk-bad', baseUrl: `${llmUrl}/v1` } });
    expect(await api.credential.test({ id: good.id })).toEqual({ ok: true, message: expect.stringMatching(/accepted/) });
    expect(await api.credential.test({ id: bad.id })).toEqual({ ok: false, message: expect.stringMatching(/refused the key \(HTTP 401\)/) });
    // Unsaved changes from the form overlay the stored data.
    expect((await api.credential.test({ id: bad.id, data: { apiKey: 'sk-good' } })).ok).toBe(true);
    expect((await api.credential.test({ type: 'anthropicApi', data: { apiKey: 'sk-ant-good', baseUrl: llmUrl } })).ok).toBe(true);
    const unreachable = await api.credential.test({ type: 'openAiApi', data: { apiKey: 'k', baseUrl: 'http://127.0.0.1:1/v1' } });
    expect(unreachable.ok).toBe(false);
    expect(unreachable.message).toMatch(/Could not reach/);
    expect(await api.credential.test({ type: 'httpBasicAuth', data: { user: 'u', password: 'p' } })).toMatchObject({ ok: true });
    expect(await api.credential.test({ type: 'httpBasicAuth', data: { user: 'u' } })).toMatchObject({ ok: false, message: expect.stringMatching(/password/) });
  });

  it("answers NOT_FOUND for another user's credential", async () => {
    const alice = await userAndCaller();
    const bob = await userAndCaller();
    const c = await alice.api.credential.create({ name: 'A', type: 'httpBearerAuth', data: { token: 't' } });
    await expectCode(bob.api.credential.get({ id: c.id }), 'NOT_FOUND');
    await expectCode(bob.api.credential.update({ id: c.id, name: 'x' }), 'NOT_FOUND');
    await expectCode(bob.api.credential.delete({ id: c.id }), 'NOT_FOUND');
    await expectCode(bob.api.credential.test({ id: c.id }), 'NOT_FOUND');
    expect(await bob.api.credential.list()).toEqual([]);
  });
});
