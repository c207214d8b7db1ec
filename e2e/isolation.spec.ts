/** A second user can open neither the first user's workflow nor its execution: by URL or by tRPC, 404. */
import { expect, test } from '@playwright/test';
import { canvasNode, createWorkflow, signUp, uniqueEmail } from './helpers';

test("another user's workflow and execution are 404", async ({ browser }) => {
  test.setTimeout(180_000);
  const owner = await browser.newContext();
  const page = await owner.newPage();
  await signUp(page, uniqueEmail('owner'));
  const workflowId = await createWorkflow(page, 'Private workflow');
  await page.getByTestId('palette-item-manualTrigger').click();
  await expect(canvasNode(page, 'Manual Trigger')).toBeVisible();
  await page.getByTestId('save').click();
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-dirty', 'false', { timeout: 20_000 });
  await page.getByTestId('run').click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'succeeded', { timeout: 60_000 });
  await page.getByTestId('open-execution').click();
  await expect(page).toHaveURL(/\/executions\/[^/]+$/, { timeout: 60_000 });
  const executionId = page.url().split('/').pop()!;

  const other = await browser.newContext();
  const intruder = await other.newPage();
  await signUp(intruder, uniqueEmail('intruder'));
  const wf = await intruder.goto(`/workflows/${workflowId}`);
  expect(wf?.status()).toBe(404);
  await expect(intruder.getByTestId('not-found-page')).toBeVisible();
  const ex = await intruder.goto(`/executions/${executionId}`);
  expect(ex?.status()).toBe(404);

  // tRPC answers NOT_FOUND too (same as an id that does not exist).
  const input = encodeURIComponent(JSON.stringify({ json: { id: workflowId } }));
  const api = await intruder.request.get(`/api/trpc/workflow.get?input=${input}`);
  expect(api.status()).toBe(404);
  const exInput = encodeURIComponent(JSON.stringify({ json: { id: executionId } }));
  expect((await intruder.request.get(`/api/trpc/execution.get?input=${exInput}`)).status()).toBe(404);

  // Their own list does not show it.
  await intruder.goto('/workflows');
  await expect(intruder.getByTestId('workflows-empty')).toBeVisible({ timeout: 30_000 });
  await owner.close();
  await other.close();
});
