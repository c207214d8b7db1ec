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
import type { GraphNode, Item, WorkflowGraph } from '../../server/engine/types';
import type { NodeRunStatus } from '../../server/realtime/events';
import type { ExecutionEvent, ExecutionStatus } from '../../server/realtime/events';
import { connectionProblem } from './connection-rules';
import { edgeId, flowToGraph, graphToFlow, newId, toFlowNode, uniqueName } from './convert';
import { autoLayout } from './layout';
import { LARGE_GRAPH, withEstimatedHandles } from './estimate';
import type { CatalogueEntry, FlowEdge, FlowNode, NodeRunData, NodeStatus, WeftFlowNode, WeftNodeData } from './types';
import { validateAll } from './validate';
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

export interface ExecutionSnapshot {
  id: string;
  status: ExecutionStatus;
  error?: unknown;
  nodeRuns: {
    nodeId: string;
    runIndex: number;
    status: string;
    inputItems: Record<string, Item[]> | null;
    outputItems: Record<string, Item[]> | null;
    outputCounts: Record<string, number> | null;
    error: { message: string; description?: string } | null;
  }[];
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
        let graph: WorkflowGraph;
        try {
          graph = JSON.parse(json) as WorkflowGraph;
        } catch {
          return 0;
        }
        if (!graph || !Array.isArray(graph.nodes)) return 0;
        const notes = Array.isArray(graph.notes) ? graph.notes : [];
        const all = [...graph.nodes.map((n) => n.position), ...notes.map((n) => n.position)];
        if (!all.length) return 0;
        const minX = Math.min(...all.map((p) => p[0]));
        const minY = Math.min(...all.map((p) => p[1]));
        const dx = at ? at.x - minX : 40;
        const dy = at ? at.y - minY : 40;
        const taken = takenNames();
        const idMap = new Map<string, string>();
        const nameMap = new Map<string, string>();
        const pasted: FlowNode[] = [];
        for (const n of graph.nodes) {
          const id = newId();
          const name = uniqueName(n.name, taken);
          taken.add(name);
          idMap.set(n.id, id);
          nameMap.set(n.name, name);
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
        const nodes = [...get().nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), ...pasted];
        const edges = [...get().edges.map((e) => (e.selected ? { ...e, selected: false } : e)), ...newEdges];
        commit(nodes, edges);
        return pasted.length;
      },
      layout() {
        commit(autoLayout(get().nodes, get().edges), get().edges);
      },

      startRun(executionId) {
        set({ run: { executionId, status: 'queued' }, status: {}, edgeCounts: {}, runData: {} });
      },
      applyExecutionEvent(event) {
        const run = get().run;
        if (run.executionId && event.executionId !== run.executionId) return;
        switch (event.type) {
          case 'execution.started':
            set({ run: { ...run, executionId: event.executionId, status: 'running' } });
            break;
          case 'node.started':
            set({ status: { ...get().status, [event.nodeId]: { status: 'running' } } });
            break;
          case 'node.finished': {
            const counts = { ...get().edgeCounts };
            for (const [port, count] of Object.entries(event.itemCounts ?? {})) {
              counts[`${event.nodeId}:${port}`] = (counts[`${event.nodeId}:${port}`] ?? 0) + count;
            }
            set({
              status: {
                ...get().status,
                [event.nodeId]: { status: event.status, error: event.error?.message, durationMs: event.durationMs },
              },
              edgeCounts: counts,
            });
            break;
          }
          case 'execution.finished':
            set({ run: { ...run, status: event.status, error: event.error?.message } });
            break;
          default:
            break;
        }
      },
      setRunData(data) {
        set({ runData: data });
      },
      syncFromExecution(detail) {
        if (get().run.executionId && detail.id !== get().run.executionId) return;
        const prevStatus = get().status;
        const status: Record<string, NodeStatus> = {};
        const runData: Record<string, NodeRunData> = {};
        const counts: Record<string, number> = {};
        const latest = new Map<string, ExecutionSnapshot['nodeRuns'][number]>();
        for (const r of detail.nodeRuns) {
          const cur = latest.get(r.nodeId);
          if (!cur || r.runIndex >= cur.runIndex) latest.set(r.nodeId, r);
          for (const [port, n] of Object.entries(r.outputCounts ?? {})) counts[`${r.nodeId}:${port}`] = (counts[`${r.nodeId}:${port}`] ?? 0) + n;
        }
        for (const [nodeId, r] of latest) {
          const old = prevStatus[nodeId];
          const next: NodeStatus = { status: r.status as NodeRunStatus, error: r.error?.message };
          status[nodeId] = old && old.status === next.status && old.error === next.error ? old : next;
          runData[nodeId] = { status: r.status, inputItems: r.inputItems, outputItems: r.outputItems, error: r.error };
        }
        const sameCounts =
          Object.keys(counts).length === Object.keys(get().edgeCounts).length &&
          Object.entries(counts).every(([k, v]) => get().edgeCounts[k] === v);
        const errorMessage = (detail.error as { message?: string } | null | undefined)?.message;
        set({
          status,
          runData,
          edgeCounts: sameCounts ? get().edgeCounts : counts,
          run: { executionId: detail.id, status: detail.status, error: errorMessage },
        });
      },
      clearRun() {
        set({ run: { executionId: null, status: null }, status: {}, edgeCounts: {}, runData: {} });
      },
    };
  });
}

export type EditorStore = ReturnType<typeof createEditorStore>;
