/**
 * The editor end to end: build a workflow by drag and drop, configure it in the inspector, save,
 * reload, run it and watch statuses arrive live, then read a node's output and the execution page.
 */
import { expect, test, type Page } from '@playwright/test';
import { canvasNode, connect, createWorkflow, dragNode, openNode, shot, signUp, uniqueEmail } from './helpers';

/** The graph as the editor holds it (exposed for tests). */
async function editorGraph(page: Page) {
  return page.evaluate(() => (window as unknown as { __weftEditor: { graph: () => { nodes: unknown[]; connections: unknown[] } } }).__weftEditor.graph());
}

async function rename(page: Page, from: string, to: string) {
  await openNode(page, from);
  const input = page.getByTestId('inspector-name');
  await input.fill(to);
  await input.press('Enter');
  await expect(canvasNode(page, to)).toBeVisible();
}

/** Adds one assignment row to a transform ("Edit Fields") node. */
async function addAssignment(page: Page, row: number, name: string, value: string, type?: string) {
  await page.getByTestId('add-row-assignments').click();
  await page.getByTestId(`param-assignments.${row}.name`).fill(name);
  await page.getByTestId(`param-assignments.${row}.value`).fill(value);
  if (type) {
    await page.getByTestId(`param-assignments.${row}.type`).click();
    await page.getByRole('option', { name: type, exact: true }).click();
  }
}

async function selectOption(page: Page, testId: string, option: string) {
  await page.getByTestId(testId).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

test('build by drag and drop, configure, save, reload, run live, inspect output', async ({ page, context }, testInfo) => {
  test.setTimeout(240_000);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await signUp(page, uniqueEmail('editor'));
  const id = await createWorkflow(page, 'Route orders');
  await expect(page.getByTestId('empty-canvas')).toBeVisible();

  await dragNode(page, 'manualTrigger', 140, 260);
  await expect(canvasNode(page, 'Manual Trigger')).toBeVisible();
  await dragNode(page, 'transform', 400, 260);
  await rename(page, 'Edit Fields', 'Double');
  await dragNode(page, 'condition', 660, 260);
  await rename(page, 'If', 'Is big');
  await dragNode(page, 'transform', 940, 140);
  await rename(page, 'Edit Fields', 'Big');
  await dragNode(page, 'transform', 940, 420);
  await rename(page, 'Edit Fields', 'Small');
  await expect(page.getByTestId('canvas-node')).toHaveCount(5);

  await connect(page, 'Manual Trigger', 'main', 'Double');
  await connect(page, 'Double', 'main', 'Is big');
  await connect(page, 'Is big', 'true', 'Big');
  await connect(page, 'Is big', 'false', 'Small');
  await expect(page.locator('.react-flow__edge')).toHaveCount(4);

  // An invalid connection is refused with a reason.
  await connect(page, 'Small', 'main', 'Double', 'main');
  await expect(page.getByTestId('toast-error')).toContainText('cycle');
  await expect(page.locator('.react-flow__edge')).toHaveCount(4);

  // Configure in the inspector.
  await openNode(page, 'Double');
  await addAssignment(page, 0, 'doubled', '={{ $json.amount * 2 }}', 'number');
  await openNode(page, 'Is big');
  await page.getByTestId('add-rule-conditions').click();
  await page.getByTestId('param-conditions.0.leftValue').fill('={{ $json.doubled }}');
  await selectOption(page, 'param-conditions.0.type', 'number');
  await selectOption(page, 'param-conditions.0.operation', 'gt');
  await page.getByTestId('param-conditions.0.rightValue').fill('100');
  await openNode(page, 'Big');
  await addAssignment(page, 0, 'route', 'big');
  await openNode(page, 'Small');
  await addAssignment(page, 0, 'route', 'small');

  await expect(page.getByTestId('save-state')).toHaveAttribute('data-dirty', 'true');
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-dirty', 'false', { timeout: 20_000 });
  const before = await editorGraph(page);
  expect(before.nodes).toHaveLength(5);
  expect(before.connections).toHaveLength(4);

  // Reload: the same graph comes back.
  await page.reload();
  await expect(page.getByTestId('canvas-node')).toHaveCount(5, { timeout: 30_000 });
  for (const name of ['Manual Trigger', 'Double', 'Is big', 'Big', 'Small']) await expect(canvasNode(page, name)).toBeVisible();
  await expect(page.locator('.react-flow__edge')).toHaveCount(4);
  expect(await editorGraph(page)).toEqual(before);
  await openNode(page, 'Double');
  await expect(page.getByTestId('param-assignments.0.value')).toHaveValue('={{ $json.amount * 2 }}');
  await openNode(page, 'Is big');
  await expect(page.getByTestId('param-conditions.0.rightValue')).toHaveValue('100');

  // Run with input and watch every node turn succeeded.
  await page.getByTestId('run-with-input').click();
  await page.getByTestId('run-input-json').fill('[{ "name": "Ada", "amount": 120 }, { "name": "Bob", "amount": 30 }]');
  await page.getByTestId('run-input-submit').click();
  for (const name of ['Manual Trigger', 'Double', 'Is big', 'Big', 'Small']) {
    await expect(canvasNode(page, name)).toHaveAttribute('data-status', 'succeeded', { timeout: 60_000 });
  }
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'succeeded', { timeout: 30_000 });
  await expect(page.getByTestId('edge-count').first()).toBeVisible();

  // The output of Big: Ada only, with route = big and doubled = 240.
  await openNode(page, 'Big');
  await page.getByTestId('tab-output').click();
  const table = page.getByTestId('inspector-output-table');
  await expect(table.getByTestId('item-row')).toHaveCount(1);
  await expect(table.locator('td[data-field="name"]')).toHaveText('Ada');
  await expect(table.locator('td[data-field="doubled"]')).toHaveText('240');
  await expect(table.locator('td[data-field="route"]')).toHaveText('big');
  await page.getByTestId('inspector-output-mode-json').click();
  await expect(page.getByTestId('inspector-output-json')).toContainText('"route": "big"');
  await openNode(page, 'Small');
  await page.getByTestId('tab-output').click();
  await expect(page.getByTestId('inspector-output-table').locator('td[data-field="name"]')).toHaveText('Bob');
  // The expression preview uses the last run's first input item.
  await openNode(page, 'Double');
  await expect(page.getByTestId('preview-assignments.0.value')).toHaveText('240');
  await page.getByTestId('inspector-close').click();
  await page.getByTestId('zoom-fit').click();
  await page.waitForTimeout(400);
  await shot(page, testInfo, 'editor-after-run');

  // The execution page: a timeline bar per node run, the output of a node.
  await page.getByTestId('open-execution').click();
  await expect(page).toHaveURL(/\/executions\/[^/]+$/, { timeout: 60_000 });
  await expect(page.getByTestId('execution-status')).toHaveAttribute('data-status', 'succeeded', { timeout: 60_000 });
  await expect(page.getByTestId('timeline-row')).toHaveCount(5);
  await page.locator('[data-testid="timeline-row"][data-node-name="Big"]').click();
  await expect(page.getByTestId('node-run-detail')).toHaveAttribute('data-node-name', 'Big');
  await expect(page.getByTestId('run-output-table').locator('td[data-field="route"]')).toHaveText('big');
  await shot(page, testInfo, 'execution-page');

  // The execution list filters by workflow and status.
  await page.goto(`/executions?workflowId=${id}&status=succeeded`);
  await expect(page.getByTestId('execution-row')).toHaveCount(1, { timeout: 60_000 });
  await page.goto(`/executions?workflowId=${id}&status=failed`);
  await expect(page.getByTestId('executions-empty')).toBeVisible();
});
