/**
 * Execute Workflow + Execute Workflow Trigger through the real engine: the executeWorkflow service here
 * runs the sub-workflow with the same in-memory runner the engine tests use (the product's runtime
 * implements the service on the queue).
 */
import { describe, expect, it } from 'vitest';
import type { Item, NodeServices } from '../sdk';
import type { GraphNode, WorkflowGraph } from '../../server/engine/types';
import { runWorkflowInMemory } from '../../server/engine/run-memory';
import { registry } from '../registry';

const node = (id: string, type: string, params: Record<string, unknown> = {}): GraphNode => ({ id, name: id, type, typeVersion: 1, params, position: [0, 0] });
const link = (from: string, to: string) => ({ from: { node: from, port: 'main' }, to: { node: to, port: 'main' } });

const child: WorkflowGraph = {
  nodes: [
    node('When called', 'executeWorkflowTrigger', { inputSource: 'fields', fields: [{ name: 'n' }] }),
    node('Square', 'transform', { assignments: [{ name: 'square', value: '={{ $json.n * $json.n }}', type: 'number' }] }),
  ],
  connections: [link('When called', 'Square')],
};

const services: NodeServices = {
  async executeWorkflow({ workflowId, graph, items }): Promise<Item[]> {
    const target = graph ?? (workflowId === 'child' ? child : undefined);
    if (!target) throw new Error(`workflow ${workflowId} not found`);
    const run = await runWorkflowInMemory(target, registry, { mode: 'subworkflow', triggerItems: items });
    if (run.status === 'failed') throw new Error(run.error?.message ?? 'failed');
    return run.lastOutput;
  },
};

describe('executeWorkflow with executeWorkflowTrigger', () => {
  it('passes items to the sub-workflow and outputs its last node\'s items, per item', async () => {
    const parent: WorkflowGraph = {
      nodes: [node('Start', 'manualTrigger'), node('Call child', 'executeWorkflow', { workflowId: 'child', mode: 'each' })],
      connections: [link('Start', 'Call child')],
    };
    const result = await runWorkflowInMemory(parent, registry, { triggerItems: [{ json: { n: 3, drop: 'x' } }, { json: { n: 4 } }], services });
    expect(result.error).toBeUndefined();
    expect(result.lastOutput.map((i) => i.json)).toEqual([{ n: 3, square: 9 }, { n: 4, square: 16 }]);
  });

  it('runs a graph given as JSON and surfaces sub-workflow failures with the node name', async () => {
    const parent: WorkflowGraph = {
      nodes: [node('Start', 'manualTrigger'), node('Inline', 'executeWorkflow', { source: 'parameter', workflowJson: JSON.stringify(child) })],
      connections: [link('Start', 'Inline')],
    };
    const ok = await runWorkflowInMemory(parent, registry, { triggerItems: [{ json: { n: 5 } }], services });
    expect(ok.lastOutput.map((i) => i.json)).toEqual([{ n: 5, square: 25 }]);

    const failing: WorkflowGraph = {
      nodes: [node('Start', 'manualTrigger'), node('Call missing', 'executeWorkflow', { workflowId: 'nope' })],
      connections: [link('Start', 'Call missing')],
    };
    const failed = await runWorkflowInMemory(failing, registry, { triggerItems: [{ json: {} }], services });
    expect(failed.status).toBe('failed');
    expect(failed.error?.message).toContain('Node "Call missing": sub-workflow (workflow nope) failed: workflow nope not found');
  });

  it('an unsupported node stops the run before it starts, naming the n8n type', async () => {
    const graph: WorkflowGraph = {
      nodes: [node('Start', 'manualTrigger'), node('Sheets', 'unsupported', { originalType: 'n8n-nodes-base.googleSheets' })],
      connections: [link('Start', 'Sheets')],
    };
    await expect(runWorkflowInMemory(graph, registry, {})).rejects.toThrow('"Sheets" (n8n-nodes-base.googleSheets)');
  });
});
