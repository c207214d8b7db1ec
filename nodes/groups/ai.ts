import type { NodeDefinition } from '../../server/engine/node';
import { agentNode } from '../agent';
import { mcpToolNode } from '../mcpTool';
import { textClassifierNode } from '../textClassifier';

export const aiNodes: NodeDefinition[] = [agentNode, mcpToolNode, textClassifierNode] as unknown as NodeDefinition[];
