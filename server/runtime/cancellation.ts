/**
 * Cooperative cancellation inside one worker process: running steps register an AbortController under
 * their execution; a cancel message (Redis pub/sub, from any process) aborts them.
 */
import { env } from '../env';

export class CancellationRegistry {
  private readonly byExecution = new Map<string, Set<AbortController>>();

  register(executionId: string, controller: AbortController): () => void {
    let set = this.byExecution.get(executionId);
    if (!set) this.byExecution.set(executionId, (set = new Set()));
    set.add(controller);
    return () => {
      set!.delete(controller);
      if (!set!.size) this.byExecution.delete(executionId);
    };
  }

  cancel(executionId: string, reason = 'The execution was cancelled'): number {
    const set = this.byExecution.get(executionId);
    if (!set) return 0;
    for (const c of set) c.abort(new Error(reason));
    return set.size;
  }

  abortAll(reason: string): void {
    for (const id of [...this.byExecution.keys()]) this.cancel(id, reason);
  }

  get size(): number {
    return this.byExecution.size;
  }
}

/** The cancel channel, under WEFT_QUEUE_PREFIX like every other Redis name of an instance. */
export const cancelChannel = () => `${env().WEFT_QUEUE_PREFIX}:cancel`;
