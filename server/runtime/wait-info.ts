/** What a parked run waits for, as the execution views show it (never its form or webhook settings). */
import { FORM_WAITING_PREFIX, resumeSignature, WEBHOOK_WAITING_PREFIX } from './resume-urls';
export interface WaitInfo {
  kind: string;
  /** For a webhook or form wait: the signed path that resumes it (/webhook-waiting/... or /form-waiting/...). */
  path?: string;
  /** For a time, or the time limit of a webhook or form wait: ms since the epoch. */
  resumeAt?: number;
}

/**
 * Reads a parked run's `state.__wait` (server/runtime/store.ts parkRun). Only for callers allowed to see the
 * execution: the path carries the signature that resumes it.
 */
export function waitOf(state: unknown, executionId: string): WaitInfo | null {
  const w = (state as { __wait?: { kind?: unknown; resumeAt?: unknown; config?: { suffix?: unknown } } } | null)?.__wait;
  if (!w || typeof w.kind !== 'string') return null;
  const info: WaitInfo = { kind: w.kind, ...(typeof w.resumeAt === 'number' ? { resumeAt: w.resumeAt } : {}) };
  const signature = w.kind === 'time' ? null : resumeSignature(executionId);
  if (signature) {
    const suffix = typeof w.config?.suffix === 'string' && w.config.suffix ? `/${w.config.suffix}` : '';
    info.path = `${w.kind === 'form' ? FORM_WAITING_PREFIX : WEBHOOK_WAITING_PREFIX}${executionId}${suffix}?signature=${signature}`;
  }
  return info;
}
