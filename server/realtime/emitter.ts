/**
 * The worker side of live updates: emits an ExecutionEvent into socket.io's rooms through Redis
 * (@socket.io/redis-emitter, read by every web process's Redis adapter) and PUBLISHes execution-level
 * events (not node events) on the execution's plain channel for server-side waiters.
 */
import { Emitter } from '@socket.io/redis-emitter';
import type { Redis } from 'ioredis';
import { execChannel, executionRoom, SOCKET_EVENT, workflowRoom, type ExecutionEvent } from './events';

export interface EventPublisher {
  publish(event: ExecutionEvent): Promise<void>;
}

export function createEventPublisher(redis: Redis): EventPublisher {
  const emitter = new Emitter(redis);
  return {
    async publish(event) {
      const rooms = [executionRoom(event.executionId)];
      if (event.workflowId) rooms.push(workflowRoom(event.workflowId));
      // One emit to both rooms: a socket in both receives the event once.
      emitter.to(rooms).emit(SOCKET_EVENT, event);
      // Server-side waiters only wait for the execution's outcome: node events stay in the rooms.
      if (!event.type.startsWith('node.')) await redis.publish(execChannel(event.executionId), JSON.stringify(event));
    },
  };
}
