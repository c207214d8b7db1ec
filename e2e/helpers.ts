/**
 * Helpers shared by the specs: accounts, sign-in, the editor's canvas (drag from the palette, connect
 * ports), and screenshots attached to the report.
 */
import { expect, type Locator, type Page, type TestInfo } from '@playwright/test';

export const PASSWORD = 'correct horse battery staple';

export function uniqueEmail(tag: string): string {
  return `${tag}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}@e2e.weft.local`;
}

export async function signUp(page: Page, email: string, password = PASSWORD) {
  await page.goto('/sign-up');
  await page.getByTestId('email').fill(email);
  await page.getByTestId('password').fill(password);
  await page.getByTestId('submit').click();
  await expect(page).toHaveURL(/\/workflows$/, { timeout: 90_000 });
}

export async function signIn(page: Page, email: string, password = PASSWORD) {
  await page.goto('/sign-in');
  await page.getByTestId('email').fill(email);
  await page.getByTestId('password').fill(password);
  await page.getByTestId('submit').click();
  await expect(page).toHaveURL(/\/workflows$/, { timeout: 90_000 });
}

/** Creates a workflow from the list page and lands in its editor; returns its id. */
export async function createWorkflow(page: Page, name: string): Promise<string> {
  await page.goto('/workflows');
  await page.getByTestId('new-workflow').click();
  await page.getByTestId('new-workflow-name').fill(name);
  await page.getByTestId('create-workflow').click();
  await expect(page).toHaveURL(/\/workflows\/[^/]+$/, { timeout: 90_000 });
  await expect(page.getByTestId('editor')).toBeVisible({ timeout: 90_000 });
  return page.url().split('/').pop()!;
}

export function canvasNode(page: Page, name: string): Locator {
  return page.locator(`[data-testid="canvas-node"][data-node-name="${name}"]`);
}

/** The inspector narrows the canvas: close it so that points on the canvas are on the pane. */
export async function closeInspector(page: Page) {
  if (await page.getByTestId('inspector').isVisible()) await page.getByTestId('inspector-close').click();
}

/** Opens a node in the inspector by clicking it on the canvas. */
export async function openNode(page: Page, name: string) {
  await closeInspector(page);
  await canvasNode(page, name).click();
  await expect(page.getByTestId('inspector-name')).toHaveValue(name);
}

/** Drags a node type from the palette and drops it at (x, y) relative to the canvas. */
export async function dragNode(page: Page, type: string, x: number, y: number) {
  const pane = page.locator('.react-flow__pane');
  await closeInspector(page);
  await page.getByTestId(`palette-item-${type}`).dragTo(pane, { targetPosition: { x, y } });
}

/** Connects an output port of one node to an input port of another by dragging with the mouse. */
export async function connect(page: Page, from: string, fromPort: string, to: string, toPort = 'main') {
  await closeInspector(page);
  const source = page.locator(
    `.react-flow__node:has([data-node-name="${from}"]) .react-flow__handle.source[data-handleid="${fromPort}"]`,
  );
  const target = page.locator(
    `.react-flow__node:has([data-node-name="${to}"]) .react-flow__handle.target[data-handleid="${toPort}"]`,
  );
  const a = (await source.boundingBox())!;
  const b = (await target.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
  await page.mouse.up();
}

export async function edgeCount(page: Page): Promise<number> {
  return page.locator('.react-flow__edge').count();
}

export async function shot(page: Page, testInfo: TestInfo, name: string) {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: false });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}
