import { describe, expect, it } from 'vitest';
import type { WorkflowGraph } from '../../server/engine/types';
import { createEditorStore } from './store';
import type { CatalogueEntry } from './types';

const entry = (type: string, extra: Partial<CatalogueEntry> = {}): CatalogueEntry => ({
  type,
  version: 1,
  versions: [1],
  displayName: type === 'manualTrigger' ? 'Manual Trigger' : type === 'condition' ? 'If' : 'Edit Fields',
  description: '',
  category: 'flow',
  icon: 'box',
  trigger: type === 'manualTrigger',
  loop: false,
  inputs: type === 'manualTrigger' ? [] : [{ name: 'main' }],
  outputs: type === 'condition' ? [{ name: 'true' }, { name: 'false' }] : [{ name: 'main' }],
  dynamicInputs: false,
  dynamicOutputs: false,
  credentials: [],
  paramsSchema: { type: 'object', properties: {} },
  defaults: type === 'transform' ? { mode: 'manual' } : {},
  ...extra,
});
const catalogue = [entry('manualTrigger'), entry('transform'), entry('condition')];

const graph: WorkflowGraph = {
  nodes: [
    { id: 't', name: 'Manual Trigger', type: 'manualTrigger', typeVersion: 1, params: {}, position: [0, 0] },
    { id: 'a', name: 'Edit Fields', type: 'transform', typeVersion: 1, params: { mode: 'manual' }, position: [300, 0] },
    { id: 'c', name: 'If', type: 'condition', typeVersion: 1, params: {}, position: [600, 0] },
  ],
  connections: [
    { from: { node: 't', port: 'main' }, to: { node: 'a', port: 'main' } },
    { from: { node: 'a', port: 'main' }, to: { node: 'c', port: 'main' } },
  ],
  notes: [{ id: 's', content: 'hello', position: [0, 200], width: 240, height: 160 }],
  settings: { timezone: 'UTC' },
};

const make = () => {
  const store = createEditorStore({ catalogue });
  store.getState().load(graph);
  return store;
};

describe('editor store', () => {
  it('round-trips the workflow graph through React Flow nodes and edges', () => {
    const s = make().getState();
    expect(s.nodes).toHaveLength(4);
    expect(s.edges.map((e) => e.id)).toEqual(['t:main->a:main', 'a:main->c:main']);
    expect(s.toGraph()).toEqual(graph);
    expect(s.dirty).toBe(false);
  });

  it('refuses cycles, self-connections and inputs into triggers with a reason', () => {
    const s = make().getState();
    expect(s.connectionProblem({ source: 'c', sourceHandle: 'true', target: 'a', targetHandle: 'main' })).toMatch(/cycle/);
    expect(s.connectionProblem({ source: 'a', sourceHandle: 'main', target: 'a', targetHandle: 'main' })).toMatch(/itself/);
    expect(s.connectionProblem({ source: 'a', sourceHandle: 'main', target: 't', targetHandle: 'main' })).toMatch(/trigger/);
    expect(s.connectionProblem({ source: 't', sourceHandle: 'main', target: 'a', targetHandle: 'main' })).toMatch(/already/);
    s.onConnect({ source: 'c', sourceHandle: 'true', target: 'a', targetHandle: 'main' });
    expect(s.edges).toHaveLength(2);
  });

  it('adds nodes with unique names and defaults, marks dirty, and undoes and redoes', () => {
    const store = make();
    const id = store.getState().addNode('transform', { x: 900, y: 0 }, { node: 'c', port: 'false' });
    const s = store.getState();
    const added = s.nodes.find((n) => n.id === id)!;
    expect(added.data.name).toBe('Edit Fields 1');
    expect(added.data.params).toEqual({ mode: 'manual' });
    expect(s.edges.some((e) => e.source === 'c' && e.sourceHandle === 'false' && e.target === id)).toBe(true);
    expect(s.dirty).toBe(true);
    s.undo();
    expect(store.getState().nodes).toHaveLength(4);
    expect(store.getState().edges).toHaveLength(2);
    store.getState().redo();
    expect(store.getState().nodes).toHaveLength(5);
  });

  it('copies a selection as workflow JSON and pastes it with new ids and names, connections kept', () => {
    const store = make();
    store.setState({ nodes: store.getState().nodes.map((n) => ({ ...n, selected: n.id === 'a' || n.id === 'c' })) });
    const json = store.getState().copySelection()!;
    const copied = JSON.parse(json) as WorkflowGraph;
    expect(copied.nodes.map((n) => n.name)).toEqual(['Edit Fields', 'If']);
    expect(copied.connections).toHaveLength(1);
    expect(store.getState().paste(json)).toBe(2);
    const g = store.getState().toGraph();
    expect(g.nodes.map((n) => n.name)).toEqual(['Manual Trigger', 'Edit Fields', 'If', 'Edit Fields 1', 'If 1']);
    expect(new Set(g.nodes.map((n) => n.id)).size).toBe(5);
    const pasted = g.connections[2]!;
    expect(g.nodes.find((n) => n.id === pasted.from.node)!.name).toBe('Edit Fields 1');
    expect(g.nodes.find((n) => n.id === pasted.to.node)!.name).toBe('If 1');
    expect(store.getState().paste('not json')).toBe(0);
  });

  it('renames a node and keeps expressions that refer to it pointing at it', () => {
    const store = make();
    store.getState().updateParams('c', { value: "={{ $('Edit Fields').item.json.x }}" });
    expect(store.getState().renameNode('a', 'If')).toMatch(/already/);
    expect(store.getState().renameNode('a', 'Prepare')).toBeNull();
    const c = store.getState().toGraph().nodes.find((n) => n.id === 'c')!;
    expect(c.params.value).toBe("={{ $('Prepare').item.json.x }}");
  });

  it('applies execution events to the node they concern only', () => {
    const store = make();
    store.getState().startRun('ex1');
    store.getState().applyExecutionEvent({ type: 'node.started', executionId: 'ex1', workflowId: 'w', at: 1, nodeId: 't', nodeName: 'Manual Trigger', runIndex: 0, attempt: 0 });
    const before = store.getState().status;
    store.getState().applyExecutionEvent({
      type: 'node.finished', executionId: 'ex1', workflowId: 'w', at: 2, nodeId: 'a', nodeName: 'Edit Fields', runIndex: 0,
      status: 'failed', itemCounts: { main: 3 }, error: { message: 'boom' }, durationMs: 5,
    });
    const after = store.getState().status;
    expect(after.t).toBe(before.t);
    expect(after.a).toEqual({ status: 'failed', error: 'boom', durationMs: 5 });
    expect(store.getState().edgeCounts['a:main']).toBe(3);
    // Events of another execution are ignored.
    store.getState().applyExecutionEvent({ type: 'node.started', executionId: 'other', workflowId: 'w', at: 3, nodeId: 'c', nodeName: 'If', runIndex: 0, attempt: 0 });
    expect(store.getState().status.c).toBeUndefined();
  });

  it('auto-layout puts connected nodes left to right and is undoable', () => {
    const store = make();
    store.setState({ nodes: store.getState().nodes.map((n) => (n.id === 'a' ? { ...n, position: { x: -500, y: 400 } } : n)) });
    store.getState().layout();
    const pos = Object.fromEntries(store.getState().nodes.map((n) => [n.id, n.position]));
    expect(pos.t!.x).toBeLessThan(pos.a!.x);
    expect(pos.a!.x).toBeLessThan(pos.c!.x);
    store.getState().undo();
    expect(store.getState().nodes.find((n) => n.id === 'a')!.position).toEqual({ x: -500, y: 400 });
  });

  it('flags nodes with unconnected inputs and unknown types', () => {
    const store = createEditorStore({ catalogue });
    store.getState().load({ nodes: [{ id: 'x', name: 'X', type: 'nope', typeVersion: 1, params: {}, position: [0, 0] }, { id: 'y', name: 'Y', type: 'transform', typeVersion: 1, params: {}, position: [0, 0] }], connections: [] });
    const p = store.getState().problems;
    expect(p.x![0]).toMatch(/Unknown node type/);
    expect(p.y).toEqual(['Input is not connected.']);
  });
});
