/**
 * n8n's chat: the Chat Trigger imports as Weft's chatTrigger (not a Manual Trigger) and exports back;
 * Simple Memory, Postgres and Redis chat memories fold into the agent as its Postgres memory.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportN8nWorkflow, importN8nWorkflow } from './index';
import type { WorkflowDocument } from '../engine/types';
import { N8N_CORPUS_DIR } from '../testing/corpus';
import { chatTrigger } from '../../nodes/chatTrigger';
import { makeContext } from '../engine/testing/node-context';

const LC = '@n8n/n8n-nodes-langchain.';
const SCRAPER = path.join(N8N_CORPUS_DIR, '2009_Stickynote_Automate_Webhook.json');
const node = (g: WorkflowDocument, name: string) => g.nodes.find((n) => n.name === name)!;

const chatDoc = (trigger: Record<string, unknown>, memory: { type: string; typeVersion?: number; parameters: Record<string, unknown> }) => ({
  nodes: [
    { name: 'When chat message received', type: LC + 'chatTrigger', typeVersion: 1.1, position: [0, 0], webhookId: 'abc-123', parameters: trigger },
    { name: 'Agent', type: LC + 'agent', typeVersion: 1.7, position: [200, 0], parameters: { options: {} } },
    { name: 'Model', type: LC + 'lmChatOpenAi', typeVersion: 1.2, position: [200, 200], parameters: { model: 'gpt-4o' } },
    { name: 'Memory', position: [300, 200], typeVersion: 1.3, ...memory },
  ],
  connections: {
    'When chat message received': { main: [[{ node: 'Agent', type: 'main', index: 0 }]] },
    Model: { ai_languageModel: [[{ node: 'Agent', type: 'ai_languageModel', index: 0 }]] },
    Memory: { ai_memory: [[{ node: 'Agent', type: 'ai_memory', index: 0 }]] },
  },
});

describe('n8n Chat Trigger', () => {
  it.skipIf(!existsSync(SCRAPER))('a corpus chat workflow: Chat Trigger -> Agent with Window Buffer Memory keyed by the chat session', () => {
    const { graph, report } = importN8nWorkflow(JSON.parse(readFileSync(SCRAPER, 'utf8')));
    const trigger = node(graph, 'When chat message received');
    expect(trigger.type).toBe('chatTrigger');
    expect(trigger.params).toEqual({ public: false, mode: 'hostedChat', initialMessages: '', authentication: 'none', options: {} });
    expect(report.nodes.find((n) => n.name === 'When chat message received')).toMatchObject({ status: 'mapped', weftType: 'chatTrigger' });
    expect(node(graph, 'Jina.ai Web Scraping Agent').params.memory).toEqual({ windowSize: 5, sessionKey: '={{ $json.sessionId }}', store: 'workflow' });
    expect(report.warnings.some((w) => w.includes('Manual Trigger'))).toBe(false);
  });

  it('public hosted chat with a title and welcome text: kept, warned about, exported back and re-imported the same', () => {
    const params = { public: true, initialMessages: 'Hi there!\nHow can I help?', options: { title: 'Support', subtitle: 'We answer fast' } };
    const { graph, report } = importN8nWorkflow(chatDoc(params, { type: LC + 'memoryBufferWindow', parameters: { sessionIdType: 'customKey', sessionKey: 'fixed', contextWindowLength: 3 } }));
    const trigger = node(graph, 'When chat message received');
    expect(trigger.params).toEqual({ public: true, mode: 'hostedChat', initialMessages: 'Hi there!\nHow can I help?', authentication: 'none', options: { title: 'Support', subtitle: 'We answer fast' } });
    expect(report.warnings).toContain(
      "When chat message received: The public chat (hosted chat page) is served at /chat/<workflow id>/<node id> while the workflow is active, not at n8n's /webhook/<id>/chat",
    );
    expect(node(graph, 'Agent').params.memory).toEqual({ windowSize: 3, sessionKey: 'fixed', store: 'workflow' });

    // Edit the Weft node so that the export cannot just replay the original n8n JSON.
    trigger.params = { ...trigger.params, initialMessages: 'Hello again' };
    const out = exportN8nWorkflow(graph);
    const chat = out.nodes.find((n) => n.name === 'When chat message received')!;
    expect(chat.type).toBe(LC + 'chatTrigger');
    expect(chat.typeVersion).toBe(1.1);
    expect(chat.parameters).toEqual({ public: true, initialMessages: 'Hello again', options: { title: 'Support', subtitle: 'We answer fast' } });
    expect(typeof chat.webhookId).toBe('string');
    const memory = out.nodes.find((n) => n.type === LC + 'memoryBufferWindow')!;
    expect(memory.parameters).toMatchObject({ sessionIdType: 'customKey', sessionKey: 'fixed', contextWindowLength: 3 });
    expect(out.connections['When chat message received'].main?.[0]?.[0]?.node).toBe('Agent');

    const again = importN8nWorkflow(out).graph;
    expect(node(again, 'When chat message received')).toMatchObject({ type: 'chatTrigger', params: trigger.params });
    expect(node(again, 'Agent').params.memory).toEqual(node(graph, 'Agent').params.memory);
  });

  it('a plain chat trigger exports with n8n defaults left out', () => {
    const { graph } = importN8nWorkflow(chatDoc({ options: {} }, { type: LC + 'memoryBufferWindow', parameters: {} }));
    const out = exportN8nWorkflow(graph);
    expect(out.nodes.find((n) => n.type === LC + 'chatTrigger')!.parameters).toEqual({ options: {} });
  });

  it('Postgres and Redis chat memories fold in as Weft memory, with a warning that Weft keeps it in its own Postgres', () => {
    const pg = importN8nWorkflow(chatDoc({}, { type: LC + 'memoryPostgresChat', parameters: { tableName: 'aimessages', sessionIdType: 'customKey', sessionKey: '={{ $json.user }}', contextWindowLength: 30 } }));
    expect(pg.report.nodes.find((n) => n.name === 'Memory')).toMatchObject({ status: 'folded', into: 'Agent' });
    expect(node(pg.graph, 'Agent').params.memory).toEqual({ windowSize: 30, sessionKey: '={{ $json.user }}', store: 'workflow' });
    expect(pg.report.warnings.some((w) => w.includes('Memory "Memory": Weft keeps the conversation in its own Postgres') && w.includes('Postgres table "aimessages"'))).toBe(true);

    const redis = importN8nWorkflow(chatDoc({}, { type: LC + 'memoryRedisChat', typeVersion: 1.4, parameters: { sessionTTL: 3600 } }));
    expect(node(redis.graph, 'Agent').params.memory).toEqual({ windowSize: 5, sessionKey: '={{ $json.sessionId }}', store: 'workflow' });
    expect(redis.report.warnings.some((w) => w.includes('not in your Redis'))).toBe(true);
    // Unchanged, the agent exports with its original Redis memory; once edited, as n8n's Simple Memory (Weft has one memory).
    expect(exportN8nWorkflow(redis.graph).nodes.find((n) => n.name === 'Memory')?.type).toBe(LC + 'memoryRedisChat');
    const agent = node(redis.graph, 'Agent');
    agent.params = { ...agent.params, systemPrompt: 'Be brief.' };
    expect(exportN8nWorkflow(redis.graph).nodes.some((n) => n.type === LC + 'memoryBufferWindow')).toBe(true);
  });
});

describe('chatTrigger node', () => {
  const run = (items: unknown) =>
    chatTrigger.execute(makeContext({ def: chatTrigger, params: {}, items: [], node: { name: 'Chat' }, triggerData: items === undefined ? undefined : { items } } as never) as never);

  it("outputs n8n's shape { sessionId, action, chatInput } for each message", async () => {
    const out = await run([{ json: { sessionId: 's-1', chatInput: 'Hello', extra: 1 } }]);
    expect(out.main.map((i) => i.json)).toEqual([{ sessionId: 's-1', action: 'sendMessage', chatInput: 'Hello', extra: 1 }]);
  });

  it('fails with the node name when there is no message or no chatInput', async () => {
    await expect(run(undefined)).rejects.toThrow('Node "Chat": no chat message. Open the Chat panel and send a message to run this workflow');
    await expect(run([{ json: { sessionId: 's' } }])).rejects.toThrow('Node "Chat": trigger input item 0 has no "chatInput" text');
  });
});
