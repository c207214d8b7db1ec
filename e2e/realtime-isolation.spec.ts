/**
 * Live events reach exactly the browsers allowed to see them: a second user's browser can neither join
 * the first user's workflow or execution room nor receive its events, while the owner's browser does.
 * The socket is opened from each page (its cookie, its Origin), speaking socket.io's wire protocol.
 */
import { expect, test, type Page } from '@playwright/test';
import { signUp, uniqueEmail } from './helpers';

type Sock = { msgs: string[]; acks: Record<number, unknown> };

/** Opens socket.io (engine.io v4 over WebSocket) from the page and records every event and ack. */
async function openSocket(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __sock: Sock & { ws: WebSocket; ready: Promise<void> } };
    const url = `${location.origin.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`;
    const ws = new WebSocket(url);
    const state = { msgs: [] as string[], acks: {} as Record<number, unknown>, ws, ready: Promise.resolve() };
    state.ready = new Promise<void>((resolve, reject) => {
      ws.onmessage = (m) => {
        const data = String(m.data);
        if (data === '2') return ws.send('3'); // engine.io ping
        if (data.startsWith('0')) return ws.send('40'); // open: connect to the main namespace
        if (data.startsWith('40')) return resolve();
        if (data.startsWith('44')) return reject(new Error(data));
        const ack = /^43(\d+)(.*)$/.exec(data);
        if (ack) state.acks[Number(ack[1])] = JSON.parse(ack[2]!)[0];
        else state.msgs.push(data);
      };
      ws.onerror = () => reject(new Error('socket error'));
    });
    w.__sock = state as never;
  });
  await page.evaluate(() => (window as unknown as { __sock: { ready: Promise<void> } }).__sock.ready);
}

async function subscribe(page: Page, ackId: number, payload: object): Promise<unknown> {
  await page.evaluate(
    ([id, p]) => (window as unknown as { __sock: { ws: WebSocket } }).__sock.ws.send(`42${id}${JSON.stringify(['subscribe', p])}`),
    [ackId, payload] as const,
  );
  await expect.poll(() => page.evaluate((id) => (window as unknown as { __sock: Sock }).__sock.acks[id] ?? null, ackId), { timeout: 15_000 }).not.toBeNull();
  return page.evaluate((id) => (window as unknown as { __sock: Sock }).__sock.acks[id], ackId);
}

const events = (page: Page) => page.evaluate(() => (window as unknown as { __sock: Sock }).__sock.msgs.filter((m) => m.startsWith('42["execution-event"')));

async function trpc(page: Page, path: string, input: unknown) {
  const res = await page.request.post(`/api/trpc/${path}`, { data: { json: input } });
  expect(res.status(), `${path}: ${await res.text()}`).toBe(200);
  return (await res.json()).result.data.json;
}

test("a second user receives none of the first user's live execution events", async ({ browser }) => {
  test.setTimeout(180_000);
  const ownerCtx = await browser.newContext();
  const owner = await ownerCtx.newPage();
  await signUp(owner, uniqueEmail('rt-owner'));
  const graph = {
    nodes: [
      { id: 'start', name: 'Start', type: 'manualTrigger', typeVersion: 1, params: {}, position: [0, 0] },
      { id: 'set', name: 'Set', type: 'transform', typeVersion: 1, params: { assignments: [{ name: 'x', value: 1, type: 'number' }] }, position: [220, 0] },
    ],
    connections: [{ from: { node: 'start', port: 'main' }, to: { node: 'set', port: 'main' } }],
  };
  const wf = await trpc(owner, 'workflow.create', { name: 'Live and private', graph });

  const intruderCtx = await browser.newContext();
  const intruder = await intruderCtx.newPage();
  await signUp(intruder, uniqueEmail('rt-intruder'));

  await openSocket(owner);
  await openSocket(intruder);
  expect(await subscribe(owner, 1, { workflowId: wf.id })).toEqual({ ok: true });
  expect(await subscribe(intruder, 1, { workflowId: wf.id })).toEqual({ ok: false, error: 'Workflow not found.' });

  const { executionId } = await trpc(owner, 'execution.run', { workflowId: wf.id });
  // Even knowing the execution id, the intruder cannot join its room.
  expect(await subscribe(intruder, 2, { executionId })).toEqual({ ok: false, error: 'Execution not found.' });

  await expect.poll(async () => (await events(owner)).some((m) => m.includes('"execution.finished"')), { timeout: 60_000 }).toBe(true);
  const ownerEvents = await events(owner);
  expect(ownerEvents.some((m) => m.includes('"node.finished"') && m.includes('"Set"'))).toBe(true);
  // Give stragglers a moment: nothing may reach the intruder.
  await owner.waitForTimeout(1000);
  expect(await events(intruder)).toEqual([]);

  await ownerCtx.close();
  await intruderCtx.close();
});
