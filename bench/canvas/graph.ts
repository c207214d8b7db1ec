/**
 * A large workflow for the canvas benchmark: a manual trigger feeding `rows` chains of Edit Fields /
 * If / No Operation nodes laid out on a grid, about one connection per node.
 */
import type { Connection, GraphNode, WorkflowGraph } from '../../server/engine/types';

export function largeWorkflow(total = 1000, columns = 25): WorkflowGraph {
  const nodes: GraphNode[] = [
    { id: 'trigger', name: 'Manual Trigger', type: 'manualTrigger', typeVersion: 1, params: {}, position: [0, 0] },
  ];
  const connections: Connection[] = [];
  const types = ['transform', 'condition', 'noOp'] as const;
  for (let i = 1; i < total; i++) {
    const row = Math.floor((i - 1) / columns);
    const col = (i - 1) % columns;
    const type = types[i % types.length]!;
    const id = `n${i}`;
    nodes.push({
      id,
      name: `Step ${i}`,
      type,
      typeVersion: 1,
      params: type === 'transform' ? { assignments: [{ name: 'step', value: i, type: 'number' }] } : {},
      position: [300 + col * 280, row * 160],
    });
    const prev = col === 0 ? 'trigger' : `n${i - 1}`;
    const prevType = col === 0 ? 'manualTrigger' : types[(i - 1) % types.length];
    connections.push({ from: { node: prev, port: prevType === 'condition' ? 'true' : 'main' }, to: { node: id, port: 'main' } });
  }
  return { nodes, connections };
}
