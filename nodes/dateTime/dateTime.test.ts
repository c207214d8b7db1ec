import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import type { Item } from '../sdk';
import { dateTimeNode } from './index';
import { momentToLuxon } from './moment-format';
import { runNode } from '../../server/engine/testing/node-context';

const one = [{ json: { when: '2024-03-10T10:20:30.000Z', other: 'x' } }];
async function run(params: Record<string, unknown>, items: Item[] = one, timezone = 'UTC') {
  const out = await runNode(dateTimeNode, { params, items, timezone });
  return out.main;
}

describe('dateTime node', () => {
  it('gets the current date in the workflow timezone, with or without time', async () => {
    const [withTime] = await run({}, one, 'Asia/Tokyo');
    const value = String(withTime.json.currentDate);
    expect(value.endsWith('+09:00')).toBe(true);
    expect(Math.abs(DateTime.fromISO(value).toMillis() - Date.now())).toBeLessThan(5000);
    expect(withTime.json.other).toBeUndefined();
    const [dayOnly] = await run({ includeTime: false, outputFieldName: 'today' });
    expect(String(dayOnly.json.today)).toMatch(/T00:00:00\.000Z$/);
  });

  it('adds and subtracts, writing newDate by default', async () => {
    expect((await run({ operation: 'addToDate', date: '={{ $json.when }}', duration: 2, timeUnit: 'days' }))[0].json).toEqual({ newDate: '2024-03-12T10:20:30.000Z' });
    const [sub] = await run({ operation: 'subtractFromDate', date: '2024-03-31', duration: '1', timeUnit: 'months', includeInputFields: true });
    expect(sub.json).toEqual({ when: '2024-03-10T10:20:30.000Z', other: 'x', newDate: '2024-02-29T00:00:00.000Z' });
  });

  it('reads dates without an offset as UTC and outputs in the workflow timezone (as n8n 2.40.7 does)', async () => {
    const berlin = (params: Record<string, unknown>) => run(params, one, 'Europe/Berlin').then((out) => out[0].json);
    expect(await berlin({ operation: 'addToDate', date: '2024-07-01 09:00:00', duration: 1, timeUnit: 'hours' })).toEqual({ newDate: '2024-07-01T12:00:00.000+02:00' });
    expect(await berlin({ operation: 'addToDate', date: '2024-07-01', duration: 1, timeUnit: 'days' })).toEqual({ newDate: '2024-07-02T02:00:00.000+02:00' });
    expect(await berlin({ operation: 'addToDate', date: '={{ $json.when }}', duration: 2, timeUnit: 'days' })).toEqual({ newDate: '2024-03-12T11:20:30.000+01:00' });
    expect(await berlin({ operation: 'addToDate', date: '2024-07-01T09:00:00+05:00', duration: 1, timeUnit: 'hours' })).toEqual({ newDate: '2024-07-01T07:00:00.000+02:00' });
    expect(await berlin({ operation: 'roundDate', date: '={{ $json.when }}', toNearest: 'hour' })).toEqual({ roundedDate: '2024-03-10T11:00:00.000+01:00' });
    expect(await berlin({ operation: 'roundDate', date: '={{ $json.when }}', roundMode: 'roundUp', toNearest: 'month' })).toEqual({ roundedDate: '2024-04-01T00:00:00.000+02:00' });
    expect(await berlin({ operation: 'extractDate', date: '={{ $json.when }}', part: 'hour' })).toEqual({ datePart: 11 });
    expect(await berlin({ operation: 'getTimeBetweenDates', startDate: '2024-03-30T12:00:00', endDate: '2024-03-31T12:00:00', units: ['hour'] })).toEqual({ timeDifference: { hours: 24 } });
    // Formatting keeps the input's offset unless a timezone is asked for.
    expect(await berlin({ operation: 'formatDate', date: '={{ $json.when }}', format: 'yyyy-MM-dd HH:mm ZZ' })).toEqual({ formattedDate: '2024-03-10 10:20 +00:00' });
    expect(await berlin({ operation: 'formatDate', date: '2024-07-01T09:00:00+05:00', format: 'HH:mm ZZ' })).toEqual({ formattedDate: '09:00 +05:00' });
  });

  it('formats with Luxon tokens, unix timestamps, a source format and a timezone', async () => {
    expect((await run({ operation: 'formatDate', date: '={{ $json.when }}' }))[0].json).toEqual({ formattedDate: '03/10/2024' });
    expect((await run({ operation: 'formatDate', date: '={{ $json.when }}', format: 'X' }))[0].json.formattedDate).toBe('1710066030');
    expect((await run({ operation: 'formatDate', date: '14/02/2020', fromFormat: 'dd/MM/yyyy', format: 'yyyy-MM-dd' }))[0].json.formattedDate).toBe('2020-02-14');
    expect((await run({ operation: 'formatDate', date: '={{ $json.when }}', format: 'HH:mm ZZ', timezone: 'America/New_York' }))[0].json.formattedDate).toBe('06:20 -04:00');
  });

  it('reads Moment.js formats for imported v1 nodes', async () => {
    expect(momentToLuxon('DD/MM/YYYY')).toBe('dd/MM/yyyy');
    expect(momentToLuxon('[Week] W, dddd HH:mm')).toBe("'Week' W, cccc HH:mm");
    const [r] = await run({ operation: 'formatDate', date: '14/02/2020', fromFormat: 'DD/MM/YYYY', format: 'YYYY-MM-DD [at] HH:mm', formatSyntax: 'moment' });
    expect(r.json.formattedDate).toBe('2020-02-14 at 00:00');
  });

  it('rounds down and up', async () => {
    expect((await run({ operation: 'roundDate', date: '={{ $json.when }}', toNearest: 'hour' }))[0].json.roundedDate).toBe('2024-03-10T10:00:00.000Z');
    expect((await run({ operation: 'roundDate', date: '={{ $json.when }}', roundMode: 'roundUp', toNearest: 'month' }))[0].json.roundedDate).toBe('2024-04-01T00:00:00.000Z');
    expect((await run({ operation: 'roundDate', date: '={{ $json.when }}', toNearest: 'endOfMonth' }))[0].json.roundedDate).toBe('2024-03-31T23:59:59.999Z');
  });

  it('gets the time between dates in several units or as ISO duration', async () => {
    const params = { operation: 'getTimeBetweenDates', startDate: '2024-03-01T00:00:00Z', endDate: '2024-03-03T12:00:00Z' };
    expect((await run({ ...params, units: ['day', 'hour'] }))[0].json).toEqual({ timeDifference: { days: 2, hours: 12 } });
    expect((await run({ ...params }))[0].json.timeDifference).toEqual({ days: 2.5 });
    expect((await run({ ...params, units: ['hour'], outputAsIsoString: true }))[0].json.timeDifference).toBe('PT60H');
  });

  it('extracts parts of a date and accepts epoch numbers', async () => {
    expect((await run({ operation: 'extractDate', date: '={{ $json.when }}' }))[0].json).toEqual({ datePart: 3 });
    expect((await run({ operation: 'extractDate', date: '={{ $json.when }}', part: 'week' }))[0].json.datePart).toBe(10);
    expect((await run({ operation: 'extractDate', date: 1710066030, part: 'hour' }))[0].json.datePart).toBe(10);
  });

  it('works per item and names the field on bad input', async () => {
    const items = [{ json: { d: '2024-01-01' } }, { json: { d: '2025-06-01' } }];
    const out = await run({ operation: 'extractDate', date: '={{ $json.d }}', part: 'year' }, items);
    expect(out.map((i) => i.json.datePart)).toEqual([2024, 2025]);
    await expect(run({ operation: 'formatDate', date: 'not a date' })).rejects.toThrow('field "date" (item 0): "not a date" is not a date');
    await expect(run({ operation: 'formatDate', date: '2024-01-01', timezone: 'Mars/Base' })).rejects.toThrow('field "timezone"');
  });
});
