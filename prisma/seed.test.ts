import { afterAll, describe, expect, it } from 'vitest';
import { seed, demoGraph, DEMO_EMAIL } from './seed';
import { testDb } from '../server/testing';
import { disconnectDb } from '../server/db';
import { verifyPassword } from '../server/auth/password';
import { validateWorkflow } from '../server/engine/validate';
import { registry } from '../nodes/registry';

afterAll(() => disconnectDb());

describe('seed', () => {
  it('creates the demo user and workflow once, and is idempotent', async () => {
    const db = testDb();
    const first = await seed(db, 'first-password');
    expect(first.created).toEqual(['user', 'workflow']);
    const second = await seed(db, 'first-password');
    expect(second.created).toEqual([]);
    expect(second.workflowId).toBe(first.workflowId);
    expect(await db.workflow.count({ where: { ownerId: first.userId } })).toBe(1);
    const wf = await db.workflow.findUniqueOrThrow({ where: { id: first.workflowId }, include: { versions: true } });
    expect(wf.versions).toHaveLength(1);
    expect(wf.versionId).toBe(wf.versions[0]!.id);
  });

  it('resets the demo password when it changes', async () => {
    const db = testDb();
    await seed(db, 'second-password');
    const user = await db.user.findUniqueOrThrow({ where: { email: DEMO_EMAIL } });
    expect(await verifyPassword('second-password', user.passwordHash)).toBe(true);
  });

  it('uses node types and ports from the contract', () => {
    const g = demoGraph();
    expect(g.nodes.map((n) => n.type)).toEqual(['manualTrigger', 'transform', 'condition', 'transform', 'transform']);
    const ids = new Set(g.nodes.map((n) => n.id));
    for (const c of g.connections) expect(ids.has(c.from.node) && ids.has(c.to.node)).toBe(true);
    expect(g.connections.filter((c) => c.from.node === 'big').map((c) => c.from.port).sort()).toEqual(['false', 'true']);
  });

  it('is a valid workflow for the engine', () => {
    expect(validateWorkflow(demoGraph(), registry)).toEqual([]);
  });
});
