/** Workflow graph <-> React Flow nodes and edges. Edge ids derive from their endpoints. */
import type { Connection, GraphNode, StickyNote, WorkflowGraph } from '../../server/engine/types';
import type { FlowEdge, FlowNode, StickyFlowNode, WeftFlowNode, WeftNodeData } from './types';

export function edgeId(c: { source: string; sourceHandle?: string | null; target: string; targetHandle?: string | null }) {
  return `${c.source}:${c.sourceHandle ?? 'main'}->${c.target}:${c.targetHandle ?? 'main'}`;
}

export function toFlowNode(n: GraphNode): WeftFlowNode {
  const { id, position, ...rest } = n;
  return { id, type: 'weft', position: { x: position[0], y: position[1] }, data: rest as WeftNodeData };
}

export function toStickyNode(n: StickyNote): StickyFlowNode {
  return {
    id: n.id,
    type: 'sticky',
    position: { x: n.position[0], y: n.position[1] },
    width: n.width ?? 240,
    height: n.height ?? 160,
    zIndex: -1,
    data: { content: n.content, color: n.color },
  };
}

export function toFlowEdge(c: Connection): FlowEdge {
  const e = { source: c.from.node, sourceHandle: c.from.port, target: c.to.node, targetHandle: c.to.port };
  return { id: edgeId(e), type: 'count', ...e };
}

export function graphToFlow(graph: WorkflowGraph): { nodes: FlowNode[]; edges: FlowEdge[] } {
  const nodes: FlowNode[] = [...(graph.notes ?? []).map(toStickyNode), ...graph.nodes.map(toFlowNode)];
  return { nodes, edges: graph.connections.map(toFlowEdge) };
}

const round = (v: number) => Math.round(v);

export function flowNodeToGraph(n: WeftFlowNode): GraphNode {
  return { id: n.id, ...(n.data as Omit<GraphNode, 'id' | 'position'>), position: [round(n.position.x), round(n.position.y)] };
}

export function stickyToGraph(n: StickyFlowNode): StickyNote {
  const note: StickyNote = {
    id: n.id,
    content: n.data.content,
    position: [round(n.position.x), round(n.position.y)],
    width: round(n.width ?? n.measured?.width ?? 240),
    height: round(n.height ?? n.measured?.height ?? 160),
  };
  if (n.data.color !== undefined) note.color = n.data.color;
  return note;
}

export function flowEdgeToConnection(e: FlowEdge): Connection {
  return { from: { node: e.source, port: e.sourceHandle ?? 'main' }, to: { node: e.target, port: e.targetHandle ?? 'main' } };
}

export function flowToGraph(
  nodes: FlowNode[],
  edges: FlowEdge[],
  extras: Omit<WorkflowGraph, 'nodes' | 'connections' | 'notes'> = {},
): WorkflowGraph {
  const graph: WorkflowGraph = {
    ...extras,
    nodes: nodes.filter((n): n is WeftFlowNode => n.type === 'weft').map(flowNodeToGraph),
    connections: edges.map(flowEdgeToConnection),
  };
  const notes = nodes.filter((n): n is StickyFlowNode => n.type === 'sticky').map(stickyToGraph);
  if (notes.length) graph.notes = notes;
  return graph;
}

/** A node name unique among `taken`: "Transform", "Transform 1", "Transform 2", ... */
export function uniqueName(base: string, taken: Set<string>): string {
  if (!taken.has(base)) return base;
  const stem = base.replace(/ \d+$/, '');
  for (let i = 1; ; i++) {
    const candidate = `${stem} ${i}`;
    if (!taken.has(candidate)) return candidate;
  }
}

export function newId(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `n${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

/** The API's zod input for graphs is loose (index signatures); our interfaces are exact. Same data. */
export function graphInput<T = never>(graph: WorkflowGraph): T {
  return graph as unknown as T;
}
