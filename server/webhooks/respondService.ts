/**
 * Wires ctx.services.respondToWebhook into the runtime: importing this module (server/triggers/index.ts does)
 * registers the service for every node run of this process.
 */
import { db } from '../db';
import { redis } from '../redis';
import { registerServices } from '../runtime/services';
import { publishWebhookResponse } from './respond';

let registered = false;

export function registerWebhookResponseService(): void {
  if (registered) return;
  registered = true;
  registerServices(({ execution }) => ({
    respondToWebhook: (response) => publishWebhookResponse(db(), redis(), execution.id, execution.workflowId, response),
  }));
}

registerWebhookResponseService();
