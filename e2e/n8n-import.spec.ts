/**
 * n8n import in the editor: drop a real n8n export (../shared/n8n-corpus) on the canvas, see the imported
 * graph (unsupported nodes marked) and the report; export it back to n8n JSON. Import from the list by paste.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { closeInspector, createWorkflow, signUp, uniqueEmail } from './helpers';
import { N8N_CORPUS_DIR } from '../server/testing/corpus';
import { importN8nWorkflow } from '../server/n8n';

const FILE = path.join(N8N_CORPUS_DIR, '0001_Telegram_Schedule_Automation_Scheduled.json');
type Graph = { nodes: { name: string; type: string; params: Record<string, unknown> }[]; connections: unknown[]; notes?: unknown[]; meta?: { n8n?: { name?: string } } };
const graph = (page: Page) => page.evaluate(() => (window as unknown as { __weftEditor: { graph: () => Graph } }).__weftEditor.graph());

/** Drops a file on the canvas the way a browser does: dragenter, dragover, drop with a DataTransfer holding it. */
async function dropFile(page: Page, name: string, text: string) {
  const pane = page.locator('.react-flow__pane');
  const box = (await pane.boundingBox())!;
  const dataTransfer = await page.evaluateHandle(
    ({ name, text }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], name, { type: 'application/json' }));
      return dt;
    },
    { name, text },
  );
  const at = { clientX: box.x + box.width / 2, clientY: box.y + box.height / 3 };
  for (const type of ['dragenter', 'dragover', 'drop']) await pane.dispatchEvent(type, { dataTransfer, ...at });
}

test.skip(!existsSync(FILE), `n8n corpus file missing: ${FILE}`);

test('drop an n8n workflow file on the canvas: imported graph, unsupported nodes marked, report, export back', async ({ page, context }) => {
  test.setTimeout(240_000);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await signUp(page, uniqueEmail('n8n'));
  await createWorkflow(page, 'From n8n');
  await closeInspector(page);

  const text = readFileSync(FILE, 'utf8');
  await dropFile(page, path.basename(FILE), text);

  // The report agrees with the importer (its figures change as Weft learns more n8n nodes): every node
  // listed, the unsupported ones and the models folded into their agents marked, a credential to create.
  const expected = importN8nWorkflow(JSON.parse(text)).report;
  const unsupported = expected.nodes.filter((n) => n.status === 'unsupported');
  expect(unsupported.length).toBeGreaterThan(0);
  expect(expected.counts.folded).toBeGreaterThan(0);
  const report = page.getByTestId('n8n-report');
  await expect(report).toBeVisible({ timeout: 30_000 });
  await expect(report.getByTestId('n8n-report-node')).toHaveCount(expected.counts.nodes - expected.counts.notes);
  await expect(report.locator('[data-testid="n8n-report-node"][data-status="unsupported"]')).toHaveCount(unsupported.length);
  await expect(report.locator('[data-testid="n8n-report-node"][data-status="folded"]')).toHaveCount(expected.counts.folded);
  // An unsupported node says why (whichever node that is as Weft learns more n8n nodes).
  const first = unsupported[0]!;
  await expect(report.locator(`[data-node-name="${first.name}"]`)).toContainText(first.reason!);
  await expect(report.getByTestId('n8n-report-credentials')).toContainText('googlePalmApi');
  await page.screenshot({ path: test.info().outputPath('n8n-report.png') });
  await page.keyboard.press('Escape');
  await expect(report).toBeHidden();

  // The graph on the canvas: mapped and unsupported nodes (the models folded into their agents), n8n's names and connections.
  await expect(page.getByTestId('canvas-node')).toHaveCount(expected.counts.mapped + unsupported.length);
  await expect(page.getByTestId('unsupported-badge')).toHaveCount(unsupported.length);
  await expect(page.locator(`[data-testid="canvas-node"][data-node-name="${first.name}"] [data-testid="unsupported-badge"]`)).toContainText(first.n8nType.split('.').pop()!);
  const g = await graph(page);
  expect(g.nodes.find((n) => n.name === 'Merge Themes and Content')?.type).toBe('merge');
  for (const n of unsupported) expect(g.nodes.find((x) => x.name === n.name)?.params.originalType).toBe(n.n8nType);
  expect(g.connections.length).toBeGreaterThan(10);
  expect(g.notes?.length).toBe(7);
  // Imported into an empty workflow: the n8n workflow's metadata comes along (for export).
  expect(g.meta?.n8n?.name).toBe(JSON.parse(text).name);
  await page.getByTestId('zoom-fit').click();
  await page.screenshot({ path: test.info().outputPath('n8n-canvas.png') });

  // Save, then export to n8n JSON (copy): unsupported and unchanged nodes come back with their n8n type and parameters.
  await page.getByTestId('save').click();
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-dirty', 'false', { timeout: 30_000 });
  await page.getByTestId('n8n-export').click();
  await page.getByTestId('n8n-export-copy').click();
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText()), { timeout: 15_000 }).toContain('n8n-nodes-base.gmail');
  const exported = JSON.parse(await page.evaluate(() => navigator.clipboard.readText())) as { nodes: { name: string; type: string; parameters: unknown }[] };
  const original = JSON.parse(text) as { nodes: { name: string; type: string; parameters: unknown }[] };
  for (const name of [first.name, 'Gmail Report', 'Aggregate #damus Content', 'gemini-2.0-flash-lite-preview']) {
    const a = original.nodes.find((n) => n.name === name)!;
    const b = exported.nodes.find((n) => n.name === name)!;
    expect({ type: b.type, parameters: b.parameters }).toEqual({ type: a.type, parameters: a.parameters });
  }
});

test('import from the workflow list by pasting n8n JSON: report, then the new workflow opens', async ({ page }) => {
  test.setTimeout(180_000);
  await signUp(page, uniqueEmail('n8n-list'));
  const doc = {
    name: 'Pasted from n8n',
    nodes: [
      { id: '1', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
      // A node type Weft does not run (a shell on another machine): it imports as unsupported.
      { id: '2', name: 'SSH', type: 'n8n-nodes-base.ssh', typeVersion: 1, position: [220, 0], parameters: { command: 'ls' } },
    ],
    connections: { Start: { main: [[{ node: 'SSH', type: 'main', index: 0 }]] } },
  };
  await page.getByTestId('n8n-import').click();
  await page.getByTestId('n8n-import-text').fill(JSON.stringify(doc));
  await page.getByTestId('n8n-import-submit').click();
  const report = page.getByTestId('n8n-report');
  await expect(report).toBeVisible({ timeout: 30_000 });
  await expect(report.locator('[data-testid="n8n-report-node"][data-status="unsupported"]')).toHaveCount(1);
  await page.getByTestId('n8n-open-imported').click();
  await expect(page.getByTestId('editor')).toBeVisible({ timeout: 90_000 });
  await expect(page.getByTestId('workflow-name')).toHaveValue('Pasted from n8n');
  await expect(page.getByTestId('canvas-node')).toHaveCount(2);
  await expect(page.locator('[data-testid="canvas-node"][data-node-name="SSH"] [data-testid="unsupported-badge"]')).toBeVisible();
});
