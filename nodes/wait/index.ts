/**
 * Wait: pauses the execution, then passes its items on unchanged (n8n's Wait node).
 *
 * Params:
 * - resume: 'timeInterval' | 'specificTime' | 'webhook' | 'form'   (default 'timeInterval')
 * - amount: number (>= 0, default 1) and unit: 'seconds'|'minutes'|'hours'|'days' (default 'seconds')
 *     resume 'timeInterval'
 * - dateTime: string   resume 'specificTime': ISO 8601 or another common date format; without an offset it
 *     is read in the workflow's timezone. A moment in the past resumes at once.
 * Like n8n, the parameters are read for the first item and the whole batch waits once.
 *
 * Waits happen in the worker (setTimeout, cut short by ctx.signal on cancel or timeout) up to
 * WAIT_IN_PROCESS_LIMIT_MS (5 minutes; env WEFT_WAIT_MAX_IN_PROCESS_SECONDS overrides it). Longer waits and
 * the 'webhook' / 'form' resume modes fail with a NodeError saying they are not supported yet.
 * Parking a long wait would need the runtime: store the NodeRun as 'waiting' with the resume time in the
 * node's state, mark the Execution 'waiting', enqueue a delayed BullMQ job for that time and, when it
 * fires, run the node again; seeing `state.resumeAt` in the past, the node would emit its items.
 */
import { abortableSleep, defineNode, NodeError, z } from '../sdk';
import type { NodeContext } from '../sdk';
import { parseDate } from '../dateTime/parse-date';

export const WAIT_IN_PROCESS_LIMIT_MS = 5 * 60_000;

const unitMs = { seconds: 1000, minutes: 60_000, hours: 3_600_000, days: 86_400_000 } as const;

const params = z.object({
  resume: z.enum(['timeInterval', 'specificTime', 'webhook', 'form']).default('timeInterval').describe('When to continue'),
  amount: z.coerce.number().min(0).default(1).describe('How long to wait (resume "timeInterval")'),
  unit: z.enum(['seconds', 'minutes', 'hours', 'days']).default('seconds').describe('Unit of the amount'),
  dateTime: z.preprocess((v) => (v === null || v === undefined ? '' : String(v)), z.string()).default('').describe('When to continue (resume "specificTime"), e.g. 2025-01-31T09:00:00'),
});

type Params = z.output<typeof params>;

export const waitNode = defineNode({
  type: 'wait',
  version: 1,
  displayName: 'Wait',
  description: 'Pause for a while or until a moment, then continue with the same items',
  category: 'flow',
  icon: 'hourglass',
  inputs: [{ name: 'main' }],
  outputs: [{ name: 'main' }],
  params,
  async execute(ctx) {
    const p = ctx.params(0);
    const ms = waitMs(ctx, p);
    const limit = inProcessLimitMs();
    if (ms > limit) {
      throw new NodeError(
        `Node "${ctx.node.name}": waits longer than ${describeMs(limit)} are not supported yet (this one is ${describeMs(ms)})`,
        {
          field: p.resume === 'specificTime' ? 'dateTime' : 'amount',
          description: 'Weft keeps short waits in the worker. For longer pauses, split the workflow and start the second part with a Schedule trigger.',
        },
      );
    }
    if (ms > 0) await abortableSleep(ms, ctx.signal);
    return { main: ctx.items.map((item, i) => ({ ...item, pairedItem: { item: i } })) };
  },
});

function waitMs(ctx: NodeContext<Params>, p: Params): number {
  if (p.resume === 'webhook' || p.resume === 'form') {
    throw new NodeError(`Node "${ctx.node.name}": resuming "${p.resume === 'webhook' ? 'on webhook call' : 'on form submitted'}" is not supported yet`, {
      field: 'resume',
      description: 'Use a time interval or a specific time, or split the workflow at this point and start the second part with a Webhook trigger.',
    });
  }
  if (p.resume === 'timeInterval') return Math.round(p.amount * unitMs[p.unit]);
  const at = parseDate(p.dateTime, ctx.workflow.timezone || 'UTC');
  if (!at) throw new NodeError(`Node "${ctx.node.name}", field "dateTime": "${p.dateTime}" is not a date Weft can read`, { field: 'dateTime' });
  return Math.max(0, at.toMillis() - Date.now());
}

function inProcessLimitMs(): number {
  const fromEnv = Number(process.env.WEFT_WAIT_MAX_IN_PROCESS_SECONDS);
  return Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv * 1000 : WAIT_IN_PROCESS_LIMIT_MS;
}

function describeMs(ms: number): string {
  if (ms < 120_000) return `${Math.round(ms / 100) / 10} seconds`;
  if (ms < 7_200_000) return `${Math.round(ms / 6000) / 10} minutes`;
  return `${Math.round(ms / 360_000) / 10} hours`;
}
