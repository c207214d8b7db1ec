import type { NodeDefinition } from '../../server/engine/node';
import { agentNode } from '../agent';
import { mcpToolNode } from '../mcpTool';
import { textClassifierNode } from '../textClassifier';
import { vectorStoreNode } from '../vectorStore';

export const aiNodes: NodeDefinition[] = [agentNode, mcpToolNode, textClassifierNode, vectorStoreNode] as unknown as NodeDefinition[];
