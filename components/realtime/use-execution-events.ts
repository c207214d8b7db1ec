'use client';
/**
 * Live execution events over socket.io. The server lets a socket join a room only after checking that
 * the signed-in user may see that execution or workflow (the session cookie authenticates the socket).
 *
 *   // In the editor: every execution of this workflow, handled without re-rendering the canvas.
 *   useExecutionEvents({ workflowId }, { onEvent: (e) => store.getState().applyExecutionEvent(e), keep: false });
 *
 *   // On the execution page: the events of one execution, kept in state.
 *   const { events, status, error } = useExecutionEvents({ executionId });
 */
import { useEffect, useRef, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import { SOCKET_EVENT, type ExecutionEvent } from '../../server/realtime/events';

export type { ExecutionEvent };
export type RealtimeStatus = 'idle' | 'connecting' | 'subscribed' | 'error';

export interface ExecutionEventsTarget {
  executionId?: string | null;
  workflowId?: string | null;
}

export interface ExecutionEventsOptions {
  /** Called for every event, outside React state (use it for stores). */
  onEvent?: (event: ExecutionEvent) => void;
  /** Keep events in the returned `events` array (default true). Turn off for high-rate consumers. */
  keep?: boolean;
}

let shared: Socket | undefined;

/** One socket per tab, shared by every hook; rooms are joined per subscription. */
export function realtimeSocket(): Socket {
  // WebSocket first (no polling round trips); polling when a proxy refuses the upgrade.
  shared ??= io({ path: '/socket.io', withCredentials: true, transports: ['websocket', 'polling'], tryAllTransports: true });
  return shared;
}

type Ack = { ok: true } | { ok: false; error: string };

// Several hooks may watch the same room; leave it only when the last one unmounts.
const roomUsers = new Map<string, number>();

export function useExecutionEvents(target: ExecutionEventsTarget, options: ExecutionEventsOptions = {}) {
  const { executionId, workflowId } = target;
  const keep = options.keep ?? true;
  const [events, setEvents] = useState<ExecutionEvent[]>([]);
  const [status, setStatus] = useState<RealtimeStatus>('idle');
  const [error, setError] = useState<string | null>(null);
  const onEventRef = useRef(options.onEvent);
  onEventRef.current = options.onEvent;

  useEffect(() => {
    if (!executionId && !workflowId) {
      setStatus('idle');
      return;
    }
    const socket = realtimeSocket();
    const payload = executionId ? { executionId } : { workflowId: workflowId! };
    const roomKey = executionId ? `e:${executionId}` : `w:${workflowId}`;
    roomUsers.set(roomKey, (roomUsers.get(roomKey) ?? 0) + 1);
    let active = true;
    setEvents([]);
    setError(null);
    setStatus('connecting');

    const matches = (e: ExecutionEvent) => (executionId ? e.executionId === executionId : e.workflowId === workflowId);
    const handle = (e: ExecutionEvent) => {
      if (!active || !matches(e)) return;
      onEventRef.current?.(e);
      if (keep) setEvents((prev) => [...prev, e]);
    };
    // (Re)join after every connect: rooms do not survive a reconnect.
    const subscribe = () => {
      socket.emit('subscribe', payload, (ack: Ack) => {
        if (!active) return;
        if (ack?.ok) {
          setStatus('subscribed');
          setError(null);
        } else {
          setStatus('error');
          setError(ack?.error ?? 'Could not subscribe to live updates.');
        }
      });
    };
    const onConnectError = (err: Error) => {
      if (!active) return;
      setStatus('error');
      setError(err.message || 'Live updates are unavailable.');
    };

    socket.on(SOCKET_EVENT, handle);
    socket.on('connect', subscribe);
    socket.on('connect_error', onConnectError);
    if (socket.connected) subscribe();
    else socket.connect();

    return () => {
      active = false;
      socket.off(SOCKET_EVENT, handle);
      socket.off('connect', subscribe);
      socket.off('connect_error', onConnectError);
      const left = (roomUsers.get(roomKey) ?? 1) - 1;
      if (left > 0) roomUsers.set(roomKey, left);
      else {
        roomUsers.delete(roomKey);
        if (socket.connected) socket.emit('unsubscribe', payload);
      }
    };
  }, [executionId, workflowId, keep]);

  return { events, status, error };
}
