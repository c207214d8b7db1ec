/** A failing node shows its error on the canvas, in the inspector and on the execution page. */
import { expect, test } from '@playwright/test';
import { canvasNode, createWorkflow, openNode, shot, signUp, uniqueEmail } from './helpers';

test('a failing node shows its error on the canvas and the execution page', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  await signUp(page, uniqueEmail('failure'));
  await createWorkflow(page, 'Fails on purpose');
  // Click to add: with the trigger selected, the next node is added to its right and connected.
  await page.getByTestId('palette-item-manualTrigger').click();
  await expect(canvasNode(page, 'Manual Trigger')).toBeVisible();
  await page.getByTestId('palette-item-stopAndError').click();
  await expect(canvasNode(page, 'Stop and Error')).toBeVisible();
  await expect(page.locator('.react-flow__edge')).toHaveCount(1);
  await openNode(page, 'Stop and Error');
  await page.getByTestId('param-errorMessage').fill('Order total is negative');

  await page.getByTestId('run').click();
  const failing = canvasNode(page, 'Stop and Error');
  await expect(failing).toHaveAttribute('data-status', 'failed', { timeout: 60_000 });
  await expect(failing.getByTestId('node-error')).toContainText('Order total is negative');
  await expect(canvasNode(page, 'Manual Trigger')).toHaveAttribute('data-status', 'succeeded');
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'failed', { timeout: 30_000 });
  await expect(page.getByTestId('inspector-error')).toContainText('Order total is negative');
  await shot(page, testInfo, 'editor-failed-node');

  await page.getByTestId('open-execution').click();
  await expect(page).toHaveURL(/\/executions\/[^/]+$/, { timeout: 60_000 });
  await expect(page.getByTestId('execution-status')).toHaveAttribute('data-status', 'failed', { timeout: 60_000 });
  await expect(page.getByTestId('execution-error')).toContainText('Order total is negative');
  await expect(page.getByTestId('node-run-detail')).toHaveAttribute('data-node-name', 'Stop and Error');
  await expect(page.getByTestId('node-run-error')).toContainText('Order total is negative');
  await expect(page.locator('[data-testid="timeline-row"][data-status="failed"]')).toHaveCount(1);
  await shot(page, testInfo, 'execution-failed');

  // Retry starts a new execution of the same graph, which fails the same way.
  const firstUrl = page.url();
  await page.getByTestId('retry-execution').click();
  await expect(page).not.toHaveURL(firstUrl, { timeout: 60_000 });
  await expect(page.getByTestId('execution-status')).toHaveAttribute('data-status', 'failed', { timeout: 60_000 });
});
