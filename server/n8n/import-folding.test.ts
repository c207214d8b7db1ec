/** Folding LangChain sub-nodes into the agent when a sub-node is shared with a root that cannot fold. */
import { describe, expect, it } from 'vitest';
import { exportN8nWorkflow, importN8nWorkflow } from './index';

const LC = '@n8n/n8n-nodes-langchain.';
const doc = {
  nodes: [
    { id: 't', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
    { id: 'a', name: 'Simple agent', type: LC + 'agent', typeVersion: 1.7, position: [200, 0], parameters: { text: '=hi' } },
    { id: 'b', name: 'Wiki agent', type: LC + 'agent', typeVersion: 1.7, position: [400, 0], parameters: { text: '=hi' } },
    { id: 'm', name: 'Model', type: LC + 'lmChatOpenAi', typeVersion: 1.2, position: [300, 200], parameters: { model: 'gpt-4o-mini' } },
    { id: 'w', name: 'Wikipedia', type: LC + 'toolSerpApi', typeVersion: 1, position: [500, 200], parameters: {} },
  ],
  connections: {
    Start: { main: [[{ node: 'Simple agent', type: 'main', index: 0 }]] },
    'Simple agent': { main: [[{ node: 'Wiki agent', type: 'main', index: 0 }]] },
    Model: { ai_languageModel: [[{ node: 'Simple agent', type: 'ai_languageModel', index: 0 }, { node: 'Wiki agent', type: 'ai_languageModel', index: 0 }]] },
    Wikipedia: { ai_tool: [[{ node: 'Wiki agent', type: 'ai_tool', index: 0 }]] },
  },
};

describe('import: shared LangChain sub-nodes', () => {
  it('keeps a model shared with an agent that cannot fold on the canvas, connected to both', () => {
    const { graph, report } = importN8nWorkflow(doc);
    const status = Object.fromEntries(report.nodes.map((n) => [n.name, n.status]));
    expect(status).toEqual({ Start: 'mapped', 'Simple agent': 'unsupported', 'Wiki agent': 'unsupported', Model: 'unsupported', Wikipedia: 'unsupported' });
    expect(report.nodes.find((n) => n.name === 'Simple agent')?.reason).toBe('Its sub-node "Model" also feeds a node Weft cannot run, so it stays on the canvas as an n8n node');
    expect(report.nodes.find((n) => n.name === 'Wiki agent')?.reason).toBe('It uses AI sub-nodes Weft cannot run: toolSerpApi');
    expect(report.nodes.find((n) => n.name === 'Model')?.reason).toBe('It is an AI sub-node of "Simple agent", "Wiki agent", which Weft cannot run as it is, so it stays on the canvas with them');
    expect(report.nodes.find((n) => n.name === 'Wikipedia')?.reason).toBe('Weft has no toolSerpApi node yet');
    const wiki = graph.nodes.find((n) => n.name === 'Wiki agent')!;
    const model = graph.nodes.find((n) => n.name === 'Model')!;
    expect(graph.connections).toContainEqual({ from: { node: model.id, port: 'ai_languageModel' }, to: { node: wiki.id, port: 'ai_languageModel' } });
  });

  it('exports the shared model with both of its connections', () => {
    const back = exportN8nWorkflow(importN8nWorkflow(doc).graph);
    expect(back.connections.Model).toEqual(doc.connections.Model);
    expect(back.connections.Wikipedia).toEqual(doc.connections.Wikipedia);
  });
});
