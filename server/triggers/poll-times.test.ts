import { describe, expect, it } from 'vitest';
import { getNextMillis } from 'bullmq';
import { compilePollTimes } from './poll-times';

describe('pollTimes (n8n shape) into cron patterns', () => {
  it('compiles each mode', () => {
    const patterns = compilePollTimes({
      item: [
        { mode: 'everyMinute' },
        { mode: 'everyHour', minute: 30 },
        { mode: 'everyDay', hour: 9, minute: 5 },
        { mode: 'everyWeek', hour: 8, minute: 0, weekday: '3' },
        { mode: 'everyMonth', hour: 7, minute: 15, dayOfMonth: 12 },
        { mode: 'everyX', value: 5, unit: 'minutes' },
        { mode: 'everyX', value: 3, unit: 'hours' },
        { mode: 'everyX', value: 10, unit: 'seconds' },
        { mode: 'custom', cronExpression: '8 4 * * *' },
        { mode: 'custom', cronExpression: '30 8 4 * * *' },
      ],
    }).map((c) => c.pattern);
    expect(patterns).toEqual([
      '0 * * * * *',
      '0 30 * * * *',
      '0 5 9 * * *',
      '0 0 8 * * 3',
      '0 15 7 12 * *',
      '0 */5 * * * *',
      '0 0 */3 * * *',
      '*/10 * * * * *',
      '0 8 4 * * *',
      '30 8 4 * * *',
    ]);
    // BullMQ's parser takes every one of them.
    for (const pattern of patterns) expect(getNextMillis(Date.now(), { pattern, tz: 'UTC' })).toBeGreaterThan(Date.now());
  });

  it("defaults to n8n's every minute, and drops duplicates", () => {
    expect(compilePollTimes(undefined).map((c) => c.pattern)).toEqual(['0 * * * * *']);
    expect(compilePollTimes({ item: [] }).map((c) => c.pattern)).toEqual(['0 * * * * *']);
    expect(compilePollTimes({ item: [{ mode: 'everyMinute' }, { mode: 'everyMinute' }] })).toHaveLength(1);
  });

  it('refuses what it cannot do, saying why', () => {
    expect(() => compilePollTimes({ item: [{ mode: 'custom', cronExpression: '' }] })).toThrow(/needs a cron expression/);
    expect(() => compilePollTimes({ item: [{ mode: 'custom', cronExpression: '* * *' }] })).toThrow(/3 fields/);
    expect(() => compilePollTimes({ item: [{ mode: 'everyX', value: 90, unit: 'minutes' }] })).toThrow(/use hours/);
    expect(() => compilePollTimes({ item: [{ mode: 'everyHour', minute: 75 }] })).toThrow();
    expect(() => compilePollTimes({ item: [{ mode: 'sometimes' }] })).toThrow();
  });
});
