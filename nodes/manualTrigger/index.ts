/**
 * manualTrigger: starts a run by hand (editor "Run", CLI `weft run --input`).
 * Params: none.
 * Output 'main': the execution's trigger items (ctx.triggerData.items), or one empty item { json: {} }
 * when the run was started without input or with an empty list (n8n's Manual Trigger emits one empty item).
 */
import { defineNode, NodeError, z, type Item } from '../sdk';

export const manualTrigger = defineNode({
  type: 'manualTrigger',
  version: 1,
  displayName: 'Manual Trigger',
  description: 'Starts the workflow when you run it by hand, with optional input items',
  category: 'trigger',
  icon: 'mouse-pointer-click',
  trigger: true,
  inputs: [],
  outputs: [{ name: 'main' }],
  params: z.object({}),
  async execute(ctx) {
    const given = ctx.triggerData?.items;
    // No input (or an empty list, which runtimes pass for "nothing given") still starts the flow with one item.
    if (given === undefined || given === null || (Array.isArray(given) && given.length === 0)) return { main: [{ json: {} }] };
    if (!Array.isArray(given)) throw new NodeError('Trigger input "items" must be a list of items', { field: 'items' });
    const items: Item[] = given.map((raw, i) => {
      const isItem = raw && typeof raw === 'object' && 'json' in raw && typeof (raw as Item).json === 'object';
      const json = isItem ? (raw as Item).json : raw;
      if (!json || typeof json !== 'object' || Array.isArray(json)) {
        throw new NodeError(`Trigger input item ${i}: expected an object but got ${Array.isArray(json) ? 'an array' : typeof json}`, { field: 'items', itemIndex: i });
      }
      const item: Item = { json: json as Item['json'] };
      if (isItem && (raw as Item).binary) item.binary = (raw as Item).binary;
      return item;
    });
    return { main: items };
  },
});
