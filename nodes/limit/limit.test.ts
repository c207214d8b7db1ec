/** Limit from n8n's documentation: keep the first or last N items. */
import { describe, expect, it } from 'vitest';
import { runNode, jsonOf } from '../../server/engine/testing/node-context';
import { limit } from './index';

const items = [{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }];

describe('limit', () => {
  it('keeps one item by default (n8n maxItems default 1)', async () => {
    expect(jsonOf(await runNode(limit, { items }))).toEqual([{ n: 1 }]);
  });
  it('keeps the first N items', async () => {
    const out = await runNode(limit, { params: { maxItems: 2 }, items });
    expect(jsonOf(out)).toEqual([{ n: 1 }, { n: 2 }]);
    expect(out.main.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
  });
  it('keeps the last N items with pairedItem to their input positions', async () => {
    const out = await runNode(limit, { params: { maxItems: 2, keep: 'last' }, items });
    expect(jsonOf(out)).toEqual([{ n: 3 }, { n: 4 }]);
    expect(out.main.map((i) => i.pairedItem)).toEqual([{ item: 2 }, { item: 3 }]);
  });
  it('passes everything through when there are fewer items than the limit', async () => {
    expect(jsonOf(await runNode(limit, { params: { maxItems: 10 }, items }))).toHaveLength(4);
  });
});
