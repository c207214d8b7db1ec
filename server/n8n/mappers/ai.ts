/**
 * n8n's LangChain nodes. Root nodes (AI Agent, Basic LLM Chain, Information Extractor, OpenAI "message a
 * model") become Weft's agent; their sub-nodes (language model, memory, output parser, tools) fold into the
 * agent's params, following the table in nodes/agent/README.md. The Text Classifier becomes Weft's
 * textClassifier, into which only a language model folds.
 */
import type { Mapper } from './types';
import type { N8nNode } from '../types';
import { arr, locatorValue, num, obj, str, type Params } from './util';
import { foldVectorSubnode, RETRIEVAL_SUBNODES, VECTOR_STORE_SUBNODES, VECTOR_STORES, VECTOR_TOOL_SUBNODES, vectorSubnodeFolds } from './vectorStores';

const LC = '@n8n/n8n-nodes-langchain.';
const AUTO_PROMPT = '={{ $json.chatInput }}';

const LANGUAGE_MODELS = ['lmChatOpenAi', 'lmChatAnthropic', 'lmChatOllama', 'lmChatGoogleGemini', 'lmChatOpenRouter', 'lmChatDeepSeek', 'lmChatGroq', 'lmChatMistralCloud', 'lmOpenAi'].map((t) => LC + t);

/** Sub-node types that fold into an agent, by n8n type. */
export const FOLDABLE_SUBNODES = new Set([
  ...LANGUAGE_MODELS,
  ...VECTOR_STORE_SUBNODES,
  ...VECTOR_TOOL_SUBNODES,
  ...['memoryBufferWindow', 'memoryPostgresChat', 'memoryRedisChat', 'outputParserStructured', 'outputParserAutofixing', 'outputParserItemList', 'mcpClientTool', 'toolWorkflow', 'toolHttpRequest', 'toolCode', 'toolCalculator', 'toolWikipedia'].map((t) => LC + t),
]);

/** Root types whose sub-nodes fold, and which sub-node types each accepts (default: every foldable one). */
export const FOLDING_ROOTS: Record<string, Set<string> | undefined> = {
  [LC + 'agent']: undefined,
  [LC + 'chainLlm']: undefined,
  [LC + 'openAi']: undefined,
  [LC + 'informationExtractor']: new Set(LANGUAGE_MODELS),
  [LC + 'textClassifier']: new Set(LANGUAGE_MODELS),
  [LC + 'chainRetrievalQa']: new Set([...LANGUAGE_MODELS, ...RETRIEVAL_SUBNODES]),
  // MCP Server Trigger: its tools (node tools fold too, see import.ts).
  [LC + 'mcpTrigger']: new Set(['toolWorkflow', 'toolHttpRequest', 'toolCode', 'toolCalculator', 'toolWikipedia'].map((t) => LC + t)),
  // Vector stores in insert / load mode (one that feeds an agent or a retriever is a sub-node, not a root).
  ...Object.fromEntries([...VECTOR_STORES].map((t) => [t, VECTOR_STORE_SUBNODES])),
};

/** The Weft node a root's sub-nodes fold into. */
export function foldedWeftType(rootType: string | undefined): string {
  if (rootType === LC + 'textClassifier') return 'textClassifier';
  if (rootType === LC + 'mcpTrigger') return 'mcpTrigger';
  return rootType && VECTOR_STORES.has(rootType) ? 'vectorStore' : 'agent';
}

/** Whether sub-node `sub` can fold into a root of type `rootType` (by type, and by its params where they matter). */
export function foldsInto(rootType: string, sub: N8nNode): boolean {
  const accepted = FOLDING_ROOTS[rootType];
  if (!FOLDABLE_SUBNODES.has(sub.type) || (accepted && !accepted.has(sub.type))) return false;
  if (!vectorSubnodeFolds(sub)) return false;
  // Weft's code tools run JavaScript only.
  return !(sub.type === LC + 'toolCode' && str(obj(sub.parameters).language, 'javaScript') !== 'javaScript');
}

const base = (prompt: unknown, systemPrompt: string, extra: Params = {}): Params => ({
  provider: 'openai',
  model: 'gpt-4o-mini',
  systemPrompt,
  prompt: prompt || AUTO_PROMPT,
  mcpServers: [],
  tools: [],
  ...extra,
});

/** The item field a LangChain root of this version reads when its prompt is not set (1: input, 1.1: chat_input). */
const defaultPrompt = (version: number) => (version < 1.1 ? '={{ $json.input }}' : version < 1.2 ? '={{ $json.chat_input }}' : AUTO_PROMPT);

export const agent: Mapper = ({ params: p, version }) => {
  const options = obj(p.options);
  const prompt = str(p.promptType, 'auto') === 'auto' && !p.text ? defaultPrompt(version) : (p.text ?? AUTO_PROMPT);
  return {
    type: 'agent',
    params: base(prompt, str(options.systemMessage, 'You are a helpful assistant.'), {
      maxSteps: Math.min(100, Math.max(1, num(options.maxIterations, 10))),
      includeSteps: options.returnIntermediateSteps === true,
    }),
  };
};

/**
 * Basic LLM Chain: one model call, no tools. n8n writes the answer to `text` (to `output` once an output
 * parser is connected, which foldSubnode handles). Versions before 1.4 have `prompt` instead of
 * promptType/text. System messages become the system prompt; text human messages go before the prompt;
 * image messages cannot be sent by Weft.
 */
export const chainLlm: Mapper = ({ params: p, version, warn }) => {
  const messages = arr<Params>(obj(p.messages).messageValues);
  const kind = (m: Params) => str(m.type, 'SystemMessagePromptTemplate');
  const images = messages.filter((m) => kind(m) === 'HumanMessagePromptTemplate' && str(m.messageType, 'text') !== 'text');
  if (images.length) return { unsupported: `Its prompt has ${images.length} image message${images.length === 1 ? '' : 's'}; Weft's agent sends text only` };
  const system = messages.filter((m) => kind(m) === 'SystemMessagePromptTemplate').map((m) => str(m.message)).join('\n');
  const human = messages.filter((m) => kind(m) === 'HumanMessagePromptTemplate').map((m) => str(m.message));
  if (messages.some((m) => kind(m) === 'AIMessagePromptTemplate')) warn('AI messages of the prompt are left out: Weft\'s agent takes one prompt');
  const prompt = version < 1.4 ? (p.prompt ?? defaultPrompt(version)) : str(p.promptType, 'auto') === 'auto' && !p.text ? AUTO_PROMPT : (p.text ?? AUTO_PROMPT);
  return {
    type: 'agent',
    params: base(joinPrompt(human, prompt), system || 'You are a helpful assistant.', { maxSteps: 1, includeSteps: false, outputField: 'text' }),
  };
};

/** Human messages before the prompt; an expression stays an expression. */
function joinPrompt(before: string[], prompt: unknown): unknown {
  if (!before.length) return prompt;
  const plain = (t: string) => (t.startsWith('=') ? t.slice(1) : t);
  const parts = [...before, str(prompt)];
  const expr = parts.some((t) => t.startsWith('='));
  return (expr ? '=' : '') + parts.map((t) => (expr ? plain(t) : t)).join('\n\n');
}

const EXTRACTOR_PROMPT =
  'You extract information from text. Extract only what the text says; leave out an attribute whose value the text does not give.';

/** Information Extractor: one model call whose JSON answer follows the attributes or schema, in `output`. */
export const informationExtractor: Mapper = ({ params: p }) => {
  const options = obj(p.options);
  const extra: Params = { maxSteps: 2, includeSteps: false };
  const schemaType = str(p.schemaType, 'fromAttributes');
  if (schemaType === 'manual') extra.outputSchema = str(p.inputSchema, '{}');
  else if (schemaType === 'fromJson') extra.outputExample = str(p.jsonSchemaExample, '{}');
  else extra.outputSchema = attributesSchema(arr<Params>(obj(p.attributes).attributes));
  return { type: 'agent', params: base(p.text ?? '={{ $json.text }}', str(options.systemPromptTemplate, EXTRACTOR_PROMPT), extra) };
};

function attributesSchema(attributes: Params[]): Params {
  const properties: Params = {};
  for (const a of attributes) {
    const type = str(a.type, 'string');
    const description = str(a.description);
    properties[str(a.name) || 'value'] =
      type === 'date'
        ? { type: 'string', description: `${description}${description ? ' ' : ''}(a date, ISO 8601)` }
        : { type: ['number', 'boolean'].includes(type) ? type : 'string', ...(description ? { description } : {}) };
  }
  const required = attributes.filter((a) => a.required === true).map((a) => str(a.name) || 'value');
  return { type: 'object', properties, ...(required.length ? { required } : {}) };
}

/** Text Classifier: categories become outputs (output0.., plus other with fallback "other"). */
export const textClassifier: Mapper = ({ params: p }) => {
  const options = obj(p.options);
  const categories = arr<Params>(obj(p.categories).categories).map((c) => ({ category: str(c.category), description: str(c.description) }));
  if (!categories.length) return { unsupported: 'It has no categories' };
  const fallback = str(options.fallback, 'discard') === 'other' ? 'other' : 'discard';
  const params: Params = { provider: 'openai', model: 'gpt-4o-mini', inputText: p.inputText ?? '={{ $json.text }}', categories };
  if (options.multiClass === true) params.multiClass = true;
  if (fallback === 'other') params.fallback = 'other';
  if (typeof options.systemPromptTemplate === 'string' && options.systemPromptTemplate) params.systemPrompt = options.systemPromptTemplate;
  return { type: 'textClassifier', params, outputs: [...categories.map((_, i) => `output${i}`), ...(fallback === 'other' ? ['other'] : [])] };
};

/** The old Manual Chat Trigger, like the Chat Trigger: a Manual Trigger run with the chat message as input. */
export const manualChatTrigger: Mapper = ({ version, warn }) => {
  warn(`Manual Chat Trigger becomes a Manual Trigger: run it with input such as { "${version < 1.1 ? 'input' : 'chatInput'}": "Hello", "sessionId": "1" }`);
  return { type: 'manualTrigger', params: {} };
};

/** The standalone OpenAI node: only "message a model" (text) maps; images, audio, files do not. */
export const openAi: Mapper = ({ params: p, node }) => {
  const resource = str(p.resource, 'text');
  const operation = str(p.operation, resource === 'text' ? 'message' : 'generate');
  if (resource === 'audio' || resource === 'image') return openAiMedia(p, resource, operation);
  if (resource !== 'text' || operation !== 'message') return { unsupported: `OpenAI ${resource} "${operation}" is not supported (only "message a model" and the audio and image operations)` };
  const msgs = arr<Params>(obj(p.messages).values);
  const system = msgs.filter((m) => str(m.role) === 'system').map((m) => str(m.content)).join('\n');
  const user = msgs.filter((m) => str(m.role, 'user') !== 'system').map((m) => str(m.content));
  const options = obj(p.options);
  const params = base(user.length === 1 ? user[0] : user.join('\n\n'), system || 'You are a helpful assistant.', {
    model: locatorValue(p.modelId) || 'gpt-4o-mini',
    maxSteps: 1,
    ...(options.temperature !== undefined ? { temperature: num(options.temperature, 1) } : {}),
    ...(options.maxTokens !== undefined ? { maxTokens: num(options.maxTokens, 1024) } : {}),
  });
  if (p.jsonOutput === true) params.outputSchema = { type: 'object' };
  void node;
  return { type: 'agent', params, credentialSlots: { openAiApi: 'llmApi' } };
};

/**
 * OpenAI audio (transcribe, translate, generate) and image (analyze, generate) -> Weft's openAi node. n8n's
 * options collection flattens into the node's params; what equals the node's default is left out.
 */
function openAiMedia(p: Params, resource: 'audio' | 'image', operation: string): ReturnType<Mapper> {
  const options = obj(p.options);
  const params: Params = { resource, operation };
  const set = (key: string, value: unknown) => {
    if (value !== undefined && value !== '') params[key] = value;
  };
  const op = `${resource}.${operation}`;
  if (op === 'audio.transcribe' || op === 'audio.translate') {
    set('binaryPropertyName', p.binaryPropertyName ?? 'data');
    if (op === 'audio.transcribe') set('language', options.language);
    set('temperature', options.temperature);
  } else if (op === 'audio.generate') {
    set('model', str(p.model, 'tts-1'));
    set('input', p.input ?? '');
    set('voice', p.voice ?? 'alloy');
    set('responseFormat', options.response_format);
    set('speed', options.speed);
    set('outputBinaryProperty', options.binaryPropertyOutput);
  } else if (op === 'image.analyze') {
    set('model', locatorValue(p.modelId) || str(p.model) || 'gpt-4o');
    set('text', p.text ?? "What's in this image?");
    set('inputType', str(p.inputType, 'url'));
    set('imageUrls', p.imageUrls);
    set('binaryPropertyName', p.binaryPropertyName);
    set('detail', options.detail);
    set('maxTokens', options.maxTokens);
    if (p.simplify === false || options.simplify === false) params.simplify = false;
  } else if (op === 'image.generate') {
    set('model', locatorValue(p.modelId) || str(p.model) || 'dall-e-3');
    set('prompt', p.prompt ?? '');
    for (const k of ['n', 'size', 'quality', 'style', 'returnImageUrls'] as const) set(k, options[k]);
    set('outputBinaryProperty', options.dataPropertyName);
  } else {
    return { unsupported: `OpenAI ${resource} "${operation}" is not supported (audio: transcribe, translate, generate; image: analyze, generate)` };
  }
  return { type: 'openAi', params, credentialSlots: { openAiApi: 'llmApi' } };
}

const GEMINI_BASE = 'https://generativelanguage.googleapis.com/v1beta/openai';

/** Folds one sub-node into agent params; returns the Weft credential slot its credential goes to, if any. */
export function foldSubnode(agentParams: Params, sub: N8nNode, warn: (m: string) => void, rootType = LC + 'agent', into?: string): { slot?: string } {
  // Vector stores, embeddings, loaders and splitters (into the agent's vector store tools, or a vector store root).
  const vector = foldVectorSubnode(agentParams, sub, warn, into);
  if (vector) return vector;
  const t = sub.type.slice(LC.length);
  const p = obj(sub.parameters);
  const options = obj(p.options);
  const model = (fallback: string) => locatorValue(p.model) || str(p.modelName) || fallback;
  const tuning = () => {
    if (options.temperature !== undefined) agentParams.temperature = num(options.temperature, 0.7);
    if (options.maxTokens !== undefined) agentParams.maxTokens = num(options.maxTokens, 1024);
    else if (options.maxTokensToSample !== undefined) agentParams.maxTokens = num(options.maxTokensToSample, 1024);
  };
  switch (t) {
    case 'lmChatOpenAi':
    case 'lmOpenAi':
      Object.assign(agentParams, { provider: 'openai', model: model('gpt-4o-mini') });
      if (options.baseURL) agentParams.baseUrl = str(options.baseURL);
      tuning();
      return { slot: 'llmApi' };
    case 'lmChatAnthropic':
      Object.assign(agentParams, { provider: 'anthropic', model: model('claude-sonnet-4-5') });
      tuning();
      return { slot: 'llmApi' };
    case 'lmChatOllama':
      Object.assign(agentParams, { provider: 'openai', model: model('llama3.2'), baseUrl: 'http://127.0.0.1:11434/v1' });
      warn(`Ollama model: the base URL comes from n8n's Ollama credential, which is not exported; Weft uses http://127.0.0.1:11434/v1, change it on the agent if needed`);
      tuning();
      return {};
    case 'lmChatGoogleGemini':
      Object.assign(agentParams, { provider: 'openai', model: model('models/gemini-2.0-flash').replace(/^models\//, ''), baseUrl: GEMINI_BASE });
      tuning();
      return { slot: 'llmApi' };
    case 'lmChatOpenRouter':
      Object.assign(agentParams, { provider: 'openai', model: model('openai/gpt-4o-mini'), baseUrl: 'https://openrouter.ai/api/v1' });
      tuning();
      return { slot: 'llmApi' };
    case 'lmChatDeepSeek':
      Object.assign(agentParams, { provider: 'openai', model: model('deepseek-chat'), baseUrl: 'https://api.deepseek.com/v1' });
      tuning();
      return { slot: 'llmApi' };
    case 'lmChatGroq':
      Object.assign(agentParams, { provider: 'openai', model: model('llama-3.3-70b-versatile'), baseUrl: 'https://api.groq.com/openai/v1' });
      tuning();
      return { slot: 'llmApi' };
    case 'lmChatMistralCloud':
      Object.assign(agentParams, { provider: 'openai', model: model('mistral-small-latest'), baseUrl: 'https://api.mistral.ai/v1' });
      tuning();
      return { slot: 'llmApi' };
    case 'memoryBufferWindow':
    case 'memoryPostgresChat':
    case 'memoryRedisChat': {
      // Simple Memory and the Postgres / Redis chat memories become the one Weft memory (Postgres, per
      // workflow, owner and session key). Before 1.1 the session always came from the input.
      const custom = str(p.sessionIdType, 'fromInput') === 'customKey';
      agentParams.memory = { windowSize: Math.max(1, num(p.contextWindowLength, 5)), sessionKey: custom ? str(p.sessionKey, 'default') : '={{ $json.sessionId }}', store: 'workflow' };
      if (t !== 'memoryBufferWindow') {
        const where = t === 'memoryPostgresChat' ? `Postgres table "${str(p.tableName, 'n8n_chat_histories')}"` : 'Redis';
        warn(`Memory "${sub.name}": Weft keeps the conversation in its own Postgres (per workflow and session), not in your ${where}; earlier messages stored there are not read`);
      }
      return {};
    }
    case 'outputParserStructured':
      // A Basic LLM Chain with a parser writes the parsed answer to `output`, as the agent does.
      if (agentParams.outputField === 'text') delete agentParams.outputField;
      // Versions before 1.2 hold a JSON Schema in `jsonSchema`.
      if (num(sub.typeVersion, 1) < 1.2 && typeof p.jsonSchema === 'string') agentParams.outputSchema = p.jsonSchema;
      else if (str(p.schemaType, 'fromJson') === 'manual') agentParams.outputSchema = str(p.inputSchema);
      else agentParams.outputExample = str(p.jsonSchemaExample, '{}');
      return {};
    case 'outputParserItemList':
      // n8n outputs one item { text: entry } per entry of the list.
      agentParams.listOutput = { separator: str(options.separator, '\n').replace(/\\n/g, '\n'), maxItems: num(options.numberOfItems, -1) };
      return {};
    case 'outputParserAutofixing':
      // Its parser folds in too (import.ts); a non-matching answer gets one more model call with the reason,
      // as n8n's auto-fixing parser asks its model to fix the answer.
      if (agentParams.outputField === 'text') delete agentParams.outputField;
      if (agentParams.maxSteps === 1) agentParams.maxSteps = 2;
      return {};
    case 'mcpClientTool': {
      allowToolRounds(agentParams, rootType);
      const url = str(p.endpointUrl) || str(p.sseEndpoint);
      const include = str(p.include, 'all');
      const server: Params = { transport: 'http', url, useCredential: str(p.authentication, 'none') !== 'none' };
      if (include === 'selected') server.tools = arr(p.includeTools).map((x) => str(x));
      if (include === 'except') warn(`MCP client "${sub.name}": excluding tools is not supported; every tool of the server is offered`);
      (agentParams.mcpServers as Params[]).push(server);
      return server.useCredential ? { slot: 'mcpAuth' } : {};
    }
    case 'toolWorkflow':
      allowToolRounds(agentParams, rootType);
      (agentParams.tools as Params[]).push(workflowTool(p, sub, num(sub.typeVersion, 1), warn));
      warn(`Tool "${sub.name}" runs n8n workflow ${locatorValue(p.workflowId) || '(none)'}: import that workflow and choose it on the agent`);
      return {};
    case 'toolHttpRequest':
      allowToolRounds(agentParams, rootType);
      (agentParams.tools as Params[]).push(httpTool(p, sub, warn));
      return {};
    case 'toolCode':
      allowToolRounds(agentParams, rootType);
      (agentParams.tools as Params[]).push({ kind: 'code', name: toolName(p, sub), description: str(p.description), code: str(p.jsCode, 'return query;'), ...inputSchema(p, sub, warn) });
      return {};
    case 'toolCalculator':
      allowToolRounds(agentParams, rootType);
      (agentParams.tools as Params[]).push({ kind: 'calculator', name: 'calculator' });
      return {};
    case 'toolWikipedia':
      allowToolRounds(agentParams, rootType);
      (agentParams.tools as Params[]).push({ kind: 'wikipedia', name: 'wikipedia' });
      return {};
    default:
      return {};
  }
}

/** `$fromAI('name', 'description', 'type')` as the whole value of an n8n field, or undefined. */
export function parseFromAI(value: unknown): { name: string; description: string; type: string } | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^=\{\{\s*(?:\/\*[\s\S]*?\*\/\s*)?\$fromAI\(([\s\S]*)\)\s*\}\}$/.exec(value.trim());
  if (!m) return undefined;
  const args: string[] = [];
  const re = /\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|`((?:[^`\\]|\\.)*)`)\s*(?:,|$)/y;
  let hit: RegExpExecArray | null;
  while ((hit = re.exec(m[1])) && args.length < 3) args.push(hit[1] ?? hit[2] ?? hit[3] ?? '');
  if (!args[0]) return undefined;
  const plain = (v: string) => v.replace(/\\(.)/g, '$1');
  return { name: plain(args[0]), description: plain(args[1] ?? ''), type: args[2] || 'string' };
}

const JSON_TYPES = new Set(['string', 'number', 'boolean', 'object', 'array']);

/**
 * Call n8n Workflow tool. Version 2 maps its inputs: `$fromAI(...)` values become the tool's parameters, the
 * others fixed `inputs`. Before 2: `fields` are fixed inputs, `specifyInputSchema` gives the parameters (else
 * n8n's `{ query }`), `responsePropertyName` the field returned.
 */
function workflowTool(p: Params, sub: N8nNode, version: number, warn: (m: string) => void): Params {
  const tool: Params = { kind: 'workflow', name: toolName(p, sub), description: str(p.description), workflowId: locatorValue(p.workflowId) || 'unset' };
  const inputs: Params = {};
  if (version >= 2) {
    const mapper = obj(p.workflowInputs);
    const types = new Map(arr<Params>(mapper.schema).map((f) => [str(f.id), str(f.type)]));
    const properties: Params = {};
    for (const [key, value] of Object.entries(obj(mapper.value))) {
      const ai = parseFromAI(value);
      if (!ai) {
        if (typeof value === 'string' && value.includes('$fromAI(')) warn(`Tool "${sub.name}": input "${key}" mixes $fromAI with other text; Weft passes it as written`);
        inputs[key] = value;
        continue;
      }
      const type = JSON_TYPES.has(ai.type) ? ai.type : JSON_TYPES.has(types.get(key) ?? '') ? types.get(key)! : 'string';
      properties[key] = { type, ...(ai.description ? { description: ai.description } : {}) };
    }
    tool.parameters = { type: 'object', properties, required: Object.keys(properties) };
  } else {
    for (const f of arr<Params>(obj(p.fields).values)) {
      const name = str(f.name);
      if (!name) continue;
      const type = str(f.type, 'stringValue');
      inputs[name] = f[type.endsWith('Value') ? type : `${type}Value`] ?? f.stringValue ?? '';
    }
    Object.assign(tool, inputSchema(p, sub, warn));
    if (typeof p.responsePropertyName === 'string' && p.responsePropertyName) tool.responseField = p.responsePropertyName;
  }
  if (str(p.source, 'database') === 'parameter') warn(`Tool "${sub.name}": its workflow is defined inline in n8n; import that JSON as a workflow of its own and choose it on the agent`);
  if (Object.keys(inputs).length) tool.inputs = inputs;
  return tool;
}

/**
 * HTTP Request tool: `{name}` placeholders (URL, query values, JSON body) and query/body parameters the model
 * provides become the tool's parameters (typed and described by placeholderDefinitions); fixed headers,
 * query parameters and body fields stay fixed.
 */
function httpTool(p: Params, sub: N8nNode, warn: (m: string) => void): Params {
  const tool: Params = { kind: 'http', name: toolName(p, sub), description: str(p.toolDescription), method: str(p.method, 'GET'), url: str(p.url, 'http://127.0.0.1/') };
  const properties: Params = {};
  const required = new Set<string>();
  const defs = new Map(arr<Params>(obj(p.placeholderDefinitions).values).map((d) => [str(d.name), d]));
  const property = (name: string, isRequired: boolean) => {
    const d = defs.get(name);
    const type = str(d?.type, 'string');
    properties[name] = { type: JSON_TYPES.has(type) ? type : 'string', ...(str(d?.description) ? { description: str(d?.description) } : {}) };
    if (isRequired) required.add(name);
  };
  const placeholders = (text: string) => {
    for (const m of text.matchAll(/\{(\w+)\}/g)) property(m[1], true);
  };
  placeholders(str(tool.url));
  const fixed = (values: Params[], what: string): Params => {
    const out: Params = {};
    for (const v of values) {
      const name = str(v.name);
      if (!name) continue;
      const provider = str(v.valueProvider, 'modelRequired');
      if (provider === 'fieldValue') {
        out[name] = v.value ?? '';
        if (typeof v.value === 'string') placeholders(v.value);
      } else if (what === 'header') warn(`Tool "${sub.name}": header "${name}" is filled by the model in n8n; Weft sends fixed headers only`);
      else property(name, provider === 'modelRequired');
    }
    return out;
  };
  if (p.sendHeaders === true) {
    const headers = fixed(arr<Params>(obj(p.parametersHeaders).values), 'header');
    if (Object.keys(headers).length) tool.headers = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, str(v)]));
  }
  if (p.sendQuery === true) {
    const query = fixed(arr<Params>(obj(p.parametersQuery).values), 'query');
    if (Object.keys(query).length) tool.query = Object.fromEntries(Object.entries(query).map(([k, v]) => [k, str(v)]));
  }
  if (p.sendBody === true || typeof p.jsonBody === 'string') {
    if (str(p.specifyBody, typeof p.jsonBody === 'string' ? 'json' : 'keypair') === 'json') {
      tool.body = str(p.jsonBody, '{}');
      placeholders(str(tool.body));
    } else {
      const fields = fixed(arr<Params>(obj(p.parametersBody).values), 'body');
      if (Object.keys(fields).length) tool.bodyFields = fields;
    }
  }
  for (const name of defs.keys()) if (name && !(name in properties)) property(name, false);
  if (str(p.authentication, 'none') !== 'none') warn(`Tool "${sub.name}": n8n authenticates this request with a credential; Weft's HTTP tool sends only its fixed headers, add the key there`);
  tool.parameters = { type: 'object', properties, ...(required.size ? { required: [...required].sort() } : {}) };
  return tool;
}

/** n8n's "Specify Input Schema" (workflow tool 1.x, code tool 1.1) as the tool's `parameters`. */
function inputSchema(p: Params, sub: N8nNode, warn: (m: string) => void): { parameters?: Params | string } {
  if (p.specifyInputSchema !== true) return {};
  if (str(p.schemaType, 'fromJson') === 'manual') return { parameters: str(p.inputSchema, '{}') };
  try {
    return { parameters: schemaOf(JSON.parse(str(p.jsonSchemaExample, '{}'))) };
  } catch {
    warn(`Tool "${sub.name}": its JSON example is not valid JSON; the tool takes { query }`);
    return {};
  }
}

/** A JSON Schema with the example's shape (the agent derives the same for outputExample). */
function schemaOf(example: unknown): Params {
  if (Array.isArray(example)) return { type: 'array', items: example.length ? schemaOf(example[0]) : {} };
  if (example && typeof example === 'object') return { type: 'object', properties: Object.fromEntries(Object.entries(example).map(([k, v]) => [k, schemaOf(v)])) };
  return { type: typeof example === 'number' || typeof example === 'boolean' ? typeof example : 'string' };
}

/**
 * The OpenAI node maps with one model call; with tools n8n's "message a model" loops through tool calls
 * (up to 15 rounds by default), so the agent gets those rounds plus the answer.
 */
function allowToolRounds(agentParams: Params, rootType: string): void {
  if (rootType === LC + 'openAi' && agentParams.maxSteps === 1) agentParams.maxSteps = 16;
}

function toolName(p: Params, sub: N8nNode): string {
  const n = str(p.name) || sub.name;
  return n.replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 64) || 'tool';
}

/**
 * MCP Server Trigger: served at /mcp/<path> (n8n's path without leading slashes). Its tool sub-nodes fold in as
 * an agent's do (tools, node tools). n8n's authentication none / bearerAuth / headerAuth keep their names.
 */
export const mcpTrigger: Mapper = ({ params: p, node, warn }) => {
  const auth = str(p.authentication, 'none');
  if (!['none', 'bearerAuth', 'headerAuth'].includes(auth)) return { unsupported: `MCP Server Trigger authentication "${auth}" is not supported` };
  const path = (str(p.path) || str(node.webhookId)).replace(/^\/+|\/+$/g, '');
  if (path.includes(':')) warn(`its path "${path}" has :parameters, which Weft's MCP server paths cannot have: change it before activating`);
  return { type: 'mcpTrigger', params: { path, authentication: auth, nodeTools: [], tools: [] }, credentialSlots: {} };
};
