import { describe, expect, it } from 'vitest';
import type { Item, JsonObject } from '../sdk';
import { loopNode } from './index';
import { makeContext } from '../../server/engine/testing/node-context';

/** Drives the node the way the engine does: one execute per delivery, state carried between runs. */
async function deliver(items: Item[], params: Record<string, unknown>, state: JsonObject | undefined) {
  const ctx = makeContext({ def: loopNode, items, params, state });
  const out = await loopNode.execute(ctx as never);
  return { out, state: ctx.savedState() };
}

const input = [1, 2, 3, 4, 5].map((n) => ({ json: { n } }));
const body = (batch: Item[]) => batch.map((i) => ({ json: { n: i.json.n, seen: true } }));

describe('loop node (Loop Over Items)', () => {
  it('emits batches on "loop" and everything processed on "done"', async () => {
    const params = { batchSize: 2 };
    let r = await deliver(input, params, undefined);
    expect(r.out.loop.map((i) => i.json.n)).toEqual([1, 2]);
    expect(r.out.done).toBeUndefined();
    expect(r.out.loop[1].pairedItem).toEqual({ item: 1 });

    const seenBatches: unknown[][] = [r.out.loop.map((i) => i.json.n)];
    for (let guard = 0; guard < 10 && r.out.loop; guard++) {
      r = await deliver(body(r.out.loop), params, r.state);
      if (r.out.loop) seenBatches.push(r.out.loop.map((i) => i.json.n));
    }
    expect(seenBatches).toEqual([[1, 2], [3, 4], [5]]);
    expect(r.out.done.map((i) => i.json)).toEqual([1, 2, 3, 4, 5].map((n) => ({ n, seen: true })));
    expect(r.out.loop).toBeUndefined();
    expect(r.state).toBeUndefined();
  });

  it('keeps the original pairedItem index for later batches', async () => {
    let r = await deliver(input, { batchSize: 2 }, undefined);
    r = await deliver(body(r.out.loop), { batchSize: 2 }, r.state);
    expect(r.out.loop.map((i) => i.pairedItem)).toEqual([{ item: 2 }, { item: 3 }]);
  });

  it('starts a new round after "done" (an outer loop delivering again)', async () => {
    let r = await deliver(input.slice(0, 1), { batchSize: 5 }, undefined);
    r = await deliver(body(r.out.loop), { batchSize: 5 }, r.state);
    expect(r.out.done).toHaveLength(1);
    r = await deliver(input.slice(3), { batchSize: 5 }, r.state);
    expect(r.out.loop.map((i) => i.json.n)).toEqual([4, 5]);
  });

  it('with reset, treats each delivery as fresh input', async () => {
    let r = await deliver(input, { batchSize: 2, reset: true }, undefined);
    expect(r.out.loop.map((i) => i.json.n)).toEqual([1, 2]);
    r = await deliver([{ json: { n: 9 } }], { batchSize: 2, reset: true }, r.state);
    expect(r.out.loop.map((i) => i.json.n)).toEqual([9]);
  });

  it('defaults to batches of one, accepts "=1"-style strings, and emits an empty done for no items', async () => {
    let r = await deliver(input.slice(0, 2), {}, undefined);
    expect(r.out.loop).toHaveLength(1);
    r = await deliver(input.slice(0, 3), { batchSize: '2' }, undefined);
    expect(r.out.loop).toHaveLength(2);
    r = await deliver([], {}, undefined);
    expect(r.out).toEqual({ done: [] });
  });
});
