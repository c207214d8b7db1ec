/** Filter from n8n's documentation: the IF conditions, one output of kept items; Weft adds an optional discarded output. */
import { describe, expect, it } from 'vitest';
import { runNode, jsonOf } from '../../server/engine/testing/node-context';
import { filter } from './index';

const cond = { leftValue: '={{ $json.status }}', operator: { type: 'string', operation: 'equals' }, rightValue: 'paid' };
const items = [{ status: 'paid' }, { status: 'open' }, { status: 'PAID' }];

describe('filter', () => {
  it('keeps the items that meet the conditions, with pairedItem', async () => {
    const out = await runNode(filter, { params: { conditions: [cond] }, items });
    expect(jsonOf(out)).toEqual([{ status: 'paid' }]);
    expect(out.main[0].pairedItem).toEqual({ item: 0 });
    expect(out.discarded).toBeUndefined();
  });

  it('case-insensitive', async () => {
    const out = await runNode(filter, { params: { conditions: [cond], caseSensitive: false }, items });
    expect(jsonOf(out)).toEqual([{ status: 'paid' }, { status: 'PAID' }]);
  });

  it('optionally emits discarded items on a second output', async () => {
    const out = await runNode(filter, { params: { conditions: [cond], outputDiscarded: true }, items });
    expect(jsonOf(out, 'discarded')).toEqual([{ status: 'open' }, { status: 'PAID' }]);
    expect(out.discarded.map((i) => i.pairedItem)).toEqual([{ item: 1 }, { item: 2 }]);
  });

  it('or-combined conditions with loose types', async () => {
    const conditions = [
      { leftValue: '={{ $json.n }}', operator: { type: 'number', operation: 'gt' }, rightValue: 10 },
      { leftValue: '={{ $json.tags }}', operator: { type: 'array', operation: 'contains' }, rightValue: 'vip' },
    ];
    const out = await runNode(filter, { params: { conditions, combinator: 'or', typeValidation: 'loose' }, items: [{ n: '11', tags: [] }, { n: '2', tags: ['vip'] }, { n: '1', tags: [] }] });
    expect(jsonOf(out).length).toBe(2);
  });

  it('fails with the condition named when types do not fit (strict)', async () => {
    const conditions = [{ leftValue: '={{ $json.n }}', operator: { type: 'number', operation: 'gt' }, rightValue: 1 }];
    await expect(runNode(filter, { params: { conditions }, items: [{ n: 'x' }] })).rejects.toThrow(/Condition 1/);
  });
});
