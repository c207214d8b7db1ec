/** Why a connection may not be made, or null when it may. Shown to the person as a toast. */
import type { CatalogueEntry, FlowEdge, FlowNode } from './types';

export interface ProposedConnection {
  source: string;
  sourceHandle?: string | null;
  target: string;
  targetHandle?: string | null;
}

function reaches(from: string, to: string, edges: FlowEdge[]): boolean {
  const out = new Map<string, string[]>();
  for (const e of edges) out.set(e.source, [...(out.get(e.source) ?? []), e.target]);
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length) {
    const id = stack.pop()!;
    if (id === to) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(out.get(id) ?? []));
  }
  return false;
}

export function connectionProblem(
  c: ProposedConnection,
  nodes: FlowNode[],
  edges: FlowEdge[],
  catalogue: Map<string, CatalogueEntry>,
): string | null {
  if (c.source === c.target) return 'A node cannot connect to itself.';
  const source = nodes.find((n) => n.id === c.source);
  const target = nodes.find((n) => n.id === c.target);
  if (!source || !target || source.type !== 'weft' || target.type !== 'weft') return 'Connect node ports only.';
  const targetDef = catalogue.get(target.data.type);
  if (targetDef?.trigger) return `${target.data.name} is a trigger: it starts the workflow and takes no input.`;
  if (!c.targetHandle) return `Drop the connection on an input of ${target.data.name}.`;
  const sourcePort = c.sourceHandle ?? 'main';
  if (
    edges.some(
      (e) => e.source === c.source && (e.sourceHandle ?? 'main') === sourcePort && e.target === c.target && e.targetHandle === c.targetHandle,
    )
  ) {
    return 'These ports are already connected.';
  }
  // A cycle is only allowed through a loop node (Loop Over Items), which decides when to leave it.
  if (reaches(c.target, c.source, edges)) {
    const sourceDef = catalogue.get(source.data.type);
    if (!targetDef?.loop && !sourceDef?.loop) {
      return `Connecting ${source.data.name} to ${target.data.name} would make a cycle. Use a Loop node to repeat work.`;
    }
  }
  return null;
}
