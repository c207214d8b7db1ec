/**
 * n8n's RAG nodes on import: a Qdrant / Simple vector store in insert or load mode becomes Weft's vectorStore
 * with its embeddings, Default Data Loader and Recursive Character Text Splitter folded in; in "retrieve as
 * tool" mode, or under a Vector Store Tool, it folds into the agent as a vectorStore tool. Corpus workflows
 * import that way, export back to the same n8n nodes, and the imported nodes run against the fake LLM
 * (embeddings and chat) and a fake Qdrant on 127.0.0.1.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportN8nWorkflow, importN8nWorkflow } from './index';
import type { WorkflowDocument } from '../engine/types';
import { N8N_CORPUS_DIR } from '../testing/corpus';
import { startFakeLlm, type FakeLlm } from '../testing/fake-llm';
import { startFakeQdrant, type FakeQdrant } from '../testing/fake-qdrant';
import { startFakePinecone } from '../testing/fake-pinecone';
import { createTestUser, testDb } from '../testing';
import { createVectorMemory } from '../llm/vector-memory';
import { runWithServices } from '../../nodes/agent/test-context';
import { agentNode } from '../../nodes/agent';
import { vectorStoreNode } from '../../nodes/vectorStore';

const LC = '@n8n/n8n-nodes-langchain.';
const file = (f: string) => path.join(N8N_CORPUS_DIR, f);
const load = (f: string) => JSON.parse(readFileSync(file(f), 'utf8')) as unknown;
const SURVEY = '0554_Splitout_Code_Create_Webhook.json';
const SLACK_RAG = '1643_Slack_Manual_Automate_Webhook.json';
const QUESTIONS = '1134_Googledocs_Code_Create_Webhook.json';
const EMAILS = '1936_Emailreadimap_Manual_Send_Webhook.json';
const QA_CHAIN = '0672_Webhook_Schedule_Update_Webhook.json';
const PINECONE_QA = '1319_Manual_Stickynote_Automation_Triggered.json';
const GEMINI = '0933_Manual_Stickynote_Create_Webhook.json';
const MISTRAL = '1358_Localfile_Manual_Create_Webhook.json';
const haveCorpus = [SURVEY, SLACK_RAG, QUESTIONS, EMAILS, QA_CHAIN, PINECONE_QA, GEMINI, MISTRAL].every((f) => existsSync(file(f)));

const node = (g: WorkflowDocument, name: string) => g.nodes.find((n) => n.name === name)!;
const status = (report: ReturnType<typeof importN8nWorkflow>['report'], name: string) => {
  const n = report.nodes.find((x) => x.name === name)!;
  return [n.status, n.weftType, n.into].filter(Boolean).join(' ');
};

let llm: FakeLlm;
let qdrant: FakeQdrant;
beforeAll(async () => {
  llm = await startFakeLlm((req) => {
    const last = req.toolResults.at(-1);
    const tool = req.toolNames.find((n) => n !== 'calculator');
    if (!last && tool) return { toolCalls: [{ name: tool, arguments: { query: req.lastUserText } }] };
    return { text: `Answer: ${last?.text ?? 'none'}` };
  });
  qdrant = await startFakeQdrant();
});
afterAll(async () => {
  await llm?.close();
  await qdrant?.close();
});

describe.skipIf(!haveCorpus)('import: vector stores in the corpus', () => {
  it('folds embeddings, loader and splitter into a Qdrant store in insert mode', () => {
    const { graph, report } = importN8nWorkflow(load(SURVEY));
    expect(status(report, 'Qdrant Vector Store')).toBe('mapped vectorStore');
    for (const sub of ['Embeddings OpenAI', 'Default Data Loader', 'Recursive Character Text Splitter']) expect(status(report, sub)).toBe('folded vectorStore Qdrant Vector Store');
    expect(node(graph, 'Qdrant Vector Store').params).toEqual({
      mode: 'insert',
      backend: 'qdrant',
      qdrantCollection: 'ux_survey_insights',
      embeddingModel: 'text-embedding-3-small',
      dataType: 'json',
      jsonMode: 'expressionData',
      jsonData: '={{ $json.answer }}',
      metadata: { question: '={{ $json.question }}', participant: '={{ $json.participant }}', survey: "={{ $('Get Survey Results').params.documentId.cachedResultName }}" },
      splitter: 'recursiveCharacter',
      chunkSize: 1000,
      chunkOverlap: 0,
    });
    const creds = report.credentials.filter((c) => c.node === 'Qdrant Vector Store').map((c) => `${c.n8nType}->${c.slot}`);
    expect(creds.sort()).toEqual(['openAiApi->embeddingsApi', 'qdrantApi->qdrantApi']);
  });

  it('exports the folded store back with its sub-nodes and their connections, the splitter still feeding the loader', () => {
    const back = exportN8nWorkflow(importN8nWorkflow(load(SURVEY)).graph);
    const types = new Map(back.nodes.map((n) => [n.name, n.type]));
    expect(types.get('Qdrant Vector Store')).toBe(LC + 'vectorStoreQdrant');
    expect(back.connections['Embeddings OpenAI']).toEqual({ ai_embedding: [[{ node: 'Qdrant Vector Store', type: 'ai_embedding', index: 0 }]] });
    expect(back.connections['Default Data Loader']).toEqual({ ai_document: [[{ node: 'Qdrant Vector Store', type: 'ai_document', index: 0 }]] });
    expect(back.connections['Recursive Character Text Splitter']).toEqual({ ai_textSplitter: [[{ node: 'Default Data Loader', type: 'ai_textSplitter', index: 0 }]] });
    // Re-importing the export gives the same node.
    const again = importN8nWorkflow(back).graph;
    expect(node(again, 'Qdrant Vector Store').params).toEqual(node(importN8nWorkflow(load(SURVEY)).graph, 'Qdrant Vector Store').params);
  });

  it('folds a Qdrant store in "retrieve as tool" mode into the agent, and the imported agent searches it', async () => {
    const { graph, report } = importN8nWorkflow(load(SLACK_RAG));
    expect(status(report, 'RAG')).toBe('folded agent AI Agent');
    expect(status(report, 'Embeddings OpenAI1')).toBe('folded agent AI Agent');
    // Its insert side: a text file loader (binary) and n8n's Token Splitter (counted approximately, warned).
    expect(status(report, 'Qdrant Vector Store1')).toBe('mapped vectorStore');
    expect(node(graph, 'Qdrant Vector Store1').params).toMatchObject({ mode: 'insert', dataType: 'binary', splitter: 'token', chunkSize: 300, chunkOverlap: 30 });
    expect(report.warnings.some((w) => w.includes('Splitter "Token Splitter": Weft counts tokens approximately'))).toBe(true);
    const agent = node(graph, 'AI Agent');
    expect(agent.params.tools).toContainEqual({ kind: 'vectorStore', name: 'company_info', description: 'Get business documents', topK: 10, backend: 'qdrant', qdrantCollection: 'COLLECTION', embeddingModel: 'text-embedding-3-small' });

    // Fill the collection with the vector store node, then run the imported agent (its memory reads another
    // node's output, so it is left out here) against the fakes.
    const credentials = { qdrantApi: { qdrantUrl: qdrant.url }, embeddingsApi: { baseUrl: llm.openAiBaseUrl } };
    await runWithServices(vectorStoreNode, {
      params: { mode: 'insert', backend: 'qdrant', qdrantCollection: 'COLLECTION', jsonMode: 'expressionData', jsonData: '={{ $json.text }}' },
      items: [{ text: 'Holiday requests go to Marta in HR two weeks ahead.' }, { text: 'Expense reports are due on the fifth working day.' }],
      credentials,
    });
    const { memory: _memory, ...params } = agent.params as Record<string, unknown>;
    const question = 'Who handles holiday requests?';
    const out = await runWithServices(agentNode, {
      params: { ...params, baseUrl: llm.anthropicBaseUrl },
      items: [{ blocks: [{ elements: [{ elements: [{ user_id: 'U1' }, { text: question }] }] }] }],
      credentials,
    });
    const answer = String(out.output.main[0].json.output);
    expect(answer).toContain('Holiday requests go to Marta in HR');
    expect(answer.indexOf('Holiday')).toBeLessThan(answer.indexOf('Expense'));
    expect(llm.requests.at(-1)!.format).toBe('anthropic');
  });

  it('folds a Vector Store Tool with its store and embeddings, and one store shared by two agents into both', () => {
    const q = importN8nWorkflow(load(QUESTIONS));
    for (const sub of ['RAG', 'Qdrant Vector Store2', 'Embeddings OpenAI2']) expect(status(q.report, sub)).toBe('folded agent Answer and create options');
    expect(node(q.graph, 'Answer and create options').params.tools).toEqual([
      expect.objectContaining({ kind: 'vectorStore', name: 'RAG', backend: 'qdrant', qdrantCollection: 'ai_article_test', embeddingModel: 'text-embedding-3-small', topK: 4 }),
    ]);
    expect(q.report.warnings.some((w) => w.includes("n8n's Vector Store Tool first summarises them with its own model"))).toBe(true);

    const e = importN8nWorkflow(load(EMAILS));
    for (const agent of ['Write email', 'Email Reviewer']) {
      expect(e.report.nodes.find((n) => n.name === agent)?.status).toBe('mapped');
      expect(node(e.graph, agent).params.tools).toEqual([expect.objectContaining({ kind: 'vectorStore', name: 'company_knowladge_base', includeMetadata: false })]);
    }
  });
});

describe.skipIf(!haveCorpus)('import: Question and Answer Chain', () => {
  it('becomes an agent that retrieves from the Simple store first and answers in `response`', async () => {
    const { graph, report } = importN8nWorkflow(load(QA_CHAIN));
    expect(status(report, 'Question and Answer Chain')).toBe('mapped agent');
    for (const sub of ['Vector Store Retriever', 'In-Memory Vector Store', 'Embeddings OpenAI']) expect(status(report, sub)).toBe('folded agent Question and Answer Chain');
    const chain = node(graph, 'Question and Answer Chain');
    expect(chain.params).toMatchObject({
      prompt: '={{ $json.chatInput }}',
      maxSteps: 1,
      outputField: 'response',
      retrieval: { backend: 'memory', memoryKey: 'vector_store_key', topK: 4, embeddingModel: 'text-embedding-ada-002' },
    });
    expect(String(chain.params.systemPrompt)).toContain('{context}');

    const { user } = await createTestUser();
    const services = { vectorMemory: createVectorMemory(testDb(), user.id) };
    const embeddingsApi = { baseUrl: llm.openAiBaseUrl };
    await runWithServices(vectorStoreNode, {
      params: { mode: 'insert', backend: 'memory', memoryKey: 'vector_store_key', jsonMode: 'expressionData', jsonData: '={{ $json.text }}' },
      items: [{ text: 'Lucas shoots weddings in Lisbon and Porto.' }, { text: 'Prints are shipped within ten days.' }],
      services,
      credentials: { embeddingsApi },
    });
    const out = await runWithServices(agentNode, {
      params: { ...chain.params, baseUrl: llm.openAiBaseUrl, retrieval: { ...(chain.params.retrieval as object), topK: 1 } },
      items: [{ chatInput: 'Where does Lucas shoot weddings?' }],
      services,
      credentials: { embeddingsApi },
    });
    const sent = llm.requests.at(-1)!;
    expect(sent.toolNames).toEqual([]);
    expect(sent.system).toContain('Context: Lucas shoots weddings in Lisbon and Porto.');
    expect(sent.system).not.toContain('Prints are shipped');
    expect(sent.lastUserText).toBe('Where does Lucas shoot weddings?');
    expect(out.output.main[0].json.response).toBe('Answer: none');
  });

  it('exports an edited chain back as chainRetrievalQa with its retriever, store and embeddings nested', () => {
    const { graph } = importN8nWorkflow(load(QA_CHAIN));
    const chain = node(graph, 'Question and Answer Chain');
    const edited = { ...graph, nodes: graph.nodes.map((n) => (n.id === chain.id ? { ...n, params: { ...n.params, prompt: '={{ $json.question }}', retrieval: { ...(n.params.retrieval as object), topK: 2 } } } : n)) };
    const back = exportN8nWorkflow(edited);
    expect(back.nodes.find((n) => n.name === chain.name)).toMatchObject({ type: LC + 'chainRetrievalQa', parameters: { promptType: 'define', text: '={{ $json.question }}' } });
    const retriever = `${chain.name} Retriever`;
    const store = `${chain.name} Vector Store`;
    expect(back.connections[retriever]).toEqual({ ai_retriever: [[{ node: chain.name, type: 'ai_retriever', index: 0 }]] });
    expect(back.connections[store]).toEqual({ ai_vectorStore: [[{ node: retriever, type: 'ai_vectorStore', index: 0 }]] });
    expect(back.connections[`${chain.name} Embeddings`]).toEqual({ ai_embedding: [[{ node: store, type: 'ai_embedding', index: 0 }]] });
    const again = node(importN8nWorkflow(back).graph, chain.name);
    expect(again.params).toEqual({ ...chain.params, prompt: '={{ $json.question }}', retrieval: { ...(chain.params.retrieval as object), topK: 2 } });
  });
});

describe.skipIf(!haveCorpus)('import: Pinecone', () => {
  it('maps a Pinecone insert (namespace cleared) and a Q&A chain reading the same index, which runs against a fake Pinecone', async () => {
    const { graph, report } = importN8nWorkflow(load(PINECONE_QA));
    expect(report.counts.unsupported).toBe(0);
    expect(node(graph, 'Insert into Pinecone vector store').params).toMatchObject({ mode: 'insert', backend: 'pinecone', pineconeIndex: 'test-index', clearStore: true, splitter: 'recursiveCharacter', chunkSize: 3000, chunkOverlap: 200 });
    const chain = node(graph, 'Question and Answer Chain');
    expect(chain.params.retrieval).toMatchObject({ backend: 'pinecone', pineconeIndex: 'test-index' });
    expect(report.credentials.filter((c) => c.n8nType === 'pineconeApi').map((c) => c.slot)).toEqual(['pineconeApi', 'pineconeApi']);

    const pc = await startFakePinecone({ apiKey: 'pc', index: 'test-index' });
    try {
      const credentials = { pineconeApi: { apiKey: 'pc' }, embeddingsApi: { baseUrl: llm.openAiBaseUrl } };
      await runWithServices(vectorStoreNode, {
        params: { mode: 'insert', backend: 'pinecone', pineconeIndex: 'test-index', pineconeApiUrl: pc.url, jsonMode: 'expressionData', jsonData: '={{ $json.text }}' },
        items: [{ text: 'The Bitcoin whitepaper was published in 2008.' }, { text: 'Ethereum launched in 2015.' }],
        credentials,
      });
      await runWithServices(agentNode, {
        params: { ...chain.params, baseUrl: llm.openAiBaseUrl, retrieval: { ...(chain.params.retrieval as object), pineconeApiUrl: pc.url, topK: 1 } },
        items: [{ chatInput: 'When was the Bitcoin whitepaper published?' }],
        credentials,
      });
      expect(llm.requests.at(-1)!.system).toContain('The Bitcoin whitepaper was published in 2008.');
      expect(llm.requests.at(-1)!.system).not.toContain('Ethereum');
    } finally {
      await pc.close();
    }
  });
});

describe.skipIf(!haveCorpus)('import: Gemini and Mistral embeddings', () => {
  it('go through their OpenAI-compatible endpoints, and export back to the same n8n embeddings nodes when edited', () => {
    const g = importN8nWorkflow(load(GEMINI));
    expect(g.report.counts.unsupported).toBe(0);
    const store = node(g.graph, 'Pinecone Vector Store');
    expect(store.params).toMatchObject({ embeddingModel: 'text-embedding-004', embeddingBaseUrl: 'https://generativelanguage.googleapis.com/v1beta/openai' });
    expect(g.report.credentials.filter((c) => c.node === 'Pinecone Vector Store').map((c) => `${c.n8nType}->${c.slot}`).sort()).toEqual(['googlePalmApi->embeddingsApi', 'pineconeApi->pineconeApi']);

    const m = importN8nWorkflow(load(MISTRAL));
    expect(node(m.graph, 'Qdrant Vector Store').params).toMatchObject({ embeddingModel: 'mistral-embed', embeddingBaseUrl: 'https://api.mistral.ai/v1' });
    expect(node(m.graph, 'Question and Answer Chain').params.retrieval).toMatchObject({ backend: 'qdrant', qdrantCollection: 'BankStatements', embeddingModel: 'mistral-embed' });

    // Edited (no longer as imported): the reverse mapper writes the Gemini embeddings node again.
    const edited = { ...g.graph, nodes: g.graph.nodes.map((n) => (n.name === store.name ? { ...n, params: { ...n.params, chunkSize: 500 } } : n)) };
    const back = exportN8nWorkflow(edited);
    const emb = back.nodes.find((n) => n.name === 'Pinecone Vector Store Embeddings');
    expect(emb).toMatchObject({ type: LC + 'embeddingsGoogleGemini', parameters: { modelName: 'models/text-embedding-004' } });
    expect(node(importN8nWorkflow(back).graph, 'Pinecone Vector Store').params).toEqual({ ...store.params, chunkSize: 500 });
  });
});

/** A small n8n workflow as n8n exports it: Simple store insert (loader 1.1 splitting by itself), and an agent using the same store as a tool. */
const SIMPLE_RAG = (embedUrl: string, memoryKey: string) => ({
  name: 'Simple RAG',
  nodes: [
    { id: 't', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
    { id: 's', name: 'Insert', type: LC + 'vectorStoreInMemory', typeVersion: 1.1, position: [200, 0], parameters: { mode: 'insert', memoryKey: { __rl: true, mode: 'list', value: memoryKey }, clearStore: true } },
    { id: 'e1', name: 'Embeddings', type: LC + 'embeddingsOpenAi', typeVersion: 1.2, position: [200, 200], parameters: { model: 'text-embedding-3-small', options: { baseURL: embedUrl } } },
    { id: 'l', name: 'Loader', type: LC + 'documentDefaultDataLoader', typeVersion: 1.1, position: [300, 200], parameters: { jsonMode: 'expressionData', jsonData: '={{ $json.text }}', options: { metadata: { metadataValues: [{ name: 'room', value: '={{ $json.room }}' }] } } } },
    { id: 'a', name: 'Agent', type: LC + 'agent', typeVersion: 1.7, position: [400, 0], parameters: { promptType: 'define', text: 'Where is the projector?' } },
    { id: 'm', name: 'Model', type: LC + 'lmChatOpenAi', typeVersion: 1.2, position: [400, 200], parameters: { model: { __rl: true, mode: 'list', value: 'gpt-4o-mini' }, options: { baseURL: embedUrl } } },
    { id: 'k', name: 'Knowledge', type: LC + 'vectorStoreInMemory', typeVersion: 1.1, position: [500, 200], parameters: { mode: 'retrieve-as-tool', toolName: 'rooms', toolDescription: 'Facts about the meeting rooms', memoryKey: { __rl: true, mode: 'list', value: memoryKey }, topK: 1 } },
    { id: 'e2', name: 'Embeddings2', type: LC + 'embeddingsOpenAi', typeVersion: 1.2, position: [500, 400], parameters: { model: 'text-embedding-3-small', options: { baseURL: embedUrl } } },
  ],
  connections: {
    Start: { main: [[{ node: 'Insert', type: 'main', index: 0 }]] },
    Insert: { main: [[{ node: 'Agent', type: 'main', index: 0 }]] },
    Embeddings: { ai_embedding: [[{ node: 'Insert', type: 'ai_embedding', index: 0 }]] },
    Loader: { ai_document: [[{ node: 'Insert', type: 'ai_document', index: 0 }]] },
    Model: { ai_languageModel: [[{ node: 'Agent', type: 'ai_languageModel', index: 0 }]] },
    Knowledge: { ai_tool: [[{ node: 'Agent', type: 'ai_tool', index: 0 }]] },
    Embeddings2: { ai_embedding: [[{ node: 'Knowledge', type: 'ai_embedding', index: 0 }]] },
  },
});

describe('import: Simple vector store, inserted and used as a tool', () => {
  it('imports every node as mapped or folded, and the imported nodes insert and retrieve in Postgres', async () => {
    const memoryKey = `rooms-${Date.now()}`;
    const { graph, report } = importN8nWorkflow(SIMPLE_RAG(llm.openAiBaseUrl, memoryKey));
    expect(report.counts).toMatchObject({ unsupported: 0, mapped: 3, folded: 5 });
    const insert = node(graph, 'Insert');
    expect(insert.params).toEqual({
      mode: 'insert',
      backend: 'memory',
      memoryKey,
      clearStore: true,
      embeddingModel: 'text-embedding-3-small',
      embeddingBaseUrl: llm.openAiBaseUrl,
      dataType: 'json',
      jsonMode: 'expressionData',
      jsonData: '={{ $json.text }}',
      metadata: { room: '={{ $json.room }}' },
      splitter: 'recursiveCharacter',
      chunkSize: 1000,
      chunkOverlap: 200,
    });

    const { user } = await createTestUser();
    const services = { vectorMemory: createVectorMemory(testDb(), user.id) };
    const inserted = await runWithServices(vectorStoreNode, {
      params: insert.params,
      items: [
        { room: 'Atlas', text: 'The projector lives in the Atlas room cupboard.' },
        { room: 'Borealis', text: 'Borealis has the big whiteboard and twelve chairs.' },
      ],
      services,
    });
    expect(inserted.output.main).toHaveLength(2);
    const out = await runWithServices(agentNode, { params: node(graph, 'Agent').params, items: [{}], services });
    const json = out.output.main[0].json as { output: string };
    expect(JSON.parse(json.output.replace(/^Answer: /, ''))).toEqual([{ pageContent: 'The projector lives in the Atlas room cupboard.', metadata: { room: 'Atlas' } }]);
  });

  it('keeps a store whose loader reads PDFs unsupported, saying why', () => {
    const doc = SIMPLE_RAG('http://127.0.0.1:1/v1', 'k');
    (doc.nodes[3].parameters as Record<string, unknown>) = { dataType: 'binary', loader: 'pdfLoader' };
    const { report } = importN8nWorkflow(doc);
    expect(report.nodes.find((n) => n.name === 'Insert')).toMatchObject({ status: 'unsupported', reason: 'It uses AI sub-nodes Weft cannot run: documentDefaultDataLoader' });
    expect(status(report, 'Knowledge')).toBe('folded agent Agent');
  });
});

describe('export: vector stores made in Weft', () => {
  const graph = (): WorkflowDocument => ({
    name: 'RAG',
    nodes: [
      { id: 't', name: 'Start', type: 'manualTrigger', typeVersion: 1, params: {}, position: [0, 0] },
      {
        id: 's',
        name: 'Store',
        type: 'vectorStore',
        typeVersion: 1,
        position: [200, 0],
        params: { mode: 'insert', backend: 'qdrant', qdrantCollection: 'docs', embeddingModel: 'text-embedding-3-large', embeddingBaseUrl: 'http://127.0.0.1:9/v1', dataType: 'json', jsonMode: 'expressionData', jsonData: '={{ $json.body }}', metadata: { src: '={{ $json.id }}' }, splitter: 'token', chunkSize: 300, chunkOverlap: 30 },
        credentials: { qdrantApi: { id: 'q1', name: 'Qdrant' }, embeddingsApi: { id: 'o1', name: 'OpenAI' } },
      },
      {
        id: 'a',
        name: 'Agent',
        type: 'agent',
        typeVersion: 1,
        position: [400, 0],
        params: { provider: 'openai', model: 'gpt-4o-mini', systemPrompt: 'You are a helpful assistant.', prompt: '={{ $json.chatInput }}', mcpServers: [], tools: [{ kind: 'vectorStore', name: 'docs', description: 'Our docs', backend: 'memory', memoryKey: 'kb', topK: 3, embeddingModel: 'text-embedding-3-small' }] },
      },
    ],
    connections: [
      { from: { node: 't', port: 'main' }, to: { node: 's', port: 'main' } },
      { from: { node: 's', port: 'main' }, to: { node: 'a', port: 'main' } },
    ],
  });

  it('exports the store with its embeddings, loader and nested splitter, and the agent tool as a store in "retrieve as tool" mode; re-import gives the same params', () => {
    const back = exportN8nWorkflow(graph());
    const byName = new Map(back.nodes.map((n) => [n.name, n]));
    expect(byName.get('Store')).toMatchObject({ type: LC + 'vectorStoreQdrant', parameters: { mode: 'insert', qdrantCollection: { value: 'docs' } }, credentials: { qdrantApi: { id: 'q1', name: 'Qdrant' } } });
    expect(byName.get('Store Embeddings')).toMatchObject({ type: LC + 'embeddingsOpenAi', parameters: { model: 'text-embedding-3-large', options: { baseURL: 'http://127.0.0.1:9/v1' } }, credentials: { openAiApi: { id: 'o1', name: 'OpenAI' } } });
    expect(back.connections['Store Token Splitter']).toEqual({ ai_textSplitter: [[{ node: 'Store Loader', type: 'ai_textSplitter', index: 0 }]] });
    expect(byName.get('Agent Tool docs')).toMatchObject({ type: LC + 'vectorStoreInMemory', parameters: { mode: 'retrieve-as-tool', toolName: 'docs', topK: 3 } });
    expect(back.connections['Agent Tool docs Embeddings']).toEqual({ ai_embedding: [[{ node: 'Agent Tool docs', type: 'ai_embedding', index: 0 }]] });

    const again = importN8nWorkflow(back);
    expect(again.report.counts.unsupported).toBe(0);
    const original = graph();
    expect(node(again.graph, 'Store').params).toEqual(original.nodes[1].params);
    expect(node(again.graph, 'Agent').params.tools).toEqual(original.nodes[2].params.tools);
  });
});
