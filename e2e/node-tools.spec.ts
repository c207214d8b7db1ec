/**
 * An agent's node tools in the editor: each tool shows its node's credential slot ("<tool>/<slot>") in the
 * agent's inspector, following the tool's own params; picking a credential stores it on the agent.
 */
import { expect, test, type Page } from '@playwright/test';
import { openNode, shot, signUp, uniqueEmail } from './helpers';

async function trpc(page: Page, path: string, input: unknown) {
  const res = await page.request.post(`/api/trpc/${path}`, { data: { json: input } });
  expect(res.status(), `${path}: ${await res.text()}`).toBe(200);
  return (await res.json()).result.data.json;
}

interface Graph {
  nodes: { name: string; credentials?: Record<string, { id: string; name?: string }> }[];
}

test("a node tool's credential is picked in the agent's inspector", async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await signUp(page, uniqueEmail('node-tools'));
  const cred = await trpc(page, 'credential.create', { name: 'Team Slack', type: 'slackApi', data: { accessToken: 'xoxb-not-real' } });
  const wf = await trpc(page, 'workflow.create', {
    name: 'Agent with a Slack tool',
    graph: {
      nodes: [
        { id: 'start', name: 'Start', type: 'manualTrigger', typeVersion: 1, params: {}, position: [0, 0] },
        {
          id: 'agent',
          name: 'Agent',
          type: 'agent',
          typeVersion: 1,
          position: [300, 0],
          params: {
            prompt: '={{ $json.q }}',
            nodeTools: [{ name: 'Notify', description: 'Posts to the team', nodeType: 'slack', params: { channelId: 'C1', text: "={{ $fromAI('text') }}" } }],
          },
        },
      ],
      connections: [{ from: { node: 'start', port: 'main' }, to: { node: 'agent', port: 'main' } }],
    },
  });
  await page.goto(`/workflows/${wf.id}`);
  await expect(page.getByTestId('editor')).toBeVisible({ timeout: 90_000 });
  await openNode(page, 'Agent');
  await expect(page.getByTestId('credential-Notify/slackApi')).toBeVisible();
  await page.getByTestId('credential-select-Notify/slackApi').click();
  await page.getByRole('option', { name: 'Team Slack', exact: true }).click();
  await shot(page, testInfo, 'tool-credential');
  const graph = await page.evaluate(() => (window as unknown as { __weftEditor: { graph: () => Graph } }).__weftEditor.graph());
  expect(graph.nodes.find((n) => n.name === 'Agent')?.credentials).toEqual({ 'Notify/slackApi': { id: cred.id, name: 'Team Slack' } });
});
