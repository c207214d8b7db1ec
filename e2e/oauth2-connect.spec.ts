/**
 * OAuth2 "Connect" on the credentials page: an oAuth2Api credential pointed at a fake provider this spec
 * starts on 127.0.0.1; Connect sends the browser to the provider, which redirects back to
 * /api/oauth2/callback with code and state; the row then says Connected and the page never shows the tokens.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { shot, signUp, uniqueEmail } from './helpers';

const issued: string[] = [];
let provider: http.Server;
let base = '';

test.beforeAll(async () => {
  provider = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', base);
    if (url.pathname === '/authorize') {
      const back = new URL(url.searchParams.get('redirect_uri')!);
      back.searchParams.set('code', 'e2e-code');
      back.searchParams.set('state', url.searchParams.get('state')!);
      return res.writeHead(302, { location: back.toString() }).end();
    }
    if (url.pathname === '/token') {
      let raw = '';
      for await (const chunk of req) raw += chunk;
      const form = new URLSearchParams(raw);
      if (form.get('code') !== 'e2e-code' || req.headers.authorization !== `Basic ${Buffer.from('e2e-client:e2e-secret').toString('base64')}`) {
        return res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"invalid_grant"}');
      }
      const token = `e2e-access-${randomBytes(6).toString('hex')}`;
      issued.push(token);
      return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ access_token: token, refresh_token: `${token}-refresh`, expires_in: 3600 }));
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => provider.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(provider.address() as AddressInfo).port}`;
});
test.afterAll(() => new Promise<void>((r) => provider.close(() => r())));

test('connect an OAuth2 credential through the provider and the callback', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await signUp(page, uniqueEmail('oauth2'));
  await page.getByTestId('nav-credentials').click();
  await page.getByTestId('new-credential').click();
  const dialog = page.getByTestId('credential-dialog');
  await page.getByTestId('credential-type').click();
  await page.getByRole('option', { name: 'oAuth2Api' }).click();
  await dialog.getByTestId('credential-name').fill('Fake provider');
  await dialog.getByTestId('credential-field-authUrl').fill(`${base}/authorize`);
  await dialog.getByTestId('credential-field-accessTokenUrl').fill(`${base}/token`);
  await dialog.getByTestId('credential-field-clientId').fill('e2e-client');
  await dialog.getByTestId('credential-field-clientSecret').fill('e2e-secret');
  await dialog.getByTestId('credential-save').click();
  await expect(dialog).toBeHidden();

  const row = page.locator('[data-testid="credential-row"][data-credential-name="Fake provider"]');
  await expect(row.getByTestId('oauth2-status')).toHaveAttribute('data-connected', 'false');
  await row.getByTestId('oauth2-connect').click();
  // Provider, callback, then back here: the outcome as a notice, its query parameters removed from the URL.
  await expect(page.locator('body')).toContainText('OAuth2 credential connected');
  await expect(page).toHaveURL(/\/credentials$/);
  await expect(row.getByTestId('oauth2-status')).toHaveAttribute('data-connected', 'true');
  await expect(row).toContainText('Connected');
  expect(issued).toHaveLength(1);
  expect(await page.content()).not.toContain(issued[0]);
  await shot(page, testInfo, 'connected');

  // A replayed callback (the state is single use) is refused and says why.
  await page.goto('/api/oauth2/callback?code=e2e-code&state=replayed-state');
  await expect(page).toHaveURL(/\/credentials/);
  await expect(page.locator('body')).toContainText('unknown or expired state');
  expect(issued).toHaveLength(1);
});
