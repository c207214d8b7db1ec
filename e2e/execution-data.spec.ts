/**
 * Saved execution data: a workflow's Execution Data node saves an order id on each execution; the person finds
 * an execution by typing key=value in the executions list, and sees the pairs on the execution page.
 */
import { expect, test, type Page } from '@playwright/test';
import { shot, signUp, uniqueEmail } from './helpers';

async function trpc(page: Page, path: string, input: unknown) {
  const res = await page.request.post(`/api/trpc/${path}`, { data: { json: input } });
  expect(res.status(), `${path}: ${await res.text()}`).toBe(200);
  return (await res.json()).result.data.json;
}

test('find an execution by the data it saved', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await signUp(page, uniqueEmail('execdata'));
  const wf = await trpc(page, 'workflow.create', {
    name: 'Orders',
    graph: {
      nodes: [
        { id: 'trigger', name: 'Start', type: 'manualTrigger', typeVersion: 1, params: {}, position: [0, 0] },
        { id: 'save', name: 'Save', type: 'executionData', typeVersion: 1, params: { dataToSave: { values: [{ key: 'orderId', value: '={{ $json.order }}' }] } }, position: [240, 0] },
      ],
      connections: [{ from: { node: 'trigger', port: 'main' }, to: { node: 'save', port: 'main' } }],
    },
  });
  const runs: string[] = [];
  for (const order of ['A-1', 'B-7', 'C-3']) runs.push((await trpc(page, 'execution.run', { workflowId: wf.id, input: [{ order }] })).executionId);

  await page.goto(`/executions?workflowId=${wf.id}&status=succeeded`);
  await expect(page.getByTestId('execution-row')).toHaveCount(3, { timeout: 60_000 });
  await page.getByTestId('filter-data').fill('orderId=B-7');
  await page.getByTestId('filter-data').press('Enter');
  await expect(page).toHaveURL(/data=orderId%3DB-7/);
  await expect(page.getByTestId('execution-row')).toHaveCount(1);
  await expect(page.getByTestId('execution-row-data')).toHaveText('orderId: B-7');
  await shot(page, testInfo, 'filtered');
  await page.getByTestId('execution-link').click();
  await expect(page).toHaveURL(new RegExp(`/executions/${runs[1]}$`));
  await expect(page.getByTestId('execution-custom-data')).toContainText('orderId: B-7');
});
