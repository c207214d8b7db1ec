/**
 * condition: routes each item to 'true' or 'false' (n8n's IF, v2.x semantics).
 *
 * Params (resolved per item):
 *   conditions: [{ leftValue, operator: { type, operation, rightType? }, rightValue }]   see ./rules.ts
 *   combinator: 'and' | 'or' (and)
 *   caseSensitive: boolean (true)                  n8n: conditions.options.caseSensitive / options.ignoreCase
 *   typeValidation: 'strict' | 'loose' (strict)    n8n: conditions.options.typeValidation / looseTypeValidation
 * A value of the wrong type fails the node with an error naming the condition (strict), or is converted
 * (loose; a value that cannot be converted still fails). Items keep pairedItem to their input item.
 */
import { defineNode, z } from '../sdk';
import { conditionGroupFields, evaluateGroup } from './rules';

export const condition = defineNode({
  type: 'condition',
  version: 1,
  displayName: 'If',
  description: 'Route items to true or false by conditions on their fields',
  category: 'flow',
  icon: 'git-branch',
  inputs: [{ name: 'main' }],
  outputs: [
    { name: 'true', label: 'true' },
    { name: 'false', label: 'false' },
  ],
  params: z.object(conditionGroupFields),
  async execute(ctx) {
    const out = { true: [] as typeof ctx.items, false: [] as typeof ctx.items };
    ctx.items.forEach((item, i) => {
      const pass = evaluateGroup(ctx.params(i), { itemIndex: i });
      out[pass ? 'true' : 'false'].push({ ...item, pairedItem: { item: i } });
    });
    return out;
  },
});
