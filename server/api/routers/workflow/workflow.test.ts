import { describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { callerFor, sampleGraph, userAndCaller } from '../../test-helpers';
import { testDb } from '../../../testing';

async function expectCode(p: Promise<unknown>, code: TRPCError['code']) {
  await expect(p).rejects.toSatisfy((e: unknown) => e instanceof TRPCError && e.code === code);
}

describe('workflow router', () => {
  it('makes a version on create and on every save, and points the workflow at the newest', async () => {
    const { api } = await userAndCaller();
    const wf = await api.workflow.create({ name: 'Versions' });
    let got = await api.workflow.get({ id: wf.id });
    expect(got.version).toBe(1);
    expect(got.graph).toEqual({ nodes: [], connections: [] });

    const s2 = await api.workflow.save({ id: wf.id, graph: sampleGraph('two') });
    const s3 = await api.workflow.save({ id: wf.id, graph: sampleGraph('three'), name: 'Versions renamed' });
    expect([s2.version, s3.version]).toEqual([2, 3]);
    expect(s3.issues).toEqual([]);

    got = await api.workflow.get({ id: wf.id });
    expect(got.version).toBe(3);
    expect(got.versionId).toBe(s3.versionId);
    expect(got.name).toBe('Versions renamed');
    expect(got.graph.nodes[1]!.notes).toBe('three');

    const versions = await api.workflow.versions({ id: wf.id });
    expect(versions.map((v) => v.version)).toEqual([3, 2, 1]);
    expect(versions.filter((v) => v.current).map((v) => v.version)).toEqual([3]);

    // Restoring version 2 makes it the draft and a new version 4.
    const v2 = versions.find((v) => v.version === 2)!;
    const restored = await api.workflow.restore({ id: wf.id, versionId: v2.id });
    expect(restored.version).toBe(4);
    got = await api.workflow.get({ id: wf.id });
    expect(got.graph.nodes[1]!.notes).toBe('two');
  });

  it('gives concurrent saves distinct consecutive versions', async () => {
    const { api } = await userAndCaller();
    const wf = await api.workflow.create({ name: 'Race' });
    const saves = await Promise.all([1, 2, 3, 4, 5].map((i) => api.workflow.save({ id: wf.id, graph: sampleGraph(String(i)) })));
    expect(saves.map((s) => s.version).sort()).toEqual([2, 3, 4, 5, 6]);
  });

  it('reports validation issues with the node they concern, and still saves the draft', async () => {
    const { api } = await userAndCaller();
    const wf = await api.workflow.create({ name: 'Invalid' });
    const graph = sampleGraph();
    graph.nodes[1]!.type = 'noSuchNode';
    const saved = await api.workflow.save({ id: wf.id, graph });
    expect(saved.issues).toEqual([expect.objectContaining({ nodeId: 'set', nodeName: 'Set', field: 'type' })]);
    await expectCode(api.workflow.setActive({ id: wf.id, active: true }), 'BAD_REQUEST');
    await expectCode(api.workflow.save({ id: wf.id, graph: { nodes: 'x' } as never }), 'BAD_REQUEST');
  });

  it('answers NOT_FOUND for every procedure on another user\'s workflow; admins see everything', async () => {
    const alice = await userAndCaller();
    const bob = await userAndCaller();
    const admin = await userAndCaller('admin');
    const wf = await alice.api.workflow.create({ name: 'Alice private', graph: sampleGraph() });
    const v1 = (await alice.api.workflow.versions({ id: wf.id }))[0]!;

    await expectCode(bob.api.workflow.get({ id: wf.id }), 'NOT_FOUND');
    await expectCode(bob.api.workflow.save({ id: wf.id, graph: sampleGraph() }), 'NOT_FOUND');
    await expectCode(bob.api.workflow.rename({ id: wf.id, name: 'mine' }), 'NOT_FOUND');
    await expectCode(bob.api.workflow.duplicate({ id: wf.id }), 'NOT_FOUND');
    await expectCode(bob.api.workflow.versions({ id: wf.id }), 'NOT_FOUND');
    await expectCode(bob.api.workflow.restore({ id: wf.id, versionId: v1.id }), 'NOT_FOUND');
    await expectCode(bob.api.workflow.activate({ id: wf.id }), 'NOT_FOUND');
    await expectCode(bob.api.workflow.delete({ id: wf.id }), 'NOT_FOUND');
    await expectCode(bob.api.workflow.get({ id: 'does-not-exist' }), 'NOT_FOUND');
    expect((await bob.api.workflow.list({})).items.map((w) => w.id)).not.toContain(wf.id);

    // Bob's own version id cannot restore into Alice's workflow either.
    const bobs = await bob.api.workflow.create({ name: 'Bob' });
    const bobV = (await bob.api.workflow.versions({ id: bobs.id }))[0]!;
    await expectCode(alice.api.workflow.restore({ id: wf.id, versionId: bobV.id }), 'NOT_FOUND');

    expect((await admin.api.workflow.get({ id: wf.id })).name).toBe('Alice private');
    const adminList = await admin.api.workflow.list({ limit: 100 });
    expect(adminList.items.map((w) => w.id)).toEqual(expect.arrayContaining([wf.id, bobs.id]));
    expect((await testDb().workflow.findUnique({ where: { id: wf.id } }))?.name).toBe('Alice private');
  });

  it('requires a session', async () => {
    await expectCode(callerFor(null).workflow.list({}), 'UNAUTHORIZED');
  });

  it('lists with search and cursor pagination', async () => {
    const { api } = await userAndCaller();
    for (const n of ['Alpha report', 'Beta sync', 'alpha backup', 'Gamma']) await api.workflow.create({ name: n });
    const found = await api.workflow.list({ search: 'ALPHA' });
    expect(found.items.map((w) => w.name).sort()).toEqual(['Alpha report', 'alpha backup']);
    expect(found.total).toBe(2);

    const page1 = await api.workflow.list({ limit: 3 });
    expect(page1.items).toHaveLength(3);
    expect(page1.nextCursor).toBeTruthy();
    const page2 = await api.workflow.list({ limit: 3, cursor: page1.nextCursor });
    expect(page2.items).toHaveLength(1);
    expect(page2.nextCursor).toBeNull();
    const all = [...page1.items, ...page2.items].map((w) => w.name).sort();
    expect(all).toEqual(['Alpha report', 'Beta sync', 'Gamma', 'alpha backup']);
  });

  it('renames, duplicates and deletes', async () => {
    const { api } = await userAndCaller();
    const wf = await api.workflow.create({ name: 'Original', graph: sampleGraph('x') });
    await api.workflow.rename({ id: wf.id, name: 'Renamed' });
    const copy = await api.workflow.duplicate({ id: wf.id });
    expect(copy.name).toBe('Renamed (copy)');
    expect(copy.id).not.toBe(wf.id);
    expect((await api.workflow.get({ id: copy.id })).graph).toEqual((await api.workflow.get({ id: wf.id })).graph);
    await api.workflow.delete({ id: wf.id });
    await expectCode(api.workflow.get({ id: wf.id }), 'NOT_FOUND');
    await expectCode(api.workflow.create({ name: '   ' }), 'BAD_REQUEST');
  });

  it('activates (registering its webhook) and deactivates', async () => {
    const { api } = await userAndCaller();
    const path = `hook-${Date.now()}`;
    const graph = {
      nodes: [{ id: 'wh', name: 'Webhook', type: 'webhook', typeVersion: 2, params: { path, httpMethod: 'POST' }, position: [0, 0] as [number, number] }],
      connections: [],
    };
    const wf = await api.workflow.create({ name: 'Hooked', graph });
    const on = await api.workflow.activate({ id: wf.id });
    expect(on.active).toBe(true);
    expect(on.webhooks).toEqual([expect.objectContaining({ method: 'POST', path })]);
    expect((await api.workflow.get({ id: wf.id })).active).toBe(true);
    expect(await testDb().webhook.count({ where: { workflowId: wf.id } })).toBe(1);

    // Saving an invalid version of an active workflow deactivates it.
    const broken = { ...graph, nodes: [...graph.nodes, { id: 'x', name: 'X', type: 'nope', typeVersion: 1, params: {}, position: [1, 1] as [number, number] }] };
    const saved = await api.workflow.save({ id: wf.id, graph: broken });
    expect(saved.activation).toEqual({ active: false, error: expect.stringContaining('deactivated') });
    expect((await api.workflow.get({ id: wf.id })).active).toBe(false);

    await api.workflow.save({ id: wf.id, graph });
    await api.workflow.setActive({ id: wf.id, active: true });
    await api.workflow.deactivate({ id: wf.id });
    expect((await api.workflow.get({ id: wf.id })).active).toBe(false);
    expect(await testDb().webhook.count({ where: { workflowId: wf.id } })).toBe(0);
  });
});
