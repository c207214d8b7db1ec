/** Split Out from n8n's documentation: a list field into items, include no / all / selected other fields, destination field name. */
import { describe, expect, it } from 'vitest';
import { runNode, jsonOf } from '../../server/engine/testing/node-context';
import { splitOut } from './index';

const items = [
  { id: 1, tags: ['a', 'b'], people: [{ n: 'Ann' }, { n: 'Bob' }], meta: { list: [1, 2] } },
  { id: 2, tags: ['c'], people: [], meta: { list: [] } },
];

describe('splitOut', () => {
  it('splits a list of values: each value under the field name; pairedItem to the source item', async () => {
    const out = await runNode(splitOut, { params: { fieldToSplitOut: 'tags' }, items });
    expect(jsonOf(out)).toEqual([{ tags: 'a' }, { tags: 'b' }, { tags: 'c' }]);
    expect(out.main.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 0 }, { item: 1 }]);
  });

  it('a list of objects: each object becomes the item', async () => {
    expect(jsonOf(await runNode(splitOut, { params: { fieldToSplitOut: 'people' }, items }))).toEqual([{ n: 'Ann' }, { n: 'Bob' }]);
  });

  it('a list of objects with other fields included: each object stays under the field name (n8n 2.40.7)', async () => {
    const selected = await runNode(splitOut, { params: { fieldToSplitOut: 'people', include: 'selected', fieldsToInclude: 'id' }, items: [items[0]] });
    expect(jsonOf(selected)).toEqual([{ people: { n: 'Ann' }, id: 1 }, { people: { n: 'Bob' }, id: 1 }]);
    const all = await runNode(splitOut, { params: { fieldToSplitOut: 'people', include: 'all' }, items: [items[0]] });
    expect(jsonOf(all)[1]).toEqual({ id: 1, tags: ['a', 'b'], meta: { list: [1, 2] }, people: { n: 'Bob' } });
  });

  it('include all other fields', async () => {
    const out = await runNode(splitOut, { params: { fieldToSplitOut: 'tags', include: 'all' }, items: [items[0]] });
    expect(jsonOf(out)).toEqual([
      { id: 1, people: items[0].people, meta: items[0].meta, tags: 'a' },
      { id: 1, people: items[0].people, meta: items[0].meta, tags: 'b' },
    ]);
  });

  it('include selected other fields, with a destination field name', async () => {
    const out = await runNode(splitOut, { params: { fieldToSplitOut: 'tags', include: 'selected', fieldsToInclude: 'id, meta.list', destinationFieldName: 'tag' }, items });
    // n8n 2.40.7 keeps a selected path's written name as the key.
    expect(jsonOf(out)).toEqual([
      { tag: 'a', id: 1, 'meta.list': [1, 2] },
      { tag: 'b', id: 1, 'meta.list': [1, 2] },
      { tag: 'c', id: 2, 'meta.list': [] },
    ]);
  });

  it('splits a nested list with dot notation', async () => {
    expect(jsonOf(await runNode(splitOut, { params: { fieldToSplitOut: 'meta.list', destinationFieldName: 'v' }, items }))).toEqual([{ v: 1 }, { v: 2 }]);
  });

  it('a single value (not a list) gives one item', async () => {
    expect(jsonOf(await runNode(splitOut, { params: { fieldToSplitOut: 'id' }, items }))).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it('an object splits into its values; a dotted path keeps its written name as the key (n8n 2.40.7)', async () => {
    expect(jsonOf(await runNode(splitOut, { params: { fieldToSplitOut: 'o' }, items: [{ o: { x: 1, y: 2 } }, { o: {} }] }))).toEqual([{ o: 1 }, { o: 2 }]);
    expect(jsonOf(await runNode(splitOut, { params: { fieldToSplitOut: 'o.x' }, items: [{ o: { x: 1 } }, { o: {} }] }))).toEqual([{ 'o.x': 1 }]);
  });

  it('several fields split side by side', async () => {
    const out = await runNode(splitOut, { params: { fieldToSplitOut: 'tags, name' }, items: [{ tags: ['a', 'b'], name: 'Ann' }, { tags: [], name: 'bob' }] });
    expect(jsonOf(out)).toEqual([{ tags: 'a', name: 'Ann' }, { tags: 'b' }, { name: 'bob' }]);
  });

  it('a missing field gives no items (as n8n 2.40.7 does)', async () => {
    expect(jsonOf(await runNode(splitOut, { params: { fieldToSplitOut: 'missing' }, items }))).toEqual([]);
  });

  it('needs a field name', async () => {
    await expect(runNode(splitOut, { params: { fieldToSplitOut: ' ' }, items })).rejects.toThrow(/Field "fieldToSplitOut"/);
  });
});
