/**
 * Workers besides the step worker, started when their subsystem is present (schedules).
 */
export interface Closable {
  close(): Promise<void>;
}

export async function startOptionalWorkers(): Promise<Closable[]> {
  const started: Closable[] = [];
  return started;
}
