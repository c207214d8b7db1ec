/**
 * Webhooks through the real app (server/main.ts routes /webhook/* to the handler; the worker runs the
 * Respond to Webhook node): activate, call, deactivate; and the editor's test URL, whose execution's
 * events reach the owner's browser on the workflow's room (what the canvas listens to).
 */
import { expect, test, type Page } from '@playwright/test';
import { signUp, uniqueEmail } from './helpers';

type Sock = { msgs: string[]; acks: Record<number, unknown> };

async function trpc(page: Page, path: string, input: unknown) {
  const res = await page.request.post(`/api/trpc/${path}`, { data: { json: input } });
  expect(res.status(), `${path}: ${await res.text()}`).toBe(200);
  return (await res.json()).result.data.json;
}

/** socket.io (engine.io v4 over WebSocket) from the page, recording events and acks. */
async function openSocket(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __sock: Sock & { ws: WebSocket; ready: Promise<void> } };
    const ws = new WebSocket(`${location.origin.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`);
    const state = { msgs: [] as string[], acks: {} as Record<number, unknown>, ws, ready: Promise.resolve() };
    state.ready = new Promise<void>((resolve, reject) => {
      ws.onmessage = (m) => {
        const data = String(m.data);
        if (data === '2') return ws.send('3');
        if (data.startsWith('0')) return ws.send('40');
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

const events = (page: Page) => page.evaluate(() => (window as unknown as { __sock: Sock }).__sock.msgs.filter((m) => m.startsWith('42["execution-event"')));

function graph(path: string, greeting: string) {
  return {
    nodes: [
      { id: 'hook', name: 'Webhook', type: 'webhook', typeVersion: 2, params: { path, httpMethod: 'POST', responseMode: 'responseNode' }, position: [0, 0] },
      {
        id: 'set',
        name: 'Greet',
        type: 'transform',
        typeVersion: 1,
        params: { assignments: [{ name: 'greeting', value: `={{ "${greeting} " + $json.body.name }}`, type: 'string' }], include: 'all' },
        position: [220, 0],
      },
      { id: 'respond', name: 'Respond', type: 'respondToWebhook', typeVersion: 1, params: { respondWith: 'json', responseBody: '={{ { "greeting": $json.greeting } }}', options: { responseCode: 201 } }, position: [440, 0] },
    ],
    connections: [
      { from: { node: 'hook', port: 'main' }, to: { node: 'set', port: 'main' } },
      { from: { node: 'set', port: 'main' }, to: { node: 'respond', port: 'main' } },
    ],
  };
}

test('an active webhook answers through Respond to Webhook; inactive answers 404', async ({ page }) => {
  test.setTimeout(180_000);
  await signUp(page, uniqueEmail('webhook'));
  const path = `e2e/${Date.now().toString(36)}/:name`;
  const wf = await trpc(page, 'workflow.create', { name: 'Greeter', graph: graph(path, 'Hello') });
  await trpc(page, 'workflow.activate', { id: wf.id });

  const res = await page.request.post(`/webhook/${path.replace(':name', 'ada')}`, { data: { name: 'Ada' } });
  expect(res.status()).toBe(201);
  expect(await res.json()).toEqual({ greeting: 'Hello Ada' });
  expect((await page.request.post(`/webhook/e2e/nothing-${Date.now()}`, { data: {} })).status()).toBe(404);

  await trpc(page, 'workflow.deactivate', { id: wf.id });
  expect((await page.request.post(`/webhook/${path.replace(':name', 'ada')}`, { data: { name: 'Ada' } })).status()).toBe(404);
});

test("the test URL runs the editor's draft once and its events reach the editor's workflow room", async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  await signUp(page, uniqueEmail('webhook-test'));
  const path = `e2e-test/${Date.now().toString(36)}`;
  const wf = await trpc(page, 'workflow.create', { name: 'Listening', graph: graph(path, 'Saved') });
  await page.goto(`/workflows/${wf.id}`);
  await expect(page.getByTestId('editor')).toBeVisible({ timeout: 90_000 });
  await openSocket(page);

  // The editor listens with its unsaved draft ("Draft" greeting), not the saved graph.
  const listen = await trpc(page, 'workflow.listenTestWebhook', { id: wf.id, graph: graph(path, 'Draft') });
  expect(listen.urls[0].url).toMatch(new RegExp(`/webhook-test/${path}$`));
  await page.evaluate((id) => (window as unknown as { __sock: { ws: WebSocket } }).__sock.ws.send(`422${JSON.stringify(['subscribe', { workflowId: id }])}`), wf.id);
  await expect.poll(() => page.evaluate(() => (window as unknown as { __sock: Sock }).__sock.acks[2] ?? null), { timeout: 15_000 }).toEqual({ ok: true });

  const res = await page.request.post(`/webhook-test/${path}`, { data: { name: 'Bo' } });
  expect(res.status()).toBe(201);
  expect(await res.json()).toEqual({ greeting: 'Draft Bo' });
  await expect.poll(async () => (await events(page)).some((m) => m.includes('"execution.finished"') && m.includes(wf.id)), { timeout: 60_000 }).toBe(true);
  const seen = await events(page);
  expect(seen.some((m) => m.includes('"node.finished"') && m.includes('"Respond"'))).toBe(true);
  // One event per listen.
  expect((await page.request.post(`/webhook-test/${path}`, { data: { name: 'Again' } })).status()).toBe(404);
  await testInfo.attach('editor while listening', { body: await page.screenshot(), contentType: 'image/png' });
});
