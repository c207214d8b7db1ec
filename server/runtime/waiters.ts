/**
 * Waiting for an execution's events without a Redis connection per waiter: one subscriber connection
 * per process, channels subscribed while someone waits on them.
 */
import type { Redis } from 'ioredis';
import { createRedis } from '../redis';

type Listener = (message: unknown) => void;

let subscriber: Redis | undefined;
const listeners = new Map<string, Set<Listener>>();

function sub(): Redis {
  if (!subscriber) {
    subscriber = createRedis('subscriber');
    subscriber.on('message', (channel: string, raw: string) => {
      const set = listeners.get(channel);
      if (!set) return;
      let message: unknown;
      try {
        message = JSON.parse(raw);
      } catch {
        return;
      }
      for (const l of [...set]) l(message);
    });
  }
  return subscriber;
}

export async function listen(channel: string, listener: Listener): Promise<() => Promise<void>> {
  let set = listeners.get(channel);
  if (!set) {
    listeners.set(channel, (set = new Set()));
    await sub().subscribe(channel);
  }
  set.add(listener);
  return async () => {
    set!.delete(listener);
    if (!set!.size && listeners.get(channel) === set) {
      listeners.delete(channel);
      await sub().unsubscribe(channel).catch(() => {});
    }
  };
}

/**
 * Resolves when a message on `channel` satisfies `match`, or when `check` (run once subscribed, so
 * nothing slips between the check and the subscription) says it already happened, or on timeout.
 */
export async function waitForEvent<T>(channel: string, match: (m: T) => boolean, timeoutMs: number, check?: () => Promise<boolean>): Promise<T | null> {
  let resolveFn!: (v: T | null) => void;
  const done = new Promise<T | null>((r) => (resolveFn = r));
  const stop = await listen(channel, (m) => {
    if (match(m as T)) resolveFn(m as T);
  });
  const timer = setTimeout(() => resolveFn(null), timeoutMs);
  try {
    if (check && (await check())) return null;
    return await done;
  } finally {
    clearTimeout(timer);
    await stop();
  }
}

export async function closeWaiters(): Promise<void> {
  const s = subscriber;
  subscriber = undefined;
  listeners.clear();
  if (s) await s.quit().catch(() => s.disconnect());
}
