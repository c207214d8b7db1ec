/**
 * OAuth2 "Connect" on the credentials page: an oAuth2Api credential pointed at a fake provider this spec
 * starts on 127.0.0.1; Connect sends the browser to the provider, which redirects back to
 * /api/oauth2/callback with code and state; the row then says Connected and the page never shows the tokens.
 * The generic credential's grant type and client authentication are dropdowns (zod enums). A service type
 * (slackOAuth2Api) asks only for client ID and secret: its preset URLs are pointed at the fake provider through
 * the form's advanced override fields (authUrl, accessTokenUrl), and its preset scopes reach the provider.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { shot, signUp, uniqueEmail } from './helpers';

const issued: string[] = [];
/** How each token request sent the client: a Basic auth header or client_id/client_secret in the body. */
const clientAuth: string[] = [];
const authorizeQueries: URLSearchParams[] = [];
let provider: http.Server;
let base = '';

test.beforeAll(async () => {
  provider = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', base);
    if (url.pathname === '/authorize') {
      authorizeQueries.push(url.searchParams);
      const back = new URL(url.searchParams.get('redirect_uri')!);
      back.searchParams.set('code', 'e2e-code');
      back.searchParams.set('state', url.searchParams.get('state')!);
      return res.writeHead(302, { location: back.toString() }).end();
    }
    if (url.pathname === '/token' || url.pathname === '/slack-token') {
      let raw = '';
      for await (const chunk of req) raw += chunk;
      const form = new URLSearchParams(raw);
      const basic = req.headers.authorization === `Basic ${Buffer.from('e2e-client:e2e-secret').toString('base64')}`;
      const inBody = form.get('client_id') === 'e2e-client' && form.get('client_secret') === 'e2e-secret';
      if (form.get('code') !== 'e2e-code' || !(basic || inBody)) {
        return res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"invalid_grant"}');
      }
      clientAuth.push(basic ? 'header' : 'body');
      const token = `e2e-access-${randomBytes(6).toString('hex')}`;
      issued.push(token);
      // Slack's answer: the user token under authed_user.
      const body = url.pathname === '/slack-token' ? { ok: true, access_token: `xoxb-${token}`, authed_user: { access_token: token } } : { access_token: token, refresh_token: `${token}-refresh`, expires_in: 3600 };
      return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
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
  await page.getByRole('option', { name: 'oAuth2Api', exact: true }).click();
  await dialog.getByTestId('credential-name').fill('Fake provider');
  await dialog.getByTestId('credential-field-authUrl').fill(`${base}/authorize`);
  await dialog.getByTestId('credential-field-accessTokenUrl').fill(`${base}/token`);
  await dialog.getByTestId('credential-field-clientId').fill('e2e-client');
  await dialog.getByTestId('credential-field-clientSecret').fill('e2e-secret');
  // Enum fields are dropdowns: the grant type (left at its default here), and the client sent in the body.
  await expect(dialog.getByTestId('credential-field-grantType')).toHaveRole('combobox');
  await expect(dialog.getByTestId('credential-field-grantType')).toContainText('authorizationCode (default)');
  await dialog.getByTestId('credential-field-authentication').click();
  await expect(page.getByRole('option')).toHaveText(['header', 'body']);
  await page.getByRole('option', { name: 'body', exact: true }).click();
  await expect(dialog.getByTestId('credential-field-authentication')).toContainText('body');
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
  expect(clientAuth).toEqual(['body']); // the dropdown's choice reached the token request
  expect(await page.content()).not.toContain(issued[0]);
  await shot(page, testInfo, 'connected');

  // A replayed callback (the state is single use) is refused and says why.
  await page.goto('/api/oauth2/callback?code=e2e-code&state=replayed-state');
  await expect(page).toHaveURL(/\/credentials/);
  await expect(page.locator('body')).toContainText('unknown or expired state');
  expect(issued).toHaveLength(1);
});

test('connect a service OAuth2 type (slackOAuth2Api) with its preset scopes', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  issued.length = 0;
  clientAuth.length = 0;
  authorizeQueries.length = 0;
  await signUp(page, uniqueEmail('oauth2-slack'));
  await page.getByTestId('nav-credentials').click();
  await page.getByTestId('new-credential').click();
  const dialog = page.getByTestId('credential-dialog');
  await page.getByTestId('credential-type').click();
  await page.getByRole('option', { name: 'slackOAuth2Api', exact: true }).click();
  await dialog.getByTestId('credential-name').fill('Slack via fake');
  // The redirect URI to register with the provider is shown for OAuth2 types.
  await expect(dialog.getByTestId('oauth2-redirect-uri')).toHaveText(new URL('/api/oauth2/callback', page.url()).toString());
  // Only what the user supplies: no grant type, scope or client-authentication fields; the secret is masked.
  await expect(dialog.getByTestId('credential-field-clientId')).toBeVisible();
  await expect(dialog.getByTestId('credential-field-clientSecret')).toHaveAttribute('type', 'password');
  for (const f of ['grantType', 'scope', 'authentication', 'authQueryParameters']) await expect(dialog.getByTestId(`credential-field-${f}`)).toHaveCount(0);
  await dialog.getByTestId('credential-field-clientId').fill('e2e-client');
  await dialog.getByTestId('credential-field-clientSecret').fill('e2e-secret');
  // The advanced overrides point the preset at the fake provider (empty: Slack's own URLs).
  await dialog.getByTestId('credential-field-authUrl').fill(`${base}/authorize`);
  await dialog.getByTestId('credential-field-accessTokenUrl').fill(`${base}/slack-token`);
  await shot(page, testInfo, 'slack-form');
  await dialog.getByTestId('credential-save').click();
  await expect(dialog).toBeHidden();

  const row = page.locator('[data-testid="credential-row"][data-credential-name="Slack via fake"]');
  await expect(row.getByTestId('oauth2-status')).toHaveAttribute('data-connected', 'false');
  await row.getByTestId('oauth2-connect').click();
  await expect(page.locator('body')).toContainText('OAuth2 credential connected');
  await expect(row.getByTestId('oauth2-status')).toHaveAttribute('data-connected', 'true');
  expect(authorizeQueries).toHaveLength(1);
  expect(authorizeQueries[0]!.get('scope')).toBe('chat:write');
  expect(authorizeQueries[0]!.get('user_scope')).toContain('channels:read');
  expect(clientAuth).toEqual(['body']); // Slack's preset sends the client in the body
  expect(issued).toHaveLength(1);
  expect(await page.content()).not.toContain(issued[0]);
  await shot(page, testInfo, 'slack-connected');
});
