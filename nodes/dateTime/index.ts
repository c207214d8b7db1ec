/**
 * Date & Time (n8n's Date & Time v2), with Luxon. Behaviour checked against n8n 2.40.7:
 * - a date string without an offset is read as UTC (with `fromFormat`: in the zone below);
 * - add, subtract, round, extract and the current date work in `timezone`, or the workflow's timezone when it
 *   is empty, and output ISO strings with that zone's offset;
 * - format keeps the input's own offset unless `timezone` is set (n8n 2.40.7 then formats in the workflow's
 *   timezone whatever the option says; Weft uses the zone asked for).
 *
 * Params (per operation; expressions resolve per item):
 * - operation: 'getCurrentDate' | 'addToDate' | 'subtractFromDate' | 'formatDate' | 'roundDate'
 *              | 'getTimeBetweenDates' | 'extractDate'                          (default 'getCurrentDate')
 * - date: string | number        the input date (add, subtract, format, round, extract; n8n's `magnitude`/`date`)
 * - fromFormat: string           Luxon format to parse `date` with (default '': auto-detect)
 * - formatSyntax: 'luxon' | 'moment'   how `format` and `fromFormat` are written (default 'luxon'; 'moment' for
 *                                imported Date & Time v1 nodes: 'DD/MM/YYYY' is read as Luxon 'dd/MM/yyyy')
 * - includeTime: boolean         getCurrentDate: false gives the start of today (default true)
 * - duration: number, timeUnit   add/subtract: amount and unit ('years'|'quarters'|'months'|'weeks'|'days'|
 *                                'hours'|'minutes'|'seconds'|'milliseconds', default 0 'days')
 * - format: string               formatDate: a Luxon format, e.g. 'MM/dd/yyyy', 'yyyy-MM-dd HH:mm', 'X' (unix
 *                                seconds), 'x' (unix ms) (default 'MM/dd/yyyy'; n8n's custom format goes here too)
 * - roundMode: 'roundDown' | 'roundUp', toNearest: 'year'|'month'|'week'|'day'|'hour'|'minute'|'second'|
 *              'endOfMonth'      roundDate (defaults 'roundDown', 'day'; 'endOfMonth' rounds to the month's last moment)
 * - startDate, endDate: string   getTimeBetweenDates
 * - units: ('year'|'month'|'week'|'day'|'hour'|'minute'|'second'|'millisecond')[]   default ['day']
 * - outputAsIsoString: boolean   getTimeBetweenDates: an ISO 8601 duration instead of an object (default false)
 * - part: 'year'|'month'|'week'|'day'|'hour'|'minute'|'second'   extractDate (default 'month')
 * - outputFieldName: string      default per operation: currentDate, newDate, newDate, formattedDate,
 *                                roundedDate, timeDifference, datePart
 * - includeInputFields: boolean  keep the input item's fields (default false, as n8n v2)
 * - timezone: string             IANA zone (default '': the workflow's)
 */
import { DateTime, type DurationUnit } from 'luxon';
import { defineNode, z } from '../sdk';
import type { Item, NodeContext } from '../sdk';
import { checkZone, parseDate } from './parse-date';
import { momentToLuxon } from './moment-format';
import { fieldError } from '../per-item';

const operations = ['getCurrentDate', 'addToDate', 'subtractFromDate', 'formatDate', 'roundDate', 'getTimeBetweenDates', 'extractDate'] as const;
const timeUnits = ['years', 'quarters', 'months', 'weeks', 'days', 'hours', 'minutes', 'seconds', 'milliseconds'] as const;
const diffUnits = ['year', 'month', 'week', 'day', 'hour', 'minute', 'second', 'millisecond'] as const;
const dateInput = z.preprocess((v) => (v === null ? '' : v), z.union([z.string(), z.number()])).default('');

const params = z.object({
  operation: z.enum(operations).default('getCurrentDate').describe('What to do'),
  date: dateInput.describe('The date to work on'),
  fromFormat: z.string().default('').describe('Luxon format of the input date, when it is not a standard format'),
  formatSyntax: z.enum(['luxon', 'moment']).default('luxon').describe('Token syntax of the formats: Luxon (yyyy-MM-dd) or Moment.js (YYYY-MM-DD, n8n Date & Time v1)'),
  includeTime: z.boolean().default(true).describe('Get current date: include the time of day'),
  duration: z.coerce.number().default(0).describe('Add/subtract: how much'),
  timeUnit: z.enum(timeUnits).default('days').describe('Add/subtract: unit'),
  format: z.string().default('MM/dd/yyyy').describe('Format a date: Luxon format tokens (X = unix seconds, x = unix ms)'),
  roundMode: z.enum(['roundDown', 'roundUp']).default('roundDown').describe('Round a date: direction'),
  toNearest: z.enum(['year', 'month', 'week', 'day', 'hour', 'minute', 'second', 'endOfMonth']).default('day').describe('Round a date: unit'),
  startDate: dateInput.describe('Time between dates: start'),
  endDate: dateInput.describe('Time between dates: end'),
  units: z.array(z.enum(diffUnits)).default(['day']).describe('Time between dates: units of the result'),
  outputAsIsoString: z.boolean().default(false).describe('Time between dates: output an ISO 8601 duration string'),
  part: z.enum(['year', 'month', 'week', 'day', 'hour', 'minute', 'second']).default('month').describe('Extract part of a date: which part'),
  outputFieldName: z.string().default('').describe('Field to write the result to (empty: the operation\'s default name)'),
  includeInputFields: z.boolean().default(false).describe('Keep the input item\'s fields in the output'),
  timezone: z.string().default('').describe('IANA timezone, e.g. Europe/Berlin (empty: the workflow\'s timezone)'),
});

type Params = z.output<typeof params>;

const defaultField: Record<Params['operation'], string> = {
  getCurrentDate: 'currentDate',
  addToDate: 'newDate',
  subtractFromDate: 'newDate',
  formatDate: 'formattedDate',
  roundDate: 'roundedDate',
  getTimeBetweenDates: 'timeDifference',
  extractDate: 'datePart',
};

export const dateTimeNode = defineNode({
  type: 'dateTime',
  version: 2,
  displayName: 'Date & Time',
  description: 'Get, shift, format, round, compare and take apart dates',
  category: 'transform',
  icon: 'calendar-clock',
  inputs: [{ name: 'main' }],
  outputs: [{ name: 'main' }],
  params,
  async execute(ctx) {
    const main = ctx.items.map((item, i): Item => {
      const p = ctx.params(i);
      const field = p.outputFieldName || defaultField[p.operation];
      const json = p.includeInputFields ? { ...item.json } : {};
      json[field] = compute(ctx, p, i);
      const out: Item = { json, pairedItem: { item: i } };
      if (p.includeInputFields && item.binary) out.binary = item.binary;
      return out;
    });
    return { main };
  },
});

function compute(ctx: NodeContext<Params>, p: Params, i: number): unknown {
  const zone = p.timezone ? checkZone(p.timezone) : ctx.workflow.timezone || 'UTC';
  if (!zone) throw fieldError(ctx, 'timezone', i, `unknown timezone "${p.timezone}"`);
  const syntax = (f: string) => (p.formatSyntax === 'moment' && f ? momentToLuxon(f) : f);
  const fromFormat = syntax(p.fromFormat) || undefined;
  const parsed = (field: 'date' | 'startDate' | 'endDate') => {
    const d = parseDate(p[field], fromFormat ? zone : 'UTC', fromFormat);
    if (!d) throw fieldError(ctx, field, i, p[field] === '' ? 'a date is required' : `"${String(p[field])}" is not a date Weft can read${p.fromFormat ? ` with format "${p.fromFormat}"` : ''}`);
    return d;
  };
  const read = (field: 'date' | 'startDate' | 'endDate') => parsed(field).setZone(zone);
  switch (p.operation) {
    case 'getCurrentDate': {
      const now = DateTime.now().setZone(zone);
      return iso(p.includeTime ? now : now.startOf('day'));
    }
    case 'addToDate':
      return iso(read('date').plus({ [p.timeUnit]: p.duration }));
    case 'subtractFromDate':
      return iso(read('date').minus({ [p.timeUnit]: p.duration }));
    case 'formatDate': {
      const d = parsed('date');
      return (p.timezone ? d.setZone(zone) : d).toFormat(syntax(p.format));
    }
    case 'roundDate':
      return iso(round(read('date'), p.roundMode, p.toNearest));
    case 'getTimeBetweenDates': {
      const units = (p.units.length ? p.units : ['day']).map((u) => `${u}s` as DurationUnit);
      const diff = read('endDate').diff(read('startDate'), units);
      return p.outputAsIsoString ? diff.toISO() : diff.toObject();
    }
    case 'extractDate': {
      const d = read('date');
      return p.part === 'week' ? d.weekNumber : d[p.part];
    }
  }
}

function round(d: DateTime, mode: Params['roundMode'], unit: Params['toNearest']): DateTime {
  if (unit === 'endOfMonth') return d.endOf('month');
  const down = d.startOf(unit);
  if (mode === 'roundDown' || down.equals(d)) return down;
  return down.plus({ [`${unit}s`]: 1 });
}

function iso(d: DateTime): string {
  return d.toISO() ?? d.toString();
}

