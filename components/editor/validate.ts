/**
 * Validation shown on the canvas (a marker on the node) and in the inspector. The server validates again
 * on save; this is the quick feedback while editing.
 */
import type { CatalogueEntry, FlowEdge, FlowNode, JsonSchema, WeftFlowNode } from './types';
import { inputPorts } from './ports';

function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

function requiredParamProblems(schema: JsonSchema | undefined, params: Record<string, unknown>): string[] {
  if (!schema?.properties || !schema.required) return [];
  const out: string[] = [];
  for (const key of schema.required) {
    const prop = schema.properties[key];
    if (prop && prop.default !== undefined) continue;
    if (isEmpty(params[key])) out.push(`"${prop?.title ?? key}" is required.`);
  }
  return out;
}

export function nodeProblems(
  node: WeftFlowNode,
  def: CatalogueEntry | undefined,
  incomingPorts: Set<string>,
): string[] {
  if (!def) return [`Unknown node type "${node.data.type}". Install its plugin or replace the node.`];
  const problems = requiredParamProblems(def.paramsSchema, node.data.params ?? {});
  for (const slot of def.credentials ?? []) {
    if (slot.required && !node.data.credentials?.[slot.name]) problems.push(`Pick a credential for "${slot.name}".`);
  }
  if (!def.trigger) {
    const required = inputPorts(def, node.data).filter((p) => !p.optional);
    const missing = required.filter((p) => !incomingPorts.has(p.name));
    if (required.length && missing.length === required.length) {
      problems.push(required.length === 1 ? 'Input is not connected.' : `Connect input ${missing.map((p) => p.label ?? p.name).join(', ')}.`);
    }
  }
  return problems;
}

/** Problems per node id (only nodes that have some). */
export function validateAll(nodes: FlowNode[], edges: FlowEdge[], catalogue: Map<string, CatalogueEntry>): Record<string, string[]> {
  if (catalogue.size === 0) return {};
  const incoming = new Map<string, Set<string>>();
  for (const e of edges) {
    const set = incoming.get(e.target) ?? new Set<string>();
    set.add(e.targetHandle ?? 'main');
    incoming.set(e.target, set);
  }
  const out: Record<string, string[]> = {};
  for (const n of nodes) {
    if (n.type !== 'weft') continue;
    const p = nodeProblems(n, catalogue.get(n.data.type), incoming.get(n.id) ?? new Set());
    if (p.length) out[n.id] = p;
  }
  return out;
}
