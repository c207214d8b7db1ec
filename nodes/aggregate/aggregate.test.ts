/** Aggregate from n8n's documentation: individual fields into lists (rename, merge lists, keep missing) and all item data. */
import { describe, expect, it } from 'vitest';
import { runNode, jsonOf } from '../../server/engine/testing/node-context';
import { aggregate } from './index';

const items = [
  { name: 'Ann', tags: ['a', 'b'], o: { x: 1 } },
  { name: 'Bob', tags: [], o: { x: 2 } },
  { name: null, tags: ['c'] },
];

describe('aggregate', () => {
  it('individual fields: one item holding a list per field; pairedItem lists every input item', async () => {
    const out = await runNode(aggregate, { params: { fields: [{ field: 'name' }, { field: 'tags' }] }, items });
    expect(jsonOf(out)).toEqual([{ name: ['Ann', 'Bob'], tags: [['a', 'b'], [], ['c']] }]);
    expect(out.main[0].pairedItem).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
  });

  it('renames the output field, merges lists and keeps missing values as null', async () => {
    const params = { fields: [{ field: 'tags', outputField: 'allTags' }, { field: 'name', outputField: 'names' }], mergeLists: true, keepMissing: true };
    expect(jsonOf(await runNode(aggregate, { params, items }))).toEqual([{ allTags: ['a', 'b', 'c'], names: ['Ann', 'Bob', null] }]);
  });

  it('reads nested fields with dot notation; unrenamed, the list is named by the last key (n8n 2.40.7)', async () => {
    expect(jsonOf(await runNode(aggregate, { params: { fields: [{ field: 'o.x', outputField: 'xs' }] }, items }))).toEqual([{ xs: [1, 2] }]);
    expect(jsonOf(await runNode(aggregate, { params: { fields: [{ field: 'o.x' }] }, items }))).toEqual([{ x: [1, 2] }]);
  });

  it('an absent field gives an empty list', async () => {
    expect(jsonOf(await runNode(aggregate, { params: { fields: [{ field: 'missing' }] }, items }))).toEqual([{ missing: [] }]);
  });

  it('refuses two fields with the same output name', async () => {
    await expect(runNode(aggregate, { params: { fields: [{ field: 'name' }, { field: 'tags', outputField: 'name' }] }, items })).rejects.toThrow(/used twice/);
  });

  it('all item data: every item in one list under "data"', async () => {
    const out = await runNode(aggregate, { params: { aggregate: 'allItemData' }, items });
    expect(jsonOf(out)).toEqual([{ data: items }]);
  });

  it('all item data with specified fields, or all fields except some, into a named field', async () => {
    // Top-level keys only: "o.x" names no key (n8n 2.40.7 behaves the same).
    const sel = await runNode(aggregate, { params: { aggregate: 'allItemData', destinationField: 'people', include: 'selected', includeFields: 'name, o.x' }, items });
    expect(jsonOf(sel)).toEqual([{ people: [{ name: 'Ann' }, { name: 'Bob' }, { name: null }] }]);
    const exc = await runNode(aggregate, { params: { aggregate: 'allItemData', include: 'except', excludeFields: 'tags,o' }, items });
    expect(jsonOf(exc)).toEqual([{ data: [{ name: 'Ann' }, { name: 'Bob' }, { name: null }] }]);
  });

  it('includes binaries of all items when asked', async () => {
    const bin = (d: string) => ({ data: d, mimeType: 'text/plain' });
    const withBin = [{ json: { a: 1 }, binary: { file: bin('QQ==') } }, { json: { a: 2 }, binary: { file: bin('Qg==') } }, { json: { a: 3 }, binary: { file: bin('QQ==') } }];
    const all = await runNode(aggregate, { params: { fields: [{ field: 'a' }], includeBinaries: true }, items: withBin });
    expect(Object.keys(all.main[0].binary ?? {})).toEqual(['file', 'file_1', 'file_2']);
    const unique = await runNode(aggregate, { params: { fields: [{ field: 'a' }], includeBinaries: true, keepOnlyUniqueBinaries: true }, items: withBin });
    expect(Object.keys(unique.main[0].binary ?? {})).toEqual(['file', 'file_1']);
  });
});
