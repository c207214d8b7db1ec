/**
 * Execution API against the real runtime: executions are persisted by startExecution (no worker runs
 * here, so they stay queued unless the test changes them).
 */
import { describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { sampleGraph, userAndCaller } from '../../test-helpers';
import { testDb } from '../../../testing';

async function expectCode(p: Promise<unknown>, code: TRPCError['code']) {
  await expect(p).rejects.toSatisfy((e: unknown) => e instanceof TRPCError && e.code === code);
}

describe('execution router', () => {
  it('runs the saved graph with manual input, lists, gets, retries', async () => {
    const { api, user } = await userAndCaller();
    const wf = await api.workflow.create({ name: 'Runs', graph: sampleGraph() });
    const { executionId } = await api.execution.run({ workflowId: wf.id, input: [{ a: 1 }, { a: 2 }] });

    const row = await testDb().execution.findUniqueOrThrow({ where: { id: executionId } });
    expect(row).toMatchObject({ mode: 'manual', ownerId: user.id, workflowId: wf.id, triggerNodeId: 'trigger', versionId: wf.versionId });
    expect((row.triggerData as { items: unknown }).items).toEqual([{ json: { a: 1 } }, { json: { a: 2 } }]);

    const detail = await api.execution.get({ id: executionId });
    expect(detail.workflow).toEqual({ id: wf.id, name: 'Runs' });
    expect(detail.nodeRuns.map((r) => r.nodeId)).toEqual(['trigger']);
    expect(detail).not.toHaveProperty('cancelRequested');

    // A draft graph runs without a version.
    const draft = sampleGraph('draft');
    const second = await api.execution.run({ workflowId: wf.id, graph: draft });
    const draftRow = await testDb().execution.findUniqueOrThrow({ where: { id: second.executionId } });
    expect(draftRow.versionId).toBeNull();
    expect((draftRow.graph as typeof draft).nodes[1]!.notes).toBe('draft');

    await testDb().execution.update({ where: { id: executionId }, data: { status: 'failed' } });
    const list = await api.execution.list({ workflowId: wf.id });
    expect(list.items.map((e) => e.id).sort()).toEqual([executionId, second.executionId].sort());
    expect((await api.execution.list({ workflowId: wf.id, status: 'failed' })).items.map((e) => e.id)).toEqual([executionId]);
    expect(list.items[0]!.workflowName).toBe('Runs');

    const retry = await api.execution.retry({ id: executionId });
    const retryRow = await testDb().execution.findUniqueOrThrow({ where: { id: retry.executionId } });
    expect(retryRow).toMatchObject({ mode: 'retry', retryOfId: executionId, triggerNodeId: 'trigger', workflowId: wf.id });
    expect((retryRow.triggerData as { items: unknown }).items).toEqual([{ json: { a: 1 } }, { json: { a: 2 } }]);
    await expectCode(api.execution.retry({ id: second.executionId }), 'BAD_REQUEST'); // still queued
  });

  it('paginates with a cursor', async () => {
    const { api } = await userAndCaller();
    const wf = await api.workflow.create({ name: 'Many', graph: sampleGraph() });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await api.execution.run({ workflowId: wf.id })).executionId);
    const p1 = await api.execution.list({ workflowId: wf.id, limit: 2 });
    const p2 = await api.execution.list({ workflowId: wf.id, limit: 2, cursor: p1.nextCursor });
    const p3 = await api.execution.list({ workflowId: wf.id, limit: 2, cursor: p2.nextCursor });
    expect(p3.nextCursor).toBeNull();
    expect([...p1.items, ...p2.items, ...p3.items].map((e) => e.id).sort()).toEqual(ids.sort());
  });

  it('refuses to run an invalid graph with a readable reason', async () => {
    const { api } = await userAndCaller();
    const wf = await api.workflow.create({ name: 'Bad' });
    const graph = sampleGraph();
    graph.nodes[1]!.type = 'nope';
    await expect(api.execution.run({ workflowId: wf.id, graph })).rejects.toSatisfy(
      (e: unknown) => e instanceof TRPCError && e.code === 'BAD_REQUEST' && /nope/.test(e.message),
    );
    // Nothing to start from: no trigger node.
    await expect(api.execution.run({ workflowId: wf.id })).rejects.toSatisfy(
      (e: unknown) => e instanceof TRPCError && e.code === 'BAD_REQUEST' && e.message.length > 0,
    );
  });

  it('cancels a queued execution', async () => {
    const { api } = await userAndCaller();
    const wf = await api.workflow.create({ name: 'Cancel', graph: sampleGraph() });
    const { executionId } = await api.execution.run({ workflowId: wf.id });
    await api.execution.cancel({ id: executionId });
    expect((await api.execution.get({ id: executionId })).status).toBe('cancelled');
    await expectCode(api.execution.cancel({ id: executionId }), 'BAD_REQUEST');
  });

  it("answers NOT_FOUND for another user's executions and hides them from lists", async () => {
    const alice = await userAndCaller();
    const bob = await userAndCaller();
    const admin = await userAndCaller('admin');
    const wf = await alice.api.workflow.create({ name: 'Alice', graph: sampleGraph() });
    const { executionId } = await alice.api.execution.run({ workflowId: wf.id });

    await expectCode(bob.api.execution.run({ workflowId: wf.id }), 'NOT_FOUND');
    await expectCode(bob.api.execution.get({ id: executionId }), 'NOT_FOUND');
    await expectCode(bob.api.execution.cancel({ id: executionId }), 'NOT_FOUND');
    await expectCode(bob.api.execution.retry({ id: executionId }), 'NOT_FOUND');
    expect((await bob.api.execution.list({})).items.map((e) => e.id)).not.toContain(executionId);
    expect((await bob.api.execution.list({ workflowId: wf.id })).items).toEqual([]);

    expect((await admin.api.execution.get({ id: executionId })).id).toBe(executionId);
    expect((await admin.api.execution.list({ workflowId: wf.id })).items.map((e) => e.id)).toEqual([executionId]);
  });
});
