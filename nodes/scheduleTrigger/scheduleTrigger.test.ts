import { describe, expect, it } from 'vitest';
import { runNode } from '../../server/engine/testing/node-context';
import scheduleTrigger, { scheduleTickJson, scheduleTriggerParams } from './index';
import { compileInterval, compileScheduleParams, normaliseCron, weekNumber } from './rules';

describe('schedule rules (n8n formats)', () => {
  it('turns each interval field into a 6-field cron pattern', () => {
    expect(compileInterval({ field: 'seconds', secondsInterval: 10 }).pattern).toBe('*/10 * * * * *');
    expect(compileInterval({ field: 'minutes', minutesInterval: 15 }).pattern).toBe('0 */15 * * * *');
    expect(compileInterval({ field: 'hours', hoursInterval: 2, triggerAtMinute: 30 }).pattern).toBe('0 30 */2 * * *');
    expect(compileInterval({ field: 'days', triggerAtHour: 9, triggerAtMinute: 5 }).pattern).toBe('0 5 9 */1 * *');
    const weeks = compileInterval({ field: 'weeks', weeksInterval: 2, triggerAtDay: [1, 5], triggerAtHour: 8 });
    expect(weeks).toMatchObject({ pattern: '0 0 8 * * 1,5', weeksInterval: 2 });
    expect(compileInterval({ field: 'months', monthsInterval: 3, triggerAtDayOfMonth: 15, triggerAtHour: 6 }).pattern).toBe('0 0 6 15 */3 *');
    expect(compileInterval({ field: 'cronExpression', expression: '*/5 * * * *' }).pattern).toBe('0 */5 * * * *');
    expect(compileInterval({ field: 'cronExpression', expression: '*/2 * * * * *' }).pattern).toBe('*/2 * * * * *');
  });

  it('defaults to once a day at midnight, like n8n', () => {
    expect(compileScheduleParams({}).map((c) => c.pattern)).toEqual(['0 0 0 */1 * *']);
    expect(compileScheduleParams(scheduleTriggerParams.parse({})).map((c) => c.pattern)).toEqual(['0 0 0 */1 * *']);
  });

  it('prefers a plain cron expression and compiles several intervals', () => {
    expect(compileScheduleParams({ cron: '0 12 * * 1' }).map((c) => c.pattern)).toEqual(['0 0 12 * * 1']);
    const several = compileScheduleParams({ rule: { interval: [{ field: 'seconds', secondsInterval: 5 }, { field: 'hours' }] } });
    expect(several.map((c) => c.pattern)).toEqual(['*/5 * * * * *', '0 0 */1 * * *']);
  });

  it('names the field of a bad rule', () => {
    expect(() => compileInterval({ field: 'hours', triggerAtMinute: 99 }, 1)).toThrow(/rule\.interval\[1\]\.triggerAtMinute/);
    expect(() => normaliseCron('* * *')).toThrow(/5 fields/);
    expect(() => compileInterval({ field: 'cronExpression', expression: '' })).toThrow(/expression is empty/);
  });

  it('counts weeks from a fixed Monday for "every N weeks"', () => {
    const monday = Date.UTC(2026, 0, 5);
    expect(weekNumber(monday + 7 * 86_400_000) - weekNumber(monday)).toBe(1);
    expect(weekNumber(monday + 6 * 86_400_000)).toBe(weekNumber(monday));
  });
});

describe('scheduleTrigger node', () => {
  it('emits the tick in the workflow timezone with n8n field names', async () => {
    const at = Date.UTC(2026, 5, 1, 10, 30, 0);
    const json = scheduleTickJson(at, 'Europe/Berlin');
    expect(json).toMatchObject({ Hour: '12', Minute: '30', Second: '00', Year: '2026', Month: 'June', 'Day of week': 'Monday' });
    expect(String(json.timestamp)).toBe('2026-06-01T12:30:00.000+02:00');
    const out = await runNode(scheduleTrigger, { params: {}, triggerData: { items: [{ json }] } });
    expect(out.main[0].json).toEqual(json);
  });
});
