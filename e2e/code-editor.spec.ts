/**
 * The inspector's code editor (CodeMirror) on a Code node: completions of n8n's variables and node names,
 * keys typed in it stay in it (Delete, undo do not touch the canvas), the theme follows the app, the code
 * typed runs. And the agent's credential picker: an Anthropic key switches the provider to anthropic.
 */
import { expect, test, type Page } from '@playwright/test';
import { canvasNode, connect, createWorkflow, dragNode, openNode, shot, signUp, uniqueEmail } from './helpers';

interface Graph {
  nodes: { name: string; params?: Record<string, unknown> }[];
  connections: unknown[];
}

async function editorGraph(page: Page): Promise<Graph> {
  return page.evaluate(() => (window as unknown as { __weftEditor: { graph: () => Graph } }).__weftEditor.graph());
}

async function paramOf(page: Page, node: string, key: string): Promise<unknown> {
  return (await editorGraph(page)).nodes.find((n) => n.name === node)?.params?.[key];
}

/** The colour of the first token of the editor with this text (highlighting differs by theme). */
async function tokenColor(page: Page, text: string): Promise<string> {
  return page
    .getByTestId('param-jsCode')
    .locator('.cm-line span', { hasText: new RegExp(`^${text}$`) })
    .first()
    .evaluate((el) => getComputedStyle(el).color);
}

const CODE = "return $input.all().map((item, i) => ({ json: { greeting: 'hello from ' + $('Manual Trigger').all().length, n: i + 1 } }));";

test('write a Code node in the code editor, with completions, and run it', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  await signUp(page, uniqueEmail('code-editor'));
  await createWorkflow(page, 'Code editor');
  await dragNode(page, 'manualTrigger', 160, 260);
  await dragNode(page, 'code', 460, 260);
  await expect(canvasNode(page, 'Code')).toBeVisible();
  await connect(page, 'Manual Trigger', 'main', 'Code');
  await expect(page.locator('.react-flow__edge')).toHaveCount(1);

  await openNode(page, 'Code');
  const field = page.getByTestId('param-jsCode');
  const content = field.locator('.cm-content');
  // A real editor: CodeMirror with line numbers and highlighting, holding the default code.
  await expect(content).toBeVisible({ timeout: 30_000 });
  await expect(field.locator('.cm-lineNumbers')).toBeVisible();
  await expect(content).toContainText('item.json.myNewField = 1;');
  await expect(field.locator('.cm-line').first()).toContainText('// Loop over input items');

  // Completions: the n8n variables, then node names inside $('…').
  await content.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('$exe');
  const popup = page.locator('.cm-tooltip-autocomplete');
  await expect(popup).toContainText('$execution');
  await page.keyboard.press('Escape');
  await expect(popup).toBeHidden();
  await expect(page.getByTestId('inspector')).toBeVisible(); // Escape closed the popup, not the inspector
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('$input.');
  await expect(popup).toContainText('first()');
  await page.keyboard.press('Escape');
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type("$('Man");
  await expect(popup).toContainText('Manual Trigger');
  await shot(page, testInfo, 'code-editor-completion');
  await popup.getByRole('option', { name: /Manual Trigger/ }).click();
  await expect(content).toHaveText("$('Manual Trigger')");

  // Delete in the editor deletes text, never the selected node.
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await expect(content).toHaveText('');
  await expect(page.getByTestId('canvas-node')).toHaveCount(2);

  // Brackets and quotes close themselves; typing through them leaves the code as typed.
  await page.keyboard.type(CODE);
  await expect.poll(() => paramOf(page, 'Code', 'jsCode')).toBe(CODE);

  // Undo belongs to the editor while typing in it: the canvas keeps its nodes and edge.
  await page.keyboard.press('ControlOrMeta+z');
  await expect.poll(() => paramOf(page, 'Code', 'jsCode')).not.toBe(CODE);
  await expect(page.getByTestId('redo')).toBeDisabled(); // the canvas's history was not touched
  const undone = await editorGraph(page);
  expect(undone.nodes).toHaveLength(2);
  expect(undone.connections).toHaveLength(1);
  // Shift+Z as a browser sends it ('Z'); Playwright's 'Shift+z' would send 'z', which CodeMirror reads as Mod-z.
  await page.keyboard.press('ControlOrMeta+Shift+Z');
  await expect.poll(() => paramOf(page, 'Code', 'jsCode')).toBe(CODE);

  // Light and dark follow the app's theme.
  const light = await tokenColor(page, 'return');
  await page.getByTestId('theme-toggle').click();
  await expect.poll(() => tokenColor(page, 'return')).not.toBe(light);
  await shot(page, testInfo, 'code-editor-dark');
  await page.getByTestId('theme-toggle').click();
  await expect.poll(() => tokenColor(page, 'return')).toBe(light);

  // Save from inside the editor (Ctrl+S still works there), run, and read the Code node's output.
  await content.click();
  await page.keyboard.press('ControlOrMeta+s');
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-dirty', 'false', { timeout: 20_000 });
  await page.getByTestId('run').click();
  await expect(canvasNode(page, 'Code')).toHaveAttribute('data-status', 'succeeded', { timeout: 60_000 });
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'succeeded', { timeout: 30_000 });
  await openNode(page, 'Code');
  await page.getByTestId('tab-output').click();
  const table = page.getByTestId('inspector-output-table');
  await expect(table.locator('td[data-field="greeting"]').first()).toHaveText('hello from 1');
  await expect(table.locator('td[data-field="n"]').first()).toHaveText('1');

  // After a reload the editor shows the saved code.
  await page.reload();
  await openNode(page, 'Code');
  await expect(page.getByTestId('param-jsCode').locator('.cm-content')).toHaveText(CODE, { timeout: 30_000 });
});

async function createCredential(page: Page, type: string, name: string) {
  await page.goto('/credentials');
  await page.getByTestId('new-credential').click();
  const dialog = page.getByTestId('credential-dialog');
  await page.getByTestId('credential-type').click();
  await page.getByRole('option', { name: type, exact: true }).click();
  await dialog.getByTestId('credential-name').fill(name);
  await dialog.getByTestId('credential-field-apiKey').fill('sk-test-not-a-real-key');
  await dialog.getByTestId('credential-save').click();
  await expect(dialog).toBeHidden();
}

test('picking an Anthropic or OpenAI key for the agent switches its provider', async ({ page }) => {
  test.setTimeout(120_000);
  await signUp(page, uniqueEmail('agent-provider'));
  await createCredential(page, 'anthropicApi', 'Claude key');
  await createCredential(page, 'openAiApi', 'OpenAI key');
  await createWorkflow(page, 'Agent provider');
  await dragNode(page, 'agent', 400, 260);
  await openNode(page, 'AI Agent');
  await expect(page.getByTestId('param-provider')).toContainText('openai');

  await page.getByTestId('credential-select-llmApi').click();
  await page.getByRole('option', { name: 'Claude key', exact: true }).click();
  await expect(page.getByTestId('param-provider')).toContainText('anthropic');
  expect(await paramOf(page, 'AI Agent', 'provider')).toBe('anthropic');

  await page.getByTestId('credential-select-llmApi').click();
  await page.getByRole('option', { name: 'OpenAI key', exact: true }).click();
  await expect(page.getByTestId('param-provider')).toContainText('openai');
  expect(await paramOf(page, 'AI Agent', 'provider')).toBe('openai');
});
