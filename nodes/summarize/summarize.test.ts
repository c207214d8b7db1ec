/**
 * summarize node on its own: pairing of output items, the version-1 missing-field error naming node and field,
 * no input, and custom separators. Its n8n parity is in server/n8n/summarize-cases.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { jsonOf, runNode } from '../../server/engine/testing/node-context';
import { summarizeNode } from './index';

const rows = [{ team: 'a', pts: 3 }, { team: 'b', pts: 1 }, { team: 'a', pts: 4 }];
const run = (params: Record<string, unknown>, items: Record<string, unknown>[] = rows, typeVersion = 1.1) =>
  runNode(summarizeNode, { params, items, node: { name: 'Totals', typeVersion } });

describe('summarize node', () => {
  it('one item per group, paired with the items of its group', async () => {
    const out = await run({ fields: [{ aggregation: 'sum', field: 'pts' }, { aggregation: 'max', field: 'pts' }], fieldsToSplitBy: 'team' });
    expect(jsonOf(out)).toEqual([{ sum_pts: 7, max_pts: 4, team: 'a' }, { sum_pts: 1, max_pts: 1, team: 'b' }]);
    expect(out.main.map((i) => i.pairedItem)).toEqual([[{ item: 0 }, { item: 2 }], [{ item: 1 }]]);
  });

  it('without split fields: one item paired with every input item; a custom separator', async () => {
    const out = await run({ fields: [{ aggregation: 'concatenate', field: 'team', separator: ' + ' }, { aggregation: 'countUnique', field: 'team' }] });
    expect(jsonOf(out)).toEqual([{ concatenated_team: 'a + b + a', unique_count_team: 2 }]);
    expect(out.main[0].pairedItem).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
  });

  it('version 1 fails on a field no item has unless continueIfFieldNotFound; 1.1 does not', async () => {
    await expect(run({ fields: [{ aggregation: 'sum', field: 'score' }] }, rows, 1)).rejects.toThrow(`Node "Totals", field "fields": the field 'score' does not exist in any items`);
    expect(jsonOf(await run({ fields: [{ aggregation: 'sum', field: 'score' }], continueIfFieldNotFound: true }, rows, 1))).toEqual([{ sum_score: 0 }]);
    expect(jsonOf(await run({ fields: [{ aggregation: 'sum', field: 'score' }] }))).toEqual([{ sum_score: 0 }]);
  });

  it('an empty field name and no input', async () => {
    await expect(run({ fields: [{ aggregation: 'count', field: '' }] })).rejects.toThrow('Node "Totals", field "fields": add at least one field to summarize');
    expect(jsonOf(await run({ fields: [{ aggregation: 'count', field: 'pts' }] }, []))).toEqual([]);
  });

  it('dotted paths, a key that literally holds the dots, and dot notation off', async () => {
    const items = [{ a: { b: 1 } }, { 'a.b': 2 }, { a: { b: 3 } }];
    expect(jsonOf(await run({ fields: [{ aggregation: 'append', field: 'a.b' }] }, items))).toEqual([{ appended_a_b: [1, 2, 3] }]);
    expect(jsonOf(await run({ fields: [{ aggregation: 'append', field: 'a.b' }], dotNotation: false }, items))).toEqual([{ appended_a_b: [2] }]);
  });
});
