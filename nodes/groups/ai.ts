import type { NodeDefinition } from '../../server/engine/node';
import { agentNode } from '../agent';
import { mcpToolNode } from '../mcpTool';
import { openAiNode } from '../openAi';
import { textClassifierNode } from '../textClassifier';
import { vectorStoreNode } from '../vectorStore';

export const aiNodes: NodeDefinition[] = [agentNode, mcpToolNode, openAiNode, textClassifierNode, vectorStoreNode] as unknown as NodeDefinition[];
