/**
 * Execute Workflow: runs another workflow (a sub-workflow) with this node's items and outputs what the
 * sub-workflow's last node produced. The runtime does the work through ctx.services.executeWorkflow.
 *
 * Params:
 * - source: 'database' | 'parameter'        (default 'database')
 *     database:  the stored workflow `workflowId` (n8n "Database" / "From list" / "By ID")
 *     parameter: the Weft workflow graph in `workflowJson` (n8n "Define below"; the importer converts the
 *                n8n JSON it holds into a Weft graph)
 * - workflowId: string                      stored workflow id; an n8n resource locator { value } is accepted too
 * - workflowJson: string | object           Weft graph as JSON text or object (source 'parameter')
 * - mode: 'once' | 'each'                   'once': one call with all items; 'each': one call per item (default 'once')
 * - waitForCompletion: boolean              true: output the sub-workflow's result; false: start it and
 *                                           pass this node's input items through unchanged (default true)
 * - workflowInputs: { mode: 'passthrough' | 'define', values: record }
 *     passthrough: send the items as they are (default)
 *     define:      send, per item, one item whose json is `values` (expressions resolved per item)
 * Outputs (as n8n 2.40.7 gives them): once/each -> the sub-workflow's last node's items; no wait -> this
 * node's input items unchanged.
 */
import { defineNode, NodeError, z } from '../sdk';
import type { Item, NodeContext, NodeServices } from '../sdk';

type WorkflowGraph = NonNullable<Parameters<NonNullable<NodeServices['executeWorkflow']>>[0]['graph']>;

const params = z.object({
  source: z.enum(['database', 'parameter']).default('database').describe('Where the sub-workflow comes from: a saved workflow, or a workflow graph given here'),
  workflowId: z
    .preprocess((v) => (v && typeof v === 'object' && 'value' in v ? (v as { value: unknown }).value : v), z.coerce.string())
    .default('')
    .describe('Id of the saved workflow to run (source "database")'),
  workflowJson: z.union([z.string(), z.record(z.string(), z.unknown())]).default('').describe('Workflow graph as JSON (source "parameter")'),
  mode: z.enum(['once', 'each']).default('once').describe('Run once with all items, or once for each item'),
  waitForCompletion: z.boolean().default(true).describe('Wait for the sub-workflow and output its result; otherwise pass the input items through'),
  workflowInputs: z
    .object({
      mode: z.enum(['passthrough', 'define']).default('passthrough').describe('Send items as they are, or build each from the values below'),
      values: z.record(z.string(), z.unknown()).default({}).describe('Fields to send (mode "define"); expressions resolve per item'),
    })
    .default({ mode: 'passthrough', values: {} })
    .describe('What the sub-workflow receives'),
});

type Params = z.output<typeof params>;
type Target = { workflowId?: string; graph?: WorkflowGraph };

export const executeWorkflowNode = defineNode({
  type: 'executeWorkflow',
  version: 1,
  displayName: 'Execute Workflow',
  description: 'Run another workflow with these items and output its result',
  category: 'flow',
  icon: 'workflow',
  inputs: [{ name: 'main' }],
  outputs: [{ name: 'main' }],
  params,
  async execute(ctx) {
    const run = ctx.services.executeWorkflow;
    if (!run) throw new NodeError(`Node "${ctx.node.name}": sub-workflows need the runtime's executeWorkflow service, which this run does not provide`);
    const items = ctx.items;
    if (!items.length) return { main: [] };
    const first = ctx.params(0);

    if (first.mode === 'each') {
      const out: Item[] = [];
      for (let i = 0; i < items.length; i++) {
        ctx.signal.throwIfAborted();
        const p = i === 0 ? first : ctx.params(i);
        const result = await call(ctx, run, target(ctx, p, i), [payload(items[i], p)], p.waitForCompletion, i);
        if (!p.waitForCompletion) out.push({ ...items[i], pairedItem: { item: i } });
        else for (const item of result) out.push({ ...item, pairedItem: { item: i } });
      }
      return { main: out };
    }

    const sent = first.workflowInputs.mode === 'define' ? items.map((item, i) => payload(item, ctx.params(i))) : items.map((item) => payload(item, first));
    const result = await call(ctx, run, target(ctx, first, 0), sent, first.waitForCompletion, 0);
    if (!first.waitForCompletion) return { main: items.map((item, i) => ({ ...item, pairedItem: { item: i } })) };
    const all = items.map((_, i) => ({ item: i }));
    return { main: result.map((item, j) => ({ ...item, pairedItem: result.length === items.length ? { item: j } : all })) };
  },
});

function payload(item: Item, p: Params): Item {
  if (p.workflowInputs.mode === 'define') return { json: { ...p.workflowInputs.values } };
  const out: Item = { json: item.json };
  if (item.binary) out.binary = item.binary;
  return out;
}

function target(ctx: NodeContext<Params>, p: Params, itemIndex: number): Target {
  if (p.source === 'database') {
    const id = p.workflowId.trim();
    if (!id) throw new NodeError(`Node "${ctx.node.name}", field "workflowId": choose the workflow to run`, { field: 'workflowId', itemIndex });
    return { workflowId: id };
  }
  let graph: unknown = p.workflowJson;
  if (typeof graph === 'string') {
    try {
      graph = JSON.parse(graph);
    } catch (err) {
      throw new NodeError(`Node "${ctx.node.name}", field "workflowJson": not valid JSON (${(err as Error).message})`, { field: 'workflowJson', itemIndex });
    }
  }
  const g = graph as Partial<WorkflowGraph> | null;
  if (!g || typeof g !== 'object' || !Array.isArray(g.nodes) || !Array.isArray(g.connections)) {
    throw new NodeError(`Node "${ctx.node.name}", field "workflowJson": must be a workflow with "nodes" and "connections"`, { field: 'workflowJson', itemIndex });
  }
  return { graph: g as WorkflowGraph };
}

async function call(
  ctx: NodeContext<Params>,
  run: NonNullable<NodeContext['services']['executeWorkflow']>,
  t: Target,
  items: Item[],
  wait: boolean,
  itemIndex: number,
): Promise<Item[]> {
  try {
    const result = await run({ ...t, items, wait });
    return Array.isArray(result) ? result : [];
  } catch (err) {
    if (ctx.signal.aborted) throw err;
    const which = t.workflowId ? `workflow ${t.workflowId}` : 'the workflow given in "workflowJson"';
    throw new NodeError(`Node "${ctx.node.name}": sub-workflow (${which}) failed: ${(err as Error).message}`, {
      field: t.workflowId ? 'workflowId' : 'workflowJson',
      itemIndex,
    });
  }
}
