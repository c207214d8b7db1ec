/**
 * Seeds a demo user and a demo workflow. Idempotent: an existing user keeps its data (its password is
 * reset to WEFT_DEMO_PASSWORD only when that no longer matches), an existing demo workflow is left alone.
 *
 *   WEFT_DEMO_PASSWORD=... npx tsx prisma/seed.ts        (scripts/start.sh generates and prints one)
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { WorkflowGraph } from '../server/engine/types';
import type { Db } from '../server/db';
import { hashPassword, verifyPassword } from '../server/auth/password';

export const DEMO_EMAIL = 'demo@weft.local';
export const DEMO_WORKFLOW_NAME = 'Demo: order triage';

/** manual trigger → transform → condition → (true) transform / (false) transform */
export function demoGraph(): WorkflowGraph {
  return {
    nodes: [
      { id: 'trigger', name: 'When clicking Run', type: 'manualTrigger', typeVersion: 1, params: {}, position: [0, 100] },
      {
        id: 'order',
        name: 'Build order',
        type: 'transform',
        typeVersion: 1,
        position: [260, 100],
        params: {
          mode: 'manual',
          include: 'all',
          assignments: [
            { name: 'customer', value: 'Ada Lovelace', type: 'string' },
            { name: 'amount', value: 120, type: 'number' },
            { name: 'orderedAt', value: '={{ $now.toISO() }}', type: 'string' },
          ],
        },
      },
      {
        id: 'big',
        name: 'Amount over 100?',
        type: 'condition',
        typeVersion: 1,
        position: [520, 100],
        params: {
          combinator: 'and',
          conditions: [{ leftValue: '={{ $json.amount }}', operator: { type: 'number', operation: 'gt' }, rightValue: 100 }],
        },
      },
      {
        id: 'review',
        name: 'Flag for review',
        type: 'transform',
        typeVersion: 1,
        position: [780, 0],
        params: {
          mode: 'manual',
          include: 'all',
          assignments: [
            { name: 'status', value: 'needs review', type: 'string' },
            { name: 'note', value: '=Order of {{ $json.amount }} from {{ $json.customer }} needs a second look', type: 'string' },
          ],
        },
      },
      {
        id: 'approve',
        name: 'Approve automatically',
        type: 'transform',
        typeVersion: 1,
        position: [780, 200],
        params: { mode: 'manual', include: 'all', assignments: [{ name: 'status', value: 'approved', type: 'string' }] },
      },
    ],
    connections: [
      { from: { node: 'trigger', port: 'main' }, to: { node: 'order', port: 'main' } },
      { from: { node: 'order', port: 'main' }, to: { node: 'big', port: 'main' } },
      { from: { node: 'big', port: 'true' }, to: { node: 'review', port: 'main' } },
      { from: { node: 'big', port: 'false' }, to: { node: 'approve', port: 'main' } },
    ],
    settings: {},
  };
}

export async function seed(db: Db, password: string): Promise<{ userId: string; workflowId: string; created: string[] }> {
  const created: string[] = [];
  let user = await db.user.findUnique({ where: { email: DEMO_EMAIL } });
  if (!user) {
    user = await db.user.create({ data: { email: DEMO_EMAIL, name: 'Demo', role: 'admin', passwordHash: await hashPassword(password) } });
    created.push('user');
  } else if (!(await verifyPassword(password, user.passwordHash))) {
    user = await db.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(password) } });
  }

  let workflow = await db.workflow.findFirst({ where: { ownerId: user.id, name: DEMO_WORKFLOW_NAME } });
  if (!workflow) {
    const graph = demoGraph();
    const ownerId = user.id;
    workflow = await db.$transaction(async (tx) => {
      const wf = await tx.workflow.create({
        data: { name: DEMO_WORKFLOW_NAME, description: 'A manual trigger, a transform, a condition and one transform per branch.', ownerId, graph: graph as object },
      });
      const version = await tx.workflowVersion.create({
        data: { workflowId: wf.id, version: 1, name: DEMO_WORKFLOW_NAME, graph: graph as object, createdById: ownerId },
      });
      return tx.workflow.update({ where: { id: wf.id }, data: { versionId: version.id } });
    });
    created.push('workflow');
  }
  return { userId: user.id, workflowId: workflow.id, created };
}

async function main(): Promise<void> {
  const { db, disconnectDb } = await import('../server/db');
  const password = process.env.WEFT_DEMO_PASSWORD;
  if (!password || password.length < 8) {
    throw new Error('WEFT_DEMO_PASSWORD must be set (at least 8 characters); scripts/start.sh generates one into .weft/secrets.env');
  }
  try {
    const result = await seed(db(), password);
    console.log(`[seed] ${result.created.length ? `created ${result.created.join(' and ')}` : 'demo user and workflow already present'} (${DEMO_EMAIL})`);
  } finally {
    await disconnectDb();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((err: unknown) => {
    console.error(`[seed] failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
