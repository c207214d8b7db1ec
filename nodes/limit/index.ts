/**
 * limit: keeps only the first or last N items (n8n's Limit).
 * Params:
 *   maxItems: number (1)          how many items to keep
 *   keep: 'first' | 'last' (first) n8n keep: firstItems / lastItems
 * Items keep pairedItem to their input item.
 */
import { defineNode, z } from '../sdk';

export const limit = defineNode({
  type: 'limit',
  version: 1,
  displayName: 'Limit',
  description: 'Keep only the first or last items',
  category: 'flow',
  icon: 'list-end',
  inputs: [{ name: 'main' }],
  outputs: [{ name: 'main' }],
  params: z.object({
    maxItems: z.number().int().min(0).default(1).describe('Maximum number of items to keep'),
    keep: z.enum(['first', 'last']).default('first').describe('Keep the first or the last items'),
  }),
  async execute(ctx) {
    const { maxItems, keep } = ctx.params(0);
    const indexed = ctx.items.map((item, i) => ({ ...item, pairedItem: { item: i } }));
    if (indexed.length <= maxItems) return { main: indexed };
    return { main: keep === 'last' ? indexed.slice(indexed.length - maxItems) : indexed.slice(0, maxItems) };
  },
});
