/** What a parked run waits for, as the execution views show it (never its form or webhook settings). */
export interface WaitInfo {
  kind: string;
  /** For a time, or the time limit of a webhook or form wait: ms since the epoch. */
  resumeAt?: number;
}

/** Reads a parked run's `state.__wait` (server/runtime/store.ts parkRun). */
export function waitOf(state: unknown): WaitInfo | null {
  const w = (state as { __wait?: { kind?: unknown; resumeAt?: unknown } } | null)?.__wait;
  if (!w || typeof w.kind !== 'string') return null;
  return { kind: w.kind, ...(typeof w.resumeAt === 'number' ? { resumeAt: w.resumeAt } : {}) };
}
