/**
 * A person fills in a Form Trigger's form in the browser (server/main.ts routes /form/* to the handler; plain
 * HTML, no script) and sees the Form Ending's page; the execution is in the list with the submission.
 */
import { expect, test, type Page } from '@playwright/test';
import { shot, signUp, uniqueEmail } from './helpers';

async function trpc(page: Page, path: string, input: unknown) {
  const res = await page.request.post(`/api/trpc/${path}`, { data: { json: input } });
  expect(res.status(), `${path}: ${await res.text()}`).toBe(200);
  return (await res.json()).result.data.json;
}

function graph(path: string) {
  return {
    nodes: [
      {
        id: 'form',
        name: 'On form submission',
        type: 'formTrigger',
        typeVersion: 2.2,
        params: {
          path,
          formTitle: 'Join the <beta>',
          formDescription: 'Tell us about you',
          formFields: {
            values: [
              { fieldLabel: 'Name', requiredField: true, placeholder: 'Sam Smith' },
              { fieldLabel: 'Email', fieldType: 'email', requiredField: true },
              { fieldLabel: 'Plan', fieldType: 'dropdown', fieldOptions: { values: [{ option: 'Free' }, { option: 'Pro' }] } },
              { fieldLabel: 'Why', fieldType: 'textarea' },
              { fieldLabel: 'Logo', fieldType: 'file' },
            ],
          },
          options: { buttonLabel: 'Join' },
        },
        position: [0, 0],
      },
      {
        id: 'end',
        name: 'Thanks',
        type: 'form',
        typeVersion: 1,
        params: { operation: 'completion', completionTitle: 'Welcome aboard', completionMessage: '={{ "See you soon, " + $json.Name + " (" + $json.Plan + ")" }}' },
        position: [240, 0],
      },
    ],
    connections: [{ from: { node: 'form', port: 'main' }, to: { node: 'end', port: 'main' } }],
  };
}

test('a person fills in the form, sees the completion page, and the execution exists', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  await signUp(page, uniqueEmail('form'));
  const path = `e2e-form-${Date.now().toString(36)}`;
  const wf = await trpc(page, 'workflow.create', { name: 'Beta sign-up', graph: graph(path) });
  await trpc(page, 'workflow.activate', { id: wf.id });

  await page.goto(`/form/${path}`);
  await expect(page).toHaveTitle('Join the <beta>');
  await expect(page.getByRole('heading', { name: 'Join the <beta>' })).toBeVisible();

  // The browser's own validation stops an empty required field; the server checks it too (see below).
  await page.getByLabel('Name').fill('Ada');
  await page.getByLabel('Email').fill('ada@example.com');
  await page.getByLabel('Plan').selectOption('Pro');
  await page.getByLabel('Why').fill('Automations <3');
  await page.getByLabel('Logo').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: Buffer.from('PNGDATA') });
  await shot(page, testInfo, 'form-filled');
  await page.getByRole('button', { name: 'Join' }).click();

  await expect(page.getByRole('heading', { name: 'Welcome aboard' })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText('See you soon, Ada (Pro)')).toBeVisible();
  await shot(page, testInfo, 'completion-page');

  await page.goto(`/executions?workflowId=${wf.id}&status=succeeded`);
  await expect(page.getByTestId('execution-row')).toHaveCount(1, { timeout: 60_000 });
  const list = await page.request.get(`/api/trpc/execution.list?input=${encodeURIComponent(JSON.stringify({ json: { workflowId: wf.id } }))}`);
  const items = (await list.json()).result.data.json.items as { id: string; mode: string }[];
  expect(items).toHaveLength(1);
  expect(items[0].mode).toBe('webhook');

  // Without the browser's checks: the server re-renders the form with a message, and starts nothing.
  const bad = await page.request.post(`/form/${path}`, { form: { 'field-1': 'ada@example.com' } });
  expect(bad.status()).toBe(400);
  expect(await bad.text()).toContain('&quot;Name&quot; is required');
  await trpc(page, 'workflow.deactivate', { id: wf.id });
  expect((await page.request.get(`/form/${path}`)).status()).toBe(404);
  const after = await page.request.get(`/api/trpc/execution.list?input=${encodeURIComponent(JSON.stringify({ json: { workflowId: wf.id } }))}`);
  expect((await after.json()).result.data.json.items).toHaveLength(1);
});

test('a multi-page form: the person goes from page to page, then to the ending, in one execution', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  await signUp(page, uniqueEmail('pages'));
  const path = `e2e-pages-${Date.now().toString(36)}`;
  const g = {
    nodes: [
      { id: 'form', name: 'On form submission', type: 'formTrigger', typeVersion: 2.2, position: [0, 0], params: { path, formTitle: 'Onboarding', formFields: { values: [{ fieldLabel: 'Name', requiredField: true }] }, options: { buttonLabel: 'Next' } } },
      {
        id: 'page2',
        name: 'About you',
        type: 'form',
        typeVersion: 1,
        position: [240, 0],
        params: { operation: 'page', formFields: { values: [{ fieldLabel: 'Team size', fieldType: 'dropdown', fieldOptions: { values: [{ option: '1-10' }, { option: '11-50' }] } }] }, options: { formTitle: '={{ "Hi " + $json.Name }}', buttonLabel: 'Finish' } },
      },
      { id: 'end', name: 'Done', type: 'form', typeVersion: 1, position: [480, 0], params: { operation: 'completion', completionTitle: 'Thanks', completionMessage: '={{ "Team of " + $json["Team size"] + " for " + $("On form submission").item.json.Name }}' } },
    ],
    connections: [
      { from: { node: 'form', port: 'main' }, to: { node: 'page2', port: 'main' } },
      { from: { node: 'page2', port: 'main' }, to: { node: 'end', port: 'main' } },
    ],
  };
  const wf = await trpc(page, 'workflow.create', { name: 'Onboarding', graph: g });
  await trpc(page, 'workflow.activate', { id: wf.id });

  await page.goto(`/form/${path}`);
  await page.getByLabel('Name').fill('Grace');
  await page.getByRole('button', { name: 'Next' }).click();
  // The second page is served at the execution's resume URL once the run reaches it.
  await expect(page.getByRole('heading', { name: 'Hi Grace' })).toBeVisible({ timeout: 60_000 });
  await expect(page).toHaveURL(/\/form-waiting\/[^/?]+\?signature=/);
  await page.getByLabel('Team size').selectOption('11-50');
  await shot(page, testInfo, 'second-page');
  await page.getByRole('button', { name: 'Finish' }).click();
  await expect(page.getByRole('heading', { name: 'Thanks' })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText('Team of 11-50 for Grace')).toBeVisible();

  await page.goto(`/executions?workflowId=${wf.id}&status=succeeded`);
  await expect(page.getByTestId('execution-row')).toHaveCount(1, { timeout: 60_000 });
});
