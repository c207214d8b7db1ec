/**
 * The agent through the real runtime: Postgres, Redis, BullMQ and an in-process step worker. The model is
 * the fake OpenAI-compatible server on loopback; the tool is server-everything's get-sum over stdio.
 * Token usage must land on the Execution row.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphNode, WorkflowGraph } from '../../server/engine/types';
import { uniquePrefix } from '../../server/testing';
import { startFakeLlm, sumScript, type FakeLlm } from '../../server/testing/fake-llm';
import { everythingStdio } from '../../server/mcp/testing';

process.env.WEFT_QUEUE_PREFIX = uniquePrefix('agent');

let fake: FakeLlm;
let runtime: typeof import('../../server/runtime');
let worker: { close(): Promise<void> };

beforeAll(async () => {
  fake = await startFakeLlm(sumScript(2, 3));
  const services = await import('../../server/runtime/services');
  const { aiServices } = await import('../../server/llm');
  // The wiring the runtime needs (idempotent if server/runtime/services.ts already does it).
  services.registerServices(({ execution }) => aiServices({ workflowId: execution.workflowId, ownerId: execution.ownerId }));
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

const node = (id: string, type: string, params: Record<string, unknown>): GraphNode => ({ id, name: id, type, typeVersion: 1, params, position: [0, 0] });

describe('agent on the runtime', () => {
  it('calls the real MCP tool, answers with its output and records tokens on the execution', async () => {
    const graph: WorkflowGraph = {
      nodes: [
        node('Start', 'manualTrigger', {}),
        node('Agent', 'agent', {
          provider: 'openai',
          model: 'gpt-test',
          baseUrl: fake.openAiBaseUrl,
          prompt: '={{ $json.question }}',
          mcpServers: [{ ...everythingStdio(), tools: ['get-sum'] }],
        }),
      ],
      connections: [{ from: { node: 'Start', port: 'main' }, to: { node: 'Agent', port: 'main' } }],
    };
    const { executionId } = await runtime.startExecution({ graph, mode: 'manual', triggerItems: [{ json: { question: 'What is 2 + 3?' } }] });
    const done = await runtime.waitForExecution(executionId, { timeoutMs: 30_000 });
    expect(done.error).toBeNull();
    expect(done.status).toBe('succeeded');
    expect(done.promptTokens).toBe(22);
    expect(done.completionTokens).toBe(14);
    const agentRun = done.nodeRuns.find((r) => r.nodeName === 'Agent');
    const json = agentRun?.outputItems?.main?.[0]?.json as { output: string; steps: { result: string }[] };
    expect(json.output).toBe('Tool result: The sum of 2 and 3 is 5.');
    expect(json.steps[0].result).toBe('The sum of 2 and 3 is 5.');
    expect(fake.requests[0].lastUserText).toBe('What is 2 + 3?');
  });
});
