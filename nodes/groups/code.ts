import type { NodeDefinition } from '../../server/engine/node';

export const codeNodes: NodeDefinition[] = [];
