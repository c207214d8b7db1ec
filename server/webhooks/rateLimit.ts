/**
 * Per-webhook rate limits counted in Redis (one round trip), shared by every web process. Over the limit
 * answers 429 with Retry-After. Fixed: a counter per clock minute. Sliding: a log of the last 60 s in a
 * sorted set (refused requests are not logged, so they do not extend the wait). Webhooks and form
 * submissions both go through checkRateLimit.
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

const SLIDING = `
local key = KEYS[1]
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
local count = redis.call('ZCARD', key)
if count < limit then
  redis.call('ZADD', key, now, ARGV[4])
  redis.call('PEXPIRE', key, window + 1000)
  return {1, count + 1, 0}
end
local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
return {0, count, tonumber(oldest[2]) + window - now}`;

export async function hitSlidingRateLimit(redis: Redis, scope: string, limitPerMinute: number, now = Date.now()): Promise<RateLimitResult> {
  const member = `${now}:${Math.random().toString(36).slice(2, 10)}`;
  const [allowed, count, waitMs] = (await redis.eval(SLIDING, 1, rateLimitKey(`s:${scope}`, 0), now, WINDOW_MS, limitPerMinute, member)) as number[];
  return { allowed: allowed === 1, count, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
}

export interface RateLimitSetting {
  /** Requests per minute; 0 = unlimited. */
  rateLimit: number;
  rateLimitWindow: 'fixed' | 'sliding';
}

/** Counts one request against the route's limit; null when the route has none. */
export function checkRateLimit(redis: Redis, scope: string, setting: RateLimitSetting): Promise<RateLimitResult> | null {
  if (!(setting.rateLimit > 0)) return null;
  const hit = setting.rateLimitWindow === 'sliding' ? hitSlidingRateLimit : hitRateLimit;
  return hit(redis, scope, setting.rateLimit);
}
