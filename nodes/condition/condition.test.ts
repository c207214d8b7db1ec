/**
 * IF v2 semantics, from n8n's documentation of the If node and its operators, and checked against
 * n8n 2.40.7 (../shared/n8n-peer oracle) where noted.
 */
import { describe, expect, it } from 'vitest';
import { runNode, jsonOf } from '../../server/engine/testing/node-context';
import { condition } from './index';

type Op = { type: string; operation: string; rightType?: string };
const c = (leftValue: unknown, operator: Op, rightValue: unknown = '') => ({ leftValue, operator, rightValue });

async function route(items: Record<string, unknown>[], conditions: unknown[], extra: Record<string, unknown> = {}) {
  const out = await runNode(condition, { params: { conditions, ...extra }, items });
  return { t: jsonOf(out, 'true'), f: jsonOf(out, 'false'), out };
}

async function holds(leftValue: unknown, operator: Op, rightValue: unknown = '', extra: Record<string, unknown> = {}) {
  const { t } = await route([{ v: leftValue, r: rightValue }], [c('={{ $json.v }}', operator, '={{ $json.r }}')], extra);
  return t.length === 1;
}

describe('condition (n8n IF v2)', () => {
  it('routes items to true and false with pairedItem', async () => {
    const { t, f, out } = await route([{ n: 7 }, { n: 3 }, { n: 5.5 }], [c('={{ $json.n }}', { type: 'number', operation: 'gt' }, 5)]);
    expect(t).toEqual([{ n: 7 }, { n: 5.5 }]);
    expect(f).toEqual([{ n: 3 }]);
    expect(out.true.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 2 }]);
    expect(out.false.map((i) => i.pairedItem)).toEqual([{ item: 1 }]);
  });

  it('string operators, case sensitive by default', async () => {
    const s = (operation: string) => ({ type: 'string', operation });
    expect(await holds('Hello', s('equals'), 'Hello')).toBe(true);
    expect(await holds('Hello', s('equals'), 'hello')).toBe(false);
    expect(await holds('Hello', s('notEquals'), 'hello')).toBe(true);
    expect(await holds('Hello world', s('contains'), 'o w')).toBe(true);
    expect(await holds('Hello world', s('notContains'), 'xyz')).toBe(true);
    expect(await holds('Hello', s('startsWith'), 'He')).toBe(true);
    expect(await holds('Hello', s('notStartsWith'), 'He')).toBe(false);
    expect(await holds('Hello', s('endsWith'), 'llo')).toBe(true);
    expect(await holds('Hello', s('notEndsWith'), 'llo')).toBe(false);
    expect(await holds('abc123', s('regex'), '^[a-z]+\\d+$')).toBe(true);
    expect(await holds('abc', s('regex'), '/^ABC$/i')).toBe(true);
    expect(await holds('abc', s('notRegex'), '^\\d+$')).toBe(true);
  });

  it('case-insensitive string comparison when caseSensitive is off', async () => {
    expect(await holds('Ann', { type: 'string', operation: 'contains' }, 'AN', { caseSensitive: false })).toBe(true);
    expect(await holds('Ann', { type: 'string', operation: 'equals' }, 'ANN', { caseSensitive: false })).toBe(true);
    expect(await holds('Ann', { type: 'string', operation: 'regex' }, '^ann$', { caseSensitive: false })).toBe(true);
  });

  it('number operators', async () => {
    const n = (operation: string) => ({ type: 'number', operation });
    expect(await holds(5, n('equals'), 5)).toBe(true);
    expect(await holds(5, n('notEquals'), 6)).toBe(true);
    expect(await holds(5, n('gt'), 5)).toBe(false);
    expect(await holds(5, n('gte'), 5)).toBe(true);
    expect(await holds(4, n('lt'), 5)).toBe(true);
    expect(await holds(5, n('lte'), 5)).toBe(true);
  });

  it('boolean operators', async () => {
    const b = (operation: string) => ({ type: 'boolean', operation });
    expect(await holds(true, b('true'))).toBe(true);
    expect(await holds(false, b('true'))).toBe(false);
    expect(await holds(false, b('false'))).toBe(true);
    expect(await holds(true, b('equals'), true)).toBe(true);
    expect(await holds(true, b('notEquals'), false)).toBe(true);
  });

  it('date operators accept ISO strings and compare instants', async () => {
    const d = (operation: string) => ({ type: 'dateTime', operation });
    expect(await holds('2024-01-02T00:00:00Z', d('after'), '2023-12-31')).toBe(true);
    expect(await holds('2023-05-01', d('after'), '2023-12-31')).toBe(false);
    expect(await holds('2023-05-01', d('before'), '2023-12-31')).toBe(true);
    expect(await holds('2024-01-01T01:00:00+01:00', d('equals'), '2024-01-01T00:00:00Z')).toBe(true);
    expect(await holds('2024-01-01', d('afterOrEquals'), '2024-01-01')).toBe(true);
    expect(await holds('2024-01-01', d('beforeOrEquals'), '2023-01-01')).toBe(false);
  });

  it('array operators (contains any value, length as number)', async () => {
    expect(await holds(['a', 'b'], { type: 'array', operation: 'contains', rightType: 'any' }, 'a')).toBe(true);
    expect(await holds(['a', 'b'], { type: 'array', operation: 'notContains' }, 'c')).toBe(true);
    expect(await holds([{ id: 1 }], { type: 'array', operation: 'contains' }, { id: 1 })).toBe(true);
    expect(await holds(['a', 'b'], { type: 'array', operation: 'lengthGt', rightType: 'number' }, 1)).toBe(true);
    expect(await holds([], { type: 'array', operation: 'lengthEquals' }, 0)).toBe(true);
    expect(await holds([1, 2, 3], { type: 'array', operation: 'lengthLte' }, 2)).toBe(false);
    expect(await holds([1, 2, 3], { type: 'array', operation: 'lengthGte' }, 3)).toBe(true);
    expect(await holds([1], { type: 'array', operation: 'lengthLt' }, 3)).toBe(true);
    expect(await holds([1], { type: 'array', operation: 'lengthNotEquals' }, 3)).toBe(true);
  });

  it('exists, empty and their negations', async () => {
    const items = [{ v: 'x' }, { v: '' }, { v: null }, {}];
    const run = async (type: string, operation: string) =>
      (await route(items, [c('={{ $json.v }}', { type, operation })])).out.true.map((i) => (i.pairedItem as { item: number }).item);
    expect(await run('string', 'exists')).toEqual([0, 1]);
    expect(await run('string', 'notExists')).toEqual([2, 3]);
    expect(await run('string', 'empty')).toEqual([1, 2, 3]);
    expect(await run('string', 'notEmpty')).toEqual([0]);
    expect(await holds({}, { type: 'object', operation: 'empty' })).toBe(true);
    expect(await holds({ x: 1 }, { type: 'object', operation: 'notEmpty' })).toBe(true);
    expect(await holds([], { type: 'array', operation: 'empty' })).toBe(true);
    expect(await holds(undefined, { type: 'number', operation: 'empty' })).toBe(true);
  });

  it('a missing string equals the empty string (n8n reads a missing string as "")', async () => {
    const { t } = await route([{}], [c('={{ $json.missing }}', { type: 'string', operation: 'equals' }, '')]);
    expect(t).toHaveLength(1);
  });

  it('combinator and / or', async () => {
    const conds = [c('={{ $json.a }}', { type: 'number', operation: 'gt' }, 1), c('={{ $json.b }}', { type: 'string', operation: 'equals' }, 'x')];
    const items = [{ a: 2, b: 'x' }, { a: 2, b: 'y' }, { a: 0, b: 'y' }];
    expect((await route(items, conds, { combinator: 'and' })).t).toEqual([{ a: 2, b: 'x' }]);
    expect((await route(items, conds, { combinator: 'or' })).t).toEqual([{ a: 2, b: 'x' }, { a: 2, b: 'y' }]);
  });

  it('no conditions: every item is true', async () => {
    expect((await route([{ a: 1 }], [])).t).toEqual([{ a: 1 }]);
  });

  describe('type validation', () => {
    it('strict: a string where a number is expected fails, naming the condition and field', async () => {
      const run = route([{ n: '5' }], [c('={{ $json.n }}', { type: 'number', operation: 'gt' }, 4)]);
      await expect(run).rejects.toThrow(/Condition 1 \(conditions\.0\.leftValue\): expected a number but got a string \("5"\)/);
    });

    it('strict: a number for a string operator fails, also for exists', async () => {
      await expect(route([{ n: 5 }], [c('={{ $json.n }}', { type: 'string', operation: 'exists' })])).rejects.toThrow(/expected a string but got a number/);
    });

    it('strict: the right value is checked too', async () => {
      await expect(route([{ n: 5 }], [c('={{ $json.n }}', { type: 'number', operation: 'equals' }, 'five')])).rejects.toThrow(
        /Condition 1 \(conditions\.0\.rightValue\)/,
      );
    });

    it('loose: numeric strings convert to numbers', async () => {
      const { t, f } = await route([{ n: '5' }, { n: '3' }], [c('={{ $json.n }}', { type: 'number', operation: 'gt' }, 4)], { typeValidation: 'loose' });
      expect(t).toEqual([{ n: '5' }]);
      expect(f).toEqual([{ n: '3' }]);
    });

    it('loose: an empty string is 0 and a numeric string on the right converts (n8n 2.40.7)', async () => {
      expect(await holds('', { type: 'number', operation: 'equals' }, 0, { typeValidation: 'loose' })).toBe(true);
      expect(await holds(7, { type: 'number', operation: 'gt' }, '4', { typeValidation: 'loose' })).toBe(true);
    });

    it('strict: a literal string on the right of a number comparison fails as in n8n', async () => {
      await expect(route([{ n: 7 }], [c('={{ $json.n }}', { type: 'number', operation: 'gt' }, '4')])).rejects.toThrow(/rightValue\): expected a number/);
    });

    it('loose: a string that is not a number still fails, saying it cannot be converted', async () => {
      const run = route([{ n: 'abc' }], [c('={{ $json.n }}', { type: 'number', operation: 'gt' }, 4)], { typeValidation: 'loose' });
      await expect(run).rejects.toThrow(/"abc" cannot be converted to a number/);
    });

    it('loose: booleans from "true"/"false" strings and numbers 0/1, other values by truthiness', async () => {
      const op = { type: 'boolean', operation: 'true' };
      expect(await holds('true', op, '', { typeValidation: 'loose' })).toBe(true);
      expect(await holds('false', op, '', { typeValidation: 'loose' })).toBe(false);
      expect(await holds(1, op, '', { typeValidation: 'loose' })).toBe(true);
      expect(await holds('no', op, '', { typeValidation: 'loose' })).toBe(true);
    });

    it('loose: numbers compare as strings for string operators, JSON strings as arrays', async () => {
      expect(await holds(123, { type: 'string', operation: 'startsWith' }, '12', { typeValidation: 'loose' })).toBe(true);
      expect(await holds('["a","b"]', { type: 'array', operation: 'contains' }, 'b', { typeValidation: 'loose' })).toBe(true);
    });
  });

  it('rejects an operation that does not belong to the type', async () => {
    await expect(route([{ a: 1 }], [c('={{ $json.a }}', { type: 'string', operation: 'gt' }, 1)])).rejects.toThrow(/operation "gt" is not available for type "string"/);
  });

  it('reports an invalid regular expression on the right value', async () => {
    await expect(route([{ a: 'x' }], [c('={{ $json.a }}', { type: 'string', operation: 'regex' }, '([a-')])).rejects.toThrow(/invalid regular expression/);
  });
});
