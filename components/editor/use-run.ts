'use client';
/**
 * Running from the editor: save-free runs of the current draft, live node statuses from socket events,
 * and a poll of the execution as the authoritative picture (events that arrived before the socket joined
 * the room, node input/output items for the inspector).
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useExecutionEvents } from '../realtime/use-execution-events';
import { graphInput } from './convert';
import { useTRPC } from '../trpc/client';
import { toast } from '../ui/toast';
import { useEditor, useEditorStoreApi } from './store-context';
import type { ExecutionSnapshot } from './store';

const LIVE = new Set(['queued', 'running', 'waiting']);

export function useRun(workflowId: string) {
  const trpc = useTRPC();
  const store = useEditorStoreApi();
  const executionId = useEditor((s) => s.run.executionId);
  const runStatus = useEditor((s) => s.run.status);
  const live = runStatus !== null && LIVE.has(runStatus);

  // The last execution of this workflow, so that reopening the editor shows its items and statuses
  // (and expression previews have an input item).
  const latest = useQuery({ ...trpc.execution.list.queryOptions({ workflowId, limit: 1 }), staleTime: Infinity });
  useEffect(() => {
    const last = latest.data?.items[0];
    if (last && !store.getState().run.executionId) store.setState({ run: { executionId: last.id, status: last.status } });
  }, [latest.data, store]);

  useExecutionEvents({ executionId }, { onEvent: (e) => store.getState().applyExecutionEvent(e), keep: false });

  const detail = useQuery({
    ...trpc.execution.get.queryOptions({ id: executionId ?? '' }),
    enabled: Boolean(executionId),
    refetchInterval: live ? 1000 : false,
    staleTime: 0,
  });
  useEffect(() => {
    if (detail.data) store.getState().syncFromExecution(detail.data as unknown as ExecutionSnapshot);
  }, [detail.data, store]);
  // The finishing event arrives before the poll notices: fetch once more for the final items.
  const refetch = detail.refetch;
  useEffect(() => {
    if (executionId && runStatus && !LIVE.has(runStatus)) void refetch();
  }, [executionId, runStatus, refetch]);

  const runMutation = useMutation(trpc.execution.run.mutationOptions());
  const cancelMutation = useMutation(trpc.execution.cancel.mutationOptions());

  const run = async (input?: Record<string, unknown>[]) => {
    const graph = store.getState().toGraph();
    try {
      const { executionId: id } = await runMutation.mutateAsync({ workflowId, graph: graphInput(graph), input });
      store.getState().startRun(id);
    } catch (err) {
      toast.error('The workflow could not start', (err as Error).message);
    }
  };
  const cancel = async () => {
    if (!executionId) return;
    try {
      await cancelMutation.mutateAsync({ id: executionId });
      toast.info('Cancelling the execution…');
    } catch (err) {
      toast.error('Could not cancel', (err as Error).message);
    }
  };
  return { run, cancel, live, starting: runMutation.isPending, executionId, runStatus };
}
