/**
 * Every node type Weft knows. Each group file is a plain list of definitions; add a node to its group.
 */
import type { NodeDefinition, NodeRegistry } from '../server/engine/node';
import { coreNodes } from './groups/core';
import { flowNodes } from './groups/flow';
import { aiNodes } from './groups/ai';
import { triggerNodes } from './groups/triggers';
import { n8nNodes } from './groups/n8n';
import { codeNodes } from './groups/code';
import { saasNodes } from './groups/saas';

export const allNodes: NodeDefinition[] = [...triggerNodes, ...coreNodes, ...flowNodes, ...codeNodes, ...n8nNodes, ...saasNodes, ...aiNodes];

function buildRegistry(defs: NodeDefinition[]): NodeRegistry {
  const map = new Map<string, NodeDefinition>();
  for (const def of defs) {
    if (map.has(def.type)) throw new Error(`Node type "${def.type}" is registered twice`);
    map.set(def.type, def);
  }
  return map;
}

export const registry: NodeRegistry = buildRegistry(allNodes);
