import { describe, expect, it } from 'vitest';
import { runNode, jsonOf } from '../../server/engine/testing/node-context';
import { noOp } from './index';

describe('noOp', () => {
  it('passes items through with pairedItem', async () => {
    const out = await runNode(noOp, { items: [{ a: 1 }, { a: 2 }] });
    expect(jsonOf(out)).toEqual([{ a: 1 }, { a: 2 }]);
    expect(out.main.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
  });
  it('emits nothing for no input', async () => {
    const out = await runNode(noOp, { items: [] });
    expect(out.main).toEqual([]);
  });
});
