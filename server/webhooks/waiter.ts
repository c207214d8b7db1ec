/**
 * Waits for an execution's 'webhook.response' or 'execution.finished' event on its Redis channel
 * (execChannel). One subscriber connection per process serves every waiting request.
 */
import type { Redis } from 'ioredis';
import type { ExecutionEvent } from '../realtime/events';
import { execChannel } from '../realtime/events';

export type WaitOutcome =
  | { kind: 'response'; response: Extract<ExecutionEvent, { type: 'webhook.response' }>['response'] }
  | { kind: 'finished'; status: string; error?: { message: string } }
  /** The execution parked at a form (a Form page or a Wait for a form): the person goes to its resume URL. */
  | { kind: 'waitingForForm' }
  | { kind: 'timeout' };

type Listener = (event: ExecutionEvent) => void;

export class ExecutionWaiter {
  private listeners = new Map<string, Set<Listener>>();
  private pending = new Set<(o: WaitOutcome) => void>();

  constructor(private readonly sub: Redis) {
    sub.on('message', (channel: string, message: string) => {
      const set = this.listeners.get(channel);
      if (!set) return;
      let event: ExecutionEvent;
      try {
        event = JSON.parse(message) as ExecutionEvent;
      } catch {
        return;
      }
      for (const l of [...set]) l(event);
    });
  }

  /** Shutdown: every waiting request answers now (202 with its execution id) instead of being cut off. */
  releaseAll(): void {
    for (const settle of [...this.pending]) settle({ kind: 'timeout' });
  }

  /**
   * Subscribes before returning, so events published after `ready` resolves are never missed. `accept`
   * chooses which events end the wait.
   */
  async listen(executionId: string, accept: (e: ExecutionEvent) => WaitOutcome | null): Promise<{ wait(timeoutMs: number): Promise<WaitOutcome>; cancel(): void; settle(o: WaitOutcome): void }> {
    const channel = execChannel(executionId);
    let resolveOutcome!: (o: WaitOutcome) => void;
    const outcome = new Promise<WaitOutcome>((r) => (resolveOutcome = r));
    let settled = false;
    const listener: Listener = (e) => {
      const o = accept(e);
      if (o) settle(o);
    };
    const remove = () => {
      const set = this.listeners.get(channel);
      if (!set) return;
      set.delete(listener);
      if (set.size === 0) {
        this.listeners.delete(channel);
        this.sub.unsubscribe(channel).catch(() => {});
      }
    };
    const settle = (o: WaitOutcome) => {
      if (settled) return;
      settled = true;
      this.pending.delete(settle);
      remove();
      resolveOutcome(o);
    };
    this.pending.add(settle);
    let set = this.listeners.get(channel);
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
      set.add(listener);
      await this.sub.subscribe(channel);
    } else {
      set.add(listener);
    }
    return {
      wait: (timeoutMs: number) => {
        const timer = setTimeout(() => settle({ kind: 'timeout' }), timeoutMs);
        return outcome.finally(() => clearTimeout(timer));
      },
      cancel: () => settle({ kind: 'timeout' }),
      settle,
    };
  }
}

export const acceptFinished = (e: ExecutionEvent): WaitOutcome | null =>
  e.type === 'execution.finished' ? { kind: 'finished', status: e.status, error: e.error } : null;

export const acceptResponseOrFinished = (e: ExecutionEvent): WaitOutcome | null =>
  e.type === 'webhook.response' ? { kind: 'response', response: e.response } : acceptFinished(e);

/** A form's submitter: a response (Form Ending), the end of the run, or the next page to fill in. */
export const acceptFormOutcome = (e: ExecutionEvent): WaitOutcome | null =>
  e.type === 'execution.waiting' && e.waitingFor?.includes('form') ? { kind: 'waitingForForm' } : acceptResponseOrFinished(e);
