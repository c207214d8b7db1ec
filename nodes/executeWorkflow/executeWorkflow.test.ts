import { describe, expect, it } from 'vitest';
import type { Item, NodeServices } from '../sdk';
import { executeWorkflowNode } from './index';
import { runNode } from '../../server/engine/testing/node-context';

type Call = Parameters<NonNullable<NodeServices['executeWorkflow']>>[0];

/** A unit-test double of the runtime's executeWorkflow service: it "runs" a sub-workflow that doubles n. */
function fakeRuntime() {
  const calls: Call[] = [];
  const executeWorkflow = async (args: Call): Promise<Item[]> => {
    calls.push(args);
    if (args.workflowId === 'broken') throw new Error('node "Boom" failed');
    return args.wait ? args.items.map((i) => ({ json: { doubled: Number(i.json.n) * 2 } })) : [];
  };
  return { calls, services: { executeWorkflow } };
}

const items = [{ json: { n: 1 } }, { json: { n: 2 } }, { json: { n: 3 } }];

describe('executeWorkflow node', () => {
  it('runs once with all items and outputs the sub-workflow result', async () => {
    const rt = fakeRuntime();
    const out = await runNode(executeWorkflowNode, { params: { workflowId: 'wf1' }, items, services: rt.services });
    expect(rt.calls).toHaveLength(1);
    expect(rt.calls[0]).toMatchObject({ workflowId: 'wf1', wait: true });
    expect(rt.calls[0].items.map((i) => i.json)).toEqual(items.map((i) => i.json));
    expect(out.main.map((i) => i.json.doubled)).toEqual([2, 4, 6]);
    expect(out.main[2].pairedItem).toEqual({ item: 2 });
  });

  it('runs once per item in "each" mode, with the workflow id resolved per item', async () => {
    const rt = fakeRuntime();
    const out = await runNode(executeWorkflowNode, {
      params: { workflowId: '={{ $json.wf }}', mode: 'each' },
      items: [{ json: { n: 5, wf: 'a' } }, { json: { n: 6, wf: 'b' } }],
      services: rt.services,
    });
    expect(rt.calls.map((c) => [c.workflowId, c.items.length])).toEqual([['a', 1], ['b', 1]]);
    expect(out.main).toEqual([{ json: { doubled: 10 }, pairedItem: { item: 0 } }, { json: { doubled: 12 }, pairedItem: { item: 1 } }]);
  });

  it('does not wait when asked: passes its input through', async () => {
    const rt = fakeRuntime();
    const out = await runNode(executeWorkflowNode, { params: { workflowId: { __rl: true, mode: 'id', value: 'wf1' }, waitForCompletion: false }, items, services: rt.services });
    expect(rt.calls[0]).toMatchObject({ workflowId: 'wf1', wait: false });
    expect(out.main.map((i) => i.json)).toEqual(items.map((i) => i.json));
  });

  it('sends defined inputs built per item', async () => {
    const rt = fakeRuntime();
    await runNode(executeWorkflowNode, {
      params: { workflowId: 'wf1', workflowInputs: { mode: 'define', values: { n: '={{ $json.n }}', action: 'users' } } },
      items: items.slice(0, 2),
      services: rt.services,
    });
    expect(rt.calls[0].items).toEqual([{ json: { n: 1, action: 'users' } }, { json: { n: 2, action: 'users' } }]);
  });

  it('passes a graph given as JSON', async () => {
    const rt = fakeRuntime();
    const graph = { nodes: [], connections: [] };
    await runNode(executeWorkflowNode, { params: { source: 'parameter', workflowJson: JSON.stringify(graph) }, items, services: rt.services });
    expect(rt.calls[0].graph).toEqual(graph);
    expect(rt.calls[0].workflowId).toBeUndefined();
  });

  it('reports errors with the node and field', async () => {
    const rt = fakeRuntime();
    await expect(runNode(executeWorkflowNode, { params: {}, items, services: rt.services })).rejects.toThrow('field "workflowId"');
    await expect(runNode(executeWorkflowNode, { params: { source: 'parameter', workflowJson: '{"nodes": 1}' }, items, services: rt.services })).rejects.toThrow('field "workflowJson"');
    await expect(runNode(executeWorkflowNode, { params: { workflowId: 'broken' }, items, services: rt.services })).rejects.toThrow('sub-workflow (workflow broken) failed: node "Boom" failed');
    await expect(runNode(executeWorkflowNode, { params: { workflowId: 'x' }, items })).rejects.toThrow('executeWorkflow service');
  });
});
