/** Export to n8n JSON: reverse mappers, port order, sticky notes, settings, and behaviour kept through export -> import. */
import { describe, expect, it } from 'vitest';
import { exportN8n, exportN8nWorkflow, importN8nWorkflow } from './index';
import { flowWorkflow, dataWorkflow, loopWorkflow, ioWorkflow, nativeWorkflows } from './fixtures/native';
import { runWorkflowInMemory } from '../engine/run-memory';
import { validateWorkflow } from '../engine/validate';
import { registry } from '../../nodes/registry';
import type { WorkflowDocument } from '../engine/types';

const byName = (wf: { nodes: { name: string }[] }, name: string) => wf.nodes.find((n) => n.name === name)! as ReturnType<typeof exportN8nWorkflow>['nodes'][number];
const targets = (wf: ReturnType<typeof exportN8nWorkflow>, from: string, type = 'main') => (wf.connections[from]?.[type] ?? []).map((t) => (t ?? []).map((x) => `${x.node}#${x.index}`));

describe('export: Weft-native workflows', () => {
  it('writes each Weft type as the n8n node and version n8n 2.x imports', () => {
    const types = Object.fromEntries(nativeWorkflows.flatMap((w) => exportN8nWorkflow(w).nodes.map((n) => [n.name, `${n.type}@${n.typeVersion}`])));
    expect(types).toMatchObject({
      Trigger: 'n8n-nodes-base.manualTrigger@1',
      Fields: 'n8n-nodes-base.set@3.4',
      IF: 'n8n-nodes-base.if@2.2',
      Merge: 'n8n-nodes-base.merge@3.1',
      Route: 'n8n-nodes-base.switch@3.2',
      Top: 'n8n-nodes-base.limit@1',
      Sorted: 'n8n-nodes-base.sort@1',
      Split: 'n8n-nodes-base.splitOut@1',
      Dedupe: 'n8n-nodes-base.removeDuplicates@2',
      Tags: 'n8n-nodes-base.aggregate@1',
      Keep: 'n8n-nodes-base.filter@2.2',
      Format: 'n8n-nodes-base.dateTime@2',
      Each: 'n8n-nodes-base.code@2',
      Loop: 'n8n-nodes-base.splitInBatches@3',
      Pause: 'n8n-nodes-base.wait@1.1',
      Sub: 'n8n-nodes-base.executeWorkflow@1.2',
      End: 'n8n-nodes-base.noOp@1',
      Hook: 'n8n-nodes-base.webhook@2',
      Call: 'n8n-nodes-base.httpRequest@4.2',
      Answer: 'n8n-nodes-base.respondToWebhook@1.1',
      Failed: 'n8n-nodes-base.stopAndError@1',
      'Every hour': 'n8n-nodes-base.scheduleTrigger@1.2',
      Ask: '@n8n/n8n-nodes-langchain.agent@1.7',
      'Tool call': '@n8n/n8n-nodes-langchain.mcpClient@1.1',
    });
  });

  it('numbers outputs and inputs in the n8n node\'s order (IF true/false, Switch fallback, Loop done/loop, Merge inputs, error output last)', () => {
    const flow = exportN8nWorkflow(flowWorkflow);
    expect(targets(flow, 'IF')).toEqual([['Big#0'], ['Small#0']]);
    expect(targets(flow, 'Small')).toEqual([['Merge#1']]);
    expect(targets(flow, 'Route')).toEqual([['Top#0'], ['Sorted#0']]);
    expect(byName(flow, 'Route').parameters).toMatchObject({ options: { fallbackOutput: 'extra' }, rules: { values: [{ renameOutput: true, outputKey: 'Big ones' }] } });
    const loop = exportN8nWorkflow(loopWorkflow);
    expect(targets(loop, 'Loop')).toEqual([['Count#0', 'Pair#1'], ['Mark#0']]);
    const io = exportN8nWorkflow(ioWorkflow);
    expect(targets(io, 'Call')).toEqual([['Answer#0'], ['Failed#0']]);
    expect(byName(io, 'Call')).toMatchObject({ onError: 'continueErrorOutput', retryOnFail: true, maxTries: 2, waitBetweenTries: 500, credentials: { httpHeaderAuth: { id: 'cred-1', name: 'My API key' } } });
  });

  it('writes sticky notes, settings (timeout in seconds) and the workflow name', () => {
    const flow = exportN8nWorkflow(flowWorkflow);
    expect(flow.name).toBe('Weft native: flow');
    expect(flow.settings).toMatchObject({ executionOrder: 'v1', timezone: 'Europe/Paris', executionTimeout: 120 });
    expect(byName(flow, 'Sticky Note')).toMatchObject({ type: 'n8n-nodes-base.stickyNote', parameters: { content: '## Flow\nIF, Merge, Switch', width: 300, height: 200 } });
  });

  it('exports the agent with its model, memory, output parser and tools as sub-nodes on ai_* connections', () => {
    const io = exportN8nWorkflow(ioWorkflow);
    const sub = (label: string) => io.nodes.find((n) => n.name === `Ask ${label}`)!;
    expect(sub('Model')).toMatchObject({ type: '@n8n/n8n-nodes-langchain.lmChatAnthropic', parameters: { model: { value: 'claude-sonnet-4-5' }, options: { temperature: 0.2 } }, credentials: { anthropicApi: { id: 'cred-2' } } });
    expect(sub('Memory').parameters).toEqual({ sessionIdType: 'customKey', sessionKey: '={{ $json.user }}', contextWindowLength: 8 });
    expect(sub('Output Parser').parameters).toMatchObject({ schemaType: 'manual' });
    expect(io.connections['Ask Model']).toEqual({ ai_languageModel: [[{ node: 'Ask', type: 'ai_languageModel', index: 0 }]] });
    expect(io.connections['Ask MCP 1'].ai_tool).toEqual([[{ node: 'Ask', type: 'ai_tool', index: 0 }]]);
    expect([sub('Tool double'), byName(io, 'weather'), sub('Tool lookup')].map((n) => n.type)).toEqual(['toolCode', 'toolHttpRequest', 'toolWorkflow'].map((t) => `@n8n/n8n-nodes-langchain.${t}`));
    expect(byName(io, 'Ask').parameters).toMatchObject({ promptType: 'define', text: '={{ $json.question }}', hasOutputParser: true, options: { systemMessage: 'You answer briefly.', maxIterations: 5 } });
  });

  it('folds the exported agent back into the same agent on import', () => {
    const back = importN8nWorkflow(exportN8nWorkflow(ioWorkflow)).graph;
    const agent = back.nodes.find((n) => n.name === 'Ask')!;
    const original = ioWorkflow.nodes.find((n) => n.name === 'Ask')!.params;
    expect(agent.type).toBe('agent');
    expect(agent.params).toMatchObject({ provider: 'anthropic', model: 'claude-sonnet-4-5', prompt: original.prompt, systemPrompt: original.systemPrompt, maxSteps: 5, temperature: 0.2, memory: { windowSize: 8, sessionKey: '={{ $json.user }}' } });
    expect((agent.params.tools as { kind: string; name: string }[]).map((t) => `${t.kind}:${t.name}`)).toEqual(['code:double', 'http:weather', 'workflow:lookup']);
    expect(agent.params.mcpServers).toMatchObject([{ transport: 'http', url: 'http://127.0.0.1:3001/mcp', tools: ['search'] }]);
  });

  for (const wf of [flowWorkflow, dataWorkflow, loopWorkflow]) {
    it(`${wf.name}: export -> import runs with the same results as the original`, async () => {
      const back = importN8nWorkflow(exportN8nWorkflow(wf));
      expect(back.report.counts.unsupported).toBe(0);
      expect(validateWorkflow(back.graph, registry)).toEqual([]);
      const before = await runWorkflowInMemory(wf, registry);
      const after = await runWorkflowInMemory(back.graph, registry);
      const outputs = (run: typeof before) => Object.fromEntries(run.runs.map((r) => [`${r.nodeName}#${r.runIndex}`, Object.fromEntries(Object.entries(r.outputs).map(([p, items]) => [p, items.map((i) => i.json)]))]));
      expect(after.status).toBe(before.status);
      expect(outputs(after)).toEqual(outputs(before));
    });
  }
});

describe('export: imported workflows', () => {
  const doc = {
    name: 'Imported',
    nodes: [
      { id: 'n1', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
      { id: 'n2', name: 'Old IF', type: 'n8n-nodes-base.if', typeVersion: 1, position: [200, 0], parameters: { conditions: { number: [{ value1: '={{ $json.n }}', operation: 'larger', value2: 1 }] } } },
      { id: 'n3', name: 'Sheet', type: 'n8n-nodes-base.googleSheets', typeVersion: 4.5, position: [400, 0], parameters: { operation: 'append', sheetName: { __rl: true, value: 'gid=0', mode: 'list' } }, credentials: { googleSheetsOAuth2Api: { id: '1', name: 'G' } } },
      { id: 'n4', name: 'Note', type: 'n8n-nodes-base.stickyNote', typeVersion: 1, position: [0, -200], parameters: { content: 'hello', width: 200, height: 100, color: 3 } },
    ],
    connections: { Start: { main: [[{ node: 'Old IF', type: 'main', index: 0 }]] }, 'Old IF': { main: [[], [{ node: 'Sheet', type: 'main', index: 0 }]] } },
    pinData: { Start: [{ json: { n: 2 } }] },
    settings: { executionOrder: 'v1', saveManualExecutions: true, timezone: 'Asia/Tokyo' },
  };

  it('writes unchanged nodes back exactly, unsupported ones verbatim, with notes, pinData and the original settings', () => {
    const out = exportN8nWorkflow(importN8nWorkflow(doc).graph);
    for (const n of doc.nodes.slice(0, 3)) expect(byName(out, n.name)).toMatchObject({ id: n.id, type: n.type, typeVersion: n.typeVersion, parameters: n.parameters, position: n.position });
    expect(byName(out, 'Sheet').credentials).toEqual(doc.nodes[2].credentials);
    expect(out.connections).toEqual(doc.connections);
    expect(out.pinData).toEqual(doc.pinData);
    expect(out.settings).toEqual(doc.settings);
    expect(out.nodes.find((n) => n.type === 'n8n-nodes-base.stickyNote')).toMatchObject({ id: 'n4', parameters: { content: 'hello', width: 200, height: 100, color: 3 } });
  });

  it('writes a node whose params changed after import through the reverse mapper (IF v1 becomes IF 2.2)', () => {
    const { graph } = importN8nWorkflow(doc);
    const iff = graph.nodes.find((n) => n.name === 'Old IF')!;
    iff.params = { ...iff.params, combinator: 'or' };
    const out = exportN8nWorkflow(graph);
    const written = byName(out, 'Old IF');
    expect(written).toMatchObject({ type: 'n8n-nodes-base.if', typeVersion: 2.2 });
    expect(written.parameters).toMatchObject({ conditions: { combinator: 'or', conditions: [{ leftValue: '={{ $json.n }}', operator: { type: 'number', operation: 'gt' }, rightValue: 1 }] } });
    expect(out.connections['Old IF']).toEqual(doc.connections['Old IF']);
  });

  it('reports what n8n cannot express instead of dropping it silently', () => {
    const wf: WorkflowDocument = {
      nodes: [{ id: 'a', name: 'Fields', type: 'transform', typeVersion: 1, position: [0, 0], params: { assignments: [], rename: [{ from: 'a', to: 'b' }] } }],
      connections: [],
    };
    const { warnings } = exportN8n(wf);
    expect(warnings.join('\n')).toMatch(/Fields: Renamed fields have no place in n8n/);
  });
});

describe('export: unchanged imported nodes after storage', () => {
  it('recognises params whose keys came back reordered (Postgres jsonb) as unchanged', () => {
    const doc = {
      nodes: [
        { id: 'a', name: 'Agent', type: '@n8n/n8n-nodes-langchain.chainLlm', typeVersion: 1.5, position: [0, 0], parameters: { text: '=hi', promptType: 'define' } },
        { id: 'm', name: 'Model', type: '@n8n/n8n-nodes-langchain.lmChatOpenAi', typeVersion: 1.2, position: [0, 200], parameters: { model: 'gpt-4o', options: {} } },
      ],
      connections: { Model: { ai_languageModel: [[{ node: 'Agent', type: 'ai_languageModel', index: 0 }]] } },
    };
    const { graph } = importN8nWorkflow(doc);
    const reorder = (v: unknown): unknown => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reorder(x)])) : v);
    graph.nodes = graph.nodes.map((n) => ({ ...n, params: reorder(n.params) as Record<string, unknown> }));
    const out = exportN8nWorkflow(graph);
    expect(out.nodes.map((n) => [n.name, n.type, n.parameters])).toEqual(doc.nodes.map((n) => [n.name, n.type, n.parameters]));
  });
});
