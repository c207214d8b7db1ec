/**
 * Chatting with a workflow in the editor: Chat Trigger -> AI Agent with memory, the model a fake
 * OpenAI-compatible server this spec starts on 127.0.0.1. The person sends two messages in the Chat panel
 * and sees both replies; the second reply shows that the first exchange was sent to the model (memory).
 * "New session" starts a conversation the model has no memory of. The same workflow with a public Chat
 * Trigger, activated, serves n8n's hosted chat page, where a visitor has the same conversation.
 */
import { expect, test, type Page } from '@playwright/test';
import { canvasNode, shot, signUp, uniqueEmail } from './helpers';
import { startFakeLlm, type FakeLlm } from '../server/testing/fake-llm';

let fake: FakeLlm;

test.beforeAll(async () => {
  // Answers with what it was told earlier in the conversation, so the page shows whether memory was sent.
  fake = await startFakeLlm((req) => {
    const earlier = (req.body.messages as { role: string; content: string }[]).filter((m) => m.role === 'user').slice(0, -1).map((m) => m.content);
    return { text: `You said: ${req.lastUserText}. Earlier: ${earlier.length ? earlier.join(' | ') : 'nothing'}` };
  });
});
test.afterAll(() => fake.close());

async function trpc(page: Page, path: string, input: unknown) {
  const res = await page.request.post(`/api/trpc/${path}`, { data: { json: input } });
  expect(res.status(), `${path}: ${await res.text()}`).toBe(200);
  return (await res.json()).result.data.json;
}

const graph = (baseUrl: string, chatParams: Record<string, unknown> = {}) => ({
  nodes: [
    { id: 'chat', name: 'When chat message received', type: 'chatTrigger', typeVersion: 1.1, params: { initialMessages: 'Hi there! Ask me anything.', ...chatParams }, position: [0, 0] },
    {
      id: 'agent',
      name: 'AI Agent',
      type: 'agent',
      typeVersion: 1,
      params: { provider: 'openai', model: 'fake-model', baseUrl, prompt: '={{ $json.chatInput }}', memory: { sessionKey: '={{ $json.sessionId }}', windowSize: 5 } },
      position: [320, 0],
    },
  ],
  connections: [{ from: { node: 'chat', port: 'main' }, to: { node: 'agent', port: 'main' } }],
});

test('chat with a Chat Trigger -> AI Agent workflow: two messages, both replies, the second with memory', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  await signUp(page, uniqueEmail('chat'));
  const wf = await trpc(page, 'workflow.create', { name: 'Chat with me', graph: graph(fake.openAiBaseUrl) });
  await page.goto(`/workflows/${wf.id}`);
  await expect(page.getByTestId('editor')).toBeVisible({ timeout: 90_000 });

  await page.getByTestId('chat-open').click();
  const panel = page.getByTestId('chat-panel');
  await expect(panel.getByTestId('chat-welcome')).toHaveText('Hi there! Ask me anything.');
  const session = await panel.getByTestId('chat-session-id').textContent();

  const replies = panel.locator('[data-testid="chat-message"][data-role="bot"]');
  await panel.getByTestId('chat-input').fill('My name is Ada');
  await panel.getByTestId('chat-send').click();
  await expect(panel.locator('[data-testid="chat-message"][data-role="user"]').first()).toHaveText('My name is Ada');
  await expect(replies.nth(0)).toHaveText('You said: My name is Ada. Earlier: nothing', { timeout: 60_000 });
  // The run is the editor's current run: the agent on the canvas shows it succeeded.
  await expect(canvasNode(page, 'AI Agent')).toHaveAttribute('data-status', 'succeeded');

  await panel.getByTestId('chat-input').fill('What is my name?');
  await panel.getByTestId('chat-input').press('Enter');
  await expect(replies.nth(1)).toHaveText('You said: What is my name?. Earlier: My name is Ada', { timeout: 60_000 });
  await expect(panel.getByTestId('chat-session-id')).toHaveText(session!);
  await shot(page, testInfo, 'chat-two-messages');

  // The model received the first exchange (question and answer) before the second question.
  const second = fake.requests.find((r) => r.lastUserText === 'What is my name?')!;
  expect((second.body.messages as { role: string; content: string }[]).filter((m) => m.role !== 'system').map((m) => m.content)).toEqual([
    'My name is Ada',
    'You said: My name is Ada. Earlier: nothing',
    'What is my name?',
  ]);

  await panel.getByTestId('chat-new-session').click();
  await expect(panel.getByTestId('chat-session-id')).not.toHaveText(session!);
  await expect(panel.getByTestId('chat-message')).toHaveCount(0);
  await panel.getByTestId('chat-input').fill('Do you know me?');
  await panel.getByTestId('chat-send').click();
  await expect(replies.nth(0)).toHaveText('You said: Do you know me?. Earlier: nothing', { timeout: 60_000 });
});

test('the public hosted chat page of an active workflow answers a visitor and remembers the session', async ({ page, browser }, testInfo) => {
  test.setTimeout(180_000);
  await signUp(page, uniqueEmail('chatpage'));
  const wf = await trpc(page, 'workflow.create', { name: 'Public chat', graph: graph(fake.openAiBaseUrl, { public: true, options: { title: 'Ask Weft' } }) });
  await trpc(page, 'workflow.activate', { id: wf.id });

  // The editor's panel shows where the page is.
  await page.goto(`/workflows/${wf.id}`);
  await page.getByTestId('chat-open').click();
  await expect(page.getByTestId('chat-public-url')).toContainText(`/chat/${wf.id}/chat`);

  // A visitor who is not signed in.
  const visitor = await browser.newPage();
  try {
    await visitor.goto(`${new URL(page.url()).origin}/chat/${wf.id}/chat`);
    await expect(visitor.locator('h1')).toHaveText('Ask Weft');
    await expect(visitor.locator('[data-testid="chat-message"][data-role="bot"]').first()).toHaveText('Hi there! Ask me anything.');
    const replies = visitor.locator('[data-testid="chat-message"][data-role="bot"]');
    await visitor.getByTestId('chat-input').fill('I am a visitor');
    await visitor.getByTestId('chat-send').click();
    await expect(replies.nth(1)).toHaveText('You said: I am a visitor. Earlier: nothing', { timeout: 60_000 });
    await visitor.getByTestId('chat-input').fill('Remember me?');
    await visitor.getByTestId('chat-input').press('Enter');
    await expect(replies.nth(2)).toHaveText('You said: Remember me?. Earlier: I am a visitor', { timeout: 60_000 });
    await shot(visitor, testInfo, 'public-chat');
  } finally {
    await visitor.close();
  }
});
