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
  const ok: Item[] = [];
  const failed: Item[] = [];
  const mode = ctx.node.onError;
  for (const [i, item] of ctx.items.entries()) {
    try {
      const r = await fn(item, i);
      ok.push(...(Array.isArray(r) ? r : [r]));
    } catch (err) {
      if (mode !== 'continue' && mode !== 'errorOutput') throw err;
      if (ctx.signal.aborted) throw err;
      const e = err instanceof Error ? err : new Error(String(err));
      const error = { message: e.message, ...(e instanceof NodeError && e.details.description ? { description: e.details.description } : {}) };
      if (mode === 'continue') ok.push({ json: { error: e.message }, pairedItem: { item: i }, error });
      else failed.push({ json: { ...item.json, error: e.message }, pairedItem: { item: i }, error });
    }
  }
  return failed.length ? { [port]: ok, error: failed } : { [port]: ok };
}

/** The error of one item's field, naming the node, the field and the item (the editor points at the field). */
export function fieldError(ctx: NodeContext<unknown>, field: string, itemIndex: number, problem: string): NodeError {
  return new NodeError(`Node "${ctx.node.name}", field "${field}" (item ${itemIndex}): ${problem}`, { field, itemIndex });
}
