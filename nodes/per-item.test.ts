/**
 * Per-item On Error, checked against n8n 2.40.7 (Set 3.4 and Code "each item" with items [{v:1},{v:'abc'},{v:3}],
 * item 'abc' failing): "continue (regular output)" gives [ok, {error}, ok] in input order; "continue (error
 * output)" gives the ok items on main and { ...input json, error } on the error output.
 */
import { describe, expect, it } from 'vitest';
import { makeContext } from '../server/engine/testing/node-context';
import { transform } from './transform/index';
import { registry } from './registry';
import { runWorkflowInMemory } from '../server/engine/run-memory';

const items = [{ v: 1 }, { v: 'abc' }, { v: 3 }];
const params = { include: 'all', assignments: [{ name: 'num', value: '={{ $json.v }}', type: 'number' }] };
const run = (onError?: 'stop' | 'continue' | 'errorOutput') => transform.execute(makeContext({ def: transform, params, items, node: { onError } }) as never);

describe('perItem (n8n per-item On Error)', () => {
  it('stop (default): the first failing item fails the node', async () => {
    await expect(run()).rejects.toThrow(/Field "num"/);
    await expect(run('stop')).rejects.toThrow(/Field "num"/);
  });

  it('continue: the failed item becomes { error } in its place, the others are output normally', async () => {
    const out = await run('continue');
    expect(out.main.map((i) => i.json)).toEqual([{ v: 1, num: 1 }, { error: expect.stringMatching(/Field "num".*abc/) }, { v: 3, num: 3 }]);
    expect(out.main[1].pairedItem).toEqual({ item: 1 });
    expect(out.main[1].error?.message).toMatch(/Field "num"/);
    expect(out.error).toBeUndefined();
  });

  it('errorOutput: successful items on main, the failed item with its input fields and error on the error port', async () => {
    const out = await run('errorOutput');
    expect(out.main.map((i) => i.json)).toEqual([{ v: 1, num: 1 }, { v: 3, num: 3 }]);
    expect(out.error.map((i) => i.json)).toEqual([{ v: 'abc', error: expect.stringMatching(/Field "num"/) }]);
    expect(out.error[0].pairedItem).toEqual({ item: 1 });
  });

  it('no failure: no error port', async () => {
    const out = await transform.execute(makeContext({ def: transform, params, items: [{ v: 2 }], node: { onError: 'errorOutput' } }) as never);
    expect(Object.keys(out)).toEqual(['main']);
  });

  it('through the engine: the error port carries the failed item to the node connected to it', async () => {
    const at = (id: string, type: string, params: Record<string, unknown> = {}, extra = {}) => ({ id, name: id, type, typeVersion: 1, params, position: [0, 0] as [number, number], ...extra });
    const edge = (from: string, to: string, port = 'main') => ({ from: { node: from, port }, to: { node: to, port: 'main' } });
    const graph = {
      nodes: [at('Start', 'manualTrigger'), at('Set', 'transform', params, { onError: 'errorOutput' as const }), at('Ok', 'noOp'), at('Failed', 'noOp')],
      connections: [edge('Start', 'Set'), edge('Set', 'Ok'), edge('Set', 'Failed', 'error')],
    };
    const result = await runWorkflowInMemory(graph, registry, { triggerItems: items.map((json) => ({ json })) });
    expect(result.status).toBe('succeeded');
    const out = (name: string) => result.runs.find((r) => r.nodeName === name)!.outputs.main.map((i) => i.json);
    expect(out('Ok')).toEqual([{ v: 1, num: 1 }, { v: 3, num: 3 }]);
    expect(out('Failed')).toEqual([{ v: 'abc', error: expect.stringMatching(/Field "num"/) }]);
  });
});
