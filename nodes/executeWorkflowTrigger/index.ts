/**
 * Execute Workflow Trigger ("When Executed by Another Workflow"): starts a sub-workflow with the items
 * the parent's Execute Workflow node passed (ctx.triggerData.items).
 *
 * Params:
 * - inputSource: 'passthrough' | 'fields' | 'jsonExample'   (default 'passthrough')
 *     passthrough: emit the parent's items unchanged (n8n v1 and v1.1 "Accept all data")
 *     fields:      keep only the declared fields of each item, missing ones set to null (n8n "Define using fields
 *                  below"; checked against n8n 2.40.7)
 *     jsonExample: the top-level keys of `jsonExample` are the declared fields (n8n "Define using JSON example")
 * - fields: { name: string, type: 'any'|'string'|'number'|'boolean'|'array'|'object' }[]   (default [])
 *     `type` documents the field; values are passed as received (the caller converts, if asked).
 * - jsonExample: string   JSON object whose keys name the fields (default '{}')
 *
 * Without parent items (a manual run of the sub-workflow), it emits one empty item so the workflow can be tested.
 */
import { defineNode, NodeError, z } from '../sdk';
import type { Item } from '../sdk';

const fieldType = z.enum(['any', 'string', 'number', 'boolean', 'array', 'object']);

const params = z.object({
  inputSource: z.enum(['passthrough', 'fields', 'jsonExample']).default('passthrough').describe('Accept all data, or only the fields declared here'),
  fields: z
    .array(z.object({ name: z.string().describe('Field name'), type: fieldType.default('any').describe('Expected type') }))
    .default([])
    .describe('Fields the sub-workflow accepts (input source "fields")'),
  jsonExample: z.string().default('{}').describe('A JSON example whose top-level keys are the accepted fields (input source "jsonExample")'),
});

export const executeWorkflowTriggerNode = defineNode({
  type: 'executeWorkflowTrigger',
  version: 1,
  displayName: 'When Executed by Another Workflow',
  description: 'Starts this workflow when an Execute Workflow node calls it, with the items it passes',
  category: 'trigger',
  icon: 'log-in',
  trigger: true,
  inputs: [],
  outputs: [{ name: 'main' }],
  params,
  async execute(ctx) {
    const p = ctx.params(0);
    const passed = ctx.triggerData?.items;
    const items: Item[] = Array.isArray(passed) && passed.length ? (passed as Item[]).map(toItem) : [{ json: {} }];
    const names = declaredFields(p, ctx.node.name);
    // The parent's pairedItem points into the parent's graph, so it is dropped here.
    const main = items.map((item): Item => {
      const out: Item = names ? { json: Object.fromEntries(names.map((n) => [n, item.json[n] ?? null])) } : { json: item.json };
      if (item.binary) out.binary = item.binary;
      return out;
    });
    return { main };
  },
});

function declaredFields(p: z.output<typeof params>, nodeName: string): string[] | undefined {
  if (p.inputSource === 'fields') return p.fields.map((f) => f.name).filter(Boolean);
  if (p.inputSource === 'jsonExample') {
    let example: unknown;
    try {
      example = JSON.parse(p.jsonExample || '{}');
    } catch (err) {
      throw new NodeError(`Node "${nodeName}", field "jsonExample": not valid JSON (${(err as Error).message})`, { field: 'jsonExample' });
    }
    if (!example || typeof example !== 'object' || Array.isArray(example)) {
      throw new NodeError(`Node "${nodeName}", field "jsonExample": must be a JSON object`, { field: 'jsonExample' });
    }
    return Object.keys(example);
  }
  return undefined;
}

function toItem(value: unknown): Item {
  if (value && typeof value === 'object' && 'json' in value && typeof (value as Item).json === 'object' && (value as Item).json) return value as Item;
  return { json: value && typeof value === 'object' ? (value as Record<string, unknown>) : { value } };
}
