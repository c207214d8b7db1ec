import type { NodeDefinition } from '../../server/engine/node';
import webhook from '../webhook';
import scheduleTrigger from '../scheduleTrigger';
import respondToWebhook from '../respondToWebhook';
import formTrigger from '../formTrigger';
import form from '../form';
import chatTrigger from '../chatTrigger';

export const triggerNodes: NodeDefinition[] = [webhook, scheduleTrigger, respondToWebhook, formTrigger, form, chatTrigger] as NodeDefinition[];
