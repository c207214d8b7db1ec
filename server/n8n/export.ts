/**
 * Weft graph -> n8n workflow JSON that n8n 2.x imports. A node imported from n8n whose params have not changed
 * since import is written back exactly as it came (type, version, parameters, folded sub-nodes); any other
 * node goes through the reverse mapper of its Weft type (./reverse). Unsupported nodes are written back
 * verbatim from what they hold.
 */
import type { CredentialRef, GraphNode, WorkflowDocument, WorkflowGraph } from '../engine/types';
import { resolvePorts, type NodeRegistry } from '../engine/node';
import { registry as defaultRegistry } from '../../nodes/registry';
import { reverseMappers } from './reverse';
import { entryId, type Params, type SubNodeOut } from './reverse/types';
import { AI_CONNECTION_PREFIX, STICKY_NOTE, type N8nConnections, type N8nNode, type N8nWorkflow } from './types';

export interface ExportOptions {
  /** Workflow name (default: the graph's name). */
  name?: string;
  /** n8n workflow id to write (n8n's CLI import needs one to update a workflow in place). */
  id?: string;
  registry?: NodeRegistry;
}

export interface ExportResult {
  workflow: N8nWorkflow;
  /** What could not be expressed in n8n, per node. */
  warnings: string[];
}

/** What the importer keeps on each node (server/n8n/import.ts). */
interface N8nExtra {
  type: string;
  typeVersion?: number;
  parameters?: Params;
  credentials?: Record<string, unknown>;
  rest?: Params;
  mappedParams?: string;
  outputs?: string[];
  inputs?: string[];
  subnodes?: { node: N8nNode; connectionType: string; index?: number }[];
}

const ON_ERROR = { continue: 'continueRegularOutput', errorOutput: 'continueErrorOutput' } as const;
/** Node fields the Weft graph owns: never taken from what the importer kept. */
const OWNED_FIELDS = new Set(['disabled', 'notes', 'retryOnFail', 'maxTries', 'waitBetweenTries', 'onError', 'continueOnFail', 'alwaysOutputData', 'executeOnce']);

export function exportN8nWorkflow(graph: WorkflowDocument | WorkflowGraph, opts: ExportOptions = {}): N8nWorkflow {
  return exportN8n(graph, opts).workflow;
}

export function n8nExtra(node: GraphNode): N8nExtra | undefined {
  const e = node.extra?.n8n;
  return e && typeof e === 'object' && typeof (e as N8nExtra).type === 'string' ? (e as N8nExtra) : undefined;
}

/**
 * True when the node came from n8n and its params are what the importer produced. Compared without regard
 * to key order: Postgres (jsonb) gives objects back with their keys reordered.
 */
export function isUnchangedImport(node: GraphNode): boolean {
  const e = n8nExtra(node);
  if (!e || typeof e.mappedParams !== 'string') return false;
  try {
    return canonical(node.params) === canonical(JSON.parse(e.mappedParams));
  } catch {
    return false;
  }
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Params).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

export function exportN8n(graph: WorkflowDocument | WorkflowGraph, opts: ExportOptions = {}): ExportResult {
  const registry = opts.registry ?? defaultRegistry;
  const warnings: string[] = [];
  const doc = graph as WorkflowDocument;
  const meta = (graph.meta?.n8n ?? {}) as Params;
  const taken = new Set(graph.nodes.map((n) => n.name));
  const uniqueName = (wanted: string) => {
    let name = wanted;
    for (let i = 1; taken.has(name); i++) name = `${wanted}${i}`;
    taken.add(name);
    return name;
  };

  const nodes: N8nNode[] = [];
  const connections: N8nConnections = {};
  const ports = new Map<string, { name: string; outputs: string[]; inputs: string[] }>();
  const addConnection = (from: string, type: string, outputIndex: number, to: string, inputIndex: number) => {
    const byType = (connections[from] ??= {});
    const outputs = (byType[type] ??= []) as ({ node: string; type: string; index: number }[] | null)[];
    while (outputs.length <= outputIndex) outputs.push([]);
    const list = (outputs[outputIndex] ??= []);
    if (!list.some((t) => t.node === to && t.type === type && t.index === inputIndex)) list.push({ node: to, type, index: inputIndex });
  };
  const emittedSubnodes = new Map<string, string>();
  const padded: { name: string; ai: string[]; mainOutputs: number }[] = [];

  for (const node of graph.nodes) {
    const warn = (m: string) => warnings.push(`${node.name}: ${m}`);
    const extra = n8nExtra(node);
    const out: N8nNode = { id: node.id, name: node.name, type: '', typeVersion: 1, position: [node.position[0], node.position[1]], parameters: {} };
    let outputs: string[];
    let inputs: string[];
    let subnodes: SubNodeOut[] = [];

    if (node.type === 'unsupported') {
      const p = node.params;
      out.type = String(p.originalType ?? extra?.type ?? 'n8n-nodes-base.noOp');
      out.typeVersion = typeof p.originalTypeVersion === 'number' ? p.originalTypeVersion : (extra?.typeVersion ?? 1);
      out.parameters = (p.originalParameters as Params) ?? {};
      const creds = p.originalCredentials as Record<string, unknown> | undefined;
      if (creds && Object.keys(creds).length) out.credentials = creds;
      outputs = mainPorts(p.outputNames, extra?.outputs);
      inputs = mainPorts(p.inputNames, extra?.inputs);
      restoreSubnodes(extra, subnodes);
    } else if (extra && isUnchangedImport(node)) {
      out.type = extra.type;
      out.typeVersion = extra.typeVersion ?? 1;
      out.parameters = extra.parameters ?? {};
      if (extra.credentials && Object.keys(extra.credentials).length) out.credentials = extra.credentials;
      outputs = [...(extra.outputs ?? ['main'])];
      inputs = [...(extra.inputs ?? ['main'])];
      restoreSubnodes(extra, subnodes);
    } else {
      const reverse = reverseMappers[node.type];
      const def = registry.get(node.type);
      if (!reverse || !def) {
        warn(`Weft's ${node.type} node has no n8n counterpart; exported as a No Operation node`);
        out.type = 'n8n-nodes-base.noOp';
        outputs = ['main'];
        inputs = ['main'];
      } else {
        const exportGraph = (g: unknown) => exportN8n(g as WorkflowGraph, { registry }).workflow;
        const exportNode = (n: GraphNode) => {
          const r = reverseMappers[n.type];
          return Object.hasOwn(reverseMappers, n.type) && registry.get(n.type) ? r({ node: n, params: n.params ?? {}, warn, exportGraph }) : undefined;
        };
        const mapping = reverse({ node, params: node.params ?? {}, warn, exportGraph, exportNode });
        out.type = mapping.type;
        out.typeVersion = mapping.typeVersion;
        out.parameters = mapping.parameters;
        const creds = mapping.credentials ?? (extra?.credentials as Record<string, CredentialRef> | undefined) ?? slotCredentials(node);
        if (creds && Object.keys(creds).length) out.credentials = creds;
        outputs = resolvePorts(def.outputs, node.params ?? {}).map((p) => p.name);
        inputs = resolvePorts(def.inputs, node.params ?? {}).map((p) => p.name);
        subnodes = mapping.subnodes ?? [];
      }
    }
    if (node.onError === 'errorOutput' && node.type !== 'unsupported') outputs.push('error');

    for (const [k, v] of Object.entries(extra?.rest ?? {})) if (!OWNED_FIELDS.has(k) && v !== undefined && !(k in out)) out[k] = v;
    if (node.disabled) out.disabled = true;
    if (node.notes) out.notes = node.notes;
    if (node.retry?.retryOnFail) Object.assign(out, { retryOnFail: true, maxTries: node.retry.maxTries, waitBetweenTries: node.retry.waitBetweenTries });
    if (node.onError && node.onError !== 'stop') out.onError = ON_ERROR[node.onError];
    if (node.alwaysOutputData) out.alwaysOutputData = true;
    if (node.executeOnce) out.executeOnce = true;
    if (needsWebhookId(out.type) && !out.webhookId) out.webhookId = entryId(node.id, 'webhook');
    nodes.push(out);
    ports.set(node.id, { name: node.name, outputs, inputs });
    if (node.type === 'unsupported') {
      const names = Array.isArray(node.params.outputNames) ? node.params.outputNames.map(String) : [];
      padded.push({ name: node.name, ai: names.filter((x) => x.startsWith(AI_CONNECTION_PREFIX)), mainOutputs: outputs.length });
    }

    // Sub-nodes first, then their connections: a nested one (`into`: an auto-fixing parser) connects to
    // the sub-node it feeds, under the name that sub-node was written with.
    const written = new Map<string, string>();
    for (const s of subnodes) {
      let subName = emittedSubnodes.get(s.node.id ?? s.node.name);
      if (!subName) {
        subName = uniqueName(s.node.name);
        emittedSubnodes.set(s.node.id ?? s.node.name, subName);
        nodes.push({ ...s.node, name: subName });
      }
      written.set(s.node.name, subName);
    }
    for (const s of subnodes) {
      const into = (s as { into?: string }).into;
      addConnection(written.get(s.node.name)!, s.connectionType, 0, into ? (written.get(into) ?? into) : node.name, (s as { index?: number }).index ?? 0);
    }
  }

  for (const c of graph.connections) {
    const from = ports.get(c.from.node);
    const to = ports.get(c.to.node);
    if (!from || !to) {
      warnings.push(`A connection refers to a node that is not in the workflow (${!from ? c.from.node : c.to.node}); it was left out`);
      continue;
    }
    if (c.from.port.startsWith(AI_CONNECTION_PREFIX)) {
      addConnection(from.name, c.from.port, 0, to.name, 0);
      continue;
    }
    const outputIndex = from.outputs.indexOf(c.from.port);
    const inputIndex = to.inputs.indexOf(c.to.port);
    if (outputIndex < 0 || inputIndex < 0) {
      warnings.push(`The connection ${from.name}.${c.from.port} -> ${to.name}.${c.to.port} names a port the n8n node does not have; it was left out`);
      continue;
    }
    addConnection(from.name, 'main', outputIndex, to.name, inputIndex);
  }

  // n8n lists every output of a node, connected or not: keep the ones the original file had (after the
  // real connections, so that the order of sources, which the importer reads, stays the original's).
  for (const p of padded) {
    for (const type of p.ai) (connections[p.name] ??= {})[type] ??= [[]];
    if (p.mainOutputs > 1) {
      const main = ((connections[p.name] ??= {}).main ??= []) as unknown[];
      while (main.length < p.mainOutputs) main.push([]);
    }
  }

  for (const note of graph.notes ?? []) {
    nodes.push({
      id: note.id,
      name: uniqueName('Sticky Note'),
      type: STICKY_NOTE,
      typeVersion: 1,
      position: [note.position[0], note.position[1]],
      parameters: { content: note.content, height: note.height ?? 160, width: note.width ?? 240, ...(note.color !== undefined ? { color: note.color } : {}) },
    });
  }

  const workflow: N8nWorkflow = {
    name: opts.name ?? doc.name ?? (typeof meta.name === 'string' ? meta.name : 'Weft workflow'),
    nodes,
    connections,
    pinData: exportPinData(graph),
    settings: exportSettings(graph, meta),
  };
  if (opts.id) workflow.id = opts.id;
  if (meta.meta && typeof meta.meta === 'object') workflow.meta = meta.meta as Params;
  if (Array.isArray(meta.tags)) workflow.tags = meta.tags;
  return { workflow, warnings };
}

/** Main port names of an unsupported node (AI ports are carried by their connection type instead). */
function mainPorts(names: unknown, fallback: string[] | undefined): string[] {
  const list = Array.isArray(names) ? names.map(String) : (fallback ?? ['main']);
  const main = list.filter((n) => !n.startsWith(AI_CONNECTION_PREFIX));
  return main.length ? main : ['main'];
}

function restoreSubnodes(extra: N8nExtra | undefined, into: SubNodeOut[]): void {
  for (const s of extra?.subnodes ?? []) if (s?.node && typeof s.connectionType === 'string') into.push(s as SubNodeOut);
}

/** Weft slots as n8n credentials: httpRequest and webhook slots are named after n8n credential types. */
function slotCredentials(node: GraphNode): Record<string, CredentialRef> | undefined {
  if (!node.credentials) return undefined;
  return Object.fromEntries(Object.entries(node.credentials).map(([slot, ref]) => [slot, { id: ref.id, name: ref.name ?? ref.id }]));
}

const WEBHOOK_TYPES = new Set(['n8n-nodes-base.webhook', 'n8n-nodes-base.wait', 'n8n-nodes-base.formTrigger', '@n8n/n8n-nodes-langchain.chatTrigger']);
const needsWebhookId = (type: string) => WEBHOOK_TYPES.has(type);

function exportPinData(graph: WorkflowGraph): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const [name, items] of Object.entries(graph.pinData ?? {})) {
    out[name] = (items ?? []).map((it) => ({ json: it.json, ...(it.binary ? { binary: it.binary } : {}), ...(it.pairedItem !== undefined ? { pairedItem: it.pairedItem } : {}) }));
  }
  return out;
}

function exportSettings(graph: WorkflowGraph, meta: Params): Params {
  const original = meta.settings && typeof meta.settings === 'object' ? (meta.settings as Params) : {};
  const s = graph.settings ?? {};
  const settings: Params = { executionOrder: 'v1', ...original };
  for (const [k, v] of Object.entries(s)) if (!['timezone', 'executionTimeoutMs', 'allowEnvInExpressions'].includes(k) && v !== undefined) settings[k] = v;
  if (s.timezone) settings.timezone = s.timezone;
  if (typeof s.executionTimeoutMs === 'number' && s.executionTimeoutMs > 0) settings.executionTimeout = Math.max(1, Math.round(s.executionTimeoutMs / 1000));
  return settings;
}
