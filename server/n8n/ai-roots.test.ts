/**
 * LangChain roots other than the AI Agent, on real corpus workflows: Text Classifier -> textClassifier (its
 * model folded, one output per category), Basic LLM Chain -> agent answering in `text`, Information
 * Extractor -> agent with an output schema. Edited nodes export back to the same n8n types and re-import
 * to the same params; an imported classifier runs against the fake LLM server.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exportN8nWorkflow, importN8nWorkflow } from './index';
import type { WorkflowDocument } from '../engine/types';
import { startFakeLlm, type FakeLlm } from '../testing/fake-llm';
import { runWithServices } from '../../nodes/agent/test-context';
import { textClassifierNode } from '../../nodes/textClassifier';
import { agentNode } from '../../nodes/agent';
import { N8N_CORPUS_DIR } from '../testing/corpus';

const corpusDir = N8N_CORPUS_DIR;
const file = (f: string) => path.join(corpusDir, f);
const load = (f: string) => JSON.parse(readFileSync(file(f), 'utf8')) as unknown;
const CV = '0646_Extractfromfile_Form_Export_Webhook.json';
const CALENDAR = '1333_Splitout_GoogleCalendar_Automate_Webhook.json';
const GEMINI_CHAIN = '0680_Splitout_HTTP_Send_Webhook.json';
const TOOLS = '1673_GoogleDrive_GoogleSheets_Automation_Triggered.json';
const SUBAGENTS = '1916_Telegram_Stickynote_Automation_Triggered.json';
const STATS = '1810_Limit_Splitout_Automate_Webhook.json';
const AUTOFIX = '1457_Manual_Stickynote_Process_Triggered.json';
const AUTOFIX_SHARED = '0756_Airtable_Create_Triggered.json';
const DEX = '0340_Telegram_Automation_Webhook.json';
const BOOKING = '0548_Code_Webhook_Create_Webhook.json';
const QUESTIONS = '1134_Googledocs_Code_Create_Webhook.json';
const haveCorpus = [CV, CALENDAR, GEMINI_CHAIN, TOOLS, SUBAGENTS, STATS, AUTOFIX, AUTOFIX_SHARED, DEX, BOOKING, QUESTIONS].every((f) => existsSync(file(f)));

const node = (g: WorkflowDocument, name: string) => g.nodes.find((n) => n.name === name)!;
const edges = (g: WorkflowDocument, from: string) => {
  const names = new Map(g.nodes.map((n) => [n.id, n.name]));
  const id = node(g, from).id;
  return g.connections.filter((c) => c.from.node === id).map((c) => `${c.from.port} -> ${names.get(c.to.node)}.${c.to.port}`);
};

let fake: FakeLlm | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe.skipIf(!haveCorpus)('n8n LangChain roots from the corpus', () => {
  it('Text Classifier: categories become outputs, fallback "other" the extra one, the model folds in', () => {
    const { graph, report } = importN8nWorkflow(load(CV));
    const classify = node(graph, 'Classify Document');
    expect(classify.type).toBe('textClassifier');
    expect(classify.params).toEqual({
      provider: 'openai',
      model: 'gpt-4o-mini',
      inputText: '={{ $json.text }}',
      categories: [{ category: 'CV or Resume', description: 'This document is a CV or Resume' }],
      fallback: 'other',
    });
    expect(edges(graph, 'Classify Document')).toEqual(['output0 -> Application Suitability Agent.main', 'other -> File Upload Retry.main']);
    expect(report.nodes.find((n) => n.name === 'OpenAI Chat Model2')).toMatchObject({ status: 'folded', weftType: 'textClassifier', into: 'Classify Document' });
    expect(report.credentials).toContainEqual({ node: 'Classify Document', n8nType: 'openAiApi', name: 'OpenAi account', slot: 'llmApi' });
    expect(graph.nodes.some((n) => n.type === 'unsupported' && String(n.params.originalType).endsWith('lmChatOpenAi'))).toBe(false);
  });

  it('Basic LLM Chain: an agent without tools, one call; `text` without a parser, `output` with one', () => {
    const chain = node(importN8nWorkflow(load(GEMINI_CHAIN)).graph, 'Basic LLM Chain');
    expect(chain.type).toBe('agent');
    expect(chain.params).toMatchObject({ provider: 'openai', baseUrl: 'https://generativelanguage.googleapis.com/v1beta/openai', maxSteps: 1, includeSteps: false, outputField: 'text', tools: [] });
    const withParser = node(importN8nWorkflow(load(CV)).graph, 'Application Suitability Agent');
    expect(withParser.params.outputField).toBeUndefined();
    expect(withParser.params.outputExample ?? withParser.params.outputSchema).toBeDefined();
  });

  it('Information Extractor: an agent whose answer follows the manual schema; chains of version 1.4 keep their prompt', () => {
    const { graph, report } = importN8nWorkflow(load(CALENDAR));
    const extractor = node(graph, 'Extract Attendee Information');
    expect(extractor.type).toBe('agent');
    expect(extractor.params).toMatchObject({ maxSteps: 2, includeSteps: false, tools: [] });
    expect(JSON.parse(extractor.params.outputSchema as string)).toMatchObject({ type: 'object', properties: { attendees: { type: 'array' } } });
    expect(String(extractor.params.systemPrompt)).toMatch(/^You are an expert extraction algorithm/);
    expect(String(extractor.params.prompt)).toMatch(/^=start: \{\{ \$json\.start\.dateTime \}\}/);
    expect(report.nodes.filter((n) => n.status === 'unsupported').map((n) => n.n8nType)).not.toContain('@n8n/n8n-nodes-langchain.lmChatOpenAi');
  });

  it('edited classifier and chain export as textClassifier 1 / chainLlm 1.5 with their model and import back the same', () => {
    const { graph } = importN8nWorkflow(load(CV));
    const classify = node(graph, 'Classify Document');
    classify.params = { ...classify.params, multiClass: true, categories: [...(classify.params.categories as object[]), { category: 'Cover letter', description: '' }] };
    const chain = node(importN8nWorkflow(load(GEMINI_CHAIN)).graph, 'Basic LLM Chain');
    const doc: WorkflowDocument = { ...graph, nodes: [...graph.nodes, { ...chain, id: 'chain-copy', name: 'Chain copy', params: { ...chain.params, systemPrompt: 'Be brief.' } }] };

    const exported = exportN8nWorkflow(doc);
    const n8nClassifier = exported.nodes.find((n) => n.name === 'Classify Document')!;
    expect(n8nClassifier).toMatchObject({
      type: '@n8n/n8n-nodes-langchain.textClassifier',
      typeVersion: 1,
      parameters: { inputText: '={{ $json.text }}', options: { multiClass: true, fallback: 'other' } },
    });
    const model = Object.entries(exported.connections).find(([, c]) => c.ai_languageModel?.[0]?.[0]?.node === 'Classify Document');
    expect(model).toBeDefined();
    expect((exported.connections['Classify Document'].main ?? []).map((targets) => (targets ?? []).map((t) => t.node))).toEqual([['Application Suitability Agent'], [], ['File Upload Retry']]);
    expect(exported.nodes.find((n) => n.name === 'Chain copy')).toMatchObject({
      type: '@n8n/n8n-nodes-langchain.chainLlm',
      parameters: { promptType: 'define', messages: { messageValues: [{ message: 'Be brief.' }] } },
    });

    const again = importN8nWorkflow(exported).graph;
    expect(node(again, 'Classify Document').params).toEqual(classify.params);
    expect(edges(again, 'Classify Document')).toEqual(['output0 -> Application Suitability Agent.main', 'other -> File Upload Retry.main']);
    const chainAgain = node(again, 'Chain copy').params;
    expect(chainAgain).toMatchObject({ outputField: 'text', maxSteps: 1, systemPrompt: 'Be brief.', prompt: chain.params.prompt, model: chain.params.model, baseUrl: chain.params.baseUrl });
  });

  it('Calculator and Wikipedia tools fold into the agent (OpenAI node: tool rounds allowed) and export back as tool sub-nodes', () => {
    const { graph, report } = importN8nWorkflow(load(TOOLS));
    const summary = node(graph, 'Generate Summary AI');
    expect(summary.type).toBe('agent');
    expect(summary.params.tools).toEqual([
      { kind: 'wikipedia', name: 'wikipedia' },
      { kind: 'calculator', name: 'calculator' },
    ]);
    expect(summary.params.maxSteps).toBe(16);
    expect(report.nodes.filter((n) => n.into === 'Generate Summary AI').map((n) => n.n8nType.split('.').pop())).toEqual(['toolWikipedia', 'toolCalculator']);

    summary.params = { ...summary.params, maxSteps: 5 };
    const exported = exportN8nWorkflow(graph);
    const tools = Object.entries(exported.connections)
      .filter(([, c]) => c.ai_tool?.[0]?.[0]?.node === 'Generate Summary AI')
      .map(([name]) => exported.nodes.find((n) => n.name === name)!.type.split('.').pop());
    expect(tools.sort()).toEqual(['toolCalculator', 'toolWikipedia']);
    expect(node(importN8nWorkflow(exported).graph, 'Generate Summary AI').params.tools).toEqual(summary.params.tools);
  });

  it('Call n8n Workflow Tool 2.1: $fromAI inputs become the parameters, the other inputs fixed ones; exported back the same', () => {
    const { graph } = importN8nWorkflow(load(SUBAGENTS));
    const agent = node(graph, 'CoinMarketCap AI Data Analyst Agent');
    const tools = agent.params.tools as Record<string, unknown>[];
    expect(tools.find((t) => t.name === 'CoinMarketCap_Crypto_Agent_Tool')).toMatchObject({
      kind: 'workflow',
      workflowId: 'R4EuB1gx1IpMXCJM',
      parameters: { type: 'object', properties: { message: { type: 'string', description: 'Populate this with a relevant message to this subagent' } }, required: ['message'] },
      inputs: { sessionId: '={{ $json.sessionId }}' },
    });

    agent.params = { ...agent.params, maxSteps: 7 };
    const exported = exportN8nWorkflow(graph);
    const n8nTool = exported.nodes.find((n) => n.type.endsWith('toolWorkflow') && (n.parameters as { name?: string }).name === 'CoinMarketCap_Crypto_Agent_Tool')!;
    expect(n8nTool.parameters).toMatchObject({
      workflowInputs: { value: { message: "={{ $fromAI('message', 'Populate this with a relevant message to this subagent', 'string') }}", sessionId: '={{ $json.sessionId }}' } },
    });
    expect(node(importN8nWorkflow(exported).graph, 'CoinMarketCap AI Data Analyst Agent').params.tools).toEqual(tools);
  });

  it('Call n8n Workflow Tool 1.x: the JSON example gives the parameters', () => {
    const agent = node(importN8nWorkflow(load(STATS)).graph, 'n8n Creator Stats Agent');
    expect((agent.params.tools as Record<string, unknown>[]).find((t) => t.kind === 'workflow')).toMatchObject({
      name: 'n8n_creator_stats',
      workflowId: '={{ $workflow.id }}',
      parameters: { type: 'object', properties: { username: { type: 'string' } } },
    });
  });

  it('an auto-fixing output parser folds with its parser and model: the schema applies and one retry is allowed; export restores the nesting', () => {
    const doc = load(AUTOFIX) as { connections: Record<string, unknown> };
    const { graph, report } = importN8nWorkflow(doc);
    const chain = node(graph, 'LLM Chain');
    expect(chain.params).toMatchObject({ maxSteps: 2, includeSteps: false, temperature: 0 });
    expect(chain.params.outputField).toBeUndefined();
    expect(JSON.parse(chain.params.outputSchema as string)).toMatchObject({ type: 'object', properties: { state: { type: 'string' } } });
    expect(report.nodes.filter((n) => n.into === 'LLM Chain').map((n) => n.name).sort()).toEqual(['Auto-fixing Output Parser', 'OpenAI Chat Model', 'OpenAI Chat Model1', 'Structured Output Parser']);
    const back = exportN8nWorkflow(graph);
    for (const name of ['Auto-fixing Output Parser', 'OpenAI Chat Model', 'OpenAI Chat Model1', 'Structured Output Parser']) expect(back.connections[name], name).toEqual(doc.connections[name]);

    const shared = load(AUTOFIX_SHARED) as { connections: Record<string, unknown> };
    const sharedImport = importN8nWorkflow(shared);
    expect(sharedImport.report.nodes.find((n) => n.name === 'Google Gemini Chat Model1')).toMatchObject({ status: 'folded', into: 'Categorize and name Prompt' });
    const targets = (c: unknown) => (c as { ai_languageModel: { node: string }[][] }).ai_languageModel[0].map((t) => t.node).sort();
    expect(targets(exportN8nWorkflow(sharedImport.graph).connections['Google Gemini Chat Model1'])).toEqual(['Auto-fixing Output Parser', 'Categorize and name Prompt']);
    expect(targets(shared.connections['Google Gemini Chat Model1'])).toEqual(['Auto-fixing Output Parser', 'Categorize and name Prompt']);
  });

  it('HTTP Request tools: placeholders, model-provided query parameters, fixed headers and JSON body; exported back the same', () => {
    const dex = importN8nWorkflow(load(DEX)).graph.nodes.flatMap((n) => (n.type === 'agent' ? (n.params.tools as Record<string, unknown>[]) : []));
    expect(dex.find((t) => t.name === 'DexScreener_Search_Pairs')).toEqual({
      kind: 'http',
      name: 'DexScreener_Search_Pairs',
      description: expect.stringContaining('searches for pairs'),
      method: 'GET',
      url: 'https://api.dexscreener.com/latest/dex/search',
      headers: { Accept: '*/*' },
      parameters: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] },
    });

    const { graph } = importN8nWorkflow(load(BOOKING));
    const agent = node(graph, 'Appointment booking agent');
    const book = (agent.params.tools as Record<string, unknown>[]).find((t) => t.name === 'Book_appointment')!;
    expect(book).toMatchObject({ method: 'POST', body: expect.stringContaining('"summary": "Appointment with {userName}"') });
    expect(book.parameters).toMatchObject({ required: ['endTime', 'startTime', 'userEmail', 'userName'], properties: { userName: { type: 'string', description: expect.stringContaining('full name') } } });

    agent.params = { ...agent.params, maxSteps: 4 };
    const again = node(importN8nWorkflow(exportN8nWorkflow(graph)).graph, 'Appointment booking agent');
    expect(again.params.tools).toEqual(agent.params.tools);
  });

  it('an Item List Output Parser gives the chain a list output (one item per entry in text, as n8n 2.40.7 does); exported back', () => {
    const { graph, report } = importN8nWorkflow(load(QUESTIONS));
    const chain = node(graph, 'Open questions');
    expect(chain.params).toMatchObject({ outputField: 'text', maxSteps: 1, listOutput: { separator: '\n', maxItems: 10 } });
    expect(report.nodes.find((n) => n.name === 'Item List Output Parser')).toMatchObject({ status: 'folded', into: 'Open questions' });

    chain.params = { ...chain.params, systemPrompt: 'Edited.' };
    const exported = exportN8nWorkflow(graph);
    const parser = Object.entries(exported.connections).find(([, c]) => c.ai_outputParser?.[0]?.[0]?.node === 'Open questions')!;
    expect(exported.nodes.find((n) => n.name === parser[0])).toMatchObject({ type: '@n8n/n8n-nodes-langchain.outputParserItemList', parameters: { options: { numberOfItems: 10 } } });
    expect(node(importN8nWorkflow(exported).graph, 'Open questions').params).toMatchObject({ outputField: 'text', listOutput: { separator: '\n', maxItems: 10 }, systemPrompt: 'Edited.' });
  });

  it('the imported classifier and chain run: items reach the category output; the chain answers in text', async () => {
    fake = await startFakeLlm((req) =>
      req.system.includes('CV or Resume') ? { text: JSON.stringify({ 'CV or Resume': /experience/i.test(req.lastUserText) }) } : { text: `Summary of: ${req.lastUserText.slice(0, 12)}` },
    );
    const classify = node(importN8nWorkflow(load(CV)).graph, 'Classify Document');
    const { output } = await runWithServices(textClassifierNode, {
      params: { ...classify.params, baseUrl: fake.openAiBaseUrl },
      items: [{ text: 'Work experience: 10 years' }, { text: 'Invoice 42' }],
    });
    expect(output.output0.map((i) => i.json.text)).toEqual(['Work experience: 10 years']);
    expect(output.other.map((i) => i.json.text)).toEqual(['Invoice 42']);

    const chain = node(importN8nWorkflow(load(GEMINI_CHAIN)).graph, 'Basic LLM Chain');
    const ran = await runWithServices(agentNode, { params: { ...chain.params, baseUrl: fake.openAiBaseUrl, prompt: 'Hello chain world' } });
    expect(ran.output.main[0].json).toMatchObject({ text: 'Summary of: Hello chain ' });
    expect(ran.output.main[0].json.output).toBeUndefined();
  });
});

describe('older LangChain versions', () => {
  const LC = '@n8n/n8n-nodes-langchain.';
  it('a Manual Chat Trigger becomes a Manual Trigger; agents 1 and 1.1 without text read input / chat_input', () => {
    const { graph, report } = importN8nWorkflow({
      nodes: [
        { name: 'Chat', type: LC + 'manualChatTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
        { name: 'Old agent', type: LC + 'agent', typeVersion: 1, position: [200, 0], parameters: { agent: 'reActAgent' } },
        { name: 'Agent 1.1', type: LC + 'agent', typeVersion: 1.1, position: [400, 0], parameters: {} },
        { name: 'Agent 1.6', type: LC + 'agent', typeVersion: 1.6, position: [600, 0], parameters: {} },
      ],
      connections: { Chat: { main: [[{ node: 'Old agent', type: 'main', index: 0 }]] } },
    });
    expect(graph.nodes.map((n) => n.type)).toEqual(['manualTrigger', 'agent', 'agent', 'agent']);
    expect(graph.nodes.slice(1).map((n) => n.params.prompt)).toEqual(['={{ $json.input }}', '={{ $json.chat_input }}', '={{ $json.chatInput }}']);
    expect(report.warnings).toContain('Chat: Manual Chat Trigger becomes a Manual Trigger: run it with input such as { "input": "Hello", "sessionId": "1" }');
  });
});

describe('code tools', () => {
  const LC = '@n8n/n8n-nodes-langchain.';
  const doc = (tool: Record<string, unknown>) => ({
    nodes: [
      { name: 'Agent', type: LC + 'agent', typeVersion: 1.7, position: [0, 0], parameters: { text: '=hi' } },
      { name: 'Model', type: LC + 'lmChatOpenAi', typeVersion: 1, position: [0, 200], parameters: {} },
      { name: 'Lookup', type: LC + 'toolCode', typeVersion: 1.1, position: [200, 200], parameters: tool },
    ],
    connections: {
      Model: { ai_languageModel: [[{ node: 'Agent', type: 'ai_languageModel', index: 0 }]] },
      Lookup: { ai_tool: [[{ node: 'Agent', type: 'ai_tool', index: 0 }]] },
    },
  });

  it('a JavaScript code tool with an input schema folds with that schema; a Python one keeps the agent unsupported', () => {
    const js = importN8nWorkflow(doc({ name: 'lookup', description: 'Find', jsCode: 'return query.id;', specifyInputSchema: true, jsonSchemaExample: '{"id": 1}' })).graph.nodes[0];
    expect(js.params.tools).toEqual([{ kind: 'code', name: 'lookup', description: 'Find', code: 'return query.id;', parameters: { type: 'object', properties: { id: { type: 'number' } } } }]);
    const py = importN8nWorkflow(doc({ name: 'lookup', language: 'python', pythonCode: 'return query' }));
    expect(py.report.nodes.map((n) => n.status)).toEqual(['unsupported', 'unsupported', 'unsupported']);
    expect(py.report.nodes[0].reason).toBe('It uses AI sub-nodes Weft cannot run: toolCode (Python)');
  });
});

describe('Basic LLM Chain parameters by version', () => {
  const LC = '@n8n/n8n-nodes-langchain.';
  const doc = (chain: Record<string, unknown>) => ({
    nodes: [
      { name: 'Chain', type: LC + 'chainLlm', position: [0, 0], ...chain },
      { name: 'Model', type: LC + 'lmChatOpenAi', typeVersion: 1, position: [0, 200], parameters: { model: 'gpt-4o' } },
    ],
    connections: { Model: { ai_languageModel: [[{ node: 'Chain', type: 'ai_languageModel', index: 0 }]] } },
  });

  it('reads `prompt` before 1.4; text human messages go before the prompt; image messages keep the chain unsupported (its model too)', () => {
    const old = importN8nWorkflow(doc({ typeVersion: 1.3, parameters: { prompt: '={{ $json.text }}' } })).graph.nodes[0];
    expect(old.params).toMatchObject({ prompt: '={{ $json.text }}', model: 'gpt-4o', outputField: 'text' });
    const v1 = importN8nWorkflow(doc({ typeVersion: 1, parameters: {} })).graph.nodes[0];
    expect(v1.params.prompt).toBe('={{ $json.input }}');

    const human = importN8nWorkflow(
      doc({ typeVersion: 1.5, parameters: { promptType: 'define', text: '=Q: {{ $json.q }}', messages: { messageValues: [{ message: 'Sys' }, { type: 'HumanMessagePromptTemplate', message: 'Context first' }] } } }),
    ).graph.nodes[0];
    expect(human.params).toMatchObject({ systemPrompt: 'Sys', prompt: '=Context first\n\nQ: {{ $json.q }}' });

    const images = importN8nWorkflow(
      doc({ typeVersion: 1.4, parameters: { promptType: 'define', text: 'Describe', messages: { messageValues: [{ type: 'HumanMessagePromptTemplate', messageType: 'imageBinary' }] } } }),
    );
    expect(images.report.nodes.map((n) => [n.name, n.status])).toEqual([
      ['Chain', 'unsupported'],
      ['Model', 'unsupported'],
    ]);
    expect(images.report.nodes[0].reason).toBe("Its prompt has 1 image message; Weft's agent sends text only");
  });
});
