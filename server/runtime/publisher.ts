/**
 * Publishes execution events: into socket.io rooms through the Redis emitter (browsers) and on the
 * execution's plain Redis channel (server-side waiters). Fire-and-forget: an event lost to a Redis
 * hiccup never fails a step, since Postgres holds the truth and pages reload it.
 */
import { Emitter } from '@socket.io/redis-emitter';
import { redis } from '../redis';
import { execChannel, executionRoom, SOCKET_EVENT, workflowRoom, type ExecutionEvent } from '../realtime/events';

let emitter: Emitter | undefined;
let emitterRedis: ReturnType<typeof redis> | undefined;

export function publishEvent(event: ExecutionEvent): void {
  const r = redis();
  if (!emitter || emitterRedis !== r) {
    emitter = new Emitter(r);
    emitterRedis = r;
  }
  const rooms = [executionRoom(event.executionId)];
  if (event.workflowId) rooms.push(workflowRoom(event.workflowId));
  try {
    emitter.to(rooms).emit(SOCKET_EVENT, event);
  } catch {
    /* best effort */
  }
  r.publish(execChannel(event.executionId), JSON.stringify(event)).catch(() => {});
}
