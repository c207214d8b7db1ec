/**
 * Chatting with a workflow through the real runtime: the editor's chat mutation (execution.chat) starts a
 * Chat Trigger -> AI Agent workflow per message; the agent's memory (Postgres) carries the conversation to
 * the next message's execution, so the fake OpenAI-compatible server on 127.0.0.1 sees the earlier
 * exchange. Another session, another workflow and another person each start a fresh conversation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniquePrefix } from '../../server/testing';
import { startFakeLlm, type FakeLlm } from '../../server/testing/fake-llm';
import { userAndCaller } from '../../server/api/test-helpers';

process.env.WEFT_QUEUE_PREFIX = uniquePrefix('chat');

let fake: FakeLlm;
let runtime: typeof import('../../server/runtime');
let worker: { close(): Promise<void> };

beforeAll(async () => {
  fake = await startFakeLlm((req) => ({ text: `reply to ${req.lastUserText}` }));
  const { startStepWorker } = await import('../../server/runtime/worker');
  worker = await startStepWorker({ concurrency: 2, recoveryIntervalMs: 0, log: { debug() {}, info() {}, warn() {}, error() {} } });
  runtime = await import('../../server/runtime');
}, 60_000);

afterAll(async () => {
  await worker?.close();
  await fake?.close();
  const { closeRuntimeConnections } = await import('../../server/runtime/shutdown');
  await closeRuntimeConnections();
});

const chatGraph = (baseUrl: string) => ({
  nodes: [
    { id: 'chat', name: 'When chat message received', type: 'chatTrigger', typeVersion: 1.1, params: {}, position: [0, 0] as [number, number] },
    {
      id: 'agent',
      name: 'AI Agent',
      type: 'agent',
      typeVersion: 1,
      params: { model: 'm', baseUrl, prompt: '={{ $json.chatInput }}', memory: { sessionKey: '={{ $json.sessionId }}', windowSize: 5 } },
      position: [200, 0] as [number, number],
    },
  ],
  connections: [{ from: { node: 'chat', port: 'main' }, to: { node: 'agent', port: 'main' } }],
});

/** Sends a message and returns what the fake model received and the agent's answer. */
async function send(api: Awaited<ReturnType<typeof userAndCaller>>['api'], workflowId: string, sessionId: string, message: string) {
  const { executionId } = await api.execution.chat({ workflowId, sessionId, message });
  const done = await runtime.waitForExecution(executionId, { timeoutMs: 30_000 });
  expect(done.error).toBeNull();
  expect(done.mode).toBe('chat');
  const request = fake.requests.find((r) => r.lastUserText === message)!;
  const sent = (request.body.messages as { role: string; content: string }[]).filter((m) => m.role !== 'system').map((m) => `${m.role}:${m.content}`);
  const trigger = done.nodeRuns.find((r) => r.nodeName === 'When chat message received')?.outputItems?.main?.[0]?.json;
  const answer = done.nodeRuns.find((r) => r.nodeName === 'AI Agent')?.outputItems?.main?.[0]?.json?.output;
  return { sent, trigger, answer };
}

describe('chat with a workflow', () => {
  it('each message is an execution; the agent remembers the session, not other sessions, workflows or people', async () => {
    const { api } = await userAndCaller();
    const wf = await api.workflow.create({ name: 'Chat', graph: chatGraph(fake.openAiBaseUrl) });

    const first = await send(api, wf.id, 'session-1', 'My name is Ada');
    expect(first.trigger).toEqual({ sessionId: 'session-1', action: 'sendMessage', chatInput: 'My name is Ada' });
    expect(first.answer).toBe('reply to My name is Ada');
    expect(first.sent).toEqual(['user:My name is Ada']);

    const second = await send(api, wf.id, 'session-1', 'What is my name?');
    expect(second.sent).toEqual(['user:My name is Ada', 'assistant:reply to My name is Ada', 'user:What is my name?']);

    // A new session of the panel starts afresh.
    expect((await send(api, wf.id, 'session-2', 'Who am I?')).sent).toEqual(['user:Who am I?']);

    // The same session id in another workflow, or by another person in theirs, is another conversation.
    const other = await api.workflow.create({ name: 'Chat 2', graph: chatGraph(fake.openAiBaseUrl) });
    expect((await send(api, other.id, 'session-1', 'Hello from the other workflow')).sent).toEqual(['user:Hello from the other workflow']);
    const { api: bob } = await userAndCaller();
    const bobs = await bob.workflow.create({ name: 'Bob chat', graph: chatGraph(fake.openAiBaseUrl) });
    expect((await send(bob, bobs.id, 'session-1', 'Hello from Bob')).sent).toEqual(['user:Hello from Bob']);
  }, 90_000);

  it('refuses a workflow without a Chat Trigger', async () => {
    const { api } = await userAndCaller();
    const graph = chatGraph(fake.openAiBaseUrl);
    graph.nodes[0] = { ...graph.nodes[0], type: 'manualTrigger', params: {} };
    const wf = await api.workflow.create({ name: 'No chat', graph });
    await expect(api.execution.chat({ workflowId: wf.id, sessionId: 's', message: 'hi' })).rejects.toThrow('The workflow has no Chat Trigger: add one to chat with it');
  });
});
