/**
 * n8n's Redis node: the corpus workflows that use it now map onto nodes/redis (every operation they use),
 * unchanged nodes export their exact parameters, edited nodes go through the reverse mapper and import back
 * to the same params, an imported lock-then-check pair (corpus 1897) runs against the real Redis, and a
 * session workflow in the pattern of corpus 1388 (set list, push, get) runs in the in-memory runner.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportN8n, importN8nWorkflow } from './index';
import { redisNode } from '../../nodes/redis';
import { jsonOf, runNode } from '../engine/testing/node-context';
import { runWorkflowInMemory } from '../engine/run-memory';
import { registry } from '../../nodes/registry';
import { testRedis, uniquePrefix } from '../testing';
import { N8N_CORPUS_DIR } from '../testing/corpus';
import { edited, node } from './test-corpus';

const corpusDir = N8N_CORPUS_DIR;
const CORPUS_FILES = ['0099_Webhook_Airtable_Automate_Webhook.json', '0894_Splitout_Redis_Create_Triggered.json', '1388_Splitout_Redis_Automation_Webhook.json', '1897_Webhook_Filter_Sync_Webhook.json', '1933_Redis_Code_Create_Webhook.json'];
const haveCorpus = CORPUS_FILES.every((f) => existsSync(path.join(corpusDir, f)));
const load = (f: string) => JSON.parse(readFileSync(path.join(corpusDir, f), 'utf8')) as { nodes: { name: string; type: string; parameters: Record<string, unknown> }[] };

function n8nRedis(parameters: Record<string, unknown>) {
  return {
    name: 'Redis test',
    nodes: [
      { id: 't', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
      { id: 'r', name: 'Redis', type: 'n8n-nodes-base.redis', typeVersion: 1, position: [200, 0], parameters, credentials: { redis: { id: 'c1', name: 'Redis account' } } },
    ],
    connections: { Start: { main: [[{ node: 'Redis', type: 'main', index: 0 }]] } },
  };
}

describe.skipIf(!haveCorpus)('n8n import: Redis in the corpus', () => {
  it('maps all 25 Redis nodes of the corpus, with the credential slot under n8n\'s name', () => {
    let count = 0;
    for (const f of CORPUS_FILES) {
      const { graph, report } = importN8nWorkflow(load(f));
      for (const n of load(f).nodes.filter((x) => x.type === 'n8n-nodes-base.redis')) {
        count++;
        expect(report.nodes.find((r) => r.name === n.name), `${f}: ${n.name}`).toMatchObject({ status: 'mapped', weftType: 'redis' });
        expect(node(graph, n.name).type).toBe('redis');
        expect(report.credentials.find((c) => c.node === n.name), `${f}: ${n.name}`).toMatchObject({ n8nType: 'redis', slot: 'redis' });
      }
    }
    expect(count).toBe(25);
  });

  it('maps each operation the corpus uses onto the node\'s params', () => {
    const rate = importN8nWorkflow(load('0099_Webhook_Airtable_Automate_Webhook.json')).graph;
    expect(node(rate, 'Redis').params).toEqual({ operation: 'incr', key: '={{$json["apiKey"]}}', expire: true, ttl: 3600 });
    expect(node(rate, 'Redis1').params).toEqual({ operation: 'incr', key: '={{$json["apiKey"]}}', expire: false, ttl: 60 });

    const sessions = importN8nWorkflow(load('1388_Splitout_Redis_Automation_Webhook.json')).graph;
    expect(node(sessions, 'Create Session').params).toEqual({
      operation: 'set', key: "=session_{{ $('UUID').item.json.data }}", value: '={{ [] }}', keyType: 'list', valueIsJSON: true, expire: true, ttl: '={{ 60 * 60 * 24 }}',
    });
    expect(node(sessions, 'Update Session').params).toEqual({ operation: 'push', list: "=session_{{ $('UUID').first().json.data }}", messageData: '={{ $json.toJsonString() }}', tail: true });
    expect(node(sessions, 'Get Session').params).toEqual({ operation: 'get', key: "=session_{{ $('UUID').first().json.data }}", propertyName: 'session', keyType: 'list', dotNotation: true });

    const memory = importN8nWorkflow(load('0894_Splitout_Redis_Create_Triggered.json')).graph;
    expect(node(memory, 'Get Memory').params).toEqual({ operation: 'get', key: 'mcp_n8n_tools', propertyName: 'data', keyType: 'automatic', dotNotation: true });
    expect(node(memory, 'Delete Key').params).toEqual({ operation: 'delete', key: 'mcp_n8n_tools' });

    const dispatch = importN8nWorkflow(load('1933_Redis_Code_Create_Webhook.json')).graph;
    expect(node(dispatch, 'Query Database')).toMatchObject({ alwaysOutputData: true, params: { operation: 'get', propertyName: '=Tickets', keyType: 'string' } });
  });

  it('exports unchanged Redis nodes with their exact original parameters', () => {
    for (const f of CORPUS_FILES) {
      const doc = load(f);
      const out = exportN8n(importN8nWorkflow(doc).graph).workflow;
      for (const n of doc.nodes.filter((x) => x.type === 'n8n-nodes-base.redis')) {
        const exported = out.nodes.find((x) => x.name === n.name)!;
        expect(exported, `${f}: ${n.name}`).toMatchObject({ type: 'n8n-nodes-base.redis', typeVersion: 1, credentials: { redis: expect.anything() } });
        expect(exported.parameters, `${f}: ${n.name}`).toEqual(n.parameters);
      }
    }
  });

  it('runs the imported lock and check nodes of corpus 1897 against the real Redis', async () => {
    const graph = importN8nWorkflow(load('1897_Webhook_Filter_Sync_Webhook.json')).graph;
    const lock = node(graph, 'Lock Notion ID');
    const check = node(graph, 'Check if Notion ID is locked');
    const id = uniquePrefix('redis1897');
    const redis = testRedis();
    const credentials = { redis: { host: '127.0.0.1', port: 6379, database: 0 } };
    try {
      const locked = await runNode(redisNode, { params: lock.params, items: [{ id }], credentials, node: { name: lock.name } });
      expect(jsonOf(locked)).toEqual([{ id }]);
      const ttl = await redis.ttl(`lock_${id}`);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(15);
      const checked = await runNode(redisNode, { params: check.params, items: [{ body: { data: { id } } }, { body: { data: { id: `${id}-other` } } }], credentials, node: { name: check.name } });
      const [hit, miss] = jsonOf(checked) as { item: unknown }[];
      expect(typeof hit.item).toBe('string');
      expect(Number.isNaN(Date.parse(hit.item as string))).toBe(false); // $now.toISO() was stored
      expect(miss).toEqual({ item: null });
    } finally {
      await redis.del(`lock_${id}`);
      await redis.quit();
    }
  });
});

describe('n8n import: a Redis session workflow runs in Weft', () => {
  it('creates, pushes to and reads a session list (the pattern of corpus 1388) against the real Redis', async () => {
    const session = uniquePrefix('redis1388');
    const redisNode = (name: string, x: number, parameters: Record<string, unknown>) => ({
      id: name, name, type: 'n8n-nodes-base.redis', typeVersion: 1, position: [x, 0], parameters, credentials: { redis: { id: 'u', name: 'Upstash' } },
    });
    const doc = {
      name: 'Sessions',
      nodes: [
        { id: 'start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
        { id: 'msgs', name: 'Messages', type: 'n8n-nodes-base.code', typeVersion: 2, position: [200, 0], parameters: { jsCode: "return [{ json: { role: 'user', text: 'hi' } }, { json: { role: 'bot', text: 'hello' } }];" } },
        redisNode('Create Session', 400, { key: `=${session}`, ttl: '={{ 60 * 60 * 24 }}', value: '={{ [] }}', expire: true, keyType: 'list', operation: 'set' }),
        redisNode('Update Session', 600, { list: `=${session}`, tail: true, operation: 'push', messageData: '={{ $json.toJsonString() }}' }),
        redisNode('Get Session', 800, { key: `=${session}`, keyType: 'list', options: {}, operation: 'get', propertyName: 'session' }),
      ],
      connections: {
        Start: { main: [[{ node: 'Messages', type: 'main', index: 0 }]] },
        Messages: { main: [[{ node: 'Create Session', type: 'main', index: 0 }]] },
        'Create Session': { main: [[{ node: 'Update Session', type: 'main', index: 0 }]] },
        'Update Session': { main: [[{ node: 'Get Session', type: 'main', index: 0 }]] },
      },
    };
    const { graph, report } = importN8nWorkflow(doc);
    expect(report.counts.unsupported).toBe(0);
    const redis = testRedis();
    try {
      // n8n's credential ids mean nothing in Weft: the person picks a Weft credential for the slot.
      const withCredential = { ...graph, nodes: graph.nodes.map((n) => (n.type === 'redis' ? { ...n, credentials: { redis: { id: 'local-redis', name: 'Local Redis' } } } : n)) };
      const result = await runWorkflowInMemory(withCredential, registry, { credentials: { 'local-redis': { host: '127.0.0.1', port: '6379', database: '0' } } });
      expect(result.error).toBeUndefined();
      expect(result.status).toBe('succeeded');
      const stored = ['{"role":"user","text":"hi"}', '{"role":"bot","text":"hello"}'];
      expect(await redis.lrange(session, 0, -1)).toEqual(stored);
      expect(result.lastOutput.map((i) => i.json)).toEqual([{ session: stored }, { session: stored }]);
    } finally {
      await redis.del(session);
      await redis.quit();
    }
  });
});

describe('n8n export: edited Redis nodes', () => {
  const cases: Record<string, unknown>[] = [
    { operation: 'get', key: '={{ $json.id }}', propertyName: 'data', keyType: 'hash', options: { dotNotation: false } },
    { operation: 'set', key: 'k', value: '={{ $json }}', keyType: 'hash', valueIsJSON: false, expire: true, ttl: 15 },
    { operation: 'delete', key: 'k' },
    { operation: 'incr', key: 'hits', expire: true, ttl: 3600 },
    { operation: 'keys', keyPattern: 'user:*', getValues: false },
    { operation: 'push', list: 'q', messageData: 'x', tail: true },
    { operation: 'pop', list: 'q', propertyName: 'job', options: {} },
    { operation: 'publish', channel: 'news', messageData: '={{ $json.text }}' },
    {},
  ];

  it.each(cases)('writes n8n\'s parameters back and imports them to the same params (%o)', (parameters) => {
    const { graph } = importN8nWorkflow(n8nRedis(parameters));
    // A change that keeps the meaning, so the export goes through the reverse mapper, not the kept original.
    const params = { ...node(graph, 'Redis').params, connectTimeoutMs: 10_000 };
    const changed = edited(graph, 'Redis', params);
    const { workflow, warnings } = exportN8n(changed);
    const exported = workflow.nodes.find((n) => n.name === 'Redis')!;
    expect(exported).toMatchObject({ type: 'n8n-nodes-base.redis', typeVersion: 1, credentials: { redis: { id: 'c1', name: 'Redis account' } } });
    expect(exported.parameters).toEqual(parameters);
    expect(warnings).toEqual([]);
    const back = importN8nWorkflow(workflow).graph;
    const { connectTimeoutMs: _, ...rest } = params;
    expect(node(back, 'Redis').params).toEqual(rest);
  });

  it('writes an edited value and warns about what n8n cannot express', () => {
    const { graph } = importN8nWorkflow(n8nRedis({ operation: 'set', key: 'a', value: 'old' }));
    const { workflow, warnings } = exportN8n(edited(graph, 'Redis', { value: 'new', connectTimeoutMs: 2000 }));
    expect(workflow.nodes.find((n) => n.name === 'Redis')!.parameters).toEqual({ operation: 'set', key: 'a', value: 'new' });
    expect(warnings.join('\n')).toContain('connect timeout has no n8n equivalent');
  });

  it('keeps an operation Weft does not know unsupported, naming it', () => {
    const { graph, report } = importN8nWorkflow(n8nRedis({ operation: 'zadd', key: 'k' }));
    expect(node(graph, 'Redis').type).toBe('unsupported');
    expect(report.nodes.find((n) => n.name === 'Redis')?.reason).toContain('Redis operation "zadd" is not supported');
  });
});

