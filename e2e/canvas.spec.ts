/** Canvas operations: delete, undo and redo, copy and paste (also into another tab), auto-layout, help. */
import { expect, test, type Page } from '@playwright/test';
import { canvasNode, closeInspector, createWorkflow, signUp, uniqueEmail } from './helpers';

type Graph = { nodes: { id: string; name: string; position: [number, number] }[]; connections: unknown[] };
const graph = (page: Page) => page.evaluate(() => (window as unknown as { __weftEditor: { graph: () => Graph } }).__weftEditor.graph());

test('delete, undo/redo, copy/paste between tabs, auto-layout', async ({ page, context }) => {
  test.setTimeout(240_000);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await signUp(page, uniqueEmail('canvas'));
  await createWorkflow(page, 'Canvas operations');
  // Three connected nodes by clicking the palette (each new node connects to the selected one).
  await page.getByTestId('palette-item-manualTrigger').click();
  await page.getByTestId('palette-item-transform').click();
  await page.getByTestId('palette-item-noOp').click();
  await expect(page.getByTestId('canvas-node')).toHaveCount(3);
  await expect(page.locator('.react-flow__edge')).toHaveCount(2);
  await closeInspector(page);

  // Delete the middle node: it and its two edges go. Undo brings them back; redo removes them again.
  await canvasNode(page, 'Edit Fields').click();
  await closeInspector(page);
  await page.keyboard.press('Delete');
  await expect(page.getByTestId('canvas-node')).toHaveCount(2);
  await expect(page.locator('.react-flow__edge')).toHaveCount(0);
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('canvas-node')).toHaveCount(3);
  await expect(page.locator('.react-flow__edge')).toHaveCount(2);
  await page.keyboard.press('Control+Shift+z');
  await expect(page.getByTestId('canvas-node')).toHaveCount(2);
  await page.getByTestId('undo').click();
  await expect(page.getByTestId('canvas-node')).toHaveCount(3);

  // Copy everything and paste: names become unique, connections come along.
  await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Control+c');
  await page.keyboard.press('Control+v');
  await expect(page.getByTestId('canvas-node')).toHaveCount(6);
  await expect(page.locator('.react-flow__edge')).toHaveCount(4);
  await expect(canvasNode(page, 'Edit Fields 1')).toBeVisible();
  await expect(canvasNode(page, 'Manual Trigger 1')).toBeVisible();
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('canvas-node')).toHaveCount(3);

  // Paste into another workflow in a second tab.
  const tab = await context.newPage();
  await createWorkflow(tab, 'Pasted into');
  await tab.locator('.react-flow__pane').click({ position: { x: 200, y: 200 } });
  await tab.keyboard.press('Control+v');
  await expect(tab.getByTestId('canvas-node')).toHaveCount(3);
  await expect(tab.locator('.react-flow__edge')).toHaveCount(2);
  await tab.close();

  // Auto-layout: nodes line up left to right by connection; undo puts them back.
  await page.bringToFront();
  const n = (await graph(page)).nodes;
  // Scatter the nodes first so the layout has something to do.
  const box = (await canvasNode(page, 'Edit Fields').boundingBox())!;
  await page.mouse.move(box.x + 40, box.y + 20);
  await page.mouse.down();
  await page.mouse.move(box.x + 20, box.y + 120, { steps: 8 });
  await page.mouse.move(box.x - 10, box.y + 220, { steps: 8 });
  await page.mouse.up();
  const scattered = await graph(page);
  expect(scattered.nodes.find((x) => x.name === 'Edit Fields')!.position).not.toEqual(n.find((x) => x.name === 'Edit Fields')!.position);
  await page.getByTestId('auto-layout').click();
  const laid = await graph(page);
  const pos = (name: string) => laid.nodes.find((x) => x.name === name)!.position;
  expect(pos('Manual Trigger')[0]).toBeLessThan(pos('Edit Fields')[0]);
  expect(pos('Edit Fields')[0]).toBeLessThan(pos('No Operation')[0]);
  expect(Math.abs(pos('Manual Trigger')[1] - pos('Edit Fields')[1])).toBeLessThan(5);
  await page.keyboard.press('Control+z');
  expect((await graph(page)).nodes.find((x) => x.name === 'Edit Fields')!.position).toEqual(
    scattered.nodes.find((x) => x.name === 'Edit Fields')!.position,
  );

  // The shortcuts dialog.
  await page.keyboard.press('?');
  await expect(page.getByTestId('shortcuts-dialog')).toBeVisible();
  await expect(page.getByTestId('shortcuts-dialog')).toContainText('Auto-layout');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('shortcuts-dialog')).toBeHidden();
});
