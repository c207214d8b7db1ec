import type { NodeDefinition } from '../../server/engine/node';
import { agentNode } from '../agent';
import { mcpToolNode } from '../mcpTool';

export const aiNodes: NodeDefinition[] = [agentNode, mcpToolNode] as unknown as NodeDefinition[];
