/**
 * Conditions shared by condition (IF), filter and switch: the zod shape and the evaluation, with n8n
 * IF v2 / Filter v2 semantics (typed operators, and/or, case sensitivity, strict or loose types).
 *
 * A condition: { leftValue, operator: { type, operation, rightType? }, rightValue }
 *   type:       string | number | boolean | dateTime | array | object
 *   operation:  see OPERATIONS below (per type); exists/notExists/empty/notEmpty/true/false take no right value
 *   rightType:  the type the right value is checked against (default: number for array length checks,
 *               any for array contains, else `type`)
 * A group: { conditions: Condition[], combinator: 'and'|'or', caseSensitive, typeValidation: 'strict'|'loose' }
 */
import { NodeError, z } from '../sdk';
import { deepEqual } from '../transform/fields';
import { coerce, coerceLooseBoolean, toDateTime, type ValueType } from './coerce';

export const OPERATOR_TYPES = ['string', 'number', 'boolean', 'dateTime', 'array', 'object'] as const;
export type OperatorType = (typeof OPERATOR_TYPES)[number];

const COMMON = ['exists', 'notExists', 'empty', 'notEmpty'] as const;
export const OPERATIONS: Record<OperatorType, readonly string[]> = {
  string: [...COMMON, 'equals', 'notEquals', 'contains', 'notContains', 'startsWith', 'notStartsWith', 'endsWith', 'notEndsWith', 'regex', 'notRegex'],
  number: [...COMMON, 'equals', 'notEquals', 'gt', 'lt', 'gte', 'lte'],
  dateTime: [...COMMON, 'equals', 'notEquals', 'after', 'before', 'afterOrEquals', 'beforeOrEquals'],
  boolean: [...COMMON, 'true', 'false', 'equals', 'notEquals'],
  array: [...COMMON, 'contains', 'notContains', 'lengthEquals', 'lengthNotEquals', 'lengthGt', 'lengthLt', 'lengthGte', 'lengthLte'],
  object: [...COMMON],
};
const ALL_OPERATIONS = [...new Set(Object.values(OPERATIONS).flat())] as [string, ...string[]];
const SINGLE_VALUE = new Set(['exists', 'notExists', 'empty', 'notEmpty', 'true', 'false']);

export const operatorSchema = z
  .object({
    type: z.enum(OPERATOR_TYPES).default('string').describe('Type both values are compared as'),
    operation: z.enum(ALL_OPERATIONS).default('equals').describe('Comparison to apply'),
    rightType: z.enum([...OPERATOR_TYPES, 'any']).optional().describe('Type of the right value when it differs (array length: number)'),
  })
  .describe('Operator');

export const conditionSchema = z.object({
  leftValue: z.unknown().describe('Value to test, usually an expression such as {{ $json.amount }}'),
  operator: operatorSchema.default({ type: 'string', operation: 'equals' }),
  rightValue: z.unknown().describe('Value to compare with (ignored by exists, empty, true and false)'),
});
export type Condition = z.output<typeof conditionSchema>;

/** The fields of a group of conditions; spread into a node's params object. */
export const conditionGroupFields = {
  conditions: z.array(conditionSchema).default([]).describe('Conditions'),
  combinator: z.enum(['and', 'or']).default('and').describe('and: every condition must hold; or: at least one'),
  caseSensitive: z.boolean().default(true).describe('Compare strings with case sensitivity'),
  typeValidation: z.enum(['strict', 'loose']).default('strict').describe('strict: values must have the operator type; loose: convert them where possible'),
};
export const conditionGroupSchema = z.object(conditionGroupFields);
export type ConditionGroup = z.output<typeof conditionGroupSchema>;

export interface EvalOptions {
  itemIndex: number;
  /** Path of the group in the node's params, for error messages and the `field` detail, e.g. 'rules.2'. */
  fieldPrefix?: string;
}

/** Evaluates a group for one item. An empty group passes (as in n8n). */
export function evaluateGroup(group: ConditionGroup, opts: EvalOptions): boolean {
  const conds = group.conditions ?? [];
  if (conds.length === 0) return true;
  const results = (cond: Condition, i: number) => evaluateCondition(cond, i, group, opts);
  return group.combinator === 'or' ? conds.some(results) : conds.every(results);
}

function rightTypeOf(cond: Condition): ValueType {
  const { type, operation, rightType } = cond.operator;
  if (rightType) return rightType;
  if (type === 'array') return operation.startsWith('length') ? 'number' : 'any';
  return type;
}

export function evaluateCondition(cond: Condition, index: number, group: ConditionGroup, opts: EvalOptions): boolean {
  const { type, operation } = cond.operator;
  const where = `${opts.fieldPrefix ? `${opts.fieldPrefix}.` : ''}conditions.${index}`;
  const fail = (side: 'leftValue' | 'rightValue' | 'operator', reason: string, hint?: string): never => {
    throw new NodeError(`Condition ${index + 1} (${where}.${side}): ${reason}`, {
      field: `${where}.${side}`,
      itemIndex: opts.itemIndex,
      description: hint,
    });
  };
  if (!OPERATIONS[type]?.includes(operation)) {
    fail('operator', `operation "${operation}" is not available for type "${type}" (choose one of: ${OPERATIONS[type]?.join(', ')})`);
  }
  const strict = group.typeValidation !== 'loose';
  const hint = strict ? 'Change the type of the comparison, or set type validation to "loose" to convert values.' : 'Change the type of the comparison.';
  const read = (value: unknown, t: ValueType, side: 'leftValue' | 'rightValue') => {
    const res = t === 'boolean' && !strict ? coerceLooseBoolean(value) : coerce(value, t, strict);
    if (!res.ok) fail(side, res.reason, hint);
    return (res as { value: unknown }).value;
  };
  const left = read(cond.leftValue, type, 'leftValue');
  const right = SINGLE_VALUE.has(operation) ? undefined : read(cond.rightValue, rightTypeOf(cond), 'rightValue');
  return compare(type, operation, left, right, group.caseSensitive !== false, (reason) => fail('rightValue', reason));
}

function isEmptyValue(type: OperatorType, v: unknown): boolean {
  if (v === null || v === undefined) return true;
  switch (type) {
    case 'string':
      return v === '';
    case 'number':
      return typeof v === 'number' && Number.isNaN(v);
    case 'array':
      return Array.isArray(v) && v.length === 0;
    case 'object':
      return typeof v === 'object' && Object.keys(v as object).length === 0;
    case 'dateTime':
      return v === '';
    default:
      return false;
  }
}

function exists(v: unknown): boolean {
  return v !== undefined && v !== null && !(typeof v === 'number' && Number.isNaN(v));
}

function compare(type: OperatorType, op: string, left: unknown, right: unknown, caseSensitive: boolean, badRight: (r: string) => never): boolean {
  switch (op) {
    case 'exists':
      return exists(left);
    case 'notExists':
      return !exists(left);
    case 'empty':
      return isEmptyValue(type, left);
    case 'notEmpty':
      return !isEmptyValue(type, left);
  }
  switch (type) {
    case 'string':
      return compareStrings(op, left as string | undefined, right as string | undefined, caseSensitive, badRight);
    case 'number': {
      const l = left as number;
      const r = right as number;
      if (op === 'equals') return l === r;
      if (op === 'notEquals') return l !== r;
      if (l === undefined || l === null || r === undefined || r === null) return false;
      return op === 'gt' ? l > r : op === 'lt' ? l < r : op === 'gte' ? l >= r : l <= r;
    }
    case 'boolean':
      if (op === 'true') return left === true;
      if (op === 'false') return left === false;
      return op === 'equals' ? left === right : left !== right;
    case 'dateTime': {
      const l = left === undefined || left === null ? undefined : toDateTime(left)?.toMillis();
      const r = right === undefined || right === null ? undefined : toDateTime(right)?.toMillis();
      if (op === 'equals') return l === r;
      if (op === 'notEquals') return l !== r;
      if (l === undefined || r === undefined) return false;
      return op === 'after' ? l > r : op === 'before' ? l < r : op === 'afterOrEquals' ? l >= r : l <= r;
    }
    case 'array': {
      const arr = Array.isArray(left) ? left : [];
      if (op === 'contains' || op === 'notContains') {
        const found = arr.some((e) =>
          !caseSensitive && typeof e === 'string' && typeof right === 'string' ? e.toLowerCase() === right.toLowerCase() : deepEqual(e, right),
        );
        return op === 'contains' ? found : !found;
      }
      const n = right as number;
      const len = arr.length;
      switch (op) {
        case 'lengthEquals':
          return len === n;
        case 'lengthNotEquals':
          return len !== n;
        case 'lengthGt':
          return len > n;
        case 'lengthLt':
          return len < n;
        case 'lengthGte':
          return len >= n;
        default:
          return len <= n;
      }
    }
    default:
      return false;
  }
}

/** `/pattern/flags` or a bare pattern. */
function toRegExp(source: string, caseSensitive: boolean, badRight: (r: string) => never): RegExp {
  const m = /^\/(.*)\/([dgimsuvy]*)$/s.exec(source);
  let pattern = source;
  let flags = '';
  if (m) {
    pattern = m[1];
    flags = m[2];
  }
  if (!caseSensitive && !flags.includes('i')) flags += 'i';
  try {
    return new RegExp(pattern, flags);
  } catch (err) {
    return badRight(`invalid regular expression ${source}: ${(err as Error).message}`);
  }
}

function compareStrings(op: string, l0: string | undefined, r0: string | undefined, caseSensitive: boolean, badRight: (r: string) => never): boolean {
  let l = l0 ?? '';
  let r = r0 ?? '';
  if (op === 'regex' || op === 'notRegex') {
    const matched = toRegExp(r, caseSensitive, badRight).test(l);
    return op === 'regex' ? matched : !matched;
  }
  if (!caseSensitive) {
    l = l.toLowerCase();
    r = r.toLowerCase();
  }
  switch (op) {
    case 'equals':
      return l === r;
    case 'notEquals':
      return l !== r;
    case 'contains':
      return l.includes(r);
    case 'notContains':
      return !l.includes(r);
    case 'startsWith':
      return l.startsWith(r);
    case 'notStartsWith':
      return !l.startsWith(r);
    case 'endsWith':
      return l.endsWith(r);
    case 'notEndsWith':
      return !l.endsWith(r);
    default:
      return false;
  }
}
