/**
 * Merge v3 modes from n8n's documentation (append, combine by matching fields with the five output
 * types, by position, all combinations, choose branch) and its clash handling.
 */
import { describe, expect, it } from 'vitest';
import { runNode, jsonOf } from '../../server/engine/testing/node-context';
import { merge, mergeInputs } from './index';

const in1 = [{ id: 1, a: 'A1', c: { x: 1 } }, { id: 2, a: 'A2' }, { id: 3, a: 'A3' }];
const in2 = [{ id: 2, b: 'B2', c: { y: 1 } }, { id: 9, b: 'B9' }, { id: 1, b: 'B1', c: { z: 2 } }];

async function run(params: Record<string, unknown>, input1: unknown[] = in1, input2: unknown[] = in2) {
  const out = await runNode(merge, { params, inputs: { input1: input1 as Record<string, unknown>[], input2: input2 as Record<string, unknown>[] } });
  return { json: jsonOf(out), paired: out.main.map((i) => i.pairedItem) };
}
const byId = { mode: 'combineByFields', fields: [{ field1: 'id', field2: 'id' }] };

describe('merge (n8n Merge v3)', () => {
  it('append: input 1 items, then input 2 items, with the input index in pairedItem', async () => {
    const { json, paired } = await run({ mode: 'append' }, [{ a: 'A' }, { a: 'B' }], [{ a: 'C' }]);
    expect(json).toEqual([{ a: 'A' }, { a: 'B' }, { a: 'C' }]);
    expect(paired).toEqual([{ item: 0, input: 0 }, { item: 1, input: 0 }, { item: 0, input: 1 }]);
  });

  it('append with one empty input outputs the other', async () => {
    expect((await run({ mode: 'append' }, [], [{ a: 1 }])).json).toEqual([{ a: 1 }]);
  });

  it('append with three inputs (numberInputs)', async () => {
    const out = await runNode(merge, { params: { mode: 'append', numberInputs: 3 }, inputs: { input1: [{ a: 1 }], input2: [], input3: [{ a: 3 }] } });
    expect(jsonOf(out)).toEqual([{ a: 1 }, { a: 3 }]);
    expect(out.main[1].pairedItem).toEqual({ item: 0, input: 2 });
  });

  it('has inputs input1..inputN', () => {
    expect(mergeInputs({}).map((p) => p.name)).toEqual(['input1', 'input2']);
    expect(mergeInputs({ mode: 'append', numberInputs: 4 }).map((p) => p.name)).toEqual(['input1', 'input2', 'input3', 'input4']);
    expect(mergeInputs({ mode: 'combineByFields', numberInputs: 4 })).toHaveLength(2);
  });

  describe('combine by matching fields', () => {
    it('keep matches (default): merged items, input 2 wins clashes, nested objects merged', async () => {
      const { json, paired } = await run(byId);
      expect(json).toEqual([
        { id: 1, a: 'A1', b: 'B1', c: { x: 1, z: 2 } },
        { id: 2, a: 'A2', b: 'B2', c: { y: 1 } },
      ]);
      expect(paired[0]).toEqual([{ item: 0, input: 0 }, { item: 2, input: 1 }]);
    });

    it('keep matches, output data from input 1 or input 2 only', async () => {
      expect((await run({ ...byId, outputDataFrom: 'input1' })).json).toEqual([in1[0], in1[1]]);
      expect((await run({ ...byId, outputDataFrom: 'input2' })).json).toEqual([in2[0], in2[2]]);
    });

    it('keep non-matches', async () => {
      expect((await run({ ...byId, joinMode: 'keepNonMatches' })).json).toEqual([
        { ...in1[2], _source: 'input1' },
        { ...in2[1], _source: 'input2' },
      ]);
      expect((await run({ ...byId, joinMode: 'keepNonMatches', outputDataFrom: 'input1' })).json).toEqual([in1[2]]);
    });

    it('keep everything: matches merged, then the unmatched of input 1 and input 2', async () => {
      const { json } = await run({ ...byId, joinMode: 'keepEverything' });
      expect(json).toEqual([
        { id: 1, a: 'A1', b: 'B1', c: { x: 1, z: 2 } },
        { id: 2, a: 'A2', b: 'B2', c: { y: 1 } },
        in1[2],
        in2[1],
      ]);
    });

    it('enrich input 1: every input 1 item, with the matching input 2 data added', async () => {
      const { json } = await run({ ...byId, joinMode: 'enrichInput1' });
      expect(json).toEqual([{ id: 1, a: 'A1', b: 'B1', c: { x: 1, z: 2 } }, { id: 2, a: 'A2', b: 'B2', c: { y: 1 } }, in1[2]]);
    });

    it('enrich input 1: the matched items first, then the unmatched ones (n8n 2.40.7 order)', async () => {
      const { json, paired } = await run({ ...byId, joinMode: 'enrichInput1' }, [{ id: 3 }, { id: 2 }, { id: 1 }], in2);
      expect(json).toEqual([{ id: 2, b: 'B2', c: { y: 1 } }, { id: 1, b: 'B1', c: { z: 2 } }, { id: 3 }]);
      expect(paired[2]).toEqual({ item: 0, input: 0 });
    });

    it('enrich input 2: every input 2 item, with the matching input 1 data added (matched pairs first, as n8n orders them)', async () => {
      const { json } = await run({ ...byId, joinMode: 'enrichInput2' });
      expect(json).toEqual([{ id: 1, a: 'A1', b: 'B1', c: { x: 1, z: 2 } }, { id: 2, a: 'A2', b: 'B2', c: { y: 1 } }, in2[1]]);
    });

    it('clashes: input 2 wins when enriching input 1, input 1 wins when enriching input 2 (n8n 2.40.7)', async () => {
      const i1 = [{ id: 1, v: 'one', a: 1 }, { id: 7 }];
      const i2 = [{ id: 1, v: 'two', b: 2 }, { id: 5 }];
      expect((await run({ ...byId, joinMode: 'enrichInput1' }, i1, i2)).json).toEqual([{ id: 1, v: 'two', a: 1, b: 2 }, { id: 7 }]);
      const enriched2 = await run({ ...byId, joinMode: 'enrichInput2' }, i1, i2);
      expect(enriched2.json).toEqual([{ id: 1, v: 'one', a: 1, b: 2 }, { id: 5 }]);
      expect(enriched2.paired[0]).toEqual([{ item: 0, input: 1 }, { item: 0, input: 0 }]);
    });

    it('multiple matches: all by default, or only the first', async () => {
      const many = [{ id: 1, v: 'p' }, { id: 1, v: 'q' }];
      expect((await run(byId, [{ id: 1 }], many)).json).toEqual([{ id: 1, v: 'p' }, { id: 1, v: 'q' }]);
      expect((await run({ ...byId, multipleMatches: 'first' }, [{ id: 1 }], many)).json).toEqual([{ id: 1, v: 'p' }]);
    });

    it('fuzzy compare matches 1 and "1"; strict compare does not', async () => {
      expect((await run(byId, [{ id: 1 }], [{ id: '1', b: 1 }])).json).toEqual([]);
      expect((await run({ ...byId, fuzzyCompare: true }, [{ id: 1 }], [{ id: '1', b: 1 }])).json).toEqual([{ id: '1', b: 1 }]);
    });

    it('matches on nested paths and on several field pairs', async () => {
      const params = { mode: 'combineByFields', fields: [{ field1: 'k.id', field2: 'ref' }, { field1: 'kind', field2: 'kind' }] };
      const { json } = await run(params, [{ k: { id: 1 }, kind: 'a' }, { k: { id: 1 }, kind: 'b' }], [{ ref: 1, kind: 'b', v: true }]);
      expect(json).toEqual([{ k: { id: 1 }, kind: 'b', ref: 1, v: true }]);
    });

    it('needs fields to match', async () => {
      await expect(run({ mode: 'combineByFields' })).rejects.toThrow(/Field "fields"/);
    });
  });

  describe('combine by position', () => {
    it('merges item i of each input; stops at the shorter input', async () => {
      const { json, paired } = await run({ mode: 'combineByPosition' }, [{ a: 1 }, { a: 2 }, { a: 3 }], [{ b: 1 }, { b: 2 }]);
      expect(json).toEqual([{ a: 1, b: 1 }, { a: 2, b: 2 }]);
      expect(paired[1]).toEqual([{ item: 1, input: 0 }, { item: 1, input: 1 }]);
    });

    it('includeUnpaired keeps the rest', async () => {
      expect((await run({ mode: 'combineByPosition', includeUnpaired: true }, [{ a: 1 }, { a: 2 }], [{ b: 1 }])).json).toEqual([{ a: 1, b: 1 }, { a: 2 }]);
    });

    it('clash handling: prefer input 1, add suffix, shallow merge, minimize empty fields', async () => {
      const i1 = [{ id: 1, a: 'A', c: { x: 1 } }];
      const i2 = [{ id: 2, a: '', c: { y: 2 } }];
      expect((await run({ mode: 'combineByPosition' }, i1, i2)).json).toEqual([{ id: 2, a: '', c: { x: 1, y: 2 } }]);
      expect((await run({ mode: 'combineByPosition', resolveClash: 'preferInput1' }, i1, i2)).json).toEqual([{ id: 1, a: 'A', c: { x: 1, y: 2 } }]);
      expect((await run({ mode: 'combineByPosition', resolveClash: 'addSuffix' }, i1, i2)).json).toEqual([
        { id_1: 1, a_1: 'A', c_1: { x: 1 }, id_2: 2, a_2: '', c_2: { y: 2 } },
      ]);
      expect((await run({ mode: 'combineByPosition', mergeMode: 'shallowMerge' }, i1, i2)).json).toEqual([{ id: 2, a: '', c: { y: 2 } }]);
      expect((await run({ mode: 'combineByPosition', minimizeEmptyFields: true }, i1, i2)).json).toEqual([{ id: 2, a: 'A', c: { x: 1, y: 2 } }]);
    });
  });

  it('combine all: every pairing of input 1 and input 2 items', async () => {
    const { json } = await run({ mode: 'combineAll' }, [{ a: 1 }, { a: 2 }], [{ b: 1 }, { b: 2 }]);
    expect(json).toEqual([{ a: 1, b: 1 }, { a: 1, b: 2 }, { a: 2, b: 1 }, { a: 2, b: 2 }]);
  });

  describe('choose branch', () => {
    it('outputs the items of the chosen input', async () => {
      expect((await run({ mode: 'chooseBranch' }, [{ a: 1 }], [{ b: 1 }])).json).toEqual([{ a: 1 }]);
      expect((await run({ mode: 'chooseBranch', useDataOfInput: 2 }, [{ a: 1 }], [{ b: 1 }])).json).toEqual([{ b: 1 }]);
    });
    it('or a single empty item', async () => {
      expect((await run({ mode: 'chooseBranch', chooseBranchOutput: 'empty' }, [{ a: 1 }], [{ b: 1 }])).json).toEqual([{}]);
    });
    it('rejects an input that does not exist', async () => {
      await expect(run({ mode: 'chooseBranch', useDataOfInput: 3 })).rejects.toThrow(/useDataOfInput/);
    });
  });
});
