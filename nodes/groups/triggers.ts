import type { NodeDefinition } from '../../server/engine/node';
import webhook from '../webhook';
import scheduleTrigger from '../scheduleTrigger';
import respondToWebhook from '../respondToWebhook';
import formTrigger from '../formTrigger';
import form from '../form';
import chatTrigger from '../chatTrigger';
import rssFeedReadTrigger from '../rssFeedReadTrigger';
import telegramTrigger from '../telegramTrigger';
import gmailTrigger from '../gmailTrigger';
import googleSheetsTrigger from '../googleSheetsTrigger';
import mcpTrigger from '../mcpTrigger';

export const triggerNodes: NodeDefinition[] = [webhook, scheduleTrigger, respondToWebhook, formTrigger, form, chatTrigger, rssFeedReadTrigger, telegramTrigger, gmailTrigger, googleSheetsTrigger, mcpTrigger] as NodeDefinition[];
