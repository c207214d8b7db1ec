/**
 * Execution Data (n8n's executionData): saves key/value pairs on the execution, e.g. an order id or a customer
 * email, so that the execution can be found by them later (the executions list searches them) and they show on
 * the execution page. Items pass through unchanged. As in n8n, at most 10 keys per execution, keys up to 50
 * characters and values up to 255 (longer ones are cut); each item's pairs are saved, later ones winning.
 */
import { defineNode, z } from '../sdk';
import { fieldError } from '../per-item';
import type { NodeContext } from '../sdk';

export const MAX_KEYS = 10;
const text = z.preprocess((v) => (v === null || v === undefined ? '' : typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v)), z.string());

export const executionDataParams = z.object({
  dataToSave: z
    .object({ values: z.array(z.object({ key: text.default(''), value: text.default('') })).default([]) })
    .default({ values: [] })
    .describe('Key/value pairs to save on the execution (values may be expressions)'),
});

export const executionDataNode = defineNode({
  type: 'executionData',
  version: 1,
  displayName: 'Execution Data',
  description: 'Saves key/value pairs on the execution, to find it by them in the executions list',
  category: 'utility',
  icon: 'tag',
  inputs: [{ name: 'main' }],
  outputs: [{ name: 'main' }],
  params: executionDataParams,
  async execute(ctx) {
    const data: Record<string, string> = {};
    for (let i = 0; i < Math.max(1, ctx.items.length); i++) {
      for (const { key, value } of ctx.params(i).dataToSave.values) {
        const k = key.trim().slice(0, 50);
        if (!k) throw fieldError(ctx as NodeContext<unknown>, 'dataToSave', i, 'has a pair without a key');
        data[k] = value.slice(0, 255);
      }
    }
    if (Object.keys(data).length > MAX_KEYS) {
      throw fieldError(ctx as NodeContext<unknown>, 'dataToSave', 0, `saves ${Object.keys(data).length} keys; an execution keeps at most ${MAX_KEYS}`);
    }
    if (Object.keys(data).length) {
      if (ctx.services.setExecutionData) await ctx.services.setExecutionData(data);
      else ctx.log.debug('execution data not saved: this runtime has no execution store', { keys: Object.keys(data) });
    }
    return { main: ctx.items.map((item, i) => ({ ...item, pairedItem: { item: i } })) };
  },
});

export default executionDataNode;
