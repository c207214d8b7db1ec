/**
 * n8n's public hosted chat on the real stack (webhook handler on a loopback port, step worker, Postgres,
 * Redis): an active workflow Chat Trigger (public) -> AI Agent with memory, the model a fake
 * OpenAI-compatible server on 127.0.0.1. The page is served (escaped), messages POSTed as n8n's chat sends
 * them are answered with the agent's output, and the second message of a session carries the first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniquePrefix } from '../testing';
import { startFakeLlm, type FakeLlm } from '../testing/fake-llm';
import { activeWorkflow, createWorkflow, node, startWebhookStack, type WebhookStack } from './test-helpers';

process.env.WEFT_QUEUE_PREFIX = uniquePrefix('chatpage');

let stack: WebhookStack;
let fake: FakeLlm;
beforeAll(async () => {
  stack = await startWebhookStack();
  fake = await startFakeLlm((req) => ({ text: `reply to ${req.lastUserText}` }));
}, 60_000);
afterAll(async () => {
  await fake?.close();
  await stack?.close();
});

const graph = (chatParams: Record<string, unknown>) => ({
  nodes: [
    node('Chat', 'chatTrigger', { public: true, initialMessages: 'Hello <there>!\nAsk away.', options: { title: 'Help & <b>desk</b>' }, ...chatParams }, { typeVersion: 1.1 }),
    node('Agent', 'agent', { model: 'm', baseUrl: fake.openAiBaseUrl, prompt: '={{ $json.chatInput }}', memory: { sessionKey: '={{ $json.sessionId }}', windowSize: 5 } }),
  ],
  connections: [{ from: { node: 'Chat', port: 'main' }, to: { node: 'Agent', port: 'main' } }],
});

const post = (url: string, body: unknown) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('public hosted chat', () => {
  it('limits messages per minute for the whole chat: over the limit, 429 with Retry-After and no run', async () => {
    const id = await activeWorkflow(stack.ownerId, graph({ rateLimit: 2 }));
    const url = `${stack.base}/chat/${id}/Chat`;
    const before = fake.requests.length;
    expect((await post(url, { action: 'sendMessage', sessionId: 'a', chatInput: 'one' })).status).toBe(200);
    expect((await post(url, { action: 'sendMessage', sessionId: 'b', chatInput: 'two' })).status).toBe(200);
    const third = await post(url, { action: 'sendMessage', sessionId: 'c', chatInput: 'three' });
    expect(third.status).toBe(429);
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await third.json()).toEqual({ error: 'Too many messages; try again shortly' });
    expect(fake.requests.length - before).toBe(2);
    // The page itself is not limited.
    expect((await fetch(url)).status).toBe(200);
  }, 60_000);

  it('serves the page and answers messages with the last node output, remembering the session', async () => {
    const id = await activeWorkflow(stack.ownerId, graph({}));
    const url = `${stack.base}/chat/${id}/Chat`;
    const page = await fetch(url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<title>Help &amp; &lt;b&gt;desk&lt;/b&gt;</title>');
    // The welcome lines reach the script as JSON with "<" escaped, never as markup.
    expect(html).toContain('"welcome":["Hello \\u003cthere>!","Ask away."]');
    expect(html).not.toContain('Hello <there>');

    const first = await post(url, { action: 'sendMessage', sessionId: 'visitor-1', chatInput: 'I am Ada' });
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ output: 'reply to I am Ada' });
    const second = await post(url, { action: 'sendMessage', sessionId: 'visitor-1', chatInput: 'Who am I?' });
    expect(await second.json()).toMatchObject({ output: 'reply to Who am I?' });
    const sent = fake.requests.find((r) => r.lastUserText === 'Who am I?')!.body.messages as { role: string; content: string }[];
    expect(sent.filter((m) => m.role !== 'system').map((m) => m.content)).toEqual(['I am Ada', 'reply to I am Ada', 'Who am I?']);

    expect(await (await post(url, { action: 'loadPreviousSession', sessionId: 'visitor-1' })).json()).toEqual({ data: [] });
    const bad = await post(url, { action: 'sendMessage', sessionId: 'visitor-1', chatInput: '' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: 'chatInput must be a non-empty text of at most 100000 characters' });
  }, 60_000);

  it('is not served for a private chat trigger, an inactive workflow or the webhook mode page', async () => {
    const { activateWorkflow } = await import('../triggers/activation');
    const inactive = await createWorkflow(stack.ownerId, graph({}));
    expect((await fetch(`${stack.base}/chat/${inactive}/Chat`)).status).toBe(404);
    const embedded = await activeWorkflow(stack.ownerId, graph({ mode: 'webhook' }));
    expect((await fetch(`${stack.base}/chat/${embedded}/Chat`)).status).toBe(404);
    expect((await post(`${stack.base}/chat/${embedded}/Chat`, { sessionId: 's', chatInput: 'hi' })).status).toBe(200);
    // A private chat trigger alone does not start an active workflow.
    const privateChat = await createWorkflow(stack.ownerId, graph({ public: false }));
    await expect(activateWorkflow(privateChat)).rejects.toThrow(/no enabled Webhook, Form Trigger/);
    // A public chat n8n protected with a login is not published without it.
    const protectedChat = await createWorkflow(stack.ownerId, graph({ authentication: 'basicAuth' }));
    await expect(activateWorkflow(protectedChat)).rejects.toThrow('node "Chat", field "authentication": chat authentication "basicAuth" is not supported; set it to none to make the chat public');
  }, 60_000);
});
