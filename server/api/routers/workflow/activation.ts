/**
 * Bridge to server/triggers/activation.ts: activation registers a workflow's webhooks and schedules
 * in every web process and sets the flag in the same transaction; deactivation removes them.
 * Failures a person can fix (a webhook path already taken, a bad cron) come back as BAD_REQUEST.
 */
import { TRPCError } from '@trpc/server';
import { activateWorkflow, ActivationError, deactivateWorkflow } from '../../../triggers/activation';

function asApiError(err: unknown, verb: string): never {
  if (err instanceof ActivationError) throw new TRPCError({ code: 'BAD_REQUEST', message: err.message, cause: err });
  throw new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: `Could not ${verb} the workflow: ${(err as Error).message}`, cause: err });
}

export async function registerTriggers(workflowId: string) {
  try {
    return await activateWorkflow(workflowId);
  } catch (err) {
    asApiError(err, 'activate');
  }
}

export async function unregisterTriggers(workflowId: string): Promise<void> {
  try {
    await deactivateWorkflow(workflowId);
  } catch (err) {
    asApiError(err, 'deactivate');
  }
}
