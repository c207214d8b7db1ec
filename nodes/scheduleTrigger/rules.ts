/**
 * n8n's Schedule Trigger rules (`rule.interval: [{ field, ...Interval, triggerAtHour, triggerAtMinute, expression }]`)
 * turned into cron patterns with seconds (6 fields), the form BullMQ job schedulers take. Pure.
 */
import { z } from '../sdk';

const hour = z.number().int().min(0).max(23);
const minute = z.number().int().min(0).max(59);

export const scheduleIntervalSchema = z.looseObject({
  field: z.enum(['seconds', 'minutes', 'hours', 'days', 'weeks', 'months', 'cronExpression']).default('days'),
  secondsInterval: z.number().int().min(1).max(59).default(30),
  minutesInterval: z.number().int().min(1).max(59).default(5),
  hoursInterval: z.number().int().min(1).max(23).default(1),
  daysInterval: z.number().int().min(1).max(31).default(1),
  weeksInterval: z.number().int().min(1).max(52).default(1),
  monthsInterval: z.number().int().min(1).max(12).default(1),
  triggerAtHour: hour.default(0),
  triggerAtMinute: minute.default(0),
  /** Weeks: days of the week, 0 = Sunday. */
  triggerAtDay: z.array(z.number().int().min(0).max(7)).default([0]),
  triggerAtDayOfMonth: z.number().int().min(1).max(31).default(1),
  /** cronExpression: 5 fields (minute precision) or 6 (with seconds). */
  expression: z.string().default(''),
});

export type ScheduleInterval = z.output<typeof scheduleIntervalSchema>;

export interface CompiledSchedule {
  /** 6-field cron pattern (seconds first). */
  pattern: string;
  /** Fire only every Nth week (cron cannot say "every 2 weeks"); 1 = every week. */
  weeksInterval: number;
  /** A readable description for logs and the UI. */
  label: string;
}

export class ScheduleRuleError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = 'ScheduleRuleError';
  }
}

/** Cron expressions: keep 6-field ones, add a 0 seconds field to 5-field ones. */
export function normaliseCron(expression: string, field = 'expression'): string {
  const parts = expression.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 5) return ['0', ...parts].join(' ');
  if (parts.length === 6) return parts.join(' ');
  throw new ScheduleRuleError(
    `The cron expression "${expression}" must have 5 fields (minute hour day month weekday) or 6 (with seconds first)`,
    field,
  );
}

export function compileInterval(raw: unknown, index = 0): CompiledSchedule {
  const parsed = scheduleIntervalSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = `rule.interval[${index}].${issue?.path.join('.') ?? ''}`;
    throw new ScheduleRuleError(`Invalid schedule rule at ${field}: ${issue?.message ?? 'invalid'}`, field);
  }
  const r = parsed.data;
  const at = `${r.triggerAtMinute} ${r.triggerAtHour}`;
  switch (r.field) {
    case 'seconds':
      return { pattern: `*/${r.secondsInterval} * * * * *`, weeksInterval: 1, label: `every ${r.secondsInterval} s` };
    case 'minutes':
      return { pattern: `0 */${r.minutesInterval} * * * *`, weeksInterval: 1, label: `every ${r.minutesInterval} min` };
    case 'hours':
      return {
        pattern: `0 ${r.triggerAtMinute} */${r.hoursInterval} * * *`,
        weeksInterval: 1,
        label: `every ${r.hoursInterval} h at minute ${r.triggerAtMinute}`,
      };
    case 'days':
      return { pattern: `0 ${at} */${r.daysInterval} * *`, weeksInterval: 1, label: `every ${r.daysInterval} day(s) at ${pad(r)}` };
    case 'weeks': {
      const days = [...new Set(r.triggerAtDay.map((d) => d % 7))].sort().join(',') || '0';
      return {
        pattern: `0 ${at} * * ${days}`,
        weeksInterval: r.weeksInterval,
        label: `every ${r.weeksInterval} week(s) on ${days} at ${pad(r)}`,
      };
    }
    case 'months':
      return {
        pattern: `0 ${at} ${r.triggerAtDayOfMonth} */${r.monthsInterval} *`,
        weeksInterval: 1,
        label: `every ${r.monthsInterval} month(s) on day ${r.triggerAtDayOfMonth} at ${pad(r)}`,
      };
    case 'cronExpression': {
      if (!r.expression.trim()) {
        throw new ScheduleRuleError(`rule.interval[${index}].expression is empty: write a cron expression`, `rule.interval[${index}].expression`);
      }
      return {
        pattern: normaliseCron(r.expression, `rule.interval[${index}].expression`),
        weeksInterval: 1,
        label: `cron ${r.expression.trim()}`,
      };
    }
  }
}

function pad(r: ScheduleInterval): string {
  return `${String(r.triggerAtHour).padStart(2, '0')}:${String(r.triggerAtMinute).padStart(2, '0')}`;
}

/** All schedules of a Schedule Trigger's params: a plain `cron` wins, else each `rule.interval` entry. */
export function compileScheduleParams(params: { rule?: { interval?: unknown[] }; cron?: string }): CompiledSchedule[] {
  if (params.cron && params.cron.trim()) {
    return [{ pattern: normaliseCron(params.cron, 'cron'), weeksInterval: 1, label: `cron ${params.cron.trim()}` }];
  }
  const intervals = params.rule?.interval?.length ? params.rule.interval : [{ field: 'days' }];
  return intervals.map((entry, i) => compileInterval(entry, i));
}

/** Weeks since the Unix epoch's first Monday (1970-01-05), for "every N weeks". */
export function weekNumber(epochMs: number): number {
  const firstMonday = Date.UTC(1970, 0, 5);
  return Math.floor((epochMs - firstMonday) / (7 * 24 * 3600 * 1000));
}
