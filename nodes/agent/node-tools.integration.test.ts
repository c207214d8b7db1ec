/**
 * Node tools on the real runtime: the agent offers a Slack node as a tool whose params hold $fromAI(...);
 * the model (fake OpenAI-compatible server on loopback) calls it, the Slack node runs against a fake Slack on
 * loopback with the owner's credential (named on the agent as "<tool>/<slot>"), and its answer goes back to the
 * model. Another person's credential is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphNode, WorkflowGraph } from '../../server/engine/types';
import { createTestUser, testDb, uniquePrefix } from '../../server/testing';
import { startFakeLlm, type FakeLlm } from '../../server/testing/fake-llm';
import { startFakeApi, type FakeApi } from '../../server/testing/fake-api';
import { fromAiSchema } from './tools';

process.env.WEFT_QUEUE_PREFIX = uniquePrefix('nodetools');

let fake: FakeLlm;
let slack: FakeApi<Record<string, unknown>>;
let runtime: typeof import('../../server/runtime');
let worker: { close(): Promise<void> };

beforeAll(async () => {
  fake = await startFakeLlm((req, call) =>
    call % 2 === 0
      ? { toolCalls: [{ name: 'Notify_team', arguments: { text: `About: ${req.lastUserText}` } }] }
      : { text: `Done: ${req.toolResults.at(-1)?.text ?? ''}` },
  );
  slack = await startFakeApi<Record<string, unknown>>({
    'POST /api/chat.postMessage': (r) => ({ body: { ok: true, channel: 'C1', ts: '1700000000.000100', message: { text: r.body?.text } } }),
  });
  const { startStepWorker } = await import('../../server/runtime/worker');
  worker = await startStepWorker({ concurrency: 2, recoveryIntervalMs: 0, log: { debug() {}, info() {}, warn() {}, error() {} } });
  runtime = await import('../../server/runtime');
}, 60_000);

afterAll(async () => {
  await worker?.close();
  await fake?.close();
  await slack?.close();
  const { closeRuntimeConnections } = await import('../../server/runtime/shutdown');
  await closeRuntimeConnections();
});

const node = (id: string, type: string, params: Record<string, unknown>, extra: Partial<GraphNode> = {}): GraphNode => ({ id, name: id, type, typeVersion: 1, params, position: [0, 0], ...extra });

async function credentialOf(ownerId: string): Promise<string> {
  const { encryptCredential } = await import('../../server/crypto');
  const row = await testDb().credential.create({ data: { ownerId, name: 'slack', type: 'slackApi', data: encryptCredential({ accessToken: 'xoxb-secret' }) } });
  return row.id;
}

const graph = (credentialId: string): WorkflowGraph => ({
  nodes: [
    node('Start', 'manualTrigger', {}),
    node(
      'Agent',
      'agent',
      {
        provider: 'openai',
        model: 'gpt-test',
        baseUrl: fake.openAiBaseUrl,
        prompt: '={{ $json.question }}',
        nodeTools: [
          {
            name: 'Notify team',
            description: 'Posts a message to the team channel',
            nodeType: 'slack',
            params: { resource: 'message', operation: 'post', channelId: '={{ $json.channel }}', text: "={{ $fromAI('text', 'What to post', 'string') }}", baseUrl: `${slack.url}/api` },
          },
        ],
      },
      { credentials: { 'Notify team/slackApi': { id: credentialId, name: 'slack' } } },
    ),
  ],
  connections: [{ from: { node: 'Start', port: 'main' }, to: { node: 'Agent', port: 'main' } }],
});

describe('node tools', () => {
  it('the model fills $fromAI, the node runs on the agent\'s item with the owner\'s credential, its answer goes back', async () => {
    const { user } = await createTestUser();
    const graphWithCred = graph(await credentialOf(user.id));
    slack.reset();
    const { executionId } = await runtime.startExecution({ graph: graphWithCred, mode: 'manual', ownerId: user.id, triggerItems: [{ json: { question: 'the release', channel: '#eng' } }] });
    const done = await runtime.waitForExecution(executionId, { timeoutMs: 30_000 });
    expect(done.status).toBe('succeeded');
    const offered = fake.requests.at(-2)!.body.tools as { function: { name: string; parameters: unknown } }[];
    expect(offered.map((t) => t.function.name)).toEqual(['Notify_team']);
    expect(offered[0].function.parameters).toEqual({ type: 'object', properties: { text: { type: 'string', description: 'What to post' } }, required: ['text'] });
    expect(slack.requests).toHaveLength(1);
    expect(slack.requests[0].body).toMatchObject({ channel: '#eng', text: 'About: the release' });
    expect(slack.requests[0].headers.authorization).toBe('Bearer xoxb-secret');
    const out = done.nodeRuns.find((r) => r.nodeName === 'Agent')!.outputItems!.main[0].json as { output: string };
    expect(out.output).toContain('Done: ');
    expect(out.output).toContain('1700000000.000100');
  });

  it("another person's credential is refused: the model gets the error, nothing is posted", async () => {
    const { user: owner } = await createTestUser();
    const { user: other } = await createTestUser();
    slack.reset();
    const { executionId } = await runtime.startExecution({ graph: graph(await credentialOf(other.id)), mode: 'manual', ownerId: owner.id, triggerItems: [{ json: { question: 'x', channel: '#eng' } }] });
    const done = await runtime.waitForExecution(executionId, { timeoutMs: 30_000 });
    expect(slack.requests).toHaveLength(0);
    expect(fake.requests.at(-1)!.toolResults.at(-1)).toMatchObject({ isError: true });
    expect(fake.requests.at(-1)!.toolResults.at(-1)!.text).toMatch(/does not exist or is not yours/);
    expect(done.status).toBe('succeeded');
  });
});

describe('fromAiSchema', () => {
  it('one property per $fromAI key with its type and description; a default makes it optional', () => {
    expect(
      fromAiSchema({
        to: "={{ /*n8n-auto-generated-fromAI-override*/ $fromAI('To', ``, 'string') }}",
        n: { deep: ["={{ $fromAI(\"Limit\", 'How many', 'number', 10) }}"] },
        flag: "={{ $fromAI('Simplify', '', 'boolean') }}",
        same: "={{ $fromAI('To') }}",
        plain: 'no model here',
      }),
    ).toEqual({
      type: 'object',
      properties: { To: { type: 'string' }, Limit: { type: 'number', description: 'How many' }, Simplify: { type: 'boolean' } },
      required: ['To', 'Simplify'],
    });
  });
});
