/**
 * Pasting workflow JSON (a copied fragment or a whole workflow): new ids, unique names, positions moved
 * to the pointer (or offset), connections between pasted nodes kept, the pasted nodes selected.
 */
import type { XYPosition } from '@xyflow/react';
import type { WorkflowGraph } from '../../server/engine/types';
import { edgeId, newId, toFlowNode, uniqueName } from './convert';
import type { FlowEdge, FlowNode } from './types';

export function pasteFragment(
  json: string,
  at: XYPosition | undefined,
  nodes: FlowNode[],
  edges: FlowEdge[],
  taken: Set<string>,
): { nodes: FlowNode[]; edges: FlowEdge[]; count: number } | null {
  let graph: WorkflowGraph;
  try {
    graph = JSON.parse(json) as WorkflowGraph;
  } catch {
    return null;
  }
  if (!graph || !Array.isArray(graph.nodes)) return null;
  const notes = Array.isArray(graph.notes) ? graph.notes : [];
  const all = [...graph.nodes.map((n) => n.position), ...notes.map((n) => n.position)];
  if (!all.length) return null;
  const minX = Math.min(...all.map((p) => p[0]));
  const minY = Math.min(...all.map((p) => p[1]));
  const dx = at ? at.x - minX : 40;
  const dy = at ? at.y - minY : 40;
  const idMap = new Map<string, string>();
  const pasted: FlowNode[] = [];
  for (const n of graph.nodes) {
    const id = newId();
    const name = uniqueName(n.name, taken);
    taken.add(name);
    idMap.set(n.id, id);
    pasted.push({ ...toFlowNode({ ...n, id, name, position: [n.position[0] + dx, n.position[1] + dy] }), selected: true });
  }
  for (const s of notes) {
    pasted.push({
      id: newId(),
      type: 'sticky',
      position: { x: s.position[0] + dx, y: s.position[1] + dy },
      width: s.width ?? 240,
      height: s.height ?? 160,
      zIndex: -1,
      selected: true,
      data: { content: s.content, color: s.color },
    });
  }
  const newEdges: FlowEdge[] = [];
  for (const c of graph.connections ?? []) {
    const source = idMap.get(c.from.node);
    const target = idMap.get(c.to.node);
    if (!source || !target) continue;
    const e = { source, sourceHandle: c.from.port, target, targetHandle: c.to.port };
    newEdges.push({ ...e, id: edgeId(e), type: 'count' });
  }
  return {
    nodes: [...nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), ...pasted],
    edges: [...edges.map((e) => (e.selected ? { ...e, selected: false } : e)), ...newEdges],
    count: pasted.length,
  };
}
