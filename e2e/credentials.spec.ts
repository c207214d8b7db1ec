/**
 * The credentials page: create an HTTP header credential, see it listed without its secret, test it,
 * rename it (its stored value kept), delete it after confirming.
 */
import { expect, test } from '@playwright/test';
import { shot, signUp, uniqueEmail } from './helpers';

test('create, list without secrets, test, rename, delete a credential', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await signUp(page, uniqueEmail('creds'));
  await page.getByTestId('nav-credentials').click();
  await expect(page).toHaveURL(/\/credentials$/);
  await expect(page.getByTestId('credentials-empty')).toContainText('API keys');

  await page.getByTestId('new-credential').click();
  const dialog = page.getByTestId('credential-dialog');
  await page.getByTestId('credential-type').click();
  await page.getByRole('option', { name: 'httpHeaderAuth' }).click();
  await dialog.getByTestId('credential-name').fill('My header');
  await dialog.getByTestId('credential-field-name').fill('X-Api-Token');
  await expect(dialog.getByTestId('credential-field-value')).toHaveAttribute('type', 'password');
  await dialog.getByTestId('credential-field-value').fill('super-secret-value-42');
  await dialog.getByTestId('credential-test').click();
  await expect(dialog.getByTestId('credential-test-result')).toHaveAttribute('data-ok', 'true');
  await dialog.getByTestId('credential-save').click();
  await expect(dialog).toBeHidden();

  const row = page.locator('[data-testid="credential-row"][data-credential-name="My header"]');
  await expect(row).toContainText('httpHeaderAuth');
  await expect(row).toContainText('name, value');
  await expect(page.locator('body')).not.toContainText('super-secret-value-42');
  await page.reload();
  await expect(row).toBeVisible();
  expect(await page.content()).not.toContain('super-secret-value-42');
  await shot(page, testInfo, 'listed');

  // Rename with the fields left empty: the stored header stays, and the stored credential still tests fine.
  await row.getByTestId('edit-credential').click();
  await expect(dialog.getByTestId('credential-field-value')).toHaveValue('');
  await dialog.getByTestId('credential-name').fill('Renamed header');
  await dialog.getByTestId('credential-test').click();
  await expect(dialog.getByTestId('credential-test-result')).toHaveAttribute('data-ok', 'true');
  await dialog.getByTestId('credential-save').click();
  await expect(dialog).toBeHidden();
  const renamed = page.locator('[data-testid="credential-row"][data-credential-name="Renamed header"]');
  await expect(renamed).toContainText('name, value');
  await expect(row).toHaveCount(0);

  await renamed.getByTestId('delete-credential').click();
  await expect(page.getByTestId('delete-credential-dialog')).toContainText('Delete Renamed header?');
  await page.getByTestId('confirm-delete-credential').click();
  await expect(renamed).toHaveCount(0);
  await expect(page.getByTestId('credentials-empty')).toBeVisible();
  await shot(page, testInfo, 'deleted');
});
