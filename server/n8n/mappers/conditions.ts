/**
 * IF / Filter / Switch conditions: n8n's v1 typed lists and v2 filter objects into Weft condition groups
 * (nodes/condition/rules.ts).
 */
import { arr, bool, obj, str, type Params } from './util';

const V1_OPERATIONS: Record<string, string> = {
  equal: 'equals', notEqual: 'notEquals', contains: 'contains', notContains: 'notContains', startsWith: 'startsWith',
  notStartsWith: 'notStartsWith', endsWith: 'endsWith', notEndsWith: 'notEndsWith', isEmpty: 'empty', isNotEmpty: 'notEmpty',
  regex: 'regex', notRegex: 'notRegex', smaller: 'lt', smallerEqual: 'lte', larger: 'gt', largerEqual: 'gte', after: 'after', before: 'before',
};

export function v1Operation(op: string): string {
  return V1_OPERATIONS[op] ?? op;
}

/** IF v1 / Filter v1: { string: [{value1, operation, value2}], number: [...], ... } + combineOperation all|any. */
export function groupFromV1(p: Params) {
  const conditions: Params[] = [];
  const byType = obj(p.conditions);
  for (const type of ['string', 'number', 'boolean', 'dateTime']) {
    for (const c of arr<Params>(byType[type])) {
      conditions.push({ leftValue: c.value1 ?? '', operator: { type, operation: v1Operation(str(c.operation, 'equal')) }, rightValue: c.value2 ?? (type === 'boolean' ? false : '') });
    }
  }
  return { conditions, combinator: str(p.combineOperation, 'all') === 'any' ? 'or' : 'and', caseSensitive: true, typeValidation: 'loose' };
}

/** IF/Filter v2 and Switch v3 rules: { options: { caseSensitive, typeValidation }, conditions: [...], combinator }. */
export function groupFromV2(filter: unknown, nodeOptions: Params = {}, looseFlag?: unknown) {
  const f = obj(filter);
  const options = obj(f.options);
  const conditions = arr<Params>(f.conditions).map((c) => {
    const op = obj(c.operator);
    const operator: Params = { type: str(op.type, 'string'), operation: str(op.operation, 'equals') };
    if (typeof op.rightType === 'string') operator.rightType = op.rightType;
    return { leftValue: c.leftValue ?? '', operator, rightValue: c.rightValue ?? '' };
  });
  const caseSensitive = nodeOptions.ignoreCase === true ? false : bool(options.caseSensitive, true);
  const loose = looseFlag === true || nodeOptions.looseTypeValidation === true || str(options.typeValidation) === 'loose';
  return { conditions, combinator: str(f.combinator, 'and') === 'or' ? 'or' : 'and', caseSensitive, typeValidation: loose ? 'loose' : 'strict' };
}
