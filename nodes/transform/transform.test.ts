/**
 * Edit Fields (Set v3.4) semantics from n8n's documentation: field types, dot notation, include other
 * fields (all / selected / except / none), JSON mode; plus Weft's rename and remove.
 */
import { describe, expect, it } from 'vitest';
import { runNode, jsonOf } from '../../server/engine/testing/node-context';
import { transform } from './index';

const input = [
  { name: 'Ann', n: '5', num: 7, flag: 'true', tags: ['a', 'b'], o: { x: 1, y: 2 } },
  { name: 'Bob', n: '8', num: 3, flag: 'false', tags: [], o: { x: 2, y: 3 } },
];
const set = (name: string, value: unknown, type = 'string') => ({ name, value, type });

async function run(params: Record<string, unknown>, items: Record<string, unknown>[] = input) {
  const out = await runNode(transform, { params, items });
  return { json: jsonOf(out), out };
}

describe('transform (n8n Edit Fields / Set)', () => {
  it('sets fields from expressions, keeping pairedItem', async () => {
    const { json, out } = await run({ include: 'none', assignments: [set('greeting', "={{ 'hi ' + $json.name }}")] });
    expect(json).toEqual([{ greeting: 'hi Ann' }, { greeting: 'hi Bob' }]);
    expect(out.main.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
  });

  it('dot notation creates nested fields; turned off, the name is one key', async () => {
    expect((await run({ include: 'none', assignments: [set('a.b', '={{ $json.name }}')] })).json[0]).toEqual({ a: { b: 'Ann' } });
    expect((await run({ include: 'none', dotNotation: false, assignments: [set('a.b', 1, 'number')] })).json[0]).toEqual({ 'a.b': 1 });
  });

  it('dot notation writes into an existing object without dropping its other fields', async () => {
    const { json } = await run({ include: 'all', assignments: [set('o.z', 9, 'number')] });
    expect(json[0]).toMatchObject({ o: { x: 1, y: 2, z: 9 } });
  });

  it('include all keeps the other fields; the assignment wins a clash', async () => {
    const { json } = await run({ include: 'all', assignments: [set('name', 'Zed')] });
    expect(json[0]).toEqual({ ...input[0], name: 'Zed' });
  });

  it('include none outputs only the set fields (n8n includeOtherFields off)', async () => {
    expect((await run({ include: 'none', assignments: [set('x', '1', 'number')] })).json).toEqual([{ x: 1 }, { x: 1 }]);
  });

  it('include selected keeps the listed fields; a path is written under its last key (n8n 2.40.7)', async () => {
    const { json } = await run({ include: 'selected', includeFields: 'name, o.x, o.missing', assignments: [set('y', '1', 'number')] });
    expect(json[0]).toEqual({ name: 'Ann', x: 1, y: 1 });
    const items = [{ user: { first: 'Ada', deep: { x: 1 } }, 'a.b': 'lit' }];
    expect((await run({ include: 'selected', includeFields: 'user.deep, user', assignments: [] }, items)).json[0]).toEqual({ deep: { x: 1 }, user: items[0].user });
    // Without dot notation a name is a key as written.
    expect((await run({ include: 'selected', includeFields: 'user.first, a.b', dotNotation: false, assignments: [] }, items)).json[0]).toEqual({ 'a.b': 'lit' });
  });

  it('include except drops the listed fields', async () => {
    const { json } = await run({ include: 'except', excludeFields: 'name,tags', assignments: [set('x', '1', 'number')] });
    expect(json[0]).toEqual({ n: '5', num: 7, flag: 'true', o: { x: 1, y: 2 }, x: 1 });
  });

  it('does not change the input items', async () => {
    const items = [{ o: { x: 1 } }];
    await run({ include: 'all', assignments: [set('o.x', 2, 'number')] }, items);
    expect(items[0].o.x).toBe(1);
  });

  describe('types', () => {
    it('converts values to the field type (loose, as n8n does by default)', async () => {
      const { json } = await run({
        include: 'none',
        assignments: [
          set('n', '={{ $json.n }}', 'number'),
          set('flag', '={{ $json.flag }}', 'boolean'),
          set('count', '={{ $json.num }}', 'string'),
          set('arr', '[1,2]', 'array'),
          set('obj', '{"k":1}', 'object'),
          set('tags', '={{ $json.tags }}', 'array'),
        ],
      });
      expect(json[0]).toEqual({ n: 5, flag: true, count: '7', arr: [1, 2], obj: { k: 1 }, tags: ['a', 'b'] });
      expect(json[1]).toMatchObject({ n: 8, flag: false, count: '3' });
    });

    it('an empty string converts to 0 for a number field; a non-boolean is kept with ignoreConversionErrors (n8n 2.40.7)', async () => {
      const { json } = await run({ include: 'none', ignoreConversionErrors: true, assignments: [set('e', '', 'number'), set('t', 'no', 'boolean')] });
      expect(json[0]).toEqual({ e: 0, t: 'no' });
    });

    it('an object set as a string becomes its JSON text', async () => {
      expect((await run({ include: 'none', assignments: [set('s', '={{ $json.o }}')] })).json[0]).toEqual({ s: '{"x":1,"y":2}' });
    });

    it('a value that cannot be converted fails with the field name', async () => {
      const p = run({ include: 'none', assignments: [set('amount', 'abc', 'number')] });
      await expect(p).rejects.toThrow('Field "amount": "abc" cannot be converted to a number');
    });

    it('a missing value becomes null, whatever the type (as n8n 2.40.7 does)', async () => {
      const { json } = await run({ include: 'none', assignments: [set('z', '={{ $json.missing }}'), set('n', '={{ $json.missing }}', 'number')] });
      expect(json[0]).toEqual({ z: null, n: null });
    });

    it('ignoreConversionErrors keeps the value as it is', async () => {
      const { json } = await run({ include: 'none', ignoreConversionErrors: true, assignments: [set('amount', 'abc', 'number')] });
      expect(json[0]).toEqual({ amount: 'abc' });
    });

    it('strictTypes refuses conversions', async () => {
      await expect(run({ include: 'none', strictTypes: true, assignments: [set('n', '={{ $json.n }}', 'number')] })).rejects.toThrow(
        'Field "n": expected a number but got a string ("5")',
      );
    });

    it('type any keeps whatever the expression produced (n8n Set v1/v2 values)', async () => {
      expect((await run({ include: 'none', assignments: [set('o', '={{ $json.o }}', 'any')] })).json[0]).toEqual({ o: { x: 1, y: 2 } });
    });
  });

  it('json mode sets the fields of a JSON object built with expressions', async () => {
    const { json } = await run({ mode: 'json', include: 'none', json: '={ "id": "{{ $json.name }}", "p.q": {{ $json.num }} }' });
    expect(json[0]).toEqual({ id: 'Ann', p: { q: 7 } });
  });

  it('json mode accepts an expression that gives an object', async () => {
    const { json } = await run({ mode: 'json', include: 'none', json: "={{ Object.assign({ route: 'email' }, $json.o) }}" });
    expect(json[0]).toEqual({ route: 'email', x: 1, y: 2 });
  });

  it('json mode reports invalid JSON on the json field', async () => {
    await expect(run({ mode: 'json', json: '{ nope' })).rejects.toThrow(/Field "json": not valid JSON/);
  });

  it('renames fields (read from the input) and removes fields last', async () => {
    const { json } = await run({
      include: 'all',
      rename: [{ from: 'name', to: 'person.first' }, { from: 'absent', to: 'x' }],
      remove: [{ name: 'tags' }, { name: 'o.y' }],
      assignments: [set('upper', '={{ $json.name.toUpperCase() }}')],
    });
    expect(json[0]).toEqual({ n: '5', num: 7, flag: 'true', o: { x: 1 }, person: { first: 'Ann' }, upper: 'ANN' });
  });

  it('keeps binary data unless told not to', async () => {
    const bin = { file: { data: 'aGk=', mimeType: 'text/plain' } };
    const items = [{ json: { a: 1 }, binary: bin }];
    expect((await runNode(transform, { params: {}, items })).main[0].binary).toEqual(bin);
    expect((await runNode(transform, { params: { includeBinary: false }, items })).main[0].binary).toBeUndefined();
  });

  it('refuses keys that reach JavaScript internals', async () => {
    await expect(run({ include: 'none', assignments: [set('__proto__.polluted', 'x')] })).rejects.toThrow(/not allowed/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
