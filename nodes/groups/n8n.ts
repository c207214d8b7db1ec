import { executionDataNode } from '../executionData';
import { readWriteFileNode } from '../readWriteFile';
import type { NodeDefinition } from '../../server/engine/node';
import { airtableNode } from '../airtable';
import { convertToFile } from '../convertToFile';
import { dateTimeNode } from '../dateTime';
import { emailSendNode } from '../emailSend';
import { executeWorkflowNode } from '../executeWorkflow';
import { executeWorkflowTriggerNode } from '../executeWorkflowTrigger';
import { extractFromFile } from '../extractFromFile';
import { httpRequestNode } from '../httpRequest';
import { loopNode } from '../loop';
import { redisNode } from '../redis';
import { rssFeedReadNode } from '../rssFeedRead';
import { stopAndErrorNode } from '../stopAndError';
import { telegramNode } from '../telegram';
import { unsupportedNode } from '../unsupported';
import { waitNode } from '../wait';

export { UNSUPPORTED_NODE_TYPE } from '../unsupported';

export const n8nNodes: NodeDefinition[] = [
  httpRequestNode,
  loopNode,
  waitNode,
  executeWorkflowNode,
  executeWorkflowTriggerNode,
  stopAndErrorNode,
  dateTimeNode,
  extractFromFile,
  convertToFile,
  redisNode,
  rssFeedReadNode,
  telegramNode,
  emailSendNode,
  airtableNode,
  readWriteFileNode,
  executionDataNode,
  unsupportedNode,
] as NodeDefinition[];
