/**
 * The core and flow nodes together in the engine's in-memory runner: the n8n diff example
 * (Set -> IF -> Set big / Set small), joined by a Merge, then Aggregate. Expected values are n8n 2.40.7's.
 */
import { describe, expect, it } from 'vitest';
import { runWorkflowInMemory } from '../../server/engine/run-memory';
import { validateWorkflow } from '../../server/engine/validate';
import type { NodeDefinition, NodeRegistry } from '../../server/engine/node';
import type { GraphNode, WorkflowGraph } from '../../server/engine/types';
import { coreNodes } from '../groups/core';
import { flowNodes } from '../groups/flow';

const registry: NodeRegistry = new Map([...coreNodes, ...flowNodes].map((d: NodeDefinition) => [d.type, d]));
const n = (id: string, type: string, params: Record<string, unknown> = {}): GraphNode => ({ id, name: id, type, typeVersion: 1, params, position: [0, 0] });
const link = (from: string, to: string, fromPort = 'main', toPort = 'main') => ({ from: { node: from, port: fromPort }, to: { node: to, port: toPort } });

const graph: WorkflowGraph = {
  nodes: [
    n('Trigger', 'manualTrigger'),
    n('Greeting', 'transform', { include: 'all', assignments: [{ name: 'greeting', value: "={{ 'hi ' + $json.body.name }}", type: 'string' }] }),
    n('IF', 'condition', { conditions: [{ leftValue: '={{ $json.body.n }}', operator: { type: 'number', operation: 'gt' }, rightValue: 5 }] }),
    n('Big', 'transform', { assignments: [{ name: 'tag', value: 'big', type: 'string' }] }),
    n('Small', 'transform', { assignments: [{ name: 'tag', value: 'small', type: 'string' }] }),
    n('Merge', 'merge', { mode: 'append' }),
    n('Route', 'switch', { rules: [{ conditions: [{ leftValue: '={{ $json.tag }}', operator: { type: 'string', operation: 'equals' }, rightValue: 'big' }] }], fallbackOutput: 'extra' }),
    n('Back', 'transform', { include: 'none', assignments: [{ name: 'name', value: "={{ $('Greeting').item.json.body.name }}", type: 'string' }] }),
    n('All', 'aggregate', { aggregate: 'individualFields', fields: [{ field: 'greeting' }] }),
  ],
  connections: [
    link('Trigger', 'Greeting'),
    link('Greeting', 'IF'),
    link('IF', 'Big', 'true'),
    link('IF', 'Small', 'false'),
    link('Big', 'Merge', 'main', 'input1'),
    link('Small', 'Merge', 'main', 'input2'),
    link('Merge', 'Route'),
    link('Route', 'All', 'fallback'),
    link('Merge', 'Back'),
  ],
};

const input = [{ json: { body: { name: 'a', n: 7 } } }, { json: { body: { name: 'b', n: 3 } } }, { json: { body: { name: 'c', n: 5.5 } } }];

describe('core and flow nodes in a workflow', () => {
  it('validates, including dynamic ports (merge inputs, switch fallback)', () => {
    expect(validateWorkflow(graph, registry)).toEqual([]);
    const bad = { ...graph, connections: [...graph.connections, link('Route', 'All', 'output3')] };
    expect(validateWorkflow(bad, registry).map((i) => i.message).join('\n')).toMatch(/has no output "output3"/);
  });

  it('runs branch, merge, switch fallback and aggregate with the results n8n gives', async () => {
    const exec = await runWorkflowInMemory(graph, registry, { triggerItems: input });
    expect(exec.status).toBe('succeeded');
    const out = (name: string, port = 'main') => exec.runs.find((r) => r.nodeName === name)?.outputs[port]?.map((i) => i.json);
    expect(out('Greeting')?.map((j) => j.greeting)).toEqual(['hi a', 'hi b', 'hi c']);
    expect(out('Big')).toEqual([
      { body: { name: 'a', n: 7 }, greeting: 'hi a', tag: 'big' },
      { body: { name: 'c', n: 5.5 }, greeting: 'hi c', tag: 'big' },
    ]);
    expect(out('Small')).toEqual([{ body: { name: 'b', n: 3 }, greeting: 'hi b', tag: 'small' }]);
    expect(out('Merge')?.map((j) => j.tag)).toEqual(['big', 'big', 'small']);
    expect(out('Route', 'output0')?.length).toBe(2);
    expect(out('All')).toEqual([{ greeting: ['hi b'] }]);
    // pairedItem kept by IF, Edit Fields and Merge lets $('Greeting').item find each item's origin.
    expect(out('Back')).toEqual([{ name: 'a' }, { name: 'c' }, { name: 'b' }]);
  });

  it('a manual run without input starts with one empty item', async () => {
    const exec = await runWorkflowInMemory({ nodes: [n('Trigger', 'manualTrigger'), n('Set', 'transform', { assignments: [{ name: 'x', value: 1, type: 'number' }] })], connections: [link('Trigger', 'Set')] }, registry);
    expect(exec.lastOutput.map((i) => i.json)).toEqual([{ x: 1 }]);
  });
});
