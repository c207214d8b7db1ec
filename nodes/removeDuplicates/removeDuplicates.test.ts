/** Remove Duplicates from n8n's documentation: compare all fields, all fields except, or selected fields; the first occurrence stays. */
import { describe, expect, it } from 'vitest';
import { runNode, jsonOf } from '../../server/engine/testing/node-context';
import { removeDuplicates } from './index';

const items = [
  { id: 1, email: 'a@x.io', meta: { k: 1, j: 2 }, seen: 1 },
  { id: 2, email: 'b@x.io', meta: { k: 1 }, seen: 2 },
  { id: 1, email: 'a@x.io', meta: { j: 2, k: 1 }, seen: 1 },
  { id: 3, email: 'a@x.io', meta: { k: 1 }, seen: 3 },
];

describe('removeDuplicates', () => {
  it('all fields: deep comparison, key order ignored; pairedItem kept', async () => {
    const out = await runNode(removeDuplicates, { items });
    expect(jsonOf(out).map((j) => (j as { id: number }).id)).toEqual([1, 2, 3]);
    expect(out.main.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 3 }]);
  });

  it('selected fields', async () => {
    const out = await runNode(removeDuplicates, { params: { compare: 'selectedFields', fieldsToCompare: 'email' }, items });
    expect(jsonOf(out).map((j) => (j as { id: number }).id)).toEqual([1, 2]);
  });

  it('selected fields with nested paths, optionally removing the other fields', async () => {
    const out = await runNode(removeDuplicates, { params: { compare: 'selectedFields', fieldsToCompare: 'meta.k', removeOtherFields: true }, items });
    expect(jsonOf(out)).toEqual([{ meta: { k: 1 } }]);
  });

  it('all fields except the listed ones', async () => {
    const out = await runNode(removeDuplicates, { params: { compare: 'allFieldsExcept', fieldsToExclude: 'id, seen, meta' }, items });
    expect(jsonOf(out).map((j) => (j as { id: number }).id)).toEqual([1, 2]);
  });

  it('a selected field missing from some items is an error (as n8n reports it)', async () => {
    await expect(runNode(removeDuplicates, { params: { compare: 'selectedFields', fieldsToCompare: 'email, nope' }, items })).rejects.toThrow(
      /"nope" is missing from some input items/,
    );
  });

  it('needs fields for selected fields', async () => {
    await expect(runNode(removeDuplicates, { params: { compare: 'selectedFields' }, items })).rejects.toThrow(/fieldsToCompare/);
  });
});
