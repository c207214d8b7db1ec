/**
 * Redis connections. BullMQ workers need `maxRetriesPerRequest: null`; producers fail fast instead.
 */
import { Redis } from 'ioredis';
import { env } from './env';

export function createRedis(kind: 'worker' | 'producer' | 'subscriber' = 'producer'): Redis {
  const redis = new Redis(env().REDIS_URL, {
    maxRetriesPerRequest: kind === 'producer' ? 3 : null,
    // Commands issued in the same tick go out in one write: a step publishes several events and enqueues jobs.
    enableAutoPipelining: kind === 'producer',
  });
  redis.on('error', () => {}); // reconnects by itself; callers see command errors
  return redis;
}

let shared: Redis | undefined;

/** A process-wide producer connection (enqueueing, publishing). */
export function redis(): Redis {
  shared ??= createRedis('producer');
  return shared;
}

export async function closeRedis(): Promise<void> {
  const r = shared;
  shared = undefined;
  if (r) await r.quit().catch(() => r.disconnect());
}
