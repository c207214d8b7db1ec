/**
 * Per-item error handling, as n8n's node setting "On Error" behaves for per-item nodes (checked on 2.40.7).
 * perItem(ctx, port, fn) runs fn for every input item. Node onError:
 *   stop (default):  the first failure throws, as today (the engine fails the node or retries it).
 *   continue:        a failed item becomes { json: { error: message } } in its place on `port`; the
 *                    other items are output normally (n8n "Continue (using regular output)").
 *   errorOutput:     successful items on `port`; a failed item goes to the engine's 'error' port as its
 *                    input json plus { error: message } (n8n "Continue (using error output)").
 * Failed items keep pairedItem to their input item and carry item.error { message, description }.
 * A cancelled run (ctx.signal aborted) always throws.
 */
import { NodeError, type Item, type NodeContext, type NodeOutput } from './sdk';

export async function perItem(ctx: NodeContext<unknown>, port: string, fn: (item: Item, itemIndex: number) => Item | Item[] | Promise<Item | Item[]>): Promise<NodeOutput> {
  const results: ItemResult[] = [];
  for (const [i, item] of ctx.items.entries()) {
    try {
      const r = await fn(item, i);
      results.push({ items: Array.isArray(r) ? r : [r] });
    } catch (err) {
      if (!mayContinue(ctx, err)) throw err;
      results.push({ error: err });
    }
  }
  return perItemOutput(ctx, port, results);
}

/** What one input item gave: its output items, or the error it failed with. */
export type ItemResult = { items: Item[]; error?: undefined } | { error: unknown };

/** Whether a failed item may be kept instead of failing the node (onError continue / errorOutput, not cancelled). */
export function mayContinue(ctx: NodeContext<unknown>, err: unknown): boolean {
  const mode = ctx.node.onError;
  if (mode !== 'continue' && mode !== 'errorOutput') return false;
  return !ctx.signal.aborted && err !== undefined;
}

/**
 * The node's output from per-input-item results (results[i] for ctx.items[i]), in input order, with failed
 * items as the onError mode wants them. For nodes that work in batches but still answer per item.
 */
export function perItemOutput(ctx: NodeContext<unknown>, port: string, results: ItemResult[]): NodeOutput {
  const ok: Item[] = [];
  const failed: Item[] = [];
  results.forEach((r, i) => {
    if (r.error === undefined) {
      ok.push(...(r as { items: Item[] }).items);
      return;
    }
    const e = r.error instanceof Error ? r.error : new Error(String(r.error));
    const error = { message: e.message, ...(e instanceof NodeError && e.details.description ? { description: e.details.description } : {}) };
    if (ctx.node.onError === 'continue') ok.push({ json: { error: e.message }, pairedItem: { item: i }, error });
    else failed.push({ json: { ...(ctx.items[i]?.json ?? {}), error: e.message }, pairedItem: { item: i }, error });
  });
  return failed.length ? { [port]: ok, error: failed } : { [port]: ok };
}

/** The error of one item's field, naming the node, the field and the item (the editor points at the field). */
export function fieldError(ctx: NodeContext<unknown>, field: string, itemIndex: number, problem: string): NodeError {
  return new NodeError(`Node "${ctx.node.name}", field "${field}" (item ${itemIndex}): ${problem}`, { field, itemIndex });
}
