/**
 * The agent's workflow tool (n8n's Call n8n Workflow Tool) through the real engine: the model (fake
 * OpenAI-compatible server on loopback) calls the tool, the sub-workflow runs through the executeWorkflow
 * service (the in-memory runner, as in nodes/executeWorkflow/subworkflow.flow.test.ts), receiving the
 * model's arguments plus the fixed inputs resolved on the agent's item, and its answer goes back to the model.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Item, NodeServices } from '../sdk';
import type { GraphNode, WorkflowGraph } from '../../server/engine/types';
import { runWorkflowInMemory } from '../../server/engine/run-memory';
import { llmServices } from '../../server/llm';
import { startFakeLlm, type FakeLlm } from '../../server/testing/fake-llm';
import { registry } from '../registry';

const node = (id: string, type: string, params: Record<string, unknown> = {}): GraphNode => ({ id, name: id, type, typeVersion: 1, params, position: [0, 0] });
const link = (from: string, to: string) => ({ from: { node: from, port: 'main' }, to: { node: to, port: 'main' } });

const square: WorkflowGraph = {
  nodes: [
    node('When called', 'executeWorkflowTrigger', {}),
    node('Square', 'transform', { assignments: [{ name: 'square', value: '={{ $json.n * $json.n }}', type: 'number' }] }),
  ],
  connections: [link('When called', 'Square')],
};

const calls: Item[][] = [];
const services: NodeServices = {
  llm: llmServices,
  async executeWorkflow({ workflowId, items }): Promise<Item[]> {
    calls.push(items);
    if (workflowId !== 'square') throw new Error(`workflow ${workflowId} not found`);
    const run = await runWorkflowInMemory(square, registry, { mode: 'subworkflow', triggerItems: items });
    if (run.status === 'failed') throw new Error(run.error?.message ?? 'failed');
    return run.lastOutput;
  },
};

let fake: FakeLlm | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
  calls.length = 0;
});

const parent = (tool: Record<string, unknown>): WorkflowGraph => ({
  nodes: [
    node('Start', 'manualTrigger'),
    node('Agent', 'agent', { model: 'm', baseUrl: fake!.openAiBaseUrl, prompt: '={{ $json.q }}', includeSteps: false, tools: [tool] }),
  ],
  connections: [link('Start', 'Agent')],
});

describe('agent workflow tool', () => {
  it('runs the sub-workflow with the arguments and fixed inputs; returns the response field to the model', async () => {
    fake = await startFakeLlm((req) => (req.toolResults.length ? { text: `Answer: ${req.toolResults[0].text}` } : { toolCalls: [{ name: 'square', arguments: { n: 7 } }] }));
    const tool = {
      kind: 'workflow',
      name: 'square',
      description: 'Squares n',
      workflowId: 'square',
      parameters: { type: 'object', properties: { n: { type: 'number' } }, required: ['n'] },
      inputs: { user: '={{ $json.user }}' },
      responseField: 'square',
    };
    const run = await runWorkflowInMemory(parent(tool), registry, { triggerItems: [{ json: { q: 'square 7', user: 'ada' } }], services });
    expect(run.error).toBeUndefined();
    expect(run.lastOutput[0].json.output).toBe('Answer: 49');
    expect(calls).toEqual([[{ json: { n: 7, user: 'ada' } }]]);
    expect(fake.requests[0].toolNames).toEqual(['square']);
  });

  it('without a response field the model gets the output item; a failing sub-workflow is a tool error, not a node failure', async () => {
    fake = await startFakeLlm((req) => (req.toolResults.length ? { text: req.toolResults.map((r) => `${r.isError}:${r.text}`).join('|') } : { toolCalls: [{ name: 'square', arguments: { n: 3 } }] }));
    const ok = await runWorkflowInMemory(parent({ kind: 'workflow', name: 'square', workflowId: 'square', parameters: { type: 'object', properties: { n: { type: 'number' } } } }), registry, {
      triggerItems: [{ json: { q: 'go' } }],
      services,
    });
    expect(ok.lastOutput[0].json.output).toBe('false:{"n":3,"square":9}');

    const missing = await runWorkflowInMemory(parent({ kind: 'workflow', name: 'square', workflowId: 'gone' }), registry, { triggerItems: [{ json: { q: 'go' } }], services });
    expect(missing.error).toBeUndefined();
    expect(String(missing.lastOutput[0].json.output)).toMatch(/^true:.*Tool call failed: workflow gone not found/);
  });
});
