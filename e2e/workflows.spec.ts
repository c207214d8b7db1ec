/** The workflow list: create, search, open, activate and deactivate, delete. */
import { expect, test } from '@playwright/test';
import { canvasNode, createWorkflow, signUp, uniqueEmail } from './helpers';

test('workflow list: search, active toggle, delete', async ({ page }) => {
  test.setTimeout(180_000);
  await signUp(page, uniqueEmail('list'));
  await expect(page.getByTestId('workflows-empty')).toBeVisible({ timeout: 30_000 });
  await createWorkflow(page, 'Alpha sync');
  await page.getByTestId('palette-item-scheduleTrigger').click();
  await expect(canvasNode(page, 'Schedule Trigger')).toBeVisible();
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-dirty', 'false', { timeout: 20_000 });
  await createWorkflow(page, 'Beta report');

  await page.goto('/workflows');
  const rows = page.getByTestId('workflow-row');
  await expect(rows).toHaveCount(2, { timeout: 30_000 });
  await page.getByTestId('workflow-search').fill('alp');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Alpha sync');

  // Activate, and it stays active after a reload.
  const alpha = rows.first();
  await alpha.getByTestId('workflow-active').click();
  await expect(page.getByTestId('toast-success')).toContainText('is active');
  await page.reload();
  await page.getByTestId('workflow-search').fill('alp');
  await expect(page.getByTestId('workflow-row')).toHaveCount(1, { timeout: 30_000 });
  await expect(page.getByTestId('workflow-row').first().getByTestId('workflow-active')).toHaveAttribute('data-state', 'checked');
  await page.getByTestId('workflow-row').first().getByTestId('workflow-active').click();
  await expect(page.getByTestId('workflow-row').first().getByTestId('workflow-active')).toHaveAttribute('data-state', 'unchecked');

  // Beta has no trigger that can run unattended: activating it explains why not.
  await page.getByTestId('workflow-search').fill('');
  await expect(page.getByTestId('workflow-row')).toHaveCount(2);
  const beta = page.locator('[data-testid="workflow-row"]', { hasText: 'Beta report' });
  await beta.getByTestId('workflow-active').click();
  await expect(page.getByTestId('toast-error')).toContainText('Could not activate');
  await expect(beta.getByTestId('workflow-active')).toHaveAttribute('data-state', 'unchecked');

  // Delete Beta through the row menu.
  await beta.getByTestId('workflow-menu').click();
  await page.getByTestId('workflow-delete').click();
  await page.getByTestId('confirm-delete').click();
  await expect(page.getByTestId('workflow-row')).toHaveCount(1);
  await expect(page.getByTestId('workflow-row').first()).toContainText('Alpha sync');

  // Open from the list.
  await page.getByTestId('workflow-link').first().click();
  await expect(canvasNode(page, 'Schedule Trigger')).toBeVisible({ timeout: 60_000 });
});
