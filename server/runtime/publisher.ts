/**
 * The runtime's event publisher (server/realtime/emitter.ts) on the process's shared Redis connection.
 * Fire-and-forget: an event lost to a Redis hiccup never fails a step, since Postgres holds the truth
 * and pages reload it.
 */
import { redis } from '../redis';
import { createEventPublisher, type EventPublisher } from '../realtime/emitter';
import type { ExecutionEvent } from '../realtime/events';

let publisher: EventPublisher | undefined;
let publisherRedis: ReturnType<typeof redis> | undefined;

export function publishEvent(event: ExecutionEvent): void {
  const r = redis();
  if (!publisher || publisherRedis !== r) {
    publisher = createEventPublisher(r);
    publisherRedis = r;
  }
  publisher.publish(event).catch(() => {});
}
