/** A delay that ends early, rejecting, when the signal aborts (cancel, timeout). */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason ?? new Error('The execution was cancelled'));
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason ?? new Error('The execution was cancelled'));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
