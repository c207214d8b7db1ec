import type { NodeDefinition } from '../../server/engine/node';
import webhook from '../webhook';
import scheduleTrigger from '../scheduleTrigger';
import respondToWebhook from '../respondToWebhook';

export const triggerNodes: NodeDefinition[] = [webhook, scheduleTrigger, respondToWebhook] as NodeDefinition[];
