/**
 * One zustand store per editor, made by createEditorStore and provided through React context
 * (store-context.tsx). The store's actions ARE React Flow's callbacks plus the domain actions.
 * It does no network calls: saving, running and subscribing live in the editor's hooks.
 */
import {
  addEdge,
  applyEdgeChanges,
  applyNodeChanges,
  type Connection as RFConnection,
  type EdgeChange,
  type NodeChange,
  type XYPosition,
} from '@xyflow/react';
import { createStore } from 'zustand/vanilla';
import type { GraphNode, WorkflowGraph } from '../../server/engine/types';
import type { ExecutionEvent, ExecutionStatus } from '../../server/realtime/events';
import { connectionProblem } from './connection-rules';
import { edgeId, flowToGraph, graphToFlow, newId, toFlowNode, uniqueName } from './convert';
import { autoLayout } from './layout';
import { LARGE_GRAPH, withEstimatedHandles } from './estimate';
import type { CatalogueEntry, FlowEdge, FlowNode, NodeRunData, NodeStatus, WeftFlowNode, WeftNodeData } from './types';
import { validateAll } from './validate';
import { eventPatch, executionPatch, type ExecutionSnapshot } from './run-state';
import { pasteFragment } from './paste';

export type { ExecutionSnapshot };
import { defaultParams } from './schema-defaults';

interface Snapshot {
  nodes: FlowNode[];
  edges: FlowEdge[];
}

export interface RunState {
  executionId: string | null;
  status: ExecutionStatus | null;
  error?: string;
}

export interface EditorState {
  nodes: FlowNode[];
  edges: FlowEdge[];
  extras: Omit<WorkflowGraph, 'nodes' | 'connections' | 'notes'>;
  catalogue: Map<string, CatalogueEntry>;
  problems: Record<string, string[]>;
  /** Issues the server's validator reported on load/save, by node id; cleared when the node changes. */
  serverIssues: Record<string, string[]>;
  dirty: boolean;
  past: Snapshot[];
  future: Snapshot[];
  status: Record<string, NodeStatus>;
  edgeCounts: Record<string, number>;
  run: RunState;
  runData: Record<string, NodeRunData>;
  inspectorId: string | null;
  dragging: boolean;

  onNodesChange(changes: NodeChange<FlowNode>[]): void;
  onEdgesChange(changes: EdgeChange<FlowEdge>[]): void;
  onConnect(connection: RFConnection): void;
  onBeforeDelete(): Promise<boolean>;
  connectionProblem(connection: RFConnection | FlowEdge): string | null;

  setCatalogue(entries: CatalogueEntry[]): void;
  load(graph: WorkflowGraph): void;
  toGraph(): WorkflowGraph;
  markSaved(): void;
  setServerIssues(issues: { nodeId?: string; message: string }[]): void;
  addNode(type: string, position: XYPosition, connectFrom?: { node: string; port: string }): string | null;
  addSticky(position: XYPosition): string;
  updateNode(id: string, patch: Partial<WeftNodeData>): void;
  updateParams(id: string, params: Record<string, unknown>): void;
  renameNode(id: string, name: string): string | null;
  updateSticky(id: string, content: string): void;
  deleteSelection(): void;
  selectAll(): void;
  openInspector(id: string | null): void;
  undo(): void;
  redo(): void;
  copySelection(): string | null;
  paste(json: string, at?: XYPosition): number;
  layout(): void;

  startRun(executionId: string): void;
  applyExecutionEvent(event: ExecutionEvent): void;
  setRunData(data: Record<string, NodeRunData>): void;
  /** Brings statuses, edge counts and run data in line with a fetched execution (authoritative). */
  syncFromExecution(detail: ExecutionSnapshot): void;
  clearRun(): void;
}

const HISTORY_LIMIT = 100;
const CLIP_KIND = 'weft/workflow-fragment';

/** Keeps arrays of unchanged nodes identical so memoised nodes do not re-render. */
function stableProblems(prev: Record<string, string[]>, next: Record<string, string[]>) {
  const out: Record<string, string[]> = {};
  for (const [id, list] of Object.entries(next)) {
    const old = prev[id];
    out[id] = old && old.length === list.length && old.every((m, i) => m === list[i]) ? old : list;
  }
  return out;
}

export function createEditorStore(initial?: { graph?: WorkflowGraph; catalogue?: CatalogueEntry[] }) {
  return createStore<EditorState>()((set, get) => {
    const snapshot = (): Snapshot => ({ nodes: get().nodes, edges: get().edges });
    const pushHistory = () => set({ past: [...get().past.slice(-(HISTORY_LIMIT - 1)), snapshot()], future: [] });
    const revalidate = (nodes = get().nodes, edges = get().edges) => {
      const local = validateAll(nodes, edges, get().catalogue);
      const server = get().serverIssues ?? {};
      for (const [id, list] of Object.entries(server)) {
        if (!nodes.some((n) => n.id === id)) continue;
        local[id] = [...new Set([...(local[id] ?? []), ...list])];
      }
      return stableProblems(get().problems ?? {}, local);
    };
    /** A change to the graph: recorded for undo, marks the editor dirty, revalidates. */
    const commit = (nodes: FlowNode[], edges: FlowEdge[]) => {
      pushHistory();
      set({ nodes, edges, dirty: true, problems: revalidate(nodes, edges) });
    };
    let lastEdit = { id: '', at: 0 };
    const takenNames = () => new Set(get().nodes.filter((n) => n.type === 'weft').map((n) => n.data.name as string));

    const catalogue = new Map((initial?.catalogue ?? []).map((c) => [c.type, c]));
    const start = initial?.graph ? graphToFlow(initial.graph) : { nodes: [], edges: [] };
    if (start.nodes.length > LARGE_GRAPH) start.nodes = withEstimatedHandles(start.nodes, catalogue);

    return {
      nodes: start.nodes,
      edges: start.edges,
      extras: {},
      catalogue,
      problems: validateAll(start.nodes, start.edges, catalogue),
      serverIssues: {},
      dirty: false,
      past: [],
      future: [],
      status: {},
      edgeCounts: {},
      run: { executionId: null, status: null },
      runData: {},
      inspectorId: null,
      dragging: false,

      onNodesChange(changes) {
        let meaningful = false;
        let startsDrag = false;
        let endsDrag = false;
        for (const c of changes) {
          if (c.type === 'position') {
            meaningful = true;
            if (c.dragging && !get().dragging) startsDrag = true;
            if (c.dragging === false) endsDrag = true;
          } else if (c.type === 'remove' || c.type === 'add' || c.type === 'replace') meaningful = true;
        }
        if (startsDrag) pushHistory();
        let nodes = applyNodeChanges(changes, get().nodes);
        // Estimated handles (large graphs, estimate.ts) give way to measured ones once a node is rendered.
        const measured = new Set(changes.filter((c) => c.type === 'dimensions').map((c) => (c as { id: string }).id));
        if (measured.size && nodes.some((n) => n.handles && measured.has(n.id))) {
          nodes = nodes.map((n) => (n.handles && measured.has(n.id) ? { ...n, handles: undefined } : n));
        }
        const patch: Partial<EditorState> = { nodes };
        if (startsDrag) patch.dragging = true;
        if (endsDrag) patch.dragging = false;
        if (meaningful) patch.dirty = true;
        const inspectorId = get().inspectorId;
        if (inspectorId && changes.some((c) => c.type === 'remove' && c.id === inspectorId)) patch.inspectorId = null;
        if (changes.some((c) => c.type === 'remove')) patch.problems = revalidate(nodes, get().edges);
        set(patch);
      },
      onEdgesChange(changes) {
        const edges = applyEdgeChanges(changes, get().edges);
        const removes = changes.some((c) => c.type === 'remove' || c.type === 'add');
        set(removes ? { edges, dirty: true, problems: revalidate(get().nodes, edges) } : { edges });
      },
      onConnect(connection) {
        const problem = get().connectionProblem(connection);
        if (problem) return;
        const edge: FlowEdge = { ...connection, id: edgeId(connection), type: 'count' } as FlowEdge;
        commit(get().nodes, addEdge(edge, get().edges));
      },
      async onBeforeDelete() {
        pushHistory();
        return true;
      },
      connectionProblem(connection) {
        return connectionProblem(connection, get().nodes, get().edges, get().catalogue);
      },

      setCatalogue(entries) {
        set({ catalogue: new Map(entries.map((c) => [c.type, c])) });
        set({ problems: revalidate() });
      },
      load(graph) {
        const { nodes: _n, connections: _c, notes: _s, ...extras } = graph;
        const flow = graphToFlow(graph);
        if (flow.nodes.length > LARGE_GRAPH) flow.nodes = withEstimatedHandles(flow.nodes, get().catalogue);
        set({ ...flow, extras, dirty: false, past: [], future: [], problems: revalidate(flow.nodes, flow.edges) });
      },
      toGraph() {
        return flowToGraph(get().nodes, get().edges, get().extras);
      },
      markSaved() {
        set({ dirty: false });
      },
      setServerIssues(issues) {
        const byNode: Record<string, string[]> = {};
        for (const i of issues) if (i.nodeId) byNode[i.nodeId] = [...(byNode[i.nodeId] ?? []), i.message];
        set({ serverIssues: byNode });
        set({ problems: revalidate() });
      },
      addNode(type, position, connectFrom) {
        const def = get().catalogue.get(type);
        if (!def) return null;
        const graphNode: GraphNode = {
          id: newId(),
          name: uniqueName(def.displayName, takenNames()),
          type,
          typeVersion: def.version,
          params: def.defaults ? structuredClone(def.defaults) : defaultParams(def.paramsSchema),
          position: [Math.round(position.x), Math.round(position.y)],
        };
        const node = { ...toFlowNode(graphNode), selected: true };
        const nodes = [...get().nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), node];
        let edges = get().edges;
        if (connectFrom && def.inputs.length && !def.trigger) {
          const c = { source: connectFrom.node, sourceHandle: connectFrom.port, target: node.id, targetHandle: def.inputs[0]!.name };
          edges = addEdge({ ...c, id: edgeId(c), type: 'count' } as FlowEdge, edges);
        }
        commit(nodes, edges);
        return node.id;
      },
      addSticky(position) {
        const id = newId();
        const node: FlowNode = {
          id,
          type: 'sticky',
          position,
          width: 240,
          height: 160,
          zIndex: -1,
          data: { content: '## Note\nDouble-click to edit.' },
        };
        commit([...get().nodes, node], get().edges);
        return id;
      },
      updateNode(id, patch) {
        const nodes = get().nodes.map((n) =>
          n.id === id && n.type === 'weft' ? ({ ...n, data: { ...n.data, ...patch } } as FlowNode) : n,
        );
        if (get().serverIssues[id]) {
          const { [id]: _gone, ...rest } = get().serverIssues;
          set({ serverIssues: rest });
        }
        // Typing in the inspector makes one undo step per pause, not one per keystroke.
        const now = Date.now();
        if (lastEdit.id === id && now - lastEdit.at < 1000) {
          set({ nodes, dirty: true, problems: revalidate(nodes, get().edges) });
        } else commit(nodes, get().edges);
        lastEdit = { id, at: now };
      },
      updateParams(id, params) {
        get().updateNode(id, { params } as Partial<WeftNodeData>);
      },
      renameNode(id, name) {
        const trimmed = name.trim();
        const node = get().nodes.find((n) => n.id === id) as WeftFlowNode | undefined;
        if (!node || node.type !== 'weft') return 'Node not found.';
        if (!trimmed) return 'A node needs a name.';
        const old = node.data.name;
        if (trimmed === old) return null;
        if (takenNames().has(trimmed)) return `Another node is already called "${trimmed}".`;
        // Expressions refer to nodes by name ($('Name')); keep them pointing at the renamed node.
        const pattern = new RegExp(`\\$\\((['"])${old.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\1\\)`, 'g');
        const rewrite = (v: unknown): unknown =>
          typeof v === 'string'
            ? v.startsWith('=')
              ? v.replace(pattern, (_m, q: string) => `$(${q}${trimmed}${q})`)
              : v
            : Array.isArray(v)
              ? v.map(rewrite)
              : v && typeof v === 'object'
                ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, rewrite(x)]))
                : v;
        const nodes = get().nodes.map((n) => {
          if (n.type !== 'weft') return n;
          const params = rewrite(n.data.params) as Record<string, unknown>;
          if (n.id === id) return { ...n, data: { ...n.data, name: trimmed, params } };
          return params === n.data.params ? n : { ...n, data: { ...n.data, params } };
        });
        commit(nodes, get().edges);
        return null;
      },
      updateSticky(id, content) {
        const nodes = get().nodes.map((n) => (n.id === id && n.type === 'sticky' ? { ...n, data: { ...n.data, content } } : n));
        commit(nodes, get().edges);
      },
      deleteSelection() {
        const gone = new Set(get().nodes.filter((n) => n.selected).map((n) => n.id));
        const edges = get().edges.filter((e) => !e.selected && !gone.has(e.source) && !gone.has(e.target));
        if (!gone.size && edges.length === get().edges.length) return;
        const inspectorId = get().inspectorId;
        commit(get().nodes.filter((n) => !gone.has(n.id)), edges);
        if (inspectorId && gone.has(inspectorId)) set({ inspectorId: null });
      },
      selectAll() {
        set({ nodes: get().nodes.map((n) => (n.selected ? n : { ...n, selected: true })) });
      },
      openInspector(id) {
        set({ inspectorId: id });
      },
      undo() {
        const past = get().past;
        if (!past.length) return;
        const prev = past[past.length - 1]!;
        set({
          past: past.slice(0, -1),
          future: [snapshot(), ...get().future],
          ...prev,
          dirty: true,
          problems: revalidate(prev.nodes, prev.edges),
        });
      },
      redo() {
        const [next, ...rest] = get().future;
        if (!next) return;
        set({ past: [...get().past, snapshot()], future: rest, ...next, dirty: true, problems: revalidate(next.nodes, next.edges) });
      },
      copySelection() {
        const selected = get().nodes.filter((n) => n.selected);
        if (!selected.length) return null;
        const ids = new Set(selected.map((n) => n.id));
        const edges = get().edges.filter((e) => ids.has(e.source) && ids.has(e.target));
        return JSON.stringify({ kind: CLIP_KIND, ...flowToGraph(selected, edges) }, null, 2);
      },
      paste(json, at) {
        const pasted = pasteFragment(json, at, get().nodes, get().edges, takenNames());
        if (!pasted) return 0;
        commit(pasted.nodes, pasted.edges);
        return pasted.count;
      },
      layout() {
        commit(autoLayout(get().nodes, get().edges), get().edges);
      },

      startRun(executionId) {
        set({ run: { executionId, status: 'queued' }, status: {}, edgeCounts: {}, runData: {} });
      },
      applyExecutionEvent(event) {
        const patch = eventPatch(get(), event);
        if (patch) set(patch);
      },
      setRunData(data) {
        set({ runData: data });
      },
      syncFromExecution(detail) {
        const patch = executionPatch(get(), detail);
        if (patch) set(patch);
      },
      clearRun() {
        set({ run: { executionId: null, status: null }, status: {}, edgeCounts: {}, runData: {} });
      },
    };
  });
}

export type EditorStore = ReturnType<typeof createEditorStore>;
