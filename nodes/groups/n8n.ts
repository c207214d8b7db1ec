import type { NodeDefinition } from '../../server/engine/node';

export const n8nNodes: NodeDefinition[] = [];
