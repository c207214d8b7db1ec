/**
 * Execution events. Workers emit them through Redis (socket.io's Redis emitter) into the rooms
 * `execution:<id>` and `workflow:<workflowId>`; the socket.io server only lets a socket join a room
 * after checking that its user may see that execution or workflow.
 * They are also PUBLISHed on the plain Redis channel `weft:exec:<executionId>` for server-side waiters
 * (the webhook "respond when last node finishes" mode, the CLI).
 */
import type { ExecutionMode } from '../engine/types';

export type ExecutionStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'waiting';
export type NodeRunStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'skipped' | 'cancelled' | 'waiting';

interface Base {
  executionId: string;
  workflowId: string | null;
  at: number; // ms epoch
}

export type ExecutionEvent =
  | (Base & { type: 'execution.started'; mode: ExecutionMode })
  | (Base & { type: 'node.started'; nodeId: string; nodeName: string; runIndex: number; attempt: number })
  | (Base & {
      type: 'node.finished';
      nodeId: string;
      nodeName: string;
      runIndex: number;
      status: NodeRunStatus;
      /** Items per output port, for edge labels. */
      itemCounts: Record<string, number>;
      error?: { message: string };
      durationMs: number;
    })
  | (Base & { type: 'execution.finished'; status: ExecutionStatus; error?: { message: string; nodeName?: string } })
  /** Every branch left is parked (a Wait node): the execution continues at a time or on a resume URL request. */
  | (Base & { type: 'execution.waiting'; /** What the parked run that made it wait resumes on, when known. */ waitingFor?: ('time' | 'webhook' | 'form')[] })
  /** A Respond to Webhook node answered: the web process holding the request sends this. */
  | (Base & { type: 'webhook.response'; response: { statusCode: number; headers?: Record<string, string>; body?: unknown; binary?: { data: string; mimeType: string } } });

export const SOCKET_EVENT = 'execution-event';
export const execChannel = (executionId: string) => `weft:exec:${executionId}`;
export const executionRoom = (executionId: string) => `execution:${executionId}`;
export const workflowRoom = (workflowId: string) => `workflow:${workflowId}`;
