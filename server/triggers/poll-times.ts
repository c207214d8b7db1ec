/**
 * n8n's `pollTimes` parameter of polling triggers into cron patterns with seconds, as BullMQ's job schedulers
 * take them. n8n's shape: `{ item: [{ mode, ... }] }` with mode
 *   everyMinute                              every minute
 *   everyHour   { minute }                   every hour at that minute
 *   everyDay    { hour, minute }             every day
 *   everyWeek   { hour, minute, weekday }    weekday 0 = Sunday (a number or its text)
 *   everyMonth  { hour, minute, dayOfMonth }
 *   everyX      { value, unit }              unit 'minutes' or 'hours' (Weft also takes 'seconds')
 *   custom      { cronExpression }           5 fields, or 6 with seconds first
 * Pure; the patterns are checked against BullMQ's parser when a workflow is activated (plan.ts).
 */
import { z } from 'zod';

const int = (min: number, max: number, fallback: number) =>
  z.preprocess((v) => (v === '' || v === null || v === undefined ? fallback : v), z.coerce.number().int().min(min).max(max));

export const pollTimeSchema = z.object({
  mode: z.enum(['everyMinute', 'everyHour', 'everyDay', 'everyWeek', 'everyMonth', 'everyX', 'custom']).default('everyMinute'),
  hour: int(0, 23, 14).optional(),
  minute: int(0, 59, 0).optional(),
  weekday: int(0, 6, 1).optional(),
  dayOfMonth: int(1, 31, 1).optional(),
  value: int(1, 100_000, 2).optional(),
  unit: z.enum(['seconds', 'minutes', 'hours']).optional(),
  cronExpression: z.string().optional(),
});
export type PollTime = z.output<typeof pollTimeSchema>;

export const pollTimesSchema = z
  .object({ item: z.array(pollTimeSchema).default([]) })
  .default({ item: [{ mode: 'everyMinute' }] });
export type PollTimes = z.output<typeof pollTimesSchema>;

export interface CompiledPollTime {
  pattern: string;
  label: string;
}

/** `*\/n` when n divides the range evenly is regular; otherwise the step restarts each period, as cron does. */
const every = (n: number) => (n <= 1 ? '*' : `*/${n}`);

export function compilePollTime(t: PollTime): CompiledPollTime {
  const hour = t.hour ?? 14;
  const minute = t.minute ?? 0;
  switch (t.mode) {
    case 'everyMinute':
      return { pattern: '0 * * * * *', label: 'every minute' };
    case 'everyHour':
      return { pattern: `0 ${minute} * * * *`, label: `every hour at minute ${minute}` };
    case 'everyDay':
      return { pattern: `0 ${minute} ${hour} * * *`, label: `every day at ${pad(hour)}:${pad(minute)}` };
    case 'everyWeek': {
      const day = t.weekday ?? 1;
      return { pattern: `0 ${minute} ${hour} * * ${day}`, label: `every week on day ${day} at ${pad(hour)}:${pad(minute)}` };
    }
    case 'everyMonth': {
      const dom = t.dayOfMonth ?? 1;
      return { pattern: `0 ${minute} ${hour} ${dom} * *`, label: `every month on day ${dom} at ${pad(hour)}:${pad(minute)}` };
    }
    case 'everyX': {
      const value = t.value ?? 2;
      const unit = t.unit ?? 'hours';
      if (unit === 'seconds') {
        if (value > 59) throw new Error(`every ${value} seconds: use minutes for intervals of a minute or more`);
        return { pattern: `${every(value)} * * * * *`, label: `every ${value} seconds` };
      }
      if (unit === 'minutes') {
        if (value > 59) throw new Error(`every ${value} minutes: use hours for intervals of an hour or more`);
        return { pattern: `0 ${every(value)} * * * *`, label: `every ${value} minutes` };
      }
      if (value > 23) throw new Error(`every ${value} hours: use a custom cron expression for intervals of a day or more`);
      return { pattern: `0 0 ${every(value)} * * *`, label: `every ${value} hours` };
    }
    case 'custom': {
      const expr = (t.cronExpression ?? '').trim().replace(/\s+/g, ' ');
      if (!expr) throw new Error('custom mode needs a cron expression');
      const fields = expr.split(' ').length;
      if (fields !== 5 && fields !== 6) throw new Error(`the cron expression "${expr}" has ${fields} fields; give 5, or 6 with seconds first`);
      return { pattern: fields === 5 ? `0 ${expr}` : expr, label: `cron ${expr}` };
    }
  }
}

/** Every poll time of the parameter (n8n's default when absent: every minute). Duplicates are dropped. */
export function compilePollTimes(raw: unknown): CompiledPollTime[] {
  const parsed = pollTimesSchema.parse(raw ?? undefined);
  const items = parsed.item.length ? parsed.item : [{ mode: 'everyMinute' as const }];
  const out: CompiledPollTime[] = [];
  for (const t of items) {
    const c = compilePollTime(t as PollTime);
    if (!out.some((o) => o.pattern === c.pattern)) out.push(c);
  }
  return out;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
