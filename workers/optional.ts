/**
 * Workers besides the step worker, started when their subsystem is present (schedules).
 */
export interface Closable {
  close(): Promise<void>;
}

export async function startOptionalWorkers(): Promise<Closable[]> {
  const started: Closable[] = [];
  // Schedules (server/triggers). Importing the module also registers ctx.services.respondToWebhook
  // (server/webhooks/respondService.ts) for the Respond to Webhook node in this worker.
  const triggers = await import('../server/triggers/index');
  started.push(triggers.createScheduleWorker());
  return started;
}
