/**
 * agent -> n8n's AI Agent 1.7 with its sub-nodes (language model, memory, output parser, tools), the inverse of
 * the folding table in nodes/agent/README.md; an agent writing its answer to `text` (what a Basic LLM Chain
 * imports as) -> chainLlm 1.5. textClassifier -> n8n's Text Classifier 1 with its model. mcpTool -> n8n's standalone "MCP Client" node (mcpClient 1.1),
 * which calls one tool of a Streamable HTTP server per item, as mcpTool does.
 */
import type { CredentialRef } from '../../engine/types';
import type { N8nNode } from '../types';
import { arr, entryId, numOr, obj, setIf, str, type Params, type ReverseContext, type ReverseMapper, type ReverseMapping, type SubNodeOut } from './types';
import { chainRetrievalQa, vectorStoreToolNodes } from './vectorStores';

const LC = '@n8n/n8n-nodes-langchain.';
const AUTO_PROMPT = '={{ $json.chatInput }}';
const GEMINI_BASE = 'https://generativelanguage.googleapis.com/v1beta/openai';
const OPENROUTER_BASE = 'https://openrouter.ai/api/v1';
const jsonText = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v ?? {}, null, 2));
const locator = (value: string, mode = 'id') => ({ __rl: true, value, mode });

function subNode(ctx: ReverseContext, key: string, label: string, type: string, typeVersion: number, parameters: Params, dx: number, credentials?: Record<string, CredentialRef>): N8nNode {
  const [x, y] = ctx.node.position;
  return {
    id: entryId(ctx.node.id, 'sub', key),
    name: `${ctx.node.name} ${label}`,
    type: LC + type,
    typeVersion,
    position: [x + dx, y + 220],
    parameters,
    ...(credentials ? { credentials } : {}),
  };
}

function languageModel(ctx: ReverseContext, p: Params): N8nNode {
  const llm = ctx.node.credentials?.llmApi;
  const options: Params = {};
  setIf(options, 'temperature', p.temperature, undefined);
  const model = str(p.model);
  const baseUrl = str(p.baseUrl).replace(/\/+$/, '');
  if (str(p.provider) === 'anthropic') {
    setIf(options, 'maxTokensToSample', p.maxTokens, undefined);
    if (baseUrl) ctx.warn('The Anthropic base URL has no n8n equivalent on the model node; set it on the n8n credential');
    return subNode(ctx, 'model', 'Model', 'lmChatAnthropic', 1.3, { model: { ...locator(model, 'list'), cachedResultName: model }, options }, 0, llm ? { anthropicApi: llm } : undefined);
  }
  setIf(options, 'maxTokens', p.maxTokens, undefined);
  if (baseUrl === GEMINI_BASE) {
    return subNode(ctx, 'model', 'Model', 'lmChatGoogleGemini', 1, { modelName: `models/${model}`, options }, 0, llm ? { googlePalmApi: llm } : undefined);
  }
  if (baseUrl === OPENROUTER_BASE) {
    return subNode(ctx, 'model', 'Model', 'lmChatOpenRouter', 1, { model, options }, 0, llm ? { openRouterApi: llm } : undefined);
  }
  if (baseUrl) options.baseURL = baseUrl;
  return subNode(ctx, 'model', 'Model', 'lmChatOpenAi', 1.2, { model: { ...locator(model, 'list'), cachedResultName: model }, options }, 0, llm ? { openAiApi: llm } : undefined);
}

/**
 * An HTTP tool as n8n's HTTP Request tool 1.1: `{name}` placeholders stay in the URL, query and JSON body;
 * the other parameters become query (GET, DELETE) or body parameters the model provides; descriptions and
 * types go to placeholderDefinitions. (n8n's HTTP Request tool has no name parameter: the node's name is it.)
 */
function httpToolParameters(ctx: ReverseContext, t: Params): Params {
  const method = str(t.method, 'GET');
  const parameters: Params = { toolDescription: str(t.description), url: str(t.url) };
  setIf(parameters, 'method', method, 'GET');
  const headers = Object.entries(obj(t.headers));
  if (headers.length) Object.assign(parameters, { sendHeaders: true, parametersHeaders: { values: headers.map(([name, value]) => ({ name, valueProvider: 'fieldValue', value })) } });
  let schema: Params = {};
  try {
    schema = typeof t.parameters === 'string' ? obj(JSON.parse(t.parameters)) : obj(t.parameters);
  } catch {
    ctx.warn(`Tool "${str(t.name)}": its parameters are not valid JSON; not exported`);
  }
  const properties = t.parameters === undefined ? { query: { type: 'string' } } : obj(schema.properties);
  const required = new Set(arr<string>(t.parameters === undefined ? ['query'] : schema.required));
  const templates = [str(t.url), str(t.body), ...Object.values(obj(t.query)).map((v) => str(v))].join(' ');
  const placeholders = new Set([...templates.matchAll(/\{(\w+)\}/g)].map((m) => m[1]));
  const model = Object.keys(properties)
    .filter((name) => !placeholders.has(name))
    .map((name) => ({ name, valueProvider: required.has(name) ? 'modelRequired' : 'modelOptional' }));
  const hasBody = method !== 'GET' && method !== 'DELETE';
  const query = [...Object.entries(obj(t.query)).map(([name, value]) => ({ name, valueProvider: 'fieldValue', value })), ...(hasBody ? [] : model)];
  if (query.length) Object.assign(parameters, { sendQuery: true, parametersQuery: { values: query } });
  if (hasBody && t.body !== undefined) {
    Object.assign(parameters, { sendBody: true, specifyBody: 'json', jsonBody: str(t.body) });
    if (model.length) ctx.warn(`Tool "${str(t.name)}": with a JSON body template n8n cannot add ${model.map((m) => m.name).join(', ')} to the body`);
  } else if (hasBody) {
    const body = [...Object.entries(obj(t.bodyFields)).map(([name, value]) => ({ name, valueProvider: 'fieldValue', value })), ...model];
    if (body.length) Object.assign(parameters, { sendBody: true, parametersBody: { values: body } });
  }
  const defs = Object.entries(properties)
    .map(([name, prop]) => ({ name, description: str(obj(prop).description), type: str(obj(prop).type, 'string') }))
    .filter((d) => d.description || d.type !== 'string');
  if (defs.length) parameters.placeholderDefinitions = { values: defs };
  return parameters;
}

const quote = (v: string) => `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** A workflow tool's parameters as `$fromAI(...)` inputs and its fixed inputs as values (n8n's workflowInputs). */
function workflowInputs(ctx: ReverseContext, t: Params): Params | undefined {
  let schema: Params = {};
  try {
    schema = typeof t.parameters === 'string' ? obj(JSON.parse(t.parameters)) : obj(t.parameters);
  } catch {
    ctx.warn(`Tool "${str(t.name)}": its parameters are not valid JSON; not exported`);
  }
  const properties = t.parameters === undefined ? { query: { type: 'string' } } : obj(schema.properties);
  const value: Params = {};
  const fields: Params[] = [];
  for (const [key, prop] of Object.entries(properties)) {
    const type = str(obj(prop).type, 'string');
    if (['object', 'array'].includes(type) && obj(prop).properties) ctx.warn(`Tool "${str(t.name)}": the nested schema of "${key}" is exported as a plain ${type}`);
    value[key] = `={{ $fromAI(${quote(key)}, ${quote(str(obj(prop).description))}, ${quote(type)}) }}`;
    fields.push({ id: key, displayName: key, type, required: false, display: true, defaultMatch: false, canBeUsedToMatch: true, removed: false });
  }
  for (const [key, v] of Object.entries(obj(t.inputs))) {
    value[key] = v;
    fields.push({ id: key, displayName: key, type: 'string', required: false, display: true, defaultMatch: false, canBeUsedToMatch: true, removed: false });
  }
  if (!fields.length) return undefined;
  return { mappingMode: 'defineBelow', value, matchingColumns: [], schema: fields, attemptToConvertTypes: false, convertFieldsToString: false };
}

function toolNode(ctx: ReverseContext, t: Params, i: number): N8nNode {
  const kind = str(t.kind);
  const dx = 320 + i * 160;
  if (kind === 'workflow') {
    const parameters: Params = { name: str(t.name), description: str(t.description), workflowId: locator(str(t.workflowId)) };
    const inputs = workflowInputs(ctx, t);
    if (inputs) parameters.workflowInputs = inputs;
    if (t.responseField !== undefined) ctx.warn(`Tool "${str(t.name)}": n8n's workflow tool 2 returns every field; "${str(t.responseField)}" only is not exported`);
    return subNode(ctx, `tool${i}`, `Tool ${str(t.name)}`, 'toolWorkflow', 2.1, parameters, dx);
  }
  if (kind === 'http') return { ...subNode(ctx, `tool${i}`, '', 'toolHttpRequest', 1.1, httpToolParameters(ctx, t), dx), name: str(t.name) };
  if (kind === 'calculator') return subNode(ctx, `tool${i}`, 'Calculator', 'toolCalculator', 1, {}, dx);
  if (kind === 'wikipedia') {
    if (str(t.baseUrl, 'https://en.wikipedia.org') !== 'https://en.wikipedia.org') ctx.warn(`n8n's Wikipedia tool searches English Wikipedia only; ${str(t.baseUrl)} is not exported`);
    return subNode(ctx, `tool${i}`, 'Wikipedia', 'toolWikipedia', 1, {}, dx);
  }
  return subNode(ctx, `tool${i}`, `Tool ${str(t.name)}`, 'toolCode', 1.1, { name: str(t.name), description: str(t.description), jsCode: str(t.code) }, dx);
}

/** A node tool -> n8n's "<node> Tool" sub-node (n8n-nodes-base.slackTool, ...) with its credentials (agent slots "<tool>/<slot>"). */
function nodeToolNode(ctx: ReverseContext, t: Params, dx: number): N8nNode | undefined {
  const name = str(t.name);
  const [x, y] = ctx.node.position;
  const node = { id: entryId(ctx.node.id, 'nodetool', name), name, type: str(t.nodeType), typeVersion: Number(t.typeVersion ?? 1) || 1, params: obj(t.params), position: [x + dx, y + 220] as [number, number] };
  const mapped = ctx.exportNode?.(node);
  if (!mapped || !mapped.type.startsWith('n8n-nodes-base.')) {
    ctx.warn(`Tool "${name}" (${node.type}) has no n8n tool node: not exported`);
    return undefined;
  }
  const credentials = Object.fromEntries(
    Object.entries(ctx.node.credentials ?? {})
      .filter(([slot]) => slot.startsWith(`${name}/`))
      .map(([slot, ref]) => [slot.slice(name.length + 1), ref]),
  );
  const description = str(t.description);
  return {
    id: node.id,
    name,
    type: `${mapped.type}Tool`,
    typeVersion: mapped.typeVersion,
    position: node.position,
    parameters: { ...mapped.parameters, ...(description ? { descriptionType: 'manual', toolDescription: description } : {}) },
    ...(Object.keys(credentials).length ? { credentials } : {}),
  };
}

export const agent: ReverseMapper = (ctx) => {
  const { params: p, warn } = ctx;
  if (str(p.outputField) === 'text') return chainLlm(ctx);
  if (p.retrieval && str(p.outputField) === 'response' && numOr(p.maxSteps, 10) === 1 && !arr(p.tools).length) return chainRetrievalQa(ctx, languageModel(ctx, p));
  const parameters: Params = {};
  const prompt = str(p.prompt, AUTO_PROMPT);
  if (prompt !== AUTO_PROMPT) Object.assign(parameters, { promptType: 'define', text: prompt });
  const hasParser = p.outputSchema !== undefined || p.outputExample !== undefined;
  if (hasParser) parameters.hasOutputParser = true;
  const options: Params = {};
  setIf(options, 'systemMessage', str(p.systemPrompt, 'You are a helpful assistant.'), 'You are a helpful assistant.');
  setIf(options, 'maxIterations', numOr(p.maxSteps, 10), 10);
  if (p.includeSteps === true) options.returnIntermediateSteps = true;
  parameters.options = options;
  if (str(p.onStepLimit) === 'lastText') warn('"On step limit: last text" has no n8n equivalent');

  const subnodes: SubNodeOut[] = [{ node: languageModel(ctx, p), connectionType: 'ai_languageModel' }];
  const memory = obj(p.memory);
  if (p.memory) {
    const key = str(memory.sessionKey, 'default');
    const mp: Params = key === '={{ $json.sessionId }}' ? {} : { sessionIdType: 'customKey', sessionKey: key };
    setIf(mp, 'contextWindowLength', numOr(memory.windowSize, 5), 5);
    subnodes.push({ node: subNode(ctx, 'memory', 'Memory', 'memoryBufferWindow', 1.3, mp, 160), connectionType: 'ai_memory' });
  }
  if (hasParser) {
    const pp = p.outputSchema !== undefined ? { schemaType: 'manual', inputSchema: jsonText(p.outputSchema) } : { jsonSchemaExample: jsonText(p.outputExample) };
    subnodes.push({ node: subNode(ctx, 'parser', 'Output Parser', 'outputParserStructured', 1.2, pp, 240), connectionType: 'ai_outputParser' });
  }
  let i = 0;
  for (const server of arr<Params>(p.mcpServers)) {
    if (str(server.transport) !== 'http') {
      warn(`MCP server "${str(server.command)}" runs over stdio, which n8n's MCP Client Tool cannot do: not exported`);
      continue;
    }
    const tools = arr<string>(server.tools);
    const mp: Params = { endpointUrl: str(server.url), serverTransport: 'httpStreamable' };
    let credentials: Record<string, CredentialRef> | undefined;
    const cred = ctx.node.credentials?.mcpAuth;
    if (server.useCredential === true && cred) {
      mp.authentication = 'headerAuth';
      credentials = { httpHeaderAuth: cred };
    }
    if (tools.length) Object.assign(mp, { include: 'selected', includeTools: tools });
    subnodes.push({ node: subNode(ctx, `mcp${i}`, `MCP ${i + 1}`, 'mcpClientTool', 1.1, mp, 320 + i * 160, credentials), connectionType: 'ai_tool' });
    i++;
  }
  arr<Params>(p.tools).forEach((t, k) =>
    str(t.kind) === 'vectorStore' ? subnodes.push(...vectorStoreToolNodes(ctx, t, i + k, 320 + (i + k) * 160)) : subnodes.push({ node: toolNode(ctx, t, i + k), connectionType: 'ai_tool' }),
  );
  if (p.retrieval) warn('Retrieval before the model call (an imported Question and Answer Chain) is not exported: n8n\'s AI Agent has no such option; add a vector store tool there');
  arr<Params>(p.nodeTools).forEach((t, k) => {
    const sub = nodeToolNode(ctx, t, 320 + (i + arr(p.tools).length + k) * 160);
    if (sub) subnodes.push({ node: sub, connectionType: 'ai_tool' });
  });
  return { type: LC + 'agent', typeVersion: 1.7, parameters, subnodes, credentials: {} };
};

/** An agent without tools that answers in `text`: n8n's Basic LLM Chain (system prompt as a system message). */
function chainLlm(ctx: ReverseContext): ReverseMapping {
  const { params: p, warn } = ctx;
  const parameters: Params = { promptType: 'define', text: str(p.prompt, AUTO_PROMPT) };
  const system = str(p.systemPrompt, 'You are a helpful assistant.');
  if (system !== 'You are a helpful assistant.') parameters.messages = { messageValues: [{ message: system }] };
  if (arr(p.tools).length || arr(p.mcpServers).length || p.memory) warn('A Basic LLM Chain has no tools or memory: they are not exported (answer field "text")');
  if (numOr(p.maxSteps, 10) !== 1) warn('A Basic LLM Chain makes one model call: maxSteps is not exported');
  const subnodes: SubNodeOut[] = [{ node: languageModel(ctx, p), connectionType: 'ai_languageModel' }];
  if (p.listOutput) {
    const list = obj(p.listOutput);
    const options: Params = {};
    setIf(options, 'numberOfItems', numOr(list.maxItems, -1), -1);
    setIf(options, 'separator', str(list.separator, '\n'), '\n');
    parameters.hasOutputParser = true;
    subnodes.push({ node: subNode(ctx, 'parser', 'Item List Parser', 'outputParserItemList', 1, { options }, 240), connectionType: 'ai_outputParser' });
  }
  return { type: LC + 'chainLlm', typeVersion: 1.5, parameters, subnodes, credentials: {} };
}

export const textClassifier: ReverseMapper = (ctx) => {
  const { params: p } = ctx;
  const options: Params = {};
  if (p.multiClass === true) options.multiClass = true;
  if (str(p.fallback) === 'other') options.fallback = 'other';
  if (typeof p.systemPrompt === 'string' && p.systemPrompt) options.systemPromptTemplate = p.systemPrompt;
  const categories = arr<Params>(p.categories).map((c) => ({ category: str(c.category), description: str(c.description) }));
  return {
    type: LC + 'textClassifier',
    typeVersion: 1,
    parameters: { inputText: str(p.inputText), categories: { categories }, options },
    subnodes: [{ node: languageModel(ctx, p), connectionType: 'ai_languageModel' }],
    credentials: {},
  };
};

/** mcpTrigger -> n8n's MCP Server Trigger 2 with its tools as ai_tool sub-nodes. */
export const mcpTrigger: ReverseMapper = (ctx) => {
  const { params: p } = ctx;
  const parameters: Params = { path: str(p.path) };
  const auth = str(p.authentication, 'none');
  if (auth !== 'none') parameters.authentication = auth;
  const credentials: Record<string, CredentialRef> = {};
  for (const slot of ['httpBearerAuth', 'httpHeaderAuth']) {
    const ref = ctx.node.credentials?.[slot];
    if (ref) credentials[slot] = ref;
  }
  const tools = arr<Params>(p.tools);
  const subnodes: SubNodeOut[] = tools.map((t, i) => ({ node: toolNode(ctx, t, i), connectionType: 'ai_tool' }));
  arr<Params>(p.nodeTools).forEach((t, k) => {
    const sub = nodeToolNode(ctx, t, 320 + (tools.length + k) * 160);
    if (sub) subnodes.push({ node: sub, connectionType: 'ai_tool' });
  });
  return { type: LC + 'mcpTrigger', typeVersion: 2, parameters, subnodes, credentials };
};

export const mcpTool: ReverseMapper = ({ node, params: p, warn }) => {
  const server = obj(p.server);
  if (str(server.transport) !== 'http') warn('This MCP server runs over stdio, which n8n\'s MCP Client cannot do: set an HTTP endpoint in n8n');
  const args = p.arguments;
  const parameters: Params = {
    endpointUrl: str(server.url),
    tool: locator(str(p.tool)),
    inputMode: 'json',
    jsonInput: typeof args === 'string' ? args : JSON.stringify(args ?? {}, null, 2),
    options: p.timeoutMs !== undefined ? { timeout: numOr(p.timeoutMs, 60000) } : {},
  };
  let credentials: Record<string, CredentialRef> | undefined;
  const cred = node.credentials?.mcpAuth;
  if (cred) {
    parameters.authentication = 'headerAuth';
    credentials = { httpHeaderAuth: cred };
  }
  if (p.failOnToolError === false) warn('"Fail on tool error: off" has no n8n MCP Client equivalent');
  return { type: LC + 'mcpClient', typeVersion: 1.1, parameters, ...(credentials ? { credentials } : { credentials: {} }) };
};

/**
 * openAi -> n8n's OpenAI node 1.8, resource audio or image. Params equal to n8n's defaults are left out,
 * as n8n writes them; the node's credential goes back as openAiApi.
 */
export const openAi: ReverseMapper = ({ node, params: p }) => {
  const resource = str(p.resource, 'audio');
  const operation = str(p.operation, 'transcribe');
  const parameters: Params = { resource, operation };
  const options: Params = {};
  const op = `${resource}.${operation}`;
  if (op === 'audio.transcribe' || op === 'audio.translate') {
    setIf(parameters, 'binaryPropertyName', p.binaryPropertyName, 'data');
    if (op === 'audio.transcribe') setIf(options, 'language', p.language, '');
    if (p.temperature !== undefined) options.temperature = numOr(p.temperature, 0);
  } else if (op === 'audio.generate') {
    setIf(parameters, 'model', p.model, 'tts-1');
    parameters.input = str(p.input);
    setIf(parameters, 'voice', p.voice, 'alloy');
    setIf(options, 'response_format', p.responseFormat, 'mp3');
    if (p.speed !== undefined) setIf(options, 'speed', numOr(p.speed, 1), 1);
    setIf(options, 'binaryPropertyOutput', p.outputBinaryProperty, 'data');
  } else if (op === 'image.analyze') {
    parameters.modelId = locator(str(p.model, 'gpt-4o'));
    parameters.text = str(p.text, "What's in this image?");
    setIf(parameters, 'inputType', p.inputType, 'url');
    setIf(parameters, 'imageUrls', p.imageUrls, '');
    setIf(parameters, 'binaryPropertyName', p.binaryPropertyName, 'data');
    setIf(options, 'detail', p.detail, 'auto');
    if (p.maxTokens !== undefined) setIf(options, 'maxTokens', numOr(p.maxTokens, 300), 300);
    if (p.simplify === false) parameters.simplify = false;
  } else {
    setIf(parameters, 'model', p.model, 'dall-e-3');
    parameters.prompt = str(p.prompt);
    if (p.n !== undefined) setIf(options, 'n', numOr(p.n, 1), 1);
    for (const k of ['size', 'quality', 'style'] as const) setIf(options, k, p[k], '');
    if (p.returnImageUrls === true) options.returnImageUrls = true;
    setIf(options, 'dataPropertyName', p.outputBinaryProperty, 'data');
  }
  parameters.options = options;
  const cred = node.credentials?.llmApi;
  const credentials: Record<string, CredentialRef> = cred ? { openAiApi: cred } : {};
  return { type: LC + 'openAi', typeVersion: 1.8, parameters, credentials };
};
