/**
 * Per-webhook rate limit: a fixed one-minute window counted in Redis (one round trip), shared by every
 * web process. Over the limit answers 429 with Retry-After (seconds until the window ends).
 */
import type { Redis } from 'ioredis';
import { rateLimitKey } from '../triggers/channels';

const WINDOW_MS = 60_000;

export interface RateLimitResult {
  allowed: boolean;
  retryAfterSeconds: number;
  count: number;
}

export async function hitRateLimit(redis: Redis, scope: string, limitPerMinute: number, now = Date.now()): Promise<RateLimitResult> {
  const window = Math.floor(now / WINDOW_MS);
  const key = rateLimitKey(scope, window);
  const results = await redis.multi().incr(key).pexpire(key, WINDOW_MS + 1_000).exec();
  const count = Number(results?.[0]?.[1] ?? 0);
  const retryAfterSeconds = Math.max(1, Math.ceil(((window + 1) * WINDOW_MS - now) / 1000));
  return { allowed: count <= limitPerMinute, retryAfterSeconds, count };
}
