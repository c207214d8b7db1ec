/**
 * Retrieval-augmented generation through the real runtime (Postgres, Redis, BullMQ, an in-process step
 * worker): a Vector Store node inserts documents into the Simple store (Postgres), then an agent whose model is
 * the fake OpenAI-compatible server calls its vector store tool and answers with the chunk it got back. Both
 * embeddings and chat go to the fake on 127.0.0.1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphNode, WorkflowGraph } from '../../server/engine/types';
import { uniquePrefix } from '../../server/testing';
import { startFakeLlm, type FakeLlm } from '../../server/testing/fake-llm';

process.env.WEFT_QUEUE_PREFIX = uniquePrefix('rag');

let fake: FakeLlm;
let runtime: typeof import('../../server/runtime');
let worker: { close(): Promise<void> };

beforeAll(async () => {
  // The model searches the knowledge base with the user's question, then answers with what came back.
  fake = await startFakeLlm((req) => {
    const last = req.toolResults.at(-1);
    if (!last) return { toolCalls: [{ name: req.toolNames[0], arguments: { query: req.lastUserText } }] };
    return { text: `From the knowledge base: ${last.text}` };
  });
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

describe('RAG on the runtime', () => {
  it('inserts documents, then the agent retrieves the right chunk through its vector store tool', async () => {
    const memoryKey = `kb-${uniquePrefix('k')}`;
    const store = { backend: 'memory', memoryKey, embeddingModel: 'text-embedding-3-small', embeddingBaseUrl: fake.openAiBaseUrl };
    const graph: WorkflowGraph = {
      nodes: [
        node('Start', 'manualTrigger', {}),
        node('Insert', 'vectorStore', { ...store, mode: 'insert', jsonMode: 'expressionData', jsonData: '={{ $json.text }}', metadata: { topic: '={{ $json.topic }}' } }),
        node('One', 'limit', { maxItems: 1 }),
        node(
          'Agent',
          'agent',
          {
            provider: 'openai',
            model: 'gpt-test',
            baseUrl: fake.openAiBaseUrl,
            prompt: 'Which day are the plants in the office watered?',
            tools: [{ kind: 'vectorStore', name: 'office_handbook', description: 'Facts about the office', ...store, topK: 1 }],
          },
        ),
      ],
      connections: [
        { from: { node: 'Start', port: 'main' }, to: { node: 'Insert', port: 'main' } },
        { from: { node: 'Insert', port: 'main' }, to: { node: 'One', port: 'main' } },
        { from: { node: 'One', port: 'main' }, to: { node: 'Agent', port: 'main' } },
      ],
    };
    const triggerItems = [
      { json: { topic: 'parking', text: 'Visitors park in the underground garage, level minus two.' } },
      { json: { topic: 'plants', text: 'The office plants are watered every Thursday by Priya.' } },
      { json: { topic: 'coffee', text: 'The coffee machine is descaled on the first day of each month.' } },
    ];
    const { executionId } = await runtime.startExecution({ graph, mode: 'manual', triggerItems });
    const done = await runtime.waitForExecution(executionId, { timeoutMs: 30_000 });
    expect(done.error).toBeNull();
    expect(done.status).toBe('succeeded');
    const inserted = done.nodeRuns.find((r) => r.nodeName === 'Insert')?.outputItems?.main ?? [];
    expect(inserted).toHaveLength(3);
    const agent = done.nodeRuns.find((r) => r.nodeName === 'Agent')?.outputItems?.main ?? [];
    expect(agent).toHaveLength(1);
    const json = agent[0].json as { output: string; steps: { tool: string; result: string; isError: boolean }[] };
    expect(JSON.parse(json.steps[0].result)).toEqual([{ pageContent: 'The office plants are watered every Thursday by Priya.', metadata: { topic: 'plants' } }]);
    expect(json.steps[0].isError).toBe(false);
    expect(json.output).toContain('watered every Thursday by Priya');
    expect(fake.requests[0].toolNames).toEqual(['office_handbook']);
    // Three chunks embedded on insert, then the model's query.
    expect(fake.embeddingRequests.map((r) => r.input)).toEqual([triggerItems.map((i) => i.json.text), ['Which day are the plants in the office watered?']]);
  });
});
