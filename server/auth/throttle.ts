/**
 * Slows password guessing: after MAX_FAILURES failed sign-ins for one email within WINDOW_S, further
 * attempts are refused (without checking the password) until the window has passed.
 */
import type { Redis } from 'ioredis';

export const MAX_FAILURES = 10;
export const WINDOW_S = 15 * 60;

const key = (prefix: string, email: string) => `${prefix}:signin-fail:${email.toLowerCase()}`;

export interface SignInThrottle {
  isLocked(email: string): Promise<boolean>;
  recordFailure(email: string): Promise<void>;
  clear(email: string): Promise<void>;
}

export function redisThrottle(redis: Redis, prefix: string): SignInThrottle {
  return {
    async isLocked(email) {
      const n = Number(await redis.get(key(prefix, email)));
      return n >= MAX_FAILURES;
    },
    async recordFailure(email) {
      const k = key(prefix, email);
      const n = await redis.incr(k);
      if (n === 1) await redis.expire(k, WINDOW_S);
    },
    async clear(email) {
      await redis.del(key(prefix, email));
    },
  };
}
