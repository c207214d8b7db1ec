/**
 * Polling triggers on the real stack: Postgres, Redis, BullMQ job schedulers, two schedule workers (two
 * trigger processes) and a step worker, against a fake Telegram Bot API and a fake RSS feed on 127.0.0.1.
 * Activation -> the first poll records the position and starts nothing -> new updates/entries appear ->
 * exactly one execution with them; the two workers never poll the same node at the same time nor the same
 * tick twice; re-activation keeps the position, and so does a Redis that lost its job schedulers (restored
 * from Postgres); deactivation stops polling.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Worker } from 'bullmq';
import { createTestUser, testDb, uniquePrefix, waitFor } from '../testing';
import { startFakeApi, type FakeApi } from '../testing/fake-api';
import { chain, createCredential, createWorkflow, node } from '../webhooks/test-helpers';
import type { ScheduleOutcome } from './schedules';

process.env.WEFT_QUEUE_PREFIX = uniquePrefix('poll');

const TOKEN = '4242:poll-test-token';
let ownerId: string;
let api: FakeApi<Record<string, unknown>>;
const workers: Worker[] = [];
let steps: { close(): Promise<void> } | undefined;
const outcomes: { worker: number; outcome: ScheduleOutcome }[] = [];

// Fake Bot API: getUpdates answers after a delay longer than the poll interval, so ticks overlap.
let updates: Record<string, unknown>[] = [];
let inFlight = 0;
let maxInFlight = 0;
// Fake feed.
let entries: { title: string; date: string }[] = [];

const msg = (id: number) => ({ update_id: id, message: { message_id: id, chat: { id: 42, type: 'private' }, from: { id: 7 }, date: 1700000000, text: `hello ${id}` } });
const everySecond = { item: [{ mode: 'everyX', value: 1, unit: 'seconds' }] };

beforeAll(async () => {
  ownerId = (await createTestUser()).user.id;
  api = await startFakeApi<Record<string, unknown>>({
    [`POST /bot${TOKEN}/getUpdates`]: async (r) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((res) => setTimeout(res, 1_300));
      inFlight--;
      const offset = typeof r.body?.offset === 'number' ? r.body.offset : 0;
      // Telegram: a negative offset gives the last -offset updates (and forgets the earlier ones).
      return { body: { ok: true, result: offset < 0 ? updates.slice(offset) : updates.filter((u) => (u.update_id as number) >= offset) } };
    },
    'GET /feed': () => ({
      raw: `<rss version="2.0"><channel>${entries.map((e) => `<item><title>${e.title}</title><pubDate>${e.date}</pubDate></item>`).join('')}</channel></rss>`,
      headers: { 'content-type': 'application/rss+xml' },
    }),
  });
  const { startStepWorker } = await import('../runtime/worker');
  steps = await startStepWorker({ concurrency: 4, recoveryIntervalMs: 0, log: { debug() {}, info() {}, warn() {}, error() {} } });
  const { createScheduleWorker } = await import('./schedules');
  for (const i of [0, 1]) workers.push(createScheduleWorker({ concurrency: 4, onTick: (outcome) => outcomes.push({ worker: i, outcome }) }));
  await Promise.all(workers.map((w) => w.waitUntilReady()));
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.close()));
  await steps?.close();
  await api?.close();
  const { closeScheduleQueue } = await import('./schedules');
  const { closeRuntimeConnections } = await import('../runtime/shutdown');
  await closeScheduleQueue();
  await closeRuntimeConnections();
});

async function executionsOf(workflowId: string) {
  return testDb().execution.findMany({ where: { workflowId }, orderBy: { createdAt: 'asc' } });
}
const itemsOf = (triggerData: unknown) => ((triggerData as { items?: { json: Record<string, unknown> }[] }).items ?? []).map((i) => i.json);
const getUpdatesCalls = () => api.requests.filter((r) => r.path.endsWith('/getUpdates'));

describe('polling triggers', () => {
  it('Telegram: first poll records, new updates start exactly one execution, one poll at a time, deactivation stops', async () => {
    const { activateWorkflow, deactivateWorkflow } = await import('./activation');
    const credId = await createCredential(ownerId, 'telegramApi', { accessToken: TOKEN, baseUrl: api.url });
    updates = [msg(100), msg(101)]; // pending before activation: never start anything
    const graph = chain(
      node('Bot', 'telegramTrigger', { updates: ['message'], pollTimes: everySecond }, { credentials: { telegramApi: { id: credId, name: 'bot' } } }),
      node('Next', 'noOp'),
    );
    const wf = await createWorkflow(ownerId, graph);
    const result = await activateWorkflow(wf);
    expect(result.schedules).toEqual([expect.objectContaining({ nodeName: 'Bot', pattern: '* * * * * *' })]);

    const row = () => testDb().schedule.findFirstOrThrow({ where: { workflowId: wf } });
    await waitFor(async () => (await row()).pollState !== null, { timeoutMs: 20_000, what: 'the first poll' });
    expect((await row()).pollState).toMatchObject({ state: { offset: 102 } });
    expect(await executionsOf(wf)).toHaveLength(0);

    updates.push(msg(102), msg(103));
    await waitFor(async () => (await executionsOf(wf)).length > 0, { timeoutMs: 20_000, what: 'an execution' });
    // Later polls find nothing new: still one execution.
    const seen = getUpdatesCalls().length;
    await waitFor(() => getUpdatesCalls().slice(seen).filter((r) => r.body?.offset === 104).length >= 2, { timeoutMs: 20_000, what: 'two more polls' });
    const runs = await executionsOf(wf);
    expect(runs).toHaveLength(1);
    expect(runs[0].mode).toBe('schedule');
    expect(itemsOf(runs[0].triggerData)).toEqual([msg(102), msg(103)]);
    const done = await waitFor(async () => {
      const e = await testDb().execution.findUniqueOrThrow({ where: { id: runs[0].id } });
      return e.status === 'succeeded' || e.status === 'failed' ? e : null;
    }, { timeoutMs: 20_000, what: 'the execution to finish' });
    expect(done.status).toBe('succeeded');

    // Two workers, a poll slower than the interval: never two polls of the node at once, never a tick twice.
    expect(maxInFlight).toBe(1);
    const mine = outcomes.filter((o) => o.outcome.status !== 'skipped' || o.outcome.reason === 'busy');
    expect(mine.some((o) => o.outcome.reason === 'busy')).toBe(true);
    const polled = outcomes.filter((o) => o.outcome.status === 'started' || o.outcome.status === 'polled').map((o) => o.outcome.scheduledAt);
    expect(new Set(polled).size).toBe(polled.length);
    expect(new Set(outcomes.map((o) => o.worker)).size).toBe(2);

    await deactivateWorkflow(wf);
    await waitFor(() => inFlight === 0, { timeoutMs: 10_000, what: 'the poll in flight' });
    const after = getUpdatesCalls().length;
    await new Promise((r) => setTimeout(r, 3_000));
    expect(getUpdatesCalls().length).toBe(after);
    expect(await testDb().schedule.count({ where: { workflowId: wf } })).toBe(0);
    expect(await executionsOf(wf)).toHaveLength(1);
  }, 90_000);

  it('RSS: new entries after the first poll start one execution; re-activation keeps the position', async () => {
    const { activateWorkflow, deactivateWorkflow } = await import('./activation');
    entries = [{ title: 'A', date: 'Mon, 09 Nov 2026 10:00:00 GMT' }];
    const graph = chain(node('Feed', 'rssFeedReadTrigger', { feedUrl: `${api.url}/feed`, pollTimes: everySecond }), node('Next', 'noOp'));
    const wf = await createWorkflow(ownerId, graph);
    await activateWorkflow(wf);
    const row = () => testDb().schedule.findFirstOrThrow({ where: { workflowId: wf } });
    await waitFor(async () => (await row()).pollState !== null, { timeoutMs: 20_000, what: 'the first poll' });
    expect((await row()).pollState).toMatchObject({ state: { lastItemDate: '2026-11-09T10:00:00.000Z' } });

    // A save of the active workflow re-activates it: the position is kept, nothing is polled "first" again.
    await activateWorkflow(wf);
    expect((await row()).pollState).toMatchObject({ state: { lastItemDate: '2026-11-09T10:00:00.000Z' } });
    // Redis restarted empty: the web process restores the job scheduler from Postgres; the position is there.
    const { scheduleQueue } = await import('./schedules');
    await scheduleQueue().removeJobScheduler((await row()).schedulerId);
    const { restoreSchedulers } = await import('./index');
    await restoreSchedulers();
    expect((await scheduleQueue().getJobSchedulers()).map((j) => j.key)).toContain((await row()).schedulerId);
    entries = [{ title: 'B', date: 'Tue, 10 Nov 2026 10:00:00 GMT' }, ...entries];
    await waitFor(async () => (await executionsOf(wf)).length > 0, { timeoutMs: 20_000, what: 'an execution' });
    const feedCalls = () => api.requests.filter((r) => r.path === '/feed').length;
    const seen = feedCalls();
    await waitFor(() => feedCalls() >= seen + 2, { timeoutMs: 20_000, what: 'two more polls' });
    const runs = await executionsOf(wf);
    expect(runs).toHaveLength(1);
    expect(itemsOf(runs[0].triggerData).map((j) => j.title)).toEqual(['B']);

    await deactivateWorkflow(wf);
    const after = feedCalls();
    await new Promise((r) => setTimeout(r, 3_000));
    expect(feedCalls()).toBeLessThanOrEqual(after + 1); // at most a poll already in flight
  }, 90_000);

  it('refuses activation of a polling trigger without its credential or with bad poll times, naming the node', async () => {
    const { activateWorkflow } = await import('./activation');
    const noCred = await createWorkflow(ownerId, chain(node('Bot', 'telegramTrigger', {})));
    await expect(activateWorkflow(noCred)).rejects.toThrow(/node "Bot", field "credentials.telegramApi"/);
    const badTimes = await createWorkflow(ownerId, chain(node('Feed', 'rssFeedReadTrigger', { feedUrl: `${api.url}/feed`, pollTimes: { item: [{ mode: 'custom', cronExpression: '* *' }] } })));
    await expect(activateWorkflow(badTimes)).rejects.toThrow(/node "Feed", field "pollTimes"/);
  });
});
