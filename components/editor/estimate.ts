/**
 * For large workflows: React Flow renders every node once to measure its handles, even with
 * onlyRenderVisibleElements. Nodes that come with estimated handles and size skip that pass; each node's
 * real handles are measured when it first scrolls into view (the store then drops the estimate).
 */
import { Position } from '@xyflow/react';
import { outputPorts } from './ports';
import type { CatalogueEntry, FlowNode } from './types';

export const LARGE_GRAPH = 300;
const WIDTH = 220;
const HEADER = 44;
const ROW = 22;

export function withEstimatedHandles(nodes: FlowNode[], catalogue: Map<string, CatalogueEntry>): FlowNode[] {
  return nodes.map((n) => {
    if (n.type !== 'weft') return n;
    const def = catalogue.get(n.data.type);
    const inputs = def ? (def.trigger ? [] : def.inputs) : [{ name: 'main' }];
    const outputs = outputPorts(def, n.data);
    const labelled = (p: { name: string }[]) => p.length > 1 || p.some((x) => x.name !== 'main');
    const compact = !labelled(inputs) && !labelled(outputs);
    const handles = compact
      ? [
          ...inputs.map((p) => ({ id: p.name, type: 'target' as const, position: Position.Left, x: -5, y: HEADER / 2 - 5, width: 10, height: 10 })),
          ...outputs.map((p) => ({ id: p.name, type: 'source' as const, position: Position.Right, x: WIDTH - 5, y: HEADER / 2 - 5, width: 10, height: 10 })),
        ]
      : [
          ...inputs.map((p, i) => ({ id: p.name, type: 'target' as const, position: Position.Left, x: -10, y: HEADER + 2 + 4 + i * ROW + 6, width: 10, height: 10 })),
          ...outputs.map((p, i) => ({ id: p.name, type: 'source' as const, position: Position.Right, x: WIDTH, y: HEADER + 2 + 4 + i * ROW + 6, width: 10, height: 10 })),
        ];
    const rows = Math.max(inputs.length, outputs.length, 1);
    const height = compact ? HEADER + 2 : HEADER + 3 + rows * ROW + 8;
    return { ...n, handles, initialWidth: WIDTH, initialHeight: height };
  });
}
