import { describe, expect, it, beforeEach } from 'vitest';
import type { WorkflowGraph, GraphNode } from './types';
import { validateWorkflow } from './validate';
import { runWorkflowInMemory } from './run-memory';
import { counters, testRegistry } from './test-registry';
import { planNext } from './plan';

const node = (id: string, type: string, params: Record<string, unknown> = {}, extra: Partial<GraphNode> = {}): GraphNode => ({
  id, name: id, type, typeVersion: 1, params, position: [0, 0], ...extra,
});
const edge = (from: string, to: string, fromPort = 'main', toPort = 'main') => ({ from: { node: from, port: fromPort }, to: { node: to, port: toPort } });

beforeEach(() => counters.clear());

describe('validation', () => {
  it('names the node and field for unknown types, bad params, missing nodes and ports', () => {
    const graph: WorkflowGraph = {
      nodes: [node('A', 'start'), node('B', 'nope'), node('C', 'branch', { field: 'x', min: 'ten' }), node('D', 'set', { field: 'a', value: 1 })],
      connections: [edge('A', 'C'), edge('C', 'D', 'maybe'), edge('A', 'Z'), edge('A', 'D', 'main', 'side')],
    };
    const messages = validateWorkflow(graph, testRegistry).map((i) => i.message);
    expect(messages).toContain('Node "B" has unknown type "nope"');
    expect(messages.some((m) => m.startsWith('Node "C", field "min":'))).toBe(true);
    expect(messages).toContain('Node "C" has no output "maybe" (outputs: true, false)');
    expect(messages).toContain('Node "A" connects to node "Z", which does not exist');
    expect(messages).toContain('Node "D" has no input "side" (inputs: main)');
  });

  it('accepts expressions where the schema wants another type', () => {
    const graph: WorkflowGraph = { nodes: [node('A', 'start'), node('C', 'branch', { field: 'x', min: '={{ 3 }}' })], connections: [edge('A', 'C')] };
    expect(validateWorkflow(graph, testRegistry)).toEqual([]);
  });

  it('rejects cycles unless they pass through a loop node', () => {
    const bad: WorkflowGraph = { nodes: [node('A', 'start'), node('B', 'set', { field: 'a', value: 1 }), node('C', 'set', { field: 'b', value: 1 })], connections: [edge('A', 'B'), edge('B', 'C'), edge('C', 'B')] };
    const issues = validateWorkflow(bad, testRegistry);
    expect(issues).toHaveLength(1);
    expect(issues[0].message).toMatch(/"B" → "C"|"C" → "B"/);
    expect(issues[0].message).toContain('does not pass through a Loop Over Items node');
    const ok: WorkflowGraph = { nodes: [node('A', 'start'), node('L', 'batch', { size: 2 }), node('B', 'set', { field: 'a', value: 1 })], connections: [edge('A', 'L'), edge('L', 'B', 'loop'), edge('B', 'L')] };
    expect(validateWorkflow(ok, testRegistry)).toEqual([]);
  });

  it('reports duplicate names and a missing graph shape', () => {
    expect(validateWorkflow({ nodes: [node('A', 'start'), { ...node('B', 'start'), name: 'A' }], connections: [] }, testRegistry)[0].message).toContain('used twice');
    expect(validateWorkflow({} as WorkflowGraph, testRegistry)[0].message).toContain('"nodes" array');
  });
});

describe('item flow', () => {
  const branching: WorkflowGraph = {
    nodes: [
      node('Start', 'start', { items: [{ n: 1 }, { n: 5 }, { n: 9 }] }),
      node('Check', 'branch', { field: 'n', min: 5 }),
      node('Big', 'set', { field: 'size', value: 'big' }),
      node('Small', 'set', { field: 'size', value: 'small' }),
      node('Join', 'join'),
    ],
    connections: [edge('Start', 'Check'), edge('Check', 'Big', 'true'), edge('Check', 'Small', 'false'), edge('Big', 'Join', 'main', 'input1'), edge('Small', 'Join', 'main', 'input2')],
  };

  it('routes items by named output port and merges when both branches delivered', async () => {
    const result = await runWorkflowInMemory(branching, testRegistry);
    expect(result.status).toBe('succeeded');
    const join = result.runs.filter((r) => r.nodeName === 'Join');
    expect(join).toHaveLength(1);
    expect(join[0].outputs.main.map((i) => i.json)).toEqual([{ n: 5, size: 'big' }, { n: 9, size: 'big' }, { n: 1, size: 'small' }]);
  });

  it('does not run a branch whose upstream output is empty, and the merge runs with the other input', async () => {
    const graph = { ...branching, nodes: branching.nodes.map((n) => (n.id === 'Start' ? node('Start', 'start', { items: [{ n: 7 }] }) : n)) };
    const result = await runWorkflowInMemory(graph, testRegistry);
    expect(result.runs.map((r) => r.nodeName)).not.toContain('Small');
    const join = result.runs.find((r) => r.nodeName === 'Join')!;
    expect(join.outputs.main.map((i) => i.json)).toEqual([{ n: 7, size: 'big' }]);
  });

  it('makes a multi-input node wait for a slower branch', async () => {
    const graph: WorkflowGraph = {
      nodes: [node('Start', 'start'), node('Slow', 'sleep', { ms: 60 }), node('Fast', 'set', { field: 'f', value: 1 }), node('Join', 'join')],
      connections: [edge('Start', 'Slow'), edge('Start', 'Fast'), edge('Slow', 'Join', 'main', 'input1'), edge('Fast', 'Join', 'main', 'input2')],
    };
    const result = await runWorkflowInMemory(graph, testRegistry);
    const join = result.runs.filter((r) => r.nodeName === 'Join');
    expect(join).toHaveLength(1);
    expect(join[0].inputs.input1).toHaveLength(1);
    expect(join[0].inputs.input2).toHaveLength(1);
  });

  it('runs parallel branches concurrently', async () => {
    const graph: WorkflowGraph = {
      nodes: [node('Start', 'start'), node('S1', 'sleep', { ms: 150 }), node('S2', 'sleep', { ms: 150 }), node('Join', 'join')],
      connections: [edge('Start', 'S1'), edge('Start', 'S2'), edge('S1', 'Join', 'main', 'input1'), edge('S2', 'Join', 'main', 'input2')],
    };
    const result = await runWorkflowInMemory(graph, testRegistry);
    const [a, b] = result.runs.filter((r) => r.nodeName === 'S1' || r.nodeName === 'S2');
    // Both started before either finished.
    expect(a.startedAt).toBeLessThan(b.finishedAt);
    expect(b.startedAt).toBeLessThan(a.finishedAt);
  });

  it('passes items through a disabled node', async () => {
    const graph: WorkflowGraph = { nodes: [node('Start', 'start', { items: [{ a: 1 }] }), node('Off', 'set', { field: 'b', value: 2 }, { disabled: true })], connections: [edge('Start', 'Off')] };
    const result = await runWorkflowInMemory(graph, testRegistry);
    expect(result.runs[1].outputs.main[0].json).toEqual({ a: 1 });
  });

  it('loops through a loop node batch by batch, then continues on done', async () => {
    const graph: WorkflowGraph = {
      nodes: [node('Start', 'start', { items: [{ i: 1 }, { i: 2 }, { i: 3 }, { i: 4 }, { i: 5 }] }), node('Loop', 'batch', { size: 2 }), node('Body', 'set', { field: 'seen', value: true }), node('After', 'set', { field: 'after', value: 1 })],
      connections: [edge('Start', 'Loop'), edge('Loop', 'Body', 'loop'), edge('Body', 'Loop'), edge('Loop', 'After', 'done')],
    };
    const result = await runWorkflowInMemory(graph, testRegistry);
    expect(result.status).toBe('succeeded');
    expect(result.runs.filter((r) => r.nodeName === 'Body')).toHaveLength(3);
    const after = result.runs.find((r) => r.nodeName === 'After')!;
    expect(after.outputs.main.map((i) => i.json)).toEqual([1, 2, 3, 4, 5].map((i) => ({ i, seen: true, after: 1 })));
  });
});

describe('node errors', () => {
  const flaky = (extra: Partial<GraphNode>, failTimes = 1000): WorkflowGraph => ({
    nodes: [node('Start', 'start', { items: [{ a: 1 }] }), node('Flaky', 'flaky', { failTimes }, extra), node('Next', 'set', { field: 'after', value: true })],
    connections: [edge('Start', 'Flaky'), edge('Flaky', 'Next'), edge('Flaky', 'Next', 'error')],
  });

  it('retries with backoff until a try succeeds', async () => {
    const result = await runWorkflowInMemory(flaky({ retry: { retryOnFail: true, maxTries: 3, waitBetweenTries: 10 } }, 2), testRegistry);
    expect(result.status).toBe('succeeded');
    expect(counters.get('Flaky')).toBe(3);
  });

  it('stops the workflow with an error naming the node', async () => {
    const result = await runWorkflowInMemory({ ...flaky({}), connections: [edge('Start', 'Flaky'), edge('Flaky', 'Next')] }, testRegistry);
    expect(result.status).toBe('failed');
    expect(result.error?.message).toContain('Flaky failed');
    expect((result.error as { nodeName: string }).nodeName).toBe('Flaky');
    expect(result.runs.map((r) => r.nodeName)).not.toContain('Next');
  });

  it('continues with the error as an item', async () => {
    const result = await runWorkflowInMemory({ ...flaky({ onError: 'continue' }), connections: [edge('Start', 'Flaky'), edge('Flaky', 'Next')] }, testRegistry);
    expect(result.status).toBe('succeeded');
    expect(result.runs.find((r) => r.nodeName === 'Next')!.outputs.main[0].json).toMatchObject({ error: expect.stringContaining('Flaky failed'), after: true });
  });

  it('routes failed items to the error output', async () => {
    const result = await runWorkflowInMemory(flaky({ onError: 'errorOutput' }), testRegistry);
    expect(result.status).toBe('succeeded');
    const flakyRun = result.runs.find((r) => r.nodeName === 'Flaky')!;
    expect(flakyRun.outputs.error[0].json).toMatchObject({ a: 1, error: expect.stringContaining('Flaky failed') });
  });
});

describe('planner', () => {
  it('plans nothing and reports finished when every run is done', () => {
    const graph: WorkflowGraph = { nodes: [node('A', 'start'), node('B', 'set')], connections: [edge('A', 'B')] };
    const plan = planNext(graph, [
      { nodeId: 'A', runIndex: 0, status: 'succeeded', sources: [], outputCounts: { main: 1 } },
      { nodeId: 'B', runIndex: 0, status: 'succeeded', sources: [{ node: 'A', runIndex: 0, port: 'main', toPort: 'main' }], outputCounts: { main: 1 } },
    ]);
    expect(plan).toEqual({ ready: [], finished: true });
  });

  it('does not plan a run twice for the same delivery', () => {
    const graph: WorkflowGraph = { nodes: [node('A', 'start'), node('B', 'set')], connections: [edge('A', 'B')] };
    const runs = [{ nodeId: 'A', runIndex: 0, status: 'succeeded' as const, sources: [], outputCounts: { main: 2 } }];
    const first = planNext(graph, runs);
    expect(first.ready).toEqual([{ nodeId: 'B', runIndex: 0, sources: [{ node: 'A', runIndex: 0, port: 'main', toPort: 'main' }] }]);
    const second = planNext(graph, [...runs, { ...first.ready[0], status: 'queued' }]);
    expect(second).toEqual({ ready: [], finished: false });
  });
});

describe('expression errors', () => {
  it('name the node and the parameter whose expression failed', async () => {
    const graph: WorkflowGraph = { nodes: [node('Start', 'start'), node('Set', 'set', { field: 'x', value: '={{ $json.missing.deeper }}' })], connections: [edge('Start', 'Set')] };
    const result = await runWorkflowInMemory(graph, testRegistry);
    expect(result.status).toBe('failed');
    const error = result.error as { message: string; field?: string; nodeName: string };
    expect(error.nodeName).toBe('Set');
    expect(error.field).toBe('value');
    expect(error.message).toMatch(/^Node "Set", field "value": /);
  });
});
