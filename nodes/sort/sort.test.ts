/** Sort from n8n's documentation: simple sort by one or more fields, ascending or descending, and random. */
import { describe, expect, it } from 'vitest';
import { runNode, jsonOf } from '../../server/engine/testing/node-context';
import { sort } from './index';

const items = [
  { name: 'bob', age: 30, addr: { city: 'Oslo' } },
  { name: 'Ann', age: 25, addr: { city: 'Bergen' } },
  { name: 'cid', age: 30, addr: { city: 'Alta' } },
  { name: 'dan' },
];

describe('sort', () => {
  it('sorts by a number field ascending; items missing the field go last; pairedItem follows', async () => {
    const out = await runNode(sort, { params: { fields: [{ field: 'age' }] }, items });
    expect(jsonOf(out).map((j) => (j as { name: string }).name)).toEqual(['Ann', 'bob', 'cid', 'dan']);
    expect(out.main.map((i) => i.pairedItem)).toEqual([{ item: 1 }, { item: 0 }, { item: 2 }, { item: 3 }]);
  });

  it('sorts by several fields, descending, stable for ties', async () => {
    const out = await runNode(sort, { params: { fields: [{ field: 'age', order: 'descending' }, { field: 'name', order: 'descending' }] }, items });
    expect(jsonOf(out).map((j) => (j as { name: string }).name)).toEqual(['cid', 'bob', 'Ann', 'dan']);
  });

  it('sorts strings by character code (uppercase before lowercase, as n8n does)', async () => {
    const out = await runNode(sort, { params: { fields: [{ field: 'name' }] }, items });
    expect(jsonOf(out).map((j) => (j as { name: string }).name)).toEqual(['Ann', 'bob', 'cid', 'dan']);
  });

  it('sorts by a nested path with dot notation', async () => {
    const out = await runNode(sort, { params: { fields: [{ field: 'addr.city' }] }, items });
    expect(jsonOf(out).map((j) => (j as { name: string }).name)).toEqual(['cid', 'Ann', 'bob', 'dan']);
  });

  it('random order keeps every item exactly once', async () => {
    const many = Array.from({ length: 50 }, (_, i) => ({ i }));
    const out = await runNode(sort, { params: { type: 'random' }, items: many });
    expect(jsonOf(out).map((j) => (j as { i: number }).i).sort((a, b) => a - b)).toEqual(many.map((m) => m.i));
    expect(out.main.every((item) => (item.pairedItem as { item: number }).item === (item.json.i as number))).toBe(true);
  });

  it('a field that no item has is an error naming it', async () => {
    await expect(runNode(sort, { params: { fields: [{ field: 'nope' }] }, items })).rejects.toThrow(/no input item has the field "nope"/);
  });

  it('needs a field to sort by', async () => {
    await expect(runNode(sort, { params: { fields: [] }, items })).rejects.toThrow(/Field "fields"/);
  });
});
