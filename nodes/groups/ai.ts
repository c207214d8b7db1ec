import type { NodeDefinition } from '../../server/engine/node';

export const aiNodes: NodeDefinition[] = [];
