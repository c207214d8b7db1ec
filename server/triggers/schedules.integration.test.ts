/**
 * Schedules on the real stack: BullMQ job schedulers in Redis, two schedule workers, executions persisted
 * by the runtime in Postgres. A one-second cron fires on time, once per tick, and stops on deactivation;
 * a tick missed during downtime is skipped.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Worker } from 'bullmq';
import { createTestUser, testDb, uniquePrefix, waitFor } from '../testing';
import { chain, createWorkflow, node } from '../webhooks/test-helpers';
import type { ScheduleOutcome } from './schedules';

process.env.WEFT_QUEUE_PREFIX = uniquePrefix('sched');

let ownerId: string;
const workers: Worker[] = [];

beforeAll(async () => {
  ownerId = (await createTestUser()).user.id;
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.close()));
  const { closeScheduleQueue } = await import('./schedules');
  const { closeQueues } = await import('../runtime/queues');
  const { closeRedis } = await import('../redis');
  const { disconnectDb } = await import('../db');
  await closeScheduleQueue();
  await closeQueues();
  await closeRedis();
  await disconnectDb();
});

const everySecond = (timezone?: string) => ({
  ...chain(node('Tick', 'scheduleTrigger', { rule: { interval: [{ field: 'cronExpression', expression: '* * * * * *' }] } }), node('Next', 'noOp')),
  ...(timezone ? { settings: { timezone } } : {}),
});

async function ticksOf(workflowId: string) {
  const rows = await testDb().execution.findMany({ where: { workflowId }, orderBy: { createdAt: 'asc' } });
  return rows.map((r) => {
    const item = ((r.triggerData as { items: { json: { timestamp: string; Timezone: string } }[] }).items ?? [])[0];
    return { createdAt: r.createdAt.getTime(), scheduledAt: Date.parse(item.json.timestamp), timezone: item.json.Timezone, mode: r.mode };
  });
}

describe('schedules', () => {
  it('a one-second cron fires on time and never twice with two workers', async () => {
    const { activateWorkflow, deactivateWorkflow } = await import('./activation');
    const { createScheduleWorker } = await import('./schedules');
    const outcomes: { worker: number; outcome: ScheduleOutcome }[] = [];
    for (const i of [0, 1]) workers.push(createScheduleWorker({ concurrency: 4, onTick: (outcome) => outcomes.push({ worker: i, outcome }) }));
    await Promise.all(workers.map((w) => w.waitUntilReady()));

    const wf = await createWorkflow(ownerId, everySecond('America/New_York'));
    const result = await activateWorkflow(wf);
    expect(result.schedules).toEqual([expect.objectContaining({ pattern: '* * * * * *', timezone: 'America/New_York' })]);
    // A second web process restoring schedulers at startup must not create a second timeline.
    const { restoreSchedulers } = await import('./index');
    await restoreSchedulers();

    await waitFor(async () => (await ticksOf(wf)).length >= 4, { timeoutMs: 15_000, what: '4 ticks' });
    await deactivateWorkflow(wf);
    const settled = (await ticksOf(wf)).length;
    await new Promise((r) => setTimeout(r, 2_000));
    const ticks = await ticksOf(wf);
    expect(ticks.length).toBeLessThanOrEqual(settled + 1); // at most a tick already in flight
    expect(ticks.every((t) => t.mode === 'schedule')).toBe(true);
    // Never twice: one execution per scheduled second.
    const seconds = ticks.map((t) => t.scheduledAt);
    expect(new Set(seconds).size).toBe(seconds.length);
    for (const s of seconds) expect(s % 1000).toBe(0);
    // On time: the execution is persisted within moments of its second (generous: shared 2-core machine).
    for (const t of ticks) expect(t.createdAt - t.scheduledAt).toBeLessThan(2_500);
    expect(ticks[0].timezone).toMatch(/^America\/New_York/);
    expect(outcomes.filter((o) => o.outcome.status === 'started').length).toBe(ticks.length);
    const { scheduleQueue } = await import('./schedules');
    expect(await scheduleQueue().getJobSchedulersCount()).toBe(0);
  }, 40_000);

  it('skips and logs a tick missed while no worker ran, then continues from now', async () => {
    const { activateWorkflow, deactivateWorkflow } = await import('./activation');
    const { createScheduleWorker } = await import('./schedules');
    await Promise.all(workers.splice(0).map((w) => w.close()));
    const wf = await createWorkflow(ownerId, everySecond());
    await activateWorkflow(wf);
    await new Promise((r) => setTimeout(r, 2_500)); // downtime: the first tick is now overdue
    const back = Date.now();
    const outcomes: ScheduleOutcome[] = [];
    workers.push(createScheduleWorker({ missedThresholdMs: 700, onTick: (o) => outcomes.push(o) }));
    await waitFor(() => outcomes.some((o) => o.status === 'started'), { timeoutMs: 10_000, what: 'a tick after downtime' });
    await deactivateWorkflow(wf);
    expect(outcomes[0]).toMatchObject({ status: 'skipped', reason: 'late' });
    expect(outcomes[0].scheduledAt).toBeLessThan(back - 700);
    const ticks = await ticksOf(wf);
    expect(ticks.length).toBeGreaterThan(0);
    for (const t of ticks) expect(t.scheduledAt).toBeGreaterThanOrEqual(back - 1000);
  }, 30_000);

  it('a tick handed out twice (stalled job re-run) starts one execution', async () => {
    const { activateWorkflow, deactivateWorkflow } = await import('./activation');
    const { processScheduleTick } = await import('./schedules');
    const { startExecution } = await import('../runtime/index');
    const wf = await createWorkflow(ownerId, chain(node('Tick', 'scheduleTrigger', { rule: { interval: [{ field: 'hours' }] } })));
    await activateWorkflow(wf);
    const row = (await testDb().schedule.findFirst({ where: { workflowId: wf } }))!;
    const data = { schedulerId: row.schedulerId, workflowId: wf, nodeId: 'Tick' };
    const at = Math.floor(Date.now() / 1000) * 1000;
    const deps = { db: testDb(), startExecution: startExecution as never };
    const [a, b] = await Promise.all([processScheduleTick(data, at, deps), processScheduleTick(data, at, deps)]);
    expect([a.status, b.status].sort()).toEqual(['skipped', 'started']);
    expect((await ticksOf(wf)).length).toBe(1);
    await deactivateWorkflow(wf);
    expect(await processScheduleTick(data, at + 1000, deps)).toMatchObject({ status: 'skipped', reason: 'inactive' });
  });

  it('restores job schedulers that Redis lost, from Postgres', async () => {
    const { activateWorkflow, deactivateWorkflow } = await import('./activation');
    const { scheduleQueue } = await import('./schedules');
    const { restoreSchedulers } = await import('./index');
    const wf = await createWorkflow(ownerId, chain(node('Tick', 'scheduleTrigger', { rule: { interval: [{ field: 'hours' }, { field: 'days', triggerAtHour: 9 }] } })));
    await activateWorkflow(wf);
    const rows = await testDb().schedule.findMany({ where: { workflowId: wf } });
    expect(rows).toHaveLength(2);
    for (const r of rows) await scheduleQueue().removeJobScheduler(r.schedulerId); // Redis restarted empty
    expect(await scheduleQueue().getJobSchedulersCount()).toBe(0);
    await restoreSchedulers();
    const restored = await scheduleQueue().getJobSchedulers();
    expect(restored.map((j) => j.pattern).sort()).toEqual(['0 0 */1 * * *', '0 0 9 */1 * *']);
    await deactivateWorkflow(wf);
    expect(await scheduleQueue().getJobSchedulersCount()).toBe(0);
  });

  it('refuses an invalid cron or timezone at activation, naming the node', async () => {
    const { activateWorkflow } = await import('./activation');
    const bad = await createWorkflow(ownerId, chain(node('Tick', 'scheduleTrigger', { cron: '61 * * * *' })));
    await expect(activateWorkflow(bad)).rejects.toThrow(/node "Tick".*cron pattern/);
    const tz = await createWorkflow(ownerId, { ...everySecond(), settings: { timezone: 'Mars/Olympus' } });
    await expect(activateWorkflow(tz)).rejects.toThrow(/node "Tick".*Mars\/Olympus/);
  });
});
