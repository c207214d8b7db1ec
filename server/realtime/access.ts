/**
 * Who may watch which room: the same rule as the API (server/api/trpc.ts) so a socket never sees what
 * a tRPC call would answer NOT_FOUND for.
 */
import type { Db } from '../db';
import type { SessionUser } from '../auth/session';

export async function canWatchExecution(db: Db, user: SessionUser, executionId: string): Promise<boolean> {
  const where =
    user.role === 'admin'
      ? { id: executionId }
      : { id: executionId, OR: [{ ownerId: user.id }, { workflow: { ownerId: user.id } }] };
  return (await db.execution.count({ where })) > 0;
}

export async function canWatchWorkflow(db: Db, user: SessionUser, workflowId: string): Promise<boolean> {
  const where = user.role === 'admin' ? { id: workflowId } : { id: workflowId, ownerId: user.id };
  return (await db.workflow.count({ where })) > 0;
}
