/**
 * n8n's vector stores (Simple/In-Memory, Qdrant and Pinecone) and what feeds them. In insert and load modes a vector
 * store is a root: it becomes Weft's vectorStore node, and its OpenAI, Ollama, Gemini or Mistral embeddings, Default Data Loader
 * and (nested in the loader) Recursive Character or Token Splitter fold into its params. In "retrieve as tool"
 * mode, or under a Vector Store Tool, it folds into the agent as a `vectorStore` tool, with its embeddings.
 */
import type { Mapper } from './types';
import type { N8nNode } from '../types';
import { arr, locatorValue, num, obj, str, type Params } from './util';

const LC = '@n8n/n8n-nodes-langchain.';

const PINECONE = LC + 'vectorStorePinecone';
export const VECTOR_STORES = new Set([LC + 'vectorStoreInMemory', LC + 'vectorStoreQdrant', PINECONE]);
const EMBEDDINGS = [LC + 'embeddingsOpenAi', LC + 'embeddingsOllama', LC + 'embeddingsGoogleGemini', LC + 'embeddingsMistralCloud'];
export const GEMINI_OPENAI_BASE = 'https://generativelanguage.googleapis.com/v1beta/openai';
export const MISTRAL_BASE = 'https://api.mistral.ai/v1';
const LOADER = LC + 'documentDefaultDataLoader';
const SPLITTER = LC + 'textSplitterRecursiveCharacterTextSplitter';
const TOKEN_SPLITTER = LC + 'textSplitterTokenSplitter';
const TOOL = LC + 'toolVectorStore';
const RETRIEVER = LC + 'retrieverVectorStore';

/** What folds into a vector store root (insert / load). */
export const VECTOR_STORE_SUBNODES = new Set([...EMBEDDINGS, LOADER, SPLITTER, TOKEN_SPLITTER]);
/** What folds into an agent for vector search: the store (as a tool) and what it needs. */
export const VECTOR_TOOL_SUBNODES = new Set([...VECTOR_STORES, TOOL, RETRIEVER, ...EMBEDDINGS]);
/** What folds into a Question and Answer Chain besides its model: the retriever, its store and embeddings. */
export const RETRIEVAL_SUBNODES = new Set([RETRIEVER, ...VECTOR_STORES, ...EMBEDDINGS]);

/** Sub-nodes whose own sub-nodes fold with them. */
export const VECTOR_NESTING = new Set([...VECTOR_STORES, TOOL, RETRIEVER, LOADER]);

/** Loaders that read formats Weft cannot turn into text. */
const BINARY_ONLY_LOADERS = new Set(['pdfLoader', 'docxLoader', 'epubLoader']);

const mode = (p: Params) => str(p.mode, 'retrieve');

/** Whether a vector-store-related sub-node can fold (by its params). */
export function vectorSubnodeFolds(sub: N8nNode): boolean {
  const p = obj(sub.parameters);
  if (sub.type === LOADER) return !BINARY_ONLY_LOADERS.has(str(p.loader, 'auto'));
  if (sub.type === SPLITTER) return !obj(p.options).splitCode;
  if (VECTOR_STORES.has(sub.type)) return ['retrieve', 'retrieve-as-tool'].includes(mode(p)) && !searchFilter(p);
  return true;
}

function searchFilter(p: Params): boolean {
  const o = obj(p.options);
  return Boolean(str(o.searchFilterJson).trim() && str(o.searchFilterJson).trim() !== '{}') || arr(obj(o.metadata).metadataValues).length > 0;
}

/** The back-end fields of a vector store node. */
function storeParams(sub: N8nNode): Params {
  const p = obj(sub.parameters);
  if (sub.type === LC + 'vectorStoreQdrant') return { backend: 'qdrant', qdrantCollection: locatorValue(p.qdrantCollection) };
  if (sub.type === PINECONE) {
    const namespace = str(obj(p.options).pineconeNamespace);
    return { backend: 'pinecone', pineconeIndex: locatorValue(p.pineconeIndex), ...(namespace ? { pineconeNamespace: namespace } : {}) };
  }
  return { backend: 'memory', memoryKey: locatorValue(p.memoryKey) || 'vector_store_key' };
}

/** Vector store in insert or load mode: Weft's vectorStore node (its sub-nodes fold in afterwards). */
export const vectorStore: Mapper = ({ node, params: p, warn }) => {
  const m = mode(p);
  if (m !== 'insert' && m !== 'load') {
    return { unsupported: m === 'retrieve-as-tool' || m === 'retrieve' ? 'It serves a node Weft cannot run as it is (an agent tool or a retriever), so it stays on the canvas with it' : `Vector store mode "${m}" is not supported (insert, load and retrieve as tool are)` };
  }
  if (searchFilter(p)) return { unsupported: 'It filters the search by metadata, which Weft\'s vector store does not do yet' };
  const params: Params = { mode: m, ...storeParams(node), embeddingModel: 'text-embedding-3-small' };
  if (m === 'insert') {
    // Without a loader n8n has no documents; the loader's fields fold in (default: the whole item).
    Object.assign(params, { dataType: 'json', jsonMode: 'allInputData', splitter: 'none' });
    if (p.clearStore === true || (node.type === PINECONE && obj(p.options).clearNamespace === true)) params.clearStore = true;
    if (node.type === LC + 'vectorStoreQdrant' && obj(p.options).collectionConfig) warn('Qdrant collection settings are not carried over: Weft creates a missing collection with cosine distance');
  } else {
    Object.assign(params, { prompt: p.prompt ?? '', topK: num(p.topK, 4), includeMetadata: p.includeDocumentMetadata !== false });
  }
  return { type: 'vectorStore', params, credentialSlots: { qdrantApi: 'qdrantApi', pineconeApi: 'pineconeApi' } };
};

/** Where each folded sub-node's settings go: its parent's target (a vector store tool entry, or the root's params). */
const targets = new WeakMap<Params, Map<string, Params>>();

function targetFor(root: Params, into: string | undefined): Params {
  return (into && targets.get(root)?.get(into)) || root;
}

function remember(root: Params, name: string, target: Params): void {
  (targets.get(root) ?? targets.set(root, new Map()).get(root)!).set(name, target);
}

function toolName(raw: string): string {
  return raw.replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 64) || 'knowledge_base';
}

/**
 * Folds one vector-store-related sub-node into `root` (an agent's or a vector store's params), or into the
 * tool entry its parent made (`into`: the parent sub-node's name). Returns the credential slot, if any.
 */
export function foldVectorSubnode(root: Params, sub: N8nNode, warn: (m: string) => void, into?: string): { slot?: string } | undefined {
  const p = obj(sub.parameters);
  const options = obj(p.options);
  const target = targetFor(root, into);
  const version = num(sub.typeVersion, 1);
  switch (sub.type) {
    case TOOL: {
      // n8n's Vector Store Tool answers with its own model's summary of the chunks; Weft's tool returns the chunks.
      const tool: Params = { kind: 'vectorStore', name: toolName(str(p.name) || sub.name), description: str(p.description), topK: num(p.topK, 4), backend: 'memory' };
      (root.tools as Params[]).push(tool);
      remember(root, sub.name, tool);
      warn(`Tool "${sub.name}": Weft gives the agent the matching chunks; n8n's Vector Store Tool first summarises them with its own model, which is not used`);
      return {};
    }
    case RETRIEVER: {
      // The chain searches before its one model call; the store and its embeddings fold into `retrieval`.
      const retrieval: Params = { backend: 'memory', topK: num(p.topK, 4) };
      root.retrieval = retrieval;
      remember(root, sub.name, retrieval);
      return {};
    }
    case LC + 'vectorStoreInMemory':
    case LC + 'vectorStoreQdrant':
    case PINECONE: {
      const store = storeParams(sub);
      if (!into) {
        // "Retrieve as tool": the store itself is the agent's tool.
        const tool: Params = { kind: 'vectorStore', name: toolName(str(p.toolName) || sub.name), description: str(p.toolDescription), topK: num(p.topK, 4), ...store };
        if (p.includeDocumentMetadata === false) tool.includeMetadata = false;
        (root.tools as Params[]).push(tool);
        remember(root, sub.name, tool);
        if (root.maxSteps === 1) root.maxSteps = 16;
      } else {
        Object.assign(target, store);
        remember(root, sub.name, target);
      }
      return sub.type === LC + 'vectorStoreQdrant' ? { slot: 'qdrantApi' } : sub.type === PINECONE ? { slot: 'pineconeApi' } : {};
    }
    case LC + 'embeddingsOpenAi':
      target.embeddingModel = str(p.model) || (version < 1.2 ? 'text-embedding-ada-002' : 'text-embedding-3-small');
      if (options.baseURL) target.embeddingBaseUrl = str(options.baseURL);
      if (options.dimensions !== undefined) target.embeddingDimensions = num(options.dimensions, 1536);
      return { slot: 'embeddingsApi' };
    case LC + 'embeddingsGoogleGemini':
      // Gemini's OpenAI-compatible endpoint serves embeddings too, with the API key as a bearer token.
      target.embeddingModel = (str(p.modelName) || 'models/text-embedding-004').replace(/^models\//, '');
      target.embeddingBaseUrl = GEMINI_OPENAI_BASE;
      return { slot: 'embeddingsApi' };
    case LC + 'embeddingsMistralCloud':
      target.embeddingModel = str(p.model) || 'mistral-embed';
      target.embeddingBaseUrl = MISTRAL_BASE;
      return { slot: 'embeddingsApi' };
    case LC + 'embeddingsOllama':
      target.embeddingModel = str(p.model) || 'llama3.2';
      target.embeddingBaseUrl = 'http://127.0.0.1:11434/v1';
      warn(`Ollama embeddings: the base URL comes from n8n's Ollama credential, which is not exported; Weft uses http://127.0.0.1:11434/v1, change embeddingBaseUrl if needed`);
      return {};
    case LOADER: {
      const binary = str(p.dataType, 'json') === 'binary';
      target.dataType = binary ? 'binary' : 'json';
      if (binary) {
        if (str(p.binaryMode) === 'specificField') target.binaryField = str(p.binaryDataKey, 'data');
        warn(`Loader "${sub.name}": Weft reads text and JSON files only; extract the text of PDFs and other documents first (Extract from File)`);
      } else {
        target.jsonMode = str(p.jsonMode, 'allInputData') === 'expressionData' ? 'expressionData' : 'allInputData';
        if (target.jsonMode === 'expressionData') target.jsonData = p.jsonData ?? '';
      }
      const metadata: Params = {};
      for (const m of arr<Params>(obj(options.metadata).metadataValues)) if (str(m.name)) metadata[str(m.name)] = m.value ?? '';
      if (Object.keys(metadata).length) target.metadata = metadata;
      // From 1.1 the loader splits by itself unless told to use the connected splitter.
      if (version >= 1.1 && str(p.textSplittingMode, 'simple') === 'simple') Object.assign(target, { splitter: 'recursiveCharacter', chunkSize: 1000, chunkOverlap: 200 });
      remember(root, sub.name, target);
      return {};
    }
    case SPLITTER:
      Object.assign(target, { splitter: 'recursiveCharacter', chunkSize: num(p.chunkSize, 1000), chunkOverlap: num(p.chunkOverlap, 0) });
      return {};
    case TOKEN_SPLITTER:
      Object.assign(target, { splitter: 'token', chunkSize: num(p.chunkSize, 1000), chunkOverlap: num(p.chunkOverlap, 0) });
      warn(`Splitter "${sub.name}": Weft counts tokens approximately (words and punctuation, long words per 4 letters), not with a GPT tokenizer, so chunks differ a little from n8n's`);
      return {};
    default:
      return undefined;
  }
}

export const QA_SYSTEM_PROMPT =
  "Answer the question using the pieces of context below. If they do not contain the answer, say that you don't know; do not make one up.\n----------------\nContext: {context}";

/**
 * Question and Answer Chain: an agent that first searches its retriever's vector store with the question and
 * puts the chunks into the system prompt (`{context}`), then makes one model call; the answer is in `response`.
 */
export const chainRetrievalQa: Mapper = ({ params: p, version }) => {
  const options = obj(p.options);
  const auto = version < 1.1 ? '={{ $json.input }}' : version < 1.2 ? '={{ $json.chat_input }}' : '={{ $json.chatInput }}';
  // From 1.3 the question is `text` (promptType define) or the chat input; before, always the chat input.
  const prompt = version >= 1.3 && str(p.promptType, 'auto') === 'define' ? (p.text ?? auto) : auto;
  return {
    type: 'agent',
    params: {
      provider: 'openai',
      model: 'gpt-4o-mini',
      systemPrompt: str(options.systemPromptTemplate) || QA_SYSTEM_PROMPT,
      prompt,
      mcpServers: [],
      tools: [],
      maxSteps: 1,
      includeSteps: false,
      outputField: 'response',
    },
  };
};
