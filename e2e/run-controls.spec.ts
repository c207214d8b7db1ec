/** Cancel a running execution from the editor; sticky notes persist through save and reload. */
import { expect, test } from '@playwright/test';
import { canvasNode, closeInspector, createWorkflow, openNode, signUp, uniqueEmail } from './helpers';

test('cancel a running execution; sticky notes are saved with the workflow', async ({ page }) => {
  test.setTimeout(180_000);
  await signUp(page, uniqueEmail('controls'));
  await createWorkflow(page, 'Slow one');
  await page.getByTestId('palette-item-manualTrigger').click();
  await page.getByTestId('palette-item-wait').click();
  await expect(page.locator('.react-flow__edge')).toHaveCount(1);
  await openNode(page, 'Wait');
  await page.getByTestId('param-amount').fill('60');

  // A sticky note, edited in place.
  await closeInspector(page);
  await page.getByTestId('add-sticky').click();
  const note = page.getByTestId('sticky-note');
  await expect(note).toHaveCount(1);
  await note.dblclick();
  await note.locator('textarea').fill('## Why\nWaits a minute on purpose.');
  await page.locator('.react-flow__pane').click({ position: { x: 30, y: 30 } });
  await expect(note).toContainText('Waits a minute on purpose.');

  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-dirty', 'false', { timeout: 20_000 });
  await page.reload();
  await expect(page.getByTestId('sticky-note')).toContainText('Waits a minute on purpose.', { timeout: 30_000 });

  await page.getByTestId('run').click();
  await expect(canvasNode(page, 'Wait')).toHaveAttribute('data-status', 'running', { timeout: 60_000 });
  await page.getByTestId('cancel-run').click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'cancelled', { timeout: 60_000 });
  await expect(page.getByTestId('run')).toBeVisible();
});
