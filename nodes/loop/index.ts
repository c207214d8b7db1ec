/**
 * Loop Over Items (n8n's Split in Batches v3): hands items to the loop body a batch at a time on 'loop',
 * collects what the body sends back, and emits everything collected on 'done' once the queue is empty.
 *
 * Params:
 * - batchSize: number (>= 1, default 1)   items per batch (read for the first item of each delivery)
 * - reset: boolean (default false)        treat every delivery as fresh input (n8n's "Reset" option): the
 *                                         queue starts over from the incoming items each time
 *
 * How a run works (the engine calls execute once per delivery and keeps ctx.state between runs of this
 * node within one execution):
 * - first delivery (no state, or reset): queue = incoming items, processed = []; emit the first batch on 'loop'.
 * - later deliveries (the body's output coming back): processed += incoming; emit the next batch on 'loop',
 *   or, when the queue is empty, emit all processed items on 'done' and clear the state, so a later
 *   delivery (an outer loop) starts a new round.
 * pairedItem: batch items carry { item: i }, i being their index in the first delivery of the round
 * (state.startRunIndex says which run that was); items on 'done' keep the pairedItem the body gave them.
 */
import { defineNode, z } from '../sdk';
import type { Item, JsonObject, NodeOutput } from '../sdk';

const params = z.object({
  batchSize: z.coerce.number().int().min(1).default(1).describe('How many items each batch holds'),
  reset: z.boolean().default(false).describe('Start over with the incoming items on every run (loop until a condition routes items elsewhere)'),
});

interface LoopState extends JsonObject {
  queue: Item[];
  processed: Item[];
  total: number;
  batchesSent: number;
  startRunIndex: number;
}

function isLoopState(s: JsonObject | undefined): s is LoopState {
  return !!s && Array.isArray(s.queue) && Array.isArray(s.processed);
}

export const loopNode = defineNode({
  type: 'loop',
  version: 1,
  displayName: 'Loop Over Items',
  description: 'Send items to a loop body in batches; when all are processed, output them on "done"',
  category: 'flow',
  icon: 'repeat',
  loop: true,
  inputs: [{ name: 'main' }],
  outputs: [
    { name: 'done', label: 'done' },
    { name: 'loop', label: 'loop' },
  ],
  params,
  async execute(ctx): Promise<NodeOutput> {
    const { batchSize, reset } = ctx.params(0);
    const previous = ctx.state;
    let state: LoopState;
    if (reset || !isLoopState(previous)) {
      const queue = ctx.items.map((item, i) => ({ ...item, pairedItem: { item: i } }));
      state = { queue, processed: [], total: queue.length, batchesSent: 0, startRunIndex: ctx.runIndex };
    } else {
      state = { ...previous, processed: [...previous.processed, ...ctx.items] };
    }

    if (state.queue.length === 0) {
      ctx.setState(undefined);
      return { done: state.processed };
    }
    const batch = state.queue.slice(0, batchSize);
    ctx.setState({ ...state, queue: state.queue.slice(batchSize), batchesSent: state.batchesSent + 1 });
    return { loop: batch };
  },
});
