/**
 * vectorStore -> n8n's Qdrant or Simple vector store 1.1 (insert / load) with an OpenAI embeddings sub-node, a
 * Default Data Loader and, nested in it, a Recursive Character or Token splitter: the inverse of
 * server/n8n/mappers/vectorStores.ts. An agent's vectorStore tool -> the store in "retrieve as tool" mode with
 * its embeddings.
 */
import type { CredentialRef } from '../../engine/types';
import type { N8nNode } from '../types';
import { entryId, numOr, obj, str, type Params, type ReverseContext, type ReverseMapper, type SubNodeOut } from './types';
import { GEMINI_OPENAI_BASE, MISTRAL_BASE, QA_SYSTEM_PROMPT } from '../mappers/vectorStores';

const LC = '@n8n/n8n-nodes-langchain.';

/** A nested sub-node: `into` names the sub-node it connects to instead of the exported node. */
type NestedOut = SubNodeOut & { into?: string };

function sub(ctx: ReverseContext, key: string, label: string, type: string, typeVersion: number, parameters: Params, dx: number, dy: number, credentials?: Record<string, CredentialRef>): N8nNode {
  const [x, y] = ctx.node.position;
  return { id: entryId(ctx.node.id, 'sub', key), name: `${ctx.node.name} ${label}`, type: LC + type, typeVersion, position: [x + dx, y + dy], parameters, ...(credentials ? { credentials } : {}) };
}

function storeType(p: Params): { type: string; fields: Params } {
  if (str(p.backend) === 'qdrant') return { type: 'vectorStoreQdrant', fields: { qdrantCollection: { __rl: true, mode: 'id', value: str(p.qdrantCollection) } } };
  if (str(p.backend) === 'pinecone') return { type: 'vectorStorePinecone', fields: { pineconeIndex: { __rl: true, mode: 'id', value: str(p.pineconeIndex) } } };
  return { type: 'vectorStoreInMemory', fields: { memoryKey: { __rl: true, mode: 'list', value: str(p.memoryKey, 'vector_store_key') } } };
}

function embeddings(ctx: ReverseContext, p: Params, key: string, label: string, dx: number, dy: number): N8nNode {
  const cred = ctx.node.credentials?.embeddingsApi;
  const base = str(p.embeddingBaseUrl).replace(/\/+$/, '');
  if (base === GEMINI_OPENAI_BASE) {
    return sub(ctx, key, label, 'embeddingsGoogleGemini', 1, { modelName: `models/${str(p.embeddingModel, 'text-embedding-004')}` }, dx, dy, cred ? { googlePalmApi: cred } : undefined);
  }
  if (base === MISTRAL_BASE) return sub(ctx, key, label, 'embeddingsMistralCloud', 1, { model: str(p.embeddingModel, 'mistral-embed'), options: {} }, dx, dy, cred ? { mistralCloudApi: cred } : undefined);
  const options: Params = {};
  if (p.embeddingBaseUrl) options.baseURL = str(p.embeddingBaseUrl);
  if (p.embeddingDimensions !== undefined) options.dimensions = p.embeddingDimensions;
  return sub(ctx, key, label, 'embeddingsOpenAi', 1.2, { model: str(p.embeddingModel, 'text-embedding-3-small'), options }, dx, dy, cred ? { openAiApi: cred } : undefined);
}

function qdrantCredentials(ctx: ReverseContext, p: Params): Record<string, CredentialRef> | undefined {
  const slot = str(p.backend) === 'qdrant' ? 'qdrantApi' : str(p.backend) === 'pinecone' ? 'pineconeApi' : undefined;
  const cred = slot ? ctx.node.credentials?.[slot] : undefined;
  return slot && cred ? { [slot]: cred } : undefined;
}

/** Pinecone keeps its namespace (and clearing it) under options. */
function pineconeOptions(p: Params, parameters: Params, insert: boolean): void {
  if (str(p.backend) !== 'pinecone') return;
  const options: Params = {};
  if (str(p.pineconeNamespace)) options.pineconeNamespace = str(p.pineconeNamespace);
  if (insert && p.clearStore === true) options.clearNamespace = true;
  parameters.options = options;
}

export const vectorStore: ReverseMapper = (ctx) => {
  const p = ctx.params;
  const { type, fields } = storeType(p);
  const mode = str(p.mode, 'insert');
  const parameters: Params = { mode, ...fields, options: {} };
  const subnodes: NestedOut[] = [{ node: embeddings(ctx, p, 'embeddings', 'Embeddings', 0, 220), connectionType: 'ai_embedding' }];
  if (mode === 'load') {
    Object.assign(parameters, { prompt: str(p.prompt), topK: numOr(p.topK, 4) });
    if (p.includeMetadata === false) parameters.includeDocumentMetadata = false;
  } else {
    if (p.clearStore === true && type === 'vectorStoreInMemory') parameters.clearStore = true;
    const loader: Params = { dataType: str(p.dataType, 'json'), textSplittingMode: 'custom', options: {} };
    if (str(p.dataType) === 'binary') {
      if (str(p.binaryField)) Object.assign(loader, { binaryMode: 'specificField', binaryDataKey: str(p.binaryField) });
    } else if (str(p.jsonMode) === 'expressionData') Object.assign(loader, { jsonMode: 'expressionData', jsonData: p.jsonData ?? '' });
    const metadata = Object.entries(obj(p.metadata)).map(([name, value]) => ({ name, value }));
    if (metadata.length) loader.options = { metadata: { metadataValues: metadata } };
    const loaderNode = sub(ctx, 'loader', 'Loader', 'documentDefaultDataLoader', 1.1, loader, 160, 220);
    subnodes.push({ node: loaderNode, connectionType: 'ai_document' });
    const splitter = str(p.splitter, 'recursiveCharacter');
    if (splitter === 'none') {
      loader.textSplittingMode = 'simple';
      ctx.warn('"Store each text whole" has no n8n equivalent: the n8n loader splits into chunks of 1000 characters');
    } else {
      const size = { chunkSize: numOr(p.chunkSize, 1000), chunkOverlap: numOr(p.chunkOverlap, 200) };
      const node = splitter === 'token'
        ? sub(ctx, 'splitter', 'Token Splitter', 'textSplitterTokenSplitter', 1, size, 160, 440)
        : sub(ctx, 'splitter', 'Splitter', 'textSplitterRecursiveCharacterTextSplitter', 1, { ...size, options: {} }, 160, 440);
      subnodes.push({ node, connectionType: 'ai_textSplitter', into: loaderNode.name });
    }
  }
  pineconeOptions(p, parameters, mode !== 'load');
  const credentials = qdrantCredentials(ctx, p);
  return { type: LC + type, typeVersion: 1.1, parameters, subnodes, credentials: credentials ?? {} };
};

/** An agent's vectorStore tool: the store in "retrieve as tool" mode, with its embeddings nested. */
export function vectorStoreToolNodes(ctx: ReverseContext, t: Params, i: number, dx: number): NestedOut[] {
  const { type, fields } = storeType(t);
  const parameters: Params = { mode: 'retrieve-as-tool', toolName: str(t.name), toolDescription: str(t.description), topK: numOr(t.topK, 4), ...fields, options: {} };
  if (t.includeMetadata === false) parameters.includeDocumentMetadata = false;
  pineconeOptions(t, parameters, false);
  const store = sub(ctx, `tool${i}`, `Tool ${str(t.name)}`, type, 1.1, parameters, dx, 220, qdrantCredentials(ctx, t));
  return [
    { node: store, connectionType: 'ai_tool' },
    { node: embeddings(ctx, t, `tool${i}-embeddings`, `Tool ${str(t.name)} Embeddings`, dx, 440), connectionType: 'ai_embedding', into: store.name },
  ];
}

/**
 * An agent with `retrieval` answering in `response` (an imported Question and Answer Chain) -> chainRetrievalQa
 * 1.5 with its model, a Vector Store Retriever, the store (retrieve mode) and its embeddings nested.
 */
export function chainRetrievalQa(ctx: ReverseContext, model: N8nNode): { type: string; typeVersion: number; parameters: Params; subnodes: NestedOut[]; credentials: Record<string, CredentialRef> } {
  const p = ctx.params;
  const r = obj(p.retrieval);
  const parameters: Params = {};
  const prompt = str(p.prompt, '={{ $json.chatInput }}');
  if (prompt !== '={{ $json.chatInput }}') Object.assign(parameters, { promptType: 'define', text: prompt });
  const system = str(p.systemPrompt);
  parameters.options = system && system !== QA_SYSTEM_PROMPT ? { systemPromptTemplate: system } : {};
  const retriever = sub(ctx, 'retriever', 'Retriever', 'retrieverVectorStore', 1, { topK: numOr(r.topK, 4) }, 160, 220);
  const { type, fields } = storeType(r);
  const store = sub(ctx, 'store', 'Vector Store', type, 1.1, { ...fields, options: {} }, 160, 440, qdrantCredentials(ctx, r));
  pineconeOptions(r, store.parameters as Params, false);
  return {
    type: LC + 'chainRetrievalQa',
    typeVersion: 1.5,
    parameters,
    subnodes: [
      { node: model, connectionType: 'ai_languageModel' },
      { node: retriever, connectionType: 'ai_retriever' },
      { node: store, connectionType: 'ai_vectorStore', into: retriever.name },
      { node: embeddings(ctx, r, 'embeddings', 'Embeddings', 160, 660), connectionType: 'ai_embedding', into: store.name },
    ],
    credentials: {},
  };
}
