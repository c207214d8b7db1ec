/**
 * n8n's "<node> Tool" sub-nodes (airtableTool, googleSheetsTool, slackTool, ...) fold into Weft's agent as node
 * tools when Weft maps the node; their credentials become agent slots "<tool>/<slot>"; export writes them back
 * as "<node> Tool" sub-nodes; a tool that would send and wait stays unsupported.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportN8n, importN8nWorkflow } from './index';
import { N8N_CORPUS_DIR } from '../testing/corpus';
import type { WorkflowGraph } from '../engine/types';

const corpus = (f: string) => JSON.parse(readFileSync(path.join(N8N_CORPUS_DIR, f), 'utf8'));

describe('n8n node tools', () => {
  it('folds an airtableTool into its agent with its $fromAI params and names its credential slot', () => {
    const { graph, report } = importN8nWorkflow(corpus('1404_Aggregate_Telegram_Automation_Triggered.json'));
    const agent = graph.nodes.find((n) => n.name === 'AI Agent')!;
    expect(agent.type).toBe('agent');
    const tools = agent.params.nodeTools as { name: string; nodeType: string; params: Record<string, unknown> }[];
    expect(tools.map((t) => [t.name, t.nodeType])).toEqual([['memory_tool', 'airtable']]);
    expect(JSON.stringify(tools[0].params)).toContain("$fromAI('add_Memory'");
    expect(report.nodes.find((n) => n.name === 'memory_tool')).toMatchObject({ status: 'folded', into: 'AI Agent' });
    expect(report.credentials).toContainEqual(expect.objectContaining({ node: 'AI Agent', n8nType: 'airtableTokenApi', slot: 'memory_tool/airtableTokenApi' }));
    // Unchanged, it exports its original sub-node.
    const out = exportN8n(graph).workflow;
    expect(out.nodes.find((n) => n.name === 'memory_tool')?.type).toBe('n8n-nodes-base.airtableTool');
  });

  it('exports an edited agent\'s node tools as "<node> Tool" sub-nodes with their credentials, and imports them back', () => {
    const graph: WorkflowGraph = {
      nodes: [
        { id: 't', name: 'Start', type: 'manualTrigger', typeVersion: 1, params: {}, position: [0, 0] },
        {
          id: 'a',
          name: 'Agent',
          type: 'agent',
          typeVersion: 1,
          position: [200, 0],
          params: {
            prompt: '={{ $json.q }}',
            nodeTools: [{ name: 'Notify', description: 'Posts to the team', nodeType: 'slack', params: { resource: 'message', operation: 'post', select: 'channel', channelId: 'C1', text: "={{ $fromAI('text', 'What to say', 'string') }}" } }],
          },
          credentials: { 'Notify/slackApi': { id: 'cred-1', name: 'Team Slack' } },
        },
      ],
      connections: [{ from: { node: 't', port: 'main' }, to: { node: 'a', port: 'main' } }],
    };
    const out = exportN8n(graph).workflow;
    const tool = out.nodes.find((n) => n.name === 'Notify')!;
    expect(tool.type).toBe('n8n-nodes-base.slackTool');
    expect(tool.parameters).toMatchObject({ text: "={{ $fromAI('text', 'What to say', 'string') }}", descriptionType: 'manual', toolDescription: 'Posts to the team' });
    expect(tool.credentials).toEqual({ slackApi: { id: 'cred-1', name: 'Team Slack' } });
    expect(out.connections.Notify).toEqual({ ai_tool: [[{ node: 'Agent', type: 'ai_tool', index: 0 }]] });

    const back = importN8nWorkflow(out);
    const agent = back.graph.nodes.find((n) => n.name === 'Agent')!;
    expect(agent.params.nodeTools).toEqual([
      expect.objectContaining({ name: 'Notify', description: 'Posts to the team', nodeType: 'slack', params: expect.objectContaining({ channelId: 'C1', text: "={{ $fromAI('text', 'What to say', 'string') }}" }) }),
    ]);
    expect(back.report.credentials).toContainEqual(expect.objectContaining({ slot: 'Notify/slackApi' }));
  });

  it('a tool that would send and wait for a reply does not fold (a tool call cannot wait)', () => {
    const wf = {
      nodes: [
        { id: '1', name: 'Agent', type: '@n8n/n8n-nodes-langchain.agent', typeVersion: 1.7, position: [0, 0], parameters: { promptType: 'define', text: 'hi' } },
        { id: '2', name: 'Model', type: '@n8n/n8n-nodes-langchain.lmChatOpenAi', typeVersion: 1, position: [0, 200], parameters: {} },
        { id: '3', name: 'Ask boss', type: 'n8n-nodes-base.slackTool', typeVersion: 2.3, position: [200, 200], parameters: { operation: 'sendAndWait', select: 'channel', channelId: 'C1', message: 'ok?' } },
      ],
      connections: { Model: { ai_languageModel: [[{ node: 'Agent', type: 'ai_languageModel', index: 0 }]] }, 'Ask boss': { ai_tool: [[{ node: 'Agent', type: 'ai_tool', index: 0 }]] } },
    };
    const { report } = importN8nWorkflow(wf);
    expect(report.nodes.find((n) => n.name === 'Agent')).toMatchObject({ status: 'unsupported' });
    expect(report.nodes.find((n) => n.name === 'Agent')!.reason).toContain('slackTool');
  });

  it('an MCP Server Trigger folds its tool sub-nodes: node tools (Google Calendar) and workflow tools', () => {
    const cal = importN8nWorkflow(corpus('1071_Googlecalendartool_Stickynote_Create_Triggered.json'));
    const server = cal.graph.nodes.find((n) => n.type === 'mcpTrigger')!;
    expect(server.params).toMatchObject({ path: 'my-calendar', authentication: 'none' });
    const tools = server.params.nodeTools as { name: string; nodeType: string; params: Record<string, unknown> }[];
    expect(tools.map((t) => [t.name, t.nodeType]).sort()).toEqual([
      ['CreateEvent', 'googleCalendar'],
      ['DeleteEvent', 'googleCalendar'],
      ['SearchEvent', 'googleCalendar'],
      ['UpdateEvent', 'googleCalendar'],
    ]);
    expect(JSON.stringify(tools.find((t) => t.name === 'CreateEvent')!.params)).toContain("$fromAI('Start'");
    expect(cal.report.nodes.filter((n) => n.n8nType === 'n8n-nodes-base.googleCalendarTool').every((n) => n.status === 'folded' && n.weftType === 'mcpTrigger')).toBe(true);

    const wf = importN8nWorkflow(corpus('0894_Splitout_Redis_Create_Triggered.json'));
    const mcp = wf.graph.nodes.find((n) => n.type === 'mcpTrigger')!;
    expect((mcp.params.tools as { kind: string; name: string }[]).map((t) => [t.kind, t.name])).toEqual([
      ['workflow', 'addWorkflow'],
      ['workflow', 'listTool'],
      ['workflow', 'removeWorkflow'],
      ['workflow', 'executeTool'],
      ['workflow', 'searchTool'],
    ]);
  });

  it('exports an MCP Server Trigger made in Weft with its tools as sub-nodes, and imports it back', () => {
    const graph: WorkflowGraph = {
      nodes: [
        {
          id: 'm',
          name: 'Tools server',
          type: 'mcpTrigger',
          typeVersion: 1,
          position: [0, 0],
          params: {
            path: 'team-tools',
            authentication: 'bearerAuth',
            nodeTools: [{ name: 'Notify', description: 'Posts to the team', nodeType: 'slack', params: { channelId: 'C1', text: "={{ $fromAI('text') }}" } }],
            tools: [{ kind: 'calculator' }],
          },
          credentials: { httpBearerAuth: { id: 'b1', name: 'token' }, 'Notify/slackApi': { id: 's1', name: 'Slack' } },
        },
      ],
      connections: [],
    };
    const out = exportN8n(graph).workflow;
    const trigger = out.nodes.find((n) => n.name === 'Tools server')!;
    expect(trigger).toMatchObject({ type: '@n8n/n8n-nodes-langchain.mcpTrigger', parameters: { path: 'team-tools', authentication: 'bearerAuth' }, credentials: { httpBearerAuth: { id: 'b1', name: 'token' } } });
    expect(out.nodes.find((n) => n.name === 'Notify')).toMatchObject({ type: 'n8n-nodes-base.slackTool', credentials: { slackApi: { id: 's1', name: 'Slack' } } });
    expect(out.nodes.some((n) => n.type === '@n8n/n8n-nodes-langchain.toolCalculator')).toBe(true);
    const back = importN8nWorkflow(out);
    const node = back.graph.nodes.find((n) => n.name === 'Tools server')!;
    expect(node.type).toBe('mcpTrigger');
    expect(node.params).toMatchObject({ path: 'team-tools', authentication: 'bearerAuth', tools: [{ kind: 'calculator' }], nodeTools: [expect.objectContaining({ name: 'Notify', nodeType: 'slack' })] });
  });
});
