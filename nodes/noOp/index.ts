/**
 * noOp: passes its input items through unchanged (n8n's "No Operation, do nothing").
 * Params: none. Input 'main', output 'main'; each item keeps pairedItem to its input item.
 */
import { defineNode, z } from '../sdk';

export const noOp = defineNode({
  type: 'noOp',
  version: 1,
  displayName: 'No Operation',
  description: 'Does nothing: passes items through unchanged',
  category: 'utility',
  icon: 'arrow-right',
  inputs: [{ name: 'main' }],
  outputs: [{ name: 'main' }],
  params: z.object({}),
  async execute(ctx) {
    return { main: ctx.items.map((item, i) => ({ ...item, pairedItem: { item: i } })) };
  },
});
