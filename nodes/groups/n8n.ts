import type { NodeDefinition } from '../../server/engine/node';
import { executeWorkflowNode } from '../executeWorkflow';
import { executeWorkflowTriggerNode } from '../executeWorkflowTrigger';
import { loopNode } from '../loop';
import { stopAndErrorNode } from '../stopAndError';
import { unsupportedNode } from '../unsupported';

export { UNSUPPORTED_NODE_TYPE } from '../unsupported';

export const n8nNodes: NodeDefinition[] = [
  loopNode,
  executeWorkflowNode,
  executeWorkflowTriggerNode,
  stopAndErrorNode,
  unsupportedNode,
] as NodeDefinition[];
