/**
 * Loop Over Items driven by the real engine (in-memory runner, real registry): batches go round the loop
 * body and everything comes out on "done" once.
 */
import { describe, expect, it } from 'vitest';
import type { GraphNode, WorkflowGraph } from '../../server/engine/types';
import { runWorkflowInMemory } from '../../server/engine/run-memory';
import { registry } from '../registry';

const node = (id: string, type: string, params: Record<string, unknown> = {}): GraphNode => ({ id, name: id, type, typeVersion: 1, params, position: [0, 0] });
const link = (from: string, port: string, to: string) => ({ from: { node: from, port }, to: { node: to, port: 'main' } });

describe('loop node in a workflow', () => {
  it('runs the body once per batch and emits every processed item on done', async () => {
    const graph: WorkflowGraph = {
      nodes: [
        node('Start', 'manualTrigger'),
        node('Loop', 'loop', { batchSize: 2 }),
        node('Body', 'transform', { assignments: [{ name: 'seen', value: '={{ $json.n * 10 }}', type: 'number' }] }),
        node('After', 'noOp'),
      ],
      connections: [link('Start', 'main', 'Loop'), link('Loop', 'loop', 'Body'), link('Body', 'main', 'Loop'), link('Loop', 'done', 'After')],
    };
    const triggerItems = [1, 2, 3, 4, 5].map((n) => ({ json: { n } }));
    const result = await runWorkflowInMemory(graph, registry, { triggerItems });
    expect(result.error).toBeUndefined();
    expect(result.status).toBe('succeeded');
    const runsOf = (name: string) => result.runs.filter((r) => r.nodeName === name);
    expect(runsOf('Body').map((r) => r.outputs.main.map((i) => i.json.n))).toEqual([[1, 2], [3, 4], [5]]);
    expect(runsOf('Loop')).toHaveLength(4);
    const after = runsOf('After');
    expect(after).toHaveLength(1);
    expect(after[0].outputs.main.map((i) => i.json)).toEqual([1, 2, 3, 4, 5].map((n) => ({ n, seen: n * 10 })));
  });
});
