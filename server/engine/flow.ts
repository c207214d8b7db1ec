/**
 * Item flow helpers shared by the in-memory runner and the Postgres runtime:
 * which trigger starts an execution, and how a run's sources become its input items.
 */
import type { NodeRegistry } from './node';
import type { ExecutionMode, GraphNode, Item, WorkflowGraph } from './types';
import type { Source } from './plan';
import type { RunView } from './expression';

export class WorkflowStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkflowStartError';
  }
}

const TRIGGER_FOR_MODE: Partial<Record<ExecutionMode, string[]>> = {
  manual: ['manualTrigger'],
  cli: ['manualTrigger'],
  webhook: ['webhook'],
  schedule: ['scheduleTrigger'],
  subworkflow: ['executeWorkflowTrigger'],
  chat: ['chatTrigger'],
};

/** The node an execution starts from: the one named, else a trigger fitting the mode, else any trigger. */
export function chooseTrigger(graph: WorkflowGraph, registry: NodeRegistry, mode: ExecutionMode, triggerNodeId?: string): GraphNode {
  if (triggerNodeId) {
    const node = graph.nodes.find((n) => n.id === triggerNodeId || n.name === triggerNodeId);
    if (!node) throw new WorkflowStartError(`The workflow has no node "${triggerNodeId}" to start from`);
    return node;
  }
  const triggers = graph.nodes.filter((n) => !n.disabled && registry.get(n.type)?.trigger);
  const preferred = TRIGGER_FOR_MODE[mode] ?? [];
  const match = preferred.map((t) => triggers.find((n) => n.type === t)).find(Boolean) ?? triggers[0];
  if (!match) throw new WorkflowStartError('The workflow has no trigger node: add a Manual Trigger (or another trigger) to start it');
  return match;
}

/** Nodes reachable from the trigger that Weft cannot run: a run fails at once, naming them. */
export function unsupportedReachable(graph: WorkflowGraph, registry: NodeRegistry, startId: string): GraphNode[] {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const seen = new Set<string>();
  const stack = [startId];
  const bad: GraphNode[] = [];
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const node = byId.get(id);
    if (node && !node.disabled && (node.type === 'unsupported' || !registry.has(node.type))) bad.push(node);
    for (const c of graph.connections) if (c.from.node === id) stack.push(c.to.node);
  }
  return bad;
}

export interface SourceOutputs {
  (source: Source): Item[] | undefined;
}

/** Input items by port, concatenated in source order, with the segments pairedItem tracing needs. */
export function assembleInputs(sources: Source[], outputsOf: SourceOutputs, nameOf: (nodeId: string) => string) {
  const inputs: Record<string, Item[]> = {};
  const segments: RunView['inputs'] = {};
  for (const s of sources) {
    const items = outputsOf(s) ?? [];
    (inputs[s.toPort] ??= []).push(...items);
    (segments[s.toPort] ??= []).push({ node: nameOf(s.node), port: s.port, runIndex: s.runIndex, count: items.length });
  }
  return { inputs, segments };
}
