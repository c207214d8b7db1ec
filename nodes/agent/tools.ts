/**
 * The tools an agent offers its model: MCP tools of the configured servers, plus sub-workflow, HTTP,
 * code, calculator and Wikipedia tools (what n8n's tool sub-nodes fold into). Every tool becomes a binding: a spec for the model
 * and an invoke() whose failures are returned to the model as tool errors instead of failing the node.
 */
import { NodeError, type Item, type JsonObject, type NodeContext, type NodeServices } from '../sdk';
import { isArgumentError, resultText, withCredential } from '../mcpTool/config';
import type { AgentParams, AgentTool, NodeTool } from './params';
import { calculate, formatResult } from './calculator';
import { searchWikipedia } from './wikipedia';
import { vectorStoreBinding, vectorToolCredentials } from '../vectorStore/tool';
import type { StoreCredentials } from '../vectorStore/store';

export interface ToolOutcome {
  text: string;
  isError: boolean;
}

export interface ToolBinding {
  /** Name the model sees (provider-safe, unique). */
  name: string;
  description: string;
  parameters: Record<string, unknown>;
  /** Where the tool lives, for the steps output: "mcp:get-sum", "workflow:42", "http:GET https://...". */
  source: string;
  invoke(args: Record<string, unknown>, signal: AbortSignal): Promise<ToolOutcome>;
}

const MAX_TOOL_TEXT = 20_000;
const DEFAULT_PARAMETERS = {
  type: 'object',
  properties: { query: { type: 'string', description: 'The input for the tool' } },
  required: ['query'],
};

const CALCULATOR_PARAMETERS = {
  type: 'object',
  properties: { expression: { type: 'string', description: 'The arithmetic expression, e.g. (2 + 3) * 4 or sqrt(16)' } },
  required: ['expression'],
};

function clip(text: string): string {
  return text.length > MAX_TOOL_TEXT ? `${text.slice(0, MAX_TOOL_TEXT)}\n[truncated ${text.length - MAX_TOOL_TEXT} characters]` : text;
}

/** Providers accept ^[a-zA-Z0-9_-]{1,64}$; MCP names may contain dots or slashes. */
function uniqueName(raw: string, taken: Set<string>): string {
  const base = raw.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 60) || 'tool';
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base}_${n}`;
  taken.add(name);
  return name;
}

export function parseJsonSchema(value: Record<string, unknown> | string | undefined, nodeName: string, field: string): Record<string, unknown> | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') return value;
  if (!value.trim()) return undefined;
  try {
    const parsed = JSON.parse(value);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed;
  } catch (err) {
    throw new NodeError(`Node "${nodeName}", field "${field}": not valid JSON (${(err as Error).message})`, { field });
  }
  throw new NodeError(`Node "${nodeName}", field "${field}": must be a JSON Schema object`, { field });
}

/** A JSON Schema with the example's shape: types from the values, arrays from their first element, no required fields. */
export function schemaFromExample(example: unknown): Record<string, unknown> {
  if (Array.isArray(example)) return { type: 'array', items: example.length ? schemaFromExample(example[0]) : {} };
  if (example && typeof example === 'object') {
    return { type: 'object', properties: Object.fromEntries(Object.entries(example).map(([k, v]) => [k, schemaFromExample(v)])) };
  }
  if (typeof example === 'string') return { type: 'string' };
  if (typeof example === 'number') return { type: 'number' };
  if (typeof example === 'boolean') return { type: 'boolean' };
  return {};
}

/** The output schema from outputSchema, else from outputExample (object or JSON text). */
export function resolveOutputSchema(
  schema: Record<string, unknown> | string | undefined,
  example: Record<string, unknown> | unknown[] | string | undefined,
  nodeName: string,
): Record<string, unknown> | undefined {
  const fromSchema = parseJsonSchema(schema, nodeName, 'outputSchema');
  if (fromSchema || example === undefined) return fromSchema;
  if (typeof example !== 'string') return schemaFromExample(example);
  if (!example.trim()) return undefined;
  try {
    return schemaFromExample(JSON.parse(example));
  } catch (err) {
    throw new NodeError(`Node "${nodeName}", field "outputExample": not valid JSON (${(err as Error).message})`, { field: 'outputExample' });
  }
}

function failure(err: unknown, signal: AbortSignal): ToolOutcome {
  if (signal.aborted) throw err;
  return { text: isArgumentError(err) ? (err as Error).message : `Tool call failed: ${(err as Error).message}`, isError: true };
}

type Ctx = Pick<NodeContext, 'node' | 'services' | 'credentials'>;

async function mcpBindings(ctx: Ctx, p: AgentParams, mcpCred: Record<string, unknown> | undefined, taken: Set<string>, signal: AbortSignal): Promise<ToolBinding[]> {
  const bindings: ToolBinding[] = [];
  if (!p.mcpServers.length) return bindings;
  const mcp = ctx.services.mcp;
  if (!mcp) throw new NodeError(`Node "${ctx.node.name}": the MCP service is not available in this runtime`, { field: 'mcpServers' });
  for (let s = 0; s < p.mcpServers.length; s++) {
    const { tools: allow, useCredential, ...server } = p.mcpServers[s];
    const config = withCredential(server, useCredential ? mcpCred : undefined);
    let listed;
    try {
      listed = await mcp.listTools(config, { signal, timeoutMs: p.toolTimeoutMs });
    } catch (err) {
      if (signal.aborted) throw err;
      throw new NodeError(`Node "${ctx.node.name}", field "mcpServers.${s}": ${(err as Error).message}`, { field: `mcpServers.${s}` });
    }
    if (allow?.length) {
      const missing = allow.filter((name) => !listed.some((t) => t.name === name));
      if (missing.length) {
        throw new NodeError(
          `Node "${ctx.node.name}", field "mcpServers.${s}.tools": the server has no tool ${missing.map((m) => `"${m}"`).join(', ')} (it has: ${listed.map((t) => t.name).join(', ')})`,
          { field: `mcpServers.${s}.tools` },
        );
      }
    }
    for (const tool of listed) {
      if (allow?.length && !allow.includes(tool.name)) continue;
      bindings.push({
        name: uniqueName(tool.name, taken),
        description: tool.description ?? tool.title ?? '',
        parameters: tool.inputSchema,
        source: `mcp:${tool.name}`,
        async invoke(args, sig) {
          try {
            const result = await mcp.callTool(config, tool.name, args, { signal: sig, timeoutMs: p.toolTimeoutMs });
            return { text: clip(resultText(result) || '(the tool returned no content)'), isError: result.isError };
          } catch (err) {
            return failure(err, sig);
          }
        },
      });
    }
  }
  return bindings;
}

function fillUrl(url: string, args: Record<string, unknown>, used: Set<string>): string {
  return url.replace(/\{(\w+)\}/g, (whole, key: string) => {
    if (!(key in args)) return whole;
    used.add(key);
    return encodeURIComponent(String(args[key]));
  });
}

function otherBinding(ctx: Ctx, tool: Exclude<AgentTool, { kind: 'vectorStore' }>, index: number, taken: Set<string>, timeoutMs: number): ToolBinding {
  const services: NodeServices = ctx.services;
  const parameters = parseJsonSchema('parameters' in tool ? tool.parameters : undefined, ctx.node.name, `tools.${index}.parameters`) ?? DEFAULT_PARAMETERS;
  const base = { name: uniqueName(tool.name, taken), description: tool.description, parameters };
  if (tool.kind === 'workflow') {
    return {
      ...base,
      source: `workflow:${tool.workflowId}`,
      async invoke(args, signal) {
        try {
          if (!services.executeWorkflow) throw new Error('sub-workflows are not available in this runtime');
          const items = await services.executeWorkflow({ workflowId: tool.workflowId, items: [{ json: { ...args, ...(tool.inputs as JsonObject | undefined) } }], wait: true });
          const json = items.map((i) => i.json);
          if (tool.responseField !== undefined) {
            const value = json[0]?.[tool.responseField];
            if (value === undefined) return { text: `The workflow returned no "${tool.responseField}" field`, isError: true };
            return { text: clip(typeof value === 'string' ? value : JSON.stringify(value)), isError: false };
          }
          return { text: clip(JSON.stringify(json.length === 1 ? json[0] : json)), isError: false };
        } catch (err) {
          return failure(err, signal);
        }
      },
    };
  }
  if (tool.kind === 'calculator') {
    return {
      ...base,
      parameters: CALCULATOR_PARAMETERS,
      source: 'calculator',
      async invoke(args) {
        const expression = [args.expression, args.query, args.input].find((v) => typeof v === 'string' || typeof v === 'number');
        if (expression === undefined) return { text: 'Give the expression to compute as "expression"', isError: true };
        try {
          return { text: formatResult(calculate(String(expression))), isError: false };
        } catch (err) {
          return { text: `Cannot compute "${expression}": ${(err as Error).message}`, isError: true };
        }
      },
    };
  }
  if (tool.kind === 'wikipedia') {
    return {
      ...base,
      source: `wikipedia:${tool.baseUrl}`,
      async invoke(args, signal) {
        const query = [args.query, args.input, args.search].find((v) => typeof v === 'string' && v.trim());
        if (query === undefined) return { text: 'Give the topic to look up as "query"', isError: true };
        try {
          const text = await searchWikipedia(String(query), {
            baseUrl: tool.baseUrl,
            topResults: tool.topResults,
            maxChars: 4000 * tool.topResults,
            fetch: services.fetch ?? fetch,
            signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
          });
          return { text: clip(text), isError: false };
        } catch (err) {
          return failure(err, signal);
        }
      },
    };
  }
  if (tool.kind === 'code') {
    return {
      ...base,
      source: 'code',
      async invoke(args, signal) {
        try {
          if (!services.runCode) throw new Error('the code sandbox is not available in this runtime');
          // n8n's code tool sees its input as `query` (the arguments object when the tool has its own schema);
          // the result is whatever the code returns.
          const source = tool.parameters === undefined ? '$input.first().json.query' : '$input.first().json';
          const wrapped = `const query = ${source};\nconst __result = await (async () => {\n${tool.code}\n})();\nreturn [{ json: { result: __result === undefined ? null : __result } }];`;
          const items = await services.runCode({ code: wrapped, mode: 'runOnceForAllItems', items: [{ json: args }] });
          const result = items[0]?.json.result;
          return { text: clip(typeof result === 'string' ? result : JSON.stringify(result ?? null)), isError: false };
        } catch (err) {
          return failure(err, signal);
        }
      },
    };
  }
  return {
    ...base,
    source: `http:${tool.method} ${tool.url}`,
    async invoke(args, signal) {
      try {
        const used = new Set<string>();
        const url = new URL(fillUrl(tool.url, args, used));
        for (const [k, v] of Object.entries(tool.query ?? {})) url.searchParams.set(k, fillText(v, args, used, false));
        const template = tool.body === undefined ? undefined : fillText(tool.body, args, used, true);
        const rest = Object.fromEntries(Object.entries(args).filter(([k]) => !used.has(k)));
        const hasBody = tool.method !== 'GET' && tool.method !== 'DELETE';
        if (!hasBody) for (const [k, v] of Object.entries(rest)) url.searchParams.set(k, typeof v === 'string' ? v : JSON.stringify(v));
        const doFetch = services.fetch ?? fetch;
        const res = await doFetch(url, {
          method: tool.method,
          headers: { ...(hasBody ? { 'content-type': 'application/json' } : {}), ...tool.headers },
          body: hasBody ? requestBody(template, tool.bodyFields, rest) : undefined,
          signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
        });
        const text = await res.text();
        return { text: clip(res.ok ? text : `HTTP ${res.status}: ${text}`), isError: !res.ok };
      } catch (err) {
        return failure(err, signal);
      }
    },
  };
}

/** {name} placeholders in text; in a JSON template a string value is escaped for use inside quotes. */
function fillText(text: string, args: Record<string, unknown>, used: Set<string>, json: boolean): string {
  return text.replace(/\{(\w+)\}/g, (whole, key: string) => {
    if (!(key in args)) return whole;
    used.add(key);
    const v = args[key];
    if (typeof v === 'string') return json ? JSON.stringify(v).slice(1, -1) : v;
    return JSON.stringify(v);
  });
}

/** The JSON body: the filled template, else the fixed fields plus the arguments not used elsewhere. */
function requestBody(template: string | undefined, fixed: Record<string, unknown> | undefined, rest: Record<string, unknown>): string {
  if (template === undefined) return JSON.stringify({ ...fixed, ...rest });
  if (!Object.keys(rest).length) return template;
  try {
    const parsed = JSON.parse(template);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return JSON.stringify({ ...parsed, ...rest });
  } catch {
    // not JSON after filling: sent as written
  }
  return template;
}

/** All tool bindings for one item's parameters (node tools run on `item`). */
export async function buildToolBindings(ctx: Ctx, p: AgentParams, mcpCred: Record<string, unknown> | undefined, signal: AbortSignal, item?: Item): Promise<ToolBinding[]> {
  const taken = new Set<string>();
  const bindings = await mcpBindings(ctx, p, mcpCred, taken, signal);
  // Vector store tools share the agent's embeddingsApi / qdrantApi credentials, loaded once.
  let storeCreds: Promise<StoreCredentials> | undefined;
  p.tools.forEach((tool, i) =>
    bindings.push(
      tool.kind === 'vectorStore'
        ? vectorStoreBinding(ctx, tool, uniqueName(tool.name, taken), (storeCreds ??= vectorToolCredentials(ctx)), p.toolTimeoutMs)
        : otherBinding(ctx, tool, i, taken, p.toolTimeoutMs),
    ),
  );
  for (const tool of p.nodeTools) bindings.push(nodeBinding(ctx, tool, taken, p.toolTimeoutMs, item ?? { json: {} }));
  return bindings;
}

const FROM_AI = /\$fromAI\(\s*(['"`])((?:\\.|(?!\1)[^\\])*)\1\s*(?:,\s*(['"`])((?:\\.|(?!\3)[^\\])*)\3\s*)?(?:,\s*(['"`])(\w*)\5\s*)?(?:,\s*([^)]*?)\s*)?\)/g;
const SCHEMA_TYPES: Record<string, Record<string, unknown>> = {
  string: { type: 'string' },
  number: { type: 'number' },
  boolean: { type: 'boolean' },
  json: { type: 'object' },
};

/**
 * The JSON Schema of a node tool's arguments: one property per `$fromAI('key', 'description', 'type', default)`
 * in its params (n8n's convention), required unless it has a default.
 */
export function fromAiSchema(params: unknown): Record<string, unknown> {
  const properties: Record<string, Record<string, unknown>> = {};
  const required = new Set<string>();
  const visit = (v: unknown): void => {
    if (typeof v === 'string') {
      if (!v.includes('$fromAI')) return;
      for (const m of v.matchAll(FROM_AI)) {
        const key = m[2]!;
        if (!/^[A-Za-z0-9_.-]{1,64}$/.test(key)) continue;
        const description = m[4] ?? '';
        properties[key] ??= { ...(SCHEMA_TYPES[m[6] || 'string'] ?? SCHEMA_TYPES.string), ...(description ? { description } : {}) };
        if (m[7] === undefined) required.add(key);
      }
    } else if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') Object.values(v).forEach(visit);
  };
  visit(params);
  return { type: 'object', properties, required: [...required].filter((k) => k in properties) };
}

function nodeBinding(ctx: Ctx, tool: NodeTool, taken: Set<string>, timeoutMs: number, item: Item): ToolBinding {
  const credentials = Object.fromEntries(
    Object.entries(ctx.node.credentials ?? {})
      .filter(([slot]) => slot.startsWith(`${tool.name}/`))
      .map(([slot, ref]) => [slot.slice(tool.name.length + 1), ref]),
  );
  return {
    name: uniqueName(tool.name, taken),
    description: tool.description || `Runs the ${tool.nodeType} node "${tool.name}"`,
    parameters: fromAiSchema(tool.params),
    source: `node:${tool.nodeType}`,
    async invoke(args, signal) {
      try {
        if (!ctx.services.runNode) throw new Error('node tools are not available in this runtime');
        const items = await ctx.services.runNode({
          name: tool.name,
          type: tool.nodeType,
          typeVersion: tool.typeVersion,
          params: tool.params,
          credentials,
          items: [{ json: item.json, ...(item.binary ? { binary: item.binary } : {}) }],
          fromAI: args,
          signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
        });
        const json = items.map((i) => i.json);
        return { text: clip(JSON.stringify(json.length === 1 ? json[0] : json)), isError: false };
      } catch (err) {
        return failure(err, signal);
      }
    },
  };
}
