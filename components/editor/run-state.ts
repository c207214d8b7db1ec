/**
 * How execution events and fetched executions change the editor's run state: per-node statuses (a new
 * object only for the node concerned, so only that node re-renders), edge item counts and run data.
 */
import type { Item } from '../../server/engine/types';
import type { ExecutionEvent, ExecutionStatus, NodeRunStatus } from '../../server/realtime/events';
import type { EditorState } from './store';
import type { NodeRunData, NodeStatus } from './types';

export interface ExecutionSnapshot {
  id: string;
  status: ExecutionStatus;
  error?: unknown;
  nodeRuns: {
    nodeId: string;
    runIndex: number;
    status: string;
    inputItems: Record<string, Item[]> | null;
    outputItems: Record<string, Item[]> | null;
    outputCounts: Record<string, number> | null;
    error: { message: string; description?: string } | null;
  }[];
}

type RunFields = Pick<EditorState, 'run' | 'status' | 'edgeCounts' | 'runData'>;

export function eventPatch(s: RunFields, event: ExecutionEvent): Partial<RunFields> | null {
  const run = s.run;
  if (run.executionId && event.executionId !== run.executionId) return null;
  switch (event.type) {
    case 'execution.started':
      return { run: { ...run, executionId: event.executionId, status: 'running' } };
    case 'node.started':
      return { status: { ...s.status, [event.nodeId]: { status: 'running' } } };
    case 'node.finished': {
      const counts = { ...s.edgeCounts };
      for (const [port, count] of Object.entries(event.itemCounts ?? {})) {
        counts[`${event.nodeId}:${port}`] = (counts[`${event.nodeId}:${port}`] ?? 0) + count;
      }
      return {
        status: { ...s.status, [event.nodeId]: { status: event.status, error: event.error?.message, durationMs: event.durationMs } },
        edgeCounts: counts,
      };
    }
    case 'execution.finished':
      return { run: { ...run, status: event.status, error: event.error?.message } };
    case 'execution.waiting':
      return { run: { ...run, executionId: event.executionId, status: 'waiting' } };
    default:
      return null;
  }
}

export function executionPatch(s: RunFields, detail: ExecutionSnapshot): Partial<RunFields> | null {
  if (s.run.executionId && detail.id !== s.run.executionId) return null;
  const status: Record<string, NodeStatus> = {};
  const runData: Record<string, NodeRunData> = {};
  const counts: Record<string, number> = {};
  const latest = new Map<string, ExecutionSnapshot['nodeRuns'][number]>();
  for (const r of detail.nodeRuns) {
    const cur = latest.get(r.nodeId);
    if (!cur || r.runIndex >= cur.runIndex) latest.set(r.nodeId, r);
    for (const [port, n] of Object.entries(r.outputCounts ?? {})) counts[`${r.nodeId}:${port}`] = (counts[`${r.nodeId}:${port}`] ?? 0) + n;
  }
  for (const [nodeId, r] of latest) {
    const old = s.status[nodeId];
    const next: NodeStatus = { status: r.status as NodeRunStatus, error: r.error?.message };
    status[nodeId] = old && old.status === next.status && old.error === next.error ? old : next;
    runData[nodeId] = { status: r.status, inputItems: r.inputItems, outputItems: r.outputItems, error: r.error };
  }
  const sameCounts =
    Object.keys(counts).length === Object.keys(s.edgeCounts).length && Object.entries(counts).every(([k, v]) => s.edgeCounts[k] === v);
  const errorMessage = (detail.error as { message?: string } | null | undefined)?.message;
  return {
    status,
    runData,
    edgeCounts: sameCounts ? s.edgeCounts : counts,
    run: { executionId: detail.id, status: detail.status, error: errorMessage },
  };
}
