import { expect, test } from '@playwright/test';
import { PASSWORD, shot, signIn, signUp, uniqueEmail } from './helpers';

test('sign up, sign out, sign in, and a wrong password is refused', async ({ page }, testInfo) => {
  const email = uniqueEmail('auth');
  await signUp(page, email);
  await expect(page.getByTestId('user-email')).toContainText(email);
  await shot(page, testInfo, 'workflows-empty');

  await page.getByTestId('sign-out').click();
  await expect(page).toHaveURL(/\/sign-in/, { timeout: 30_000 });
  // Signed out: the app sends you back to sign in.
  await page.goto('/workflows');
  await expect(page).toHaveURL(/\/sign-in/);

  await page.getByTestId('email').fill(email);
  await page.getByTestId('password').fill('not the password');
  await page.getByTestId('submit').click();
  await expect(page.getByTestId('auth-error')).toContainText('Wrong email or password');

  await signIn(page, email, PASSWORD);
  await expect(page.getByTestId('user-email')).toContainText(email);
});

test('sign-up rejects a short password and a taken email', async ({ page }) => {
  const email = uniqueEmail('dup');
  await signUp(page, email);
  await page.getByTestId('sign-out').click();
  await expect(page).toHaveURL(/\/sign-in/, { timeout: 30_000 });

  await page.goto('/sign-up');
  await page.getByTestId('email').fill(email);
  await page.getByTestId('password').fill(PASSWORD);
  await page.getByTestId('submit').click();
  await expect(page.getByTestId('auth-error')).toBeVisible();
  await expect(page).toHaveURL(/\/sign-up/);
});
