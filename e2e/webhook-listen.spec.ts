/**
 * The editor's "Listen for test event": the test URL shown in the editor runs the draft once, and the
 * execution it starts lights up the canvas (picked up from the workflow's room) with the posted data.
 */
import { expect, test, type Page } from '@playwright/test';
import { canvasNode, openNode, shot, signUp, uniqueEmail } from './helpers';

async function trpc(page: Page, path: string, input: unknown) {
  const res = await page.request.post(`/api/trpc/${path}`, { data: { json: input } });
  expect(res.status(), `${path}: ${await res.text()}`).toBe(200);
  return (await res.json()).result.data.json;
}

function graph(path: string) {
  return {
    nodes: [
      { id: 'hook', name: 'Webhook', type: 'webhook', typeVersion: 2, params: { path, httpMethod: 'POST' }, position: [0, 0] },
      {
        id: 'set',
        name: 'Edit Fields',
        type: 'transform',
        typeVersion: 1,
        params: { assignments: [{ name: 'greeting', value: '={{ "Hi " + $json.body.name }}', type: 'string' }], include: 'all' },
        position: [260, 0],
      },
    ],
    connections: [{ from: { node: 'hook', port: 'main' }, to: { node: 'set', port: 'main' } }],
  };
}

test('listen for a test event: the test URL runs the draft and the canvas shows the run', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  await signUp(page, uniqueEmail('listen'));
  const path = `e2e-listen/${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const wf = await trpc(page, 'workflow.create', { name: 'Listen here', graph: graph(path) });
  await page.goto(`/workflows/${wf.id}`);
  await expect(page.getByTestId('editor')).toBeVisible({ timeout: 90_000 });
  await page.getByTestId('save').click();
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-dirty', 'false');

  await page.getByTestId('listen-test-webhook').click();
  const panel = page.getByTestId('test-webhook-panel');
  await expect(panel).toBeVisible();
  await expect(page.getByTestId('test-webhook-waiting')).toContainText('Waiting for a request');
  const url = (await page.getByTestId('test-webhook-url').first().textContent())!.trim();
  expect(url).toMatch(new RegExp(`/webhook-test/${path}$`));
  // The room is joined before the request goes out, so the execution.started event reaches the editor.
  await expect(panel).toHaveAttribute('data-realtime', 'subscribed', { timeout: 15_000 });
  await shot(page, testInfo, 'listening');

  const res = await page.request.post(`/webhook-test/${path}`, { data: { name: 'Ada', tag: 'posted-from-test' } });
  expect(res.status(), await res.text()).toBeLessThan(300);
  await expect(panel).toBeHidden({ timeout: 30_000 });

  await expect(canvasNode(page, 'Webhook')).toHaveAttribute('data-status', 'succeeded', { timeout: 60_000 });
  await expect(canvasNode(page, 'Edit Fields')).toHaveAttribute('data-status', 'succeeded', { timeout: 60_000 });
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'succeeded', { timeout: 60_000 });

  await openNode(page, 'Edit Fields');
  await page.getByTestId('tab-output').click();
  await page.getByTestId('inspector-output-mode-json').click();
  await expect(page.getByTestId('inspector-output-json')).toContainText('posted-from-test');
  await expect(page.getByTestId('inspector-output-json')).toContainText('Hi Ada');
  await shot(page, testInfo, 'after test event');
});

test('stop listening unregisters the test URL', async ({ page }) => {
  test.setTimeout(120_000);
  await signUp(page, uniqueEmail('listen-stop'));
  const path = `e2e-listen-stop/${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const wf = await trpc(page, 'workflow.create', { name: 'Stop listening', graph: graph(path) });
  await page.goto(`/workflows/${wf.id}`);
  await expect(page.getByTestId('editor')).toBeVisible({ timeout: 90_000 });
  await page.getByTestId('listen-test-webhook').click();
  await expect(page.getByTestId('test-webhook-url')).toContainText(`/webhook-test/${path}`);
  await page.getByTestId('stop-test-webhook').click();
  await expect(page.getByTestId('test-webhook-panel')).toBeHidden();
  await expect.poll(async () => (await page.request.post(`/webhook-test/${path}`, { data: { name: 'late' } })).status()).toBe(404);
  await expect(page.getByTestId('listen-test-webhook')).toHaveAttribute('data-listening', 'false');
});
