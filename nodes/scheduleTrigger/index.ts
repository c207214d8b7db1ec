/**
 * Schedule Trigger: starts the workflow on cron patterns or n8n's interval rules, in the workflow's timezone.
 * The firing is done by BullMQ job schedulers (server/triggers/schedules.ts); this plugin declares the rules
 * and emits the tick as n8n does (timestamp and its readable parts).
 */
import { DateTime } from 'luxon';
import { defineNode, z } from '../sdk';
import { scheduleIntervalSchema } from './rules';

export const scheduleTriggerParams = z.object({
  rule: z.object({ interval: z.array(scheduleIntervalSchema).default([{ field: 'days' } as never]) }).default({
    interval: [],
  }),
  /** A plain cron expression (5 or 6 fields); when set, it replaces the rules. */
  cron: z.string().optional(),
});

export type ScheduleTriggerParams = z.output<typeof scheduleTriggerParams>;

/** n8n's output for a tick at `at` (ms epoch) in `timezone`. */
export function scheduleTickJson(at: number, timezone: string): Record<string, unknown> {
  const dt = DateTime.fromMillis(at, { zone: timezone });
  const zone = dt.isValid ? dt : DateTime.fromMillis(at, { zone: 'UTC' });
  return {
    timestamp: zone.toISO(),
    'Readable date': zone.toFormat('MMMM d yyyy, h:mm:ss a'),
    'Readable time': zone.toFormat('h:mm:ss a'),
    'Day of week': zone.toFormat('cccc'),
    Year: zone.toFormat('yyyy'),
    Month: zone.toFormat('MMMM'),
    'Day of month': zone.toFormat('dd'),
    Hour: zone.toFormat('HH'),
    Minute: zone.toFormat('mm'),
    Second: zone.toFormat('ss'),
    Timezone: `${zone.zoneName} (UTC${zone.toFormat('ZZ')})`,
  };
}

export default defineNode({
  type: 'scheduleTrigger',
  version: [1, 1.1, 1.2],
  displayName: 'Schedule Trigger',
  description: 'Starts the workflow at fixed times or intervals (cron), in the workflow timezone',
  category: 'trigger',
  icon: 'clock',
  trigger: true,
  inputs: [],
  outputs: [{ name: 'main' }],
  params: scheduleTriggerParams,
  async execute(ctx) {
    const data = ctx.triggerData;
    if (data && Array.isArray(data.items)) return { main: data.items as never };
    const at = typeof data?.scheduledAt === 'number' ? data.scheduledAt : Date.now();
    return { main: [{ json: scheduleTickJson(at, ctx.workflow.timezone || 'UTC') }] };
  },
});
