import type { NodeDefinition } from '../../server/engine/node';
import { mcpToolNode } from '../mcpTool';

export const aiNodes: NodeDefinition[] = [mcpToolNode as unknown as NodeDefinition];
