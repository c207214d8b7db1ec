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
  registerServices(({ execution }) => {
    // Only a request started by a webhook in 'responseNode' mode is waiting for this answer (n8n's rule);
    // otherwise the node passes its items through without a write or a publish.
    // A form's submitter waits for a Form Ending node in every mode, and for Respond to Webhook in 'responseNode'.
    const trigger = execution.graph?.nodes?.find((n) => n.id === execution.triggerNodeId);
    // A Wait node's resume request (server/webhooks/waiting.ts) waits the same way.
    const nodes = execution.graph?.nodes ?? [];
    const hasFormNode = nodes.some((n) => n.type === 'form' && !n.disabled);
    const waiting =
      (trigger?.type === 'webhook' && trigger.params?.responseMode === 'responseNode') ||
      (trigger?.type === 'formTrigger' && (trigger.params?.responseMode === 'responseNode' || hasFormNode)) ||
      nodes.some((n) => n.type === 'wait' && !n.disabled && ((n.params?.resume === 'webhook' && n.params?.responseMode === 'responseNode') || (n.params?.resume === 'form' && hasFormNode)));
    if (!waiting) return {};
    return {
      respondToWebhook: (response) => publishWebhookResponse(db(), redis(), execution.id, execution.workflowId, response),
    };
  });
}

registerWebhookResponseService();
