/**
 * Static validation of a workflow graph against the node registry. Every error names the node and,
 * where there is one, the field, so the editor can show it on the node and the CLI can print it.
 */
import type { z } from 'zod';
import { resolvePorts, type NodeDefinition, type NodeRegistry } from './node';
import type { GraphNode, WorkflowGraph } from './types';
import { isExpressionValue } from './expression-syntax';

export interface ValidationIssue {
  nodeId?: string;
  nodeName?: string;
  field?: string;
  message: string;
}

export const ERROR_PORT = 'error';

/** Output ports of a node as the engine sees them: the plugin's plus `error` when onError routes errors. */
export function outputPortsOf(node: GraphNode, def: NodeDefinition): string[] {
  const ports = resolvePorts(def.outputs, node.params).map((p) => p.name);
  if (node.onError === 'errorOutput' && !ports.includes(ERROR_PORT)) ports.push(ERROR_PORT);
  return ports;
}

export function inputPortsOf(node: GraphNode, def: NodeDefinition): string[] {
  return resolvePorts(def.inputs, node.params).map((p) => p.name);
}

export function validateWorkflow(graph: WorkflowGraph, registry: NodeRegistry): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (!graph || !Array.isArray(graph.nodes) || !Array.isArray(graph.connections)) {
    return [{ message: 'A workflow needs a "nodes" array and a "connections" array' }];
  }
  const byId = new Map<string, GraphNode>();
  const names = new Set<string>();
  graph.nodes.forEach((node, index) => {
    const where = { nodeId: node?.id, nodeName: node?.name };
    if (!node || typeof node.id !== 'string' || !node.id) {
      issues.push({ message: `Node #${index + 1} has no id` });
      return;
    }
    if (typeof node.name !== 'string' || !node.name.trim()) issues.push({ ...where, field: 'name', message: `Node ${node.id} has no name` });
    if (byId.has(node.id)) issues.push({ ...where, field: 'id', message: `Node id "${node.id}" is used twice` });
    if (names.has(node.name)) issues.push({ ...where, field: 'name', message: `Node name "${node.name}" is used twice; names must be unique` });
    byId.set(node.id, node);
    names.add(node.name);
    const def = registry.get(node.type);
    if (!def) {
      issues.push({ ...where, field: 'type', message: `Node "${node.name}" has unknown type "${node.type}"` });
      return;
    }
    const versions = Array.isArray(def.version) ? def.version : [def.version];
    if (node.typeVersion !== undefined && !versions.includes(node.typeVersion)) {
      issues.push({ ...where, field: 'typeVersion', message: `Node "${node.name}": ${def.displayName} has no version ${node.typeVersion} (supported: ${versions.join(', ')})` });
    }
    issues.push(...validateParams(node, def));
  });

  for (const c of graph.connections) {
    const from = byId.get(c?.from?.node);
    const to = byId.get(c?.to?.node);
    if (!from) {
      issues.push({ message: `A connection starts at node "${c?.from?.node}", which does not exist` });
      continue;
    }
    if (!to) {
      issues.push({ nodeId: from.id, nodeName: from.name, message: `Node "${from.name}" connects to node "${c?.to?.node}", which does not exist` });
      continue;
    }
    const fromDef = registry.get(from.type);
    const toDef = registry.get(to.type);
    if (fromDef && !outputPortsOf(from, fromDef).includes(c.from.port)) {
      issues.push({ nodeId: from.id, nodeName: from.name, field: 'connections', message: `Node "${from.name}" has no output "${c.from.port}" (outputs: ${outputPortsOf(from, fromDef).join(', ') || 'none'})` });
    }
    if (toDef && !inputPortsOf(to, toDef).includes(c.to.port)) {
      issues.push({ nodeId: to.id, nodeName: to.name, field: 'connections', message: `Node "${to.name}" has no input "${c.to.port}" (inputs: ${inputPortsOf(to, toDef).join(', ') || 'none'})` });
    }
  }
  issues.push(...findIllegalCycles(graph, registry, byId));
  return issues;
}

/** Runs the node's zod schema; fields holding expressions are resolved at run time, so their issues are not reported now. */
export function validateParams(node: GraphNode, def: NodeDefinition): ValidationIssue[] {
  const result = (def.params as z.ZodType).safeParse(node.params ?? {});
  if (result.success) return [];
  const out: ValidationIssue[] = [];
  for (const issue of result.error.issues) {
    if (pathHoldsExpression(node.params, issue.path)) continue;
    const field = issue.path.map(String).join('.');
    out.push({ nodeId: node.id, nodeName: node.name, field: field || undefined, message: `Node "${node.name}"${field ? `, field "${field}"` : ''}: ${issue.message}` });
  }
  return out;
}

function pathHoldsExpression(params: unknown, path: PropertyKey[]): boolean {
  let cur: unknown = params;
  for (const key of path) {
    if (isExpressionValue(cur)) return true;
    if (cur === null || typeof cur !== 'object') return false;
    cur = (cur as Record<PropertyKey, unknown>)[key as string];
  }
  return isExpressionValue(cur);
}

/** Cycles are allowed only when they pass through a loop node (Loop Over Items). */
function findIllegalCycles(graph: WorkflowGraph, registry: NodeRegistry, byId: Map<string, GraphNode>): ValidationIssue[] {
  const isLoop = (id: string) => {
    const n = byId.get(id);
    return !!n && !!registry.get(n.type)?.loop;
  };
  const adj = new Map<string, string[]>();
  for (const c of graph.connections) {
    if (!byId.has(c?.from?.node) || !byId.has(c?.to?.node)) continue;
    if (isLoop(c.from.node) || isLoop(c.to.node)) continue;
    (adj.get(c.from.node) ?? adj.set(c.from.node, []).get(c.from.node)!).push(c.to.node);
  }
  // Tarjan's strongly connected components, iterative.
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const issues: ValidationIssue[] = [];
  for (const start of byId.keys()) {
    if (idx.has(start)) continue;
    const work: [string, number][] = [[start, 0]];
    while (work.length) {
      const frame = work[work.length - 1];
      const [v, i] = frame;
      if (i === 0 && !idx.has(v)) {
        idx.set(v, index);
        low.set(v, index++);
        stack.push(v);
        onStack.add(v);
      }
      const next = adj.get(v) ?? [];
      if (i < next.length) {
        frame[1]++;
        const w = next[i];
        if (!idx.has(w)) work.push([w, 0]);
        else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1][0];
        low.set(parent, Math.min(low.get(parent)!, low.get(v)!));
      }
      if (low.get(v) === idx.get(v)) {
        const scc: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          scc.push(w);
        } while (w !== v);
        const selfLoop = scc.length === 1 && (adj.get(v) ?? []).includes(v);
        if (scc.length > 1 || selfLoop) {
          const names = scc.map((id) => byId.get(id)!.name).reverse();
          const first = byId.get(scc[scc.length - 1])!;
          issues.push({ nodeId: first.id, nodeName: first.name, field: 'connections', message: `Nodes ${names.map((n) => `"${n}"`).join(' → ')} form a cycle that does not pass through a Loop Over Items node` });
        }
      }
    }
  }
  return issues;
}
