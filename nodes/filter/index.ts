/**
 * filter: keeps the items that meet the conditions (n8n's Filter v1/v2).
 *
 * Params (resolved per item): the condition group of ../condition/rules.ts
 *   conditions, combinator ('and'), caseSensitive (true), typeValidation ('strict')
 *   outputDiscarded: boolean (false)   also emit the items that fail on a 'discarded' output
 * Outputs: 'main' (kept) and, with outputDiscarded, 'discarded'. Items keep pairedItem.
 */
import { defineNode, z, type Item, type NodeOutput } from '../sdk';
import { conditionGroupFields, evaluateGroup } from '../condition/rules';

const params = z.object({
  ...conditionGroupFields,
  outputDiscarded: z.boolean().default(false).describe('Send items that fail the conditions to a second output'),
});

export const filter = defineNode({
  type: 'filter',
  version: 1,
  displayName: 'Filter',
  description: 'Keep only the items that meet the conditions',
  category: 'flow',
  icon: 'filter',
  inputs: [{ name: 'main' }],
  outputs: (p) => (p?.outputDiscarded === true ? [{ name: 'main', label: 'kept' }, { name: 'discarded', label: 'discarded' }] : [{ name: 'main' }]),
  params,
  async execute(ctx): Promise<NodeOutput> {
    const kept: Item[] = [];
    const discarded: Item[] = [];
    let withDiscarded = false;
    ctx.items.forEach((item, i) => {
      const p = ctx.params(i);
      withDiscarded = p.outputDiscarded;
      (evaluateGroup(p, { itemIndex: i }) ? kept : discarded).push({ ...item, pairedItem: { item: i } });
    });
    return withDiscarded ? { main: kept, discarded } : { main: kept };
  },
});
