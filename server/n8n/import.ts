/**
 * n8n workflow JSON -> Weft graph, with a report. Real exports are messy (nodes without ids, partial
 * files, credentials as strings, null outputs, connections naming no node, AI connection types); none
 * of it may throw. What cannot be mapped is kept as an 'unsupported' node, never dropped.
 */
import { createHash } from 'node:crypto';
import type { Connection, GraphNode, Item, StickyNote, WorkflowDocument } from '../engine/types';
import { latestVersion } from '../engine/node';
import { registry } from '../../nodes/registry';
import { validateWorkflow } from '../engine/validate';
import { getExpressionEngine } from '../engine/expression';
import { buildMappers, FOLDABLE_SUBNODES, FOLDING_ROOTS, foldedWeftType, foldsInto, foldSubnode, VECTOR_NESTING } from './mappers';
import type { Mapper, Mapping } from './mappers/types';
import { arr, num, obj, str, type Params } from './mappers/util';
import { AI_CONNECTION_PREFIX, STICKY_NOTE, type ImportReport, type N8nNode, type N8nWorkflow } from './types';

export class N8nImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'N8nImportError';
  }
}

/** LangChain root nodes into which sub-nodes fold (agent, chains, classifier, extractor). */
const isFoldingRoot = (type: string) => Object.hasOwn(FOLDING_ROOTS, type);

export interface ImportResult {
  graph: WorkflowDocument;
  report: ImportReport;
}

/** Parses text or takes an object; throws N8nImportError only when there is no workflow at all. */
export function parseN8nDocument(input: unknown): N8nWorkflow {
  let doc = input;
  if (typeof doc === 'string') {
    try {
      doc = JSON.parse(doc);
    } catch (err) {
      throw new N8nImportError(`This is not JSON: ${(err as Error).message}`);
    }
  }
  if (Array.isArray(doc) && doc.length === 1) doc = doc[0];
  const d = obj(doc);
  if (!Array.isArray(d.nodes) && !d.connections) throw new N8nImportError('This is not an n8n workflow: it has neither "nodes" nor "connections"');
  return { ...d, nodes: arr<N8nNode>(d.nodes).filter((n) => n && typeof n === 'object' && typeof n.type === 'string'), connections: obj(d.connections) as N8nWorkflow['connections'] } as N8nWorkflow;
}

const stableId = (seed: string) => 'n8n-' + createHash('sha1').update(seed).digest('hex').slice(0, 12);
const position = (p: unknown): [number, number] => {
  const a = arr(p);
  return [num(a[0], 0), num(a[1], 0)];
};

export function importN8nWorkflow(input: unknown): ImportResult {
  const doc = parseN8nDocument(input);
  const mappers = buildMappers((sub) => importN8nWorkflow(sub).graph);
  const report: ImportReport = { nodes: [], expressions: [], credentials: [], warnings: [], counts: { nodes: 0, mapped: 0, folded: 0, unsupported: 0, notes: 0 }, mappedShare: 1 };
  const warn = (m: string) => report.warnings.push(m);

  // Names are unique in n8n; repair files where they are not (connections keep pointing at the first).
  const byName = new Map<string, N8nNode>();
  const ids = new Set<string>();
  const nodes: N8nNode[] = [];
  for (const raw of doc.nodes) {
    const node = { ...raw, name: str(raw.name) || str(raw.type).split('.').pop() || 'Node' };
    let name = node.name;
    for (let i = 1; byName.has(name); i++) name = `${node.name} ${i}`;
    if (name !== node.name) warn(`Two nodes are named "${node.name}"; the second is now "${name}"`);
    node.name = name;
    let id = typeof node.id === 'string' && node.id && !ids.has(node.id) ? node.id : stableId(`${name}\u0000${node.type}`);
    while (ids.has(id)) id = stableId(id);
    ids.add(id);
    node.id = id;
    byName.set(name, node);
    nodes.push(node);
  }

  // Who feeds whom through AI connections: target name -> [{ sub, type }]
  const aiInto = new Map<string, { sub: N8nNode; type: string; index: number }[]>();
  const aiTargetsOf = new Map<string, string[]>();
  for (const [source, byType] of Object.entries(doc.connections)) {
    const sub = byName.get(source);
    if (!sub) continue;
    for (const [type, outputs] of Object.entries(obj(byType))) {
      if (!type.startsWith(AI_CONNECTION_PREFIX)) continue;
      for (const targets of arr(outputs)) {
        for (const t of arr<Params>(targets)) {
          const target = str(t?.node);
          if (!byName.has(target)) continue;
          (aiInto.get(target) ?? aiInto.set(target, []).get(target)!).push({ sub, type, index: num(t.index, 0) });
          (aiTargetsOf.get(source) ?? aiTargetsOf.set(source, []).get(source)!).push(target);
        }
      }
    }
  }

  // A node that feeds another through an AI connection (a vector store used as a tool) is a sub-node, not a root.
  const isRoot = (n: N8nNode) => isFoldingRoot(n.type) && !aiTargetsOf.has(n.name);

  // Agents whose every sub-node folds; their sub-nodes leave the canvas. A root's sub-nodes include those
  // of an auto-fixing output parser connected to it (its parser and model), `into` naming that parser.
  const foldedInto = new Map<string, string>();
  const foldingRoots = new Set<string>();
  const trees = new Map<string, FoldEntry[]>();
  const treeOf = (root: string) => trees.get(root) ?? trees.set(root, foldTree(root, aiInto)).get(root)!;
  // A "<node> Tool" sub-node (n8n-nodes-base.gmailTool, ...) folds into an agent as a node tool when Weft maps the node.
  const toolMappings = new Map<string, { mapping: Mapping; warnings: string[] } | null>();
  const nodeTool = (rootType: string, sub: N8nNode): { mapping: Mapping; warnings: string[] } | undefined => {
    if (rootType !== AGENT_TYPE && rootType !== MCP_TRIGGER_TYPE) return undefined;
    if (!toolMappings.has(sub.name)) toolMappings.set(sub.name, nodeToolMapping(mappers, sub) ?? null);
    return toolMappings.get(sub.name) ?? undefined;
  };
  const folds = (rootType: string, sub: N8nNode) => foldsInto(rootType, sub) || nodeTool(rootType, sub) !== undefined;
  for (const node of nodes) {
    const subs = isRoot(node) ? treeOf(node.name) : [];
    if (isRoot(node) && subs.every((s) => folds(node.type, s.sub)) && !rootProblem(mappers, node)) foldingRoots.add(node.name);
  }
  // A sub-node shared with a root that does not fold (e.g. one model feeding two agents, one of which has a
  // tool Weft cannot run) must stay on the canvas for that root; then none of its roots can fold it away.
  for (let changed = true; changed; ) {
    changed = false;
    for (const root of [...foldingRoots]) {
      const subs = treeOf(root);
      const inTree = new Set(subs.map((s) => s.sub.name));
      if (subs.some((s) => (aiTargetsOf.get(s.sub.name) ?? []).some((t) => !foldingRoots.has(t) && !inTree.has(t)))) {
        foldingRoots.delete(root);
        changed = true;
      }
    }
  }
  for (const root of foldingRoots) for (const s of treeOf(root)) foldedInto.set(s.sub.name, root);

  const graphNodes: GraphNode[] = [];
  const notes: StickyNote[] = [];
  const mappings = new Map<string, Mapping & { unsupported?: boolean }>();

  for (const node of nodes) {
    const version = num(node.typeVersion, 1);
    const params = obj(node.parameters);
    if (node.type === STICKY_NOTE) {
      notes.push({ id: node.id!, content: str(params.content), position: position(node.position), width: num(params.width, 240), height: num(params.height, 160), color: num(params.color, 1) });
      report.nodes.push({ name: node.name, n8nType: node.type, typeVersion: version, status: 'note' });
      continue;
    }
    if (foldedInto.has(node.name)) {
      const into = foldedInto.get(node.name)!;
      const weftType = foldedWeftType(byName.get(into)?.type);
      report.nodes.push({ name: node.name, n8nType: node.type, typeVersion: version, status: 'folded', weftType, into });
      continue;
    }
    let mapping: (Mapping & { unsupported?: boolean }) | undefined;
    let reason = '';
    const mapper: Mapper | undefined = Object.hasOwn(mappers, node.type) ? mappers[node.type] : undefined;
    const nodeWarn = (m: string) => warn(`${node.name}: ${m}`);
    if (mapper && (!isRoot(node) || foldingRoots.has(node.name))) {
      try {
        const result = mapper({ node, params, version, warn: nodeWarn });
        if ('unsupported' in result) reason = result.unsupported;
        else mapping = result;
      } catch (err) {
        reason = `The importer could not read its parameters (${(err as Error).message})`;
      }
    } else if (mapper !== undefined) {
      const subs = treeOf(node.name);
      const cannot = subs.filter((s) => !folds(node.type, s.sub)).map((s) => s.sub.type.split('.').pop() + (obj(s.sub.parameters).language === 'python' ? ' (Python)' : ''));
      const shared = subs.filter((s) => (aiTargetsOf.get(s.sub.name) ?? []).some((t) => t !== node.name && !foldingRoots.has(t))).map((s) => `"${s.sub.name}"`);
      reason =
        rootProblem(mappers, node) ??
        (cannot.length
        ? `It uses AI sub-nodes Weft cannot run: ${cannot.join(', ')}`
        : `Its sub-node${shared.length === 1 ? '' : 's'} ${shared.join(', ')} also feed${shared.length === 1 ? 's' : ''} a node Weft cannot run, so ${shared.length === 1 ? 'it stays on the canvas as an n8n node' : 'they stay on the canvas as n8n nodes'}`);
    } else {
      const roots = [...new Set(aiTargetsOf.get(node.name) ?? [])];
      reason =
        roots.length && FOLDABLE_SUBNODES.has(node.type)
          ? `It is an AI sub-node of ${roots.map((r) => `"${r}"`).join(', ')}, which Weft cannot run as it is, so it stays on the canvas with ${roots.length === 1 ? 'it' : 'them'}`
          : `Weft has no ${node.type.split('.').pop()} node yet`;
    }
    if (mapping && !registry.has(mapping.type)) {
      reason = `Weft has no ${mapping.type} node`;
      mapping = undefined;
    }
    const credentials = obj(node.credentials);
    const credentialSlots: Record<string, string> = {};
    if (mapping && foldingRoots.has(node.name)) {
      for (const s of foldOrder(treeOf(node.name))) {
        // An auto-fixing parser's own model is not needed: the agent retries with its model.
        if (s.into && s.type === 'ai_languageModel') continue;
        const found = nodeTool(node.type, s.sub);
        if (found) {
          const tool = found.mapping;
          for (const w of found.warnings) nodeWarn(`tool "${s.sub.name}": ${w}`);
          const sp = obj(s.sub.parameters);
          (mapping.params.nodeTools as Params[] | undefined ?? (mapping.params.nodeTools = [])).push({
            name: s.sub.name,
            description: str(sp.toolDescription),
            nodeType: tool.type,
            ...(tool.typeVersion !== undefined ? { typeVersion: tool.typeVersion } : {}),
            params: tool.params,
          });
          if (num(mapping.params.maxSteps, 10) < 2) mapping.params.maxSteps = 10;
          for (const [credType, ref] of Object.entries(obj(s.sub.credentials))) {
            report.credentials.push({ node: node.name, n8nType: credType, name: credentialName(ref), slot: `${s.sub.name}/${tool.credentialSlots?.[credType] ?? credType}` });
          }
          continue;
        }
        const folded = foldSubnode(mapping.params, s.sub, nodeWarn, node.type, s.into);
        for (const [credType, ref] of Object.entries(obj(s.sub.credentials))) {
          report.credentials.push({ node: node.name, n8nType: credType, name: credentialName(ref), slot: folded.slot ?? credType });
        }
      }
      if (!(aiInto.get(node.name) ?? []).some((s) => s.type === 'ai_languageModel') && node.type !== '@n8n/n8n-nodes-langchain.openAi' && foldedWeftType(node.type) === 'agent') {
        nodeWarn('no language model is connected; the node uses OpenAI gpt-4o-mini until you choose one');
      }
    }
    if (!mapping) {
      mapping = unsupportedMapping(node, version, params, reason, doc, aiInto.get(node.name) ?? []);
      report.nodes.push({ name: node.name, n8nType: node.type, typeVersion: version, status: 'unsupported', weftType: 'unsupported', reason });
    } else {
      report.nodes.push({ name: node.name, n8nType: node.type, typeVersion: version, status: 'mapped', weftType: mapping.type });
      for (const [credType, ref] of Object.entries(credentials)) {
        const slot = mapping.credentialSlots?.[credType] ?? credType;
        credentialSlots[credType] = slot;
        report.credentials.push({ node: node.name, n8nType: credType, name: credentialName(ref), slot });
      }
    }
    mappings.set(node.name, mapping);
    graphNodes.push(toGraphNode(node, version, mapping, foldingRoots.has(node.name) ? treeOf(node.name) : [], foldingRoots.has(node.name)));
  }

  const connections = importConnections(doc, byName, mappings, foldedInto, warn);
  checkExpressions(graphNodes, report);

  const pinData: Record<string, Item[]> = {};
  for (const [name, items] of Object.entries(obj(doc.pinData))) {
    if (!mappings.has(name)) continue;
    pinData[name] = arr(items).map((it) => (it && typeof it === 'object' && 'json' in (it as Params) ? (it as Item) : { json: obj(it) }));
  }
  const settings = obj(doc.settings);
  const timeout = num(settings.executionTimeout, -1);
  const graph: WorkflowDocument = {
    name: str(doc.name) || 'Imported workflow',
    nodes: graphNodes,
    connections,
    notes,
    settings: {
      ...(typeof settings.timezone === 'string' && settings.timezone !== 'DEFAULT' ? { timezone: settings.timezone } : {}),
      ...(timeout > 0 ? { executionTimeoutMs: timeout * 1000 } : {}),
    },
    ...(Object.keys(pinData).length ? { pinData } : {}),
    meta: { n8n: { id: doc.id, name: doc.name, settings: doc.settings, meta: doc.meta, tags: doc.tags } },
  };

  for (const issue of validateWorkflow(graph, registry)) {
    report.warnings.push(`Weft will not run this workflow until this is fixed: ${issue.message}`);
  }

  const counted = report.nodes.filter((n) => n.status !== 'note');
  report.counts = {
    nodes: report.nodes.length,
    mapped: counted.filter((n) => n.status === 'mapped').length,
    folded: counted.filter((n) => n.status === 'folded').length,
    unsupported: counted.filter((n) => n.status === 'unsupported').length,
    notes: report.nodes.length - counted.length,
  };
  report.mappedShare = counted.length ? (report.counts.mapped + report.counts.folded) / counted.length : 1;
  return { graph, report };
}

type FoldEntry = { sub: N8nNode; type: string; index: number; into?: string };

/** Sub-nodes whose own sub-nodes fold with them into the root. */
const NESTING = new Set(['@n8n/n8n-nodes-langchain.outputParserAutofixing', ...VECTOR_NESTING]);

/**
 * A root's sub-nodes, each followed by the sub-nodes of a nesting one (an auto-fixing parser's parser and model,
 * a vector store tool's store and that store's embeddings, a loader's splitter) with `into` naming their parent.
 */
function foldTree(root: string, aiInto: Map<string, { sub: N8nNode; type: string; index: number }[]>): FoldEntry[] {
  const out: FoldEntry[] = [];
  const seen = new Set([root]);
  const visit = (parent: string, into: string | undefined) => {
    for (const s of aiInto.get(parent) ?? []) {
      out.push(into ? { ...s, into } : s);
      if (NESTING.has(s.sub.type) && !seen.has(s.sub.name)) {
        seen.add(s.sub.name);
        visit(s.sub.name, s.sub.name);
      }
    }
  };
  visit(root, undefined);
  return out;
}

// A parent folds before what nests in it: tool, then its vector store, its embeddings, a loader's splitter.
const FOLD_RANK: Record<string, number> = { ai_languageModel: 0, ai_memory: 1, ai_outputParser: 2, ai_tool: 3, ai_retriever: 3, ai_vectorStore: 4, ai_embedding: 5, ai_document: 5, ai_textSplitter: 6 };

/**
 * Sub-nodes in the order they fold: by connection type, then as listed. The order of the connections in a
 * file (which an export changes when a model is shared by several roots) must not change the params.
 */
function foldOrder<T extends { type: string }>(subs: T[]): T[] {
  return subs.map((s, i) => ({ s, i })).sort((a, b) => (FOLD_RANK[a.s.type] ?? 4) - (FOLD_RANK[b.s.type] ?? 4) || a.i - b.i).map((x) => x.s);
}

/** Why a root's own parameters do not map, if they do not (checked before its sub-nodes fold away into it). */
const AGENT_TYPE = '@n8n/n8n-nodes-langchain.agent';
const MCP_TRIGGER_TYPE = '@n8n/n8n-nodes-langchain.mcpTrigger';

/** n8n's "<node> Tool" (n8n-nodes-base.gmailTool, ...): the base node's Weft mapping, when there is one. */
function nodeToolMapping(mappers: Record<string, Mapper>, sub: N8nNode): { mapping: Mapping; warnings: string[] } | undefined {
  const m = /^(n8n-nodes-base\.\w+)Tool$/.exec(sub.type);
  const mapper = m && Object.hasOwn(mappers, m[1]!) ? mappers[m[1]!] : undefined;
  if (!mapper) return undefined;
  const warnings: string[] = [];
  try {
    const result = mapper({ node: { ...sub, type: m![1]! }, params: obj(sub.parameters), version: num(sub.typeVersion, 1), warn: (w) => warnings.push(w) });
    // A tool call cannot wait for a person's reply.
    if ('unsupported' in result || !registry.has(result.type) || result.params.operation === 'sendAndWait') return undefined;
    const { toolDescription: _d, descriptionType: _t, ...params } = result.params;
    return { mapping: { ...result, params }, warnings };
  } catch {
    return undefined;
  }
}

function rootProblem(mappers: Record<string, Mapper>, node: N8nNode): string | undefined {
  try {
    const result = mappers[node.type]({ node, params: obj(node.parameters), version: num(node.typeVersion, 1), warn: () => {} });
    return 'unsupported' in result ? result.unsupported : undefined;
  } catch (err) {
    return `The importer could not read its parameters (${(err as Error).message})`;
  }
}

function credentialName(ref: unknown): string | undefined {
  if (typeof ref === 'string') return ref;
  const r = obj(ref);
  return typeof r.name === 'string' ? r.name : typeof r.id === 'string' ? r.id : undefined;
}

/** Output/input port names an unsupported node needs for the connections it has. */
function unsupportedMapping(node: N8nNode, version: number, params: Params, reason: string, doc: N8nWorkflow, aiIn: { type: string }[]): Mapping & { unsupported: true } {
  let mainOutputs = 1;
  const aiOut = new Set<string>();
  for (const [type, outputs] of Object.entries(obj(doc.connections[node.name]))) {
    if (type === 'main') mainOutputs = Math.max(mainOutputs, arr(outputs).length);
    else aiOut.add(type);
  }
  let mainInputs = 1;
  for (const byType of Object.values(doc.connections)) {
    for (const targets of arr(obj(byType).main)) for (const t of arr<Params>(targets)) if (str(t?.node) === node.name) mainInputs = Math.max(mainInputs, num(t.index, 0) + 1);
  }
  const outputs = Array.from({ length: mainOutputs }, (_, i) => (i === 0 ? 'main' : `main${i}`));
  const inputs = Array.from({ length: mainInputs }, (_, i) => (i === 0 ? 'main' : `main${i}`));
  return {
    type: 'unsupported',
    unsupported: true,
    params: {
      originalType: node.type,
      originalTypeVersion: version,
      originalParameters: params,
      originalCredentials: obj(node.credentials),
      reason,
      inputNames: [...inputs, ...new Set(aiIn.map((a) => a.type))],
      outputNames: [...outputs, ...aiOut],
    },
    outputs,
    inputs,
  };
}

function toGraphNode(node: N8nNode, version: number, mapping: Mapping, subs: FoldEntry[], folded: boolean): GraphNode {
  const def = registry.get(mapping.type)!;
  const onError = node.onError === 'continueErrorOutput' ? 'errorOutput' : node.onError === 'continueRegularOutput' || node.continueOnFail === true ? 'continue' : undefined;
  const out: GraphNode = {
    id: node.id!,
    name: node.name,
    type: mapping.type,
    typeVersion: mapping.typeVersion ?? latestVersion(def),
    params: mapping.params,
    position: position(node.position),
  };
  if (node.disabled === true) out.disabled = true;
  if (typeof node.notes === 'string' && node.notes) out.notes = node.notes;
  if (node.retryOnFail === true) out.retry = { retryOnFail: true, maxTries: num(node.maxTries, 3), waitBetweenTries: num(node.waitBetweenTries, 1000) };
  if (onError) out.onError = onError;
  if (node.alwaysOutputData === true) out.alwaysOutputData = true;
  if (node.executeOnce === true) out.executeOnce = true;
  const { id, name, type, typeVersion, position: pos, parameters, credentials, ...rest } = node;
  void id; void name; void pos;
  out.extra = {
    n8n: {
      type,
      typeVersion,
      parameters,
      credentials,
      rest,
      mappedParams: JSON.stringify(mapping.params),
      outputs: mapping.outputs ?? ['main'],
      inputs: mapping.inputs ?? ['main'],
      ...(folded && subs.length ? { subnodes: subs.map((s) => ({ node: s.sub, connectionType: s.type, index: s.index, ...(s.into ? { into: s.into } : {}) })) } : {}),
    },
  };
  return out;
}

function importConnections(
  doc: N8nWorkflow,
  byName: Map<string, N8nNode>,
  mappings: Map<string, Mapping & { unsupported?: boolean }>,
  foldedInto: Map<string, string>,
  warn: (m: string) => void,
): Connection[] {
  const out: Connection[] = [];
  const seen = new Set<string>();
  for (const [source, byType] of Object.entries(doc.connections)) {
    if (foldedInto.has(source)) continue;
    const from = byName.get(source);
    const fromMap = mappings.get(source);
    for (const [type, outputs] of Object.entries(obj(byType))) {
      arr(outputs).forEach((targets, outputIndex) => {
        for (const t of arr<Params>(targets)) {
          const targetName = str(t?.node);
          const to = byName.get(targetName);
          if (!from || !fromMap) {
            if (!from) warn(`A connection starts at "${source}", which is not a node in this file; it was left out`);
            return;
          }
          if (!to || !mappings.has(targetName)) {
            if (!to) warn(`"${source}" connects to "${targetName}", which is not a node in this file; that connection was left out`);
            continue;
          }
          const toMap = mappings.get(targetName)!;
          const inputIndex = num(t.index, 0);
          let fromPort: string | undefined;
          let toPort: string | undefined;
          if (type === 'main') {
            const outs = [...(fromMap.outputs ?? ['main']), ...(from.onError === 'continueErrorOutput' && !fromMap.unsupported ? ['error'] : [])];
            fromPort = outs[outputIndex];
            toPort = (toMap.inputs ?? ['main'])[inputIndex];
          } else if (fromMap.unsupported && toMap.unsupported) {
            fromPort = type;
            toPort = type;
          }
          if (!fromPort || !toPort) {
            warn(`The ${type} connection from "${source}" (output ${outputIndex + 1}) to "${targetName}" (input ${inputIndex + 1}) has no counterpart in Weft and was left out`);
            continue;
          }
          const key = `${from.id}|${fromPort}|${to.id}|${toPort}`;
          if (seen.has(key)) continue;
          seen.add(key);
          out.push({ from: { node: from.id!, port: fromPort }, to: { node: to.id!, port: toPort } });
        }
      });
    }
  }
  return out;
}

function checkExpressions(nodes: GraphNode[], report: ImportReport): void {
  const engine = getExpressionEngine();
  const visit = (node: GraphNode, value: unknown, path: string) => {
    if (typeof value === 'string') {
      if (!value.startsWith('=')) return;
      const result = engine.check(value);
      if (!result.ok) report.expressions.push({ node: node.name, field: path, expression: value.length > 200 ? value.slice(0, 200) + '…' : value, error: result.message });
    } else if (Array.isArray(value)) value.forEach((v, i) => visit(node, v, `${path}[${i}]`));
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) visit(node, v, path ? `${path}.${k}` : k);
  };
  for (const node of nodes) if (node.type !== 'unsupported') visit(node, node.params, '');
}
