/**
 * Test harness for the agent and MCP tool nodes: a NodeContext with the real MCP client and LLM
 * providers wired into ctx.services (as the runtime does), credentials by slot, state across runs, and
 * token usage recorded. Expressions: TEST-ONLY `{{ $json.path }}` templates (no code evaluation).
 */
import { mcpServices } from '../../server/mcp';
import { llmServices } from '../../server/llm';
import { NodeError, type Item, type JsonObject, type NodeContext, type NodeDefinition, type NodeOutput, type NodeServices } from '../sdk';

export interface HarnessOptions {
  params: Record<string, unknown>;
  items?: Record<string, unknown>[];
  credentials?: Record<string, Record<string, unknown>>;
  services?: Partial<NodeServices>;
  state?: JsonObject;
  signal?: AbortSignal;
  name?: string;
}

export interface HarnessResult {
  output: NodeOutput;
  tokens: { promptTokens: number; completionTokens: number };
  state: JsonObject | undefined;
}

function lookup(json: Record<string, unknown>, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), json);
}

function resolve(value: unknown, json: Record<string, unknown>): unknown {
  if (typeof value === 'string' && value.startsWith('=')) {
    const body = value.slice(1);
    const whole = /^\{\{\s*\$json\.([\w.]+)\s*\}\}$/.exec(body.trim());
    if (whole) return lookup(json, whole[1]);
    return body.replace(/\{\{\s*\$json\.([\w.]+)\s*\}\}/g, (_, p: string) => {
      const v = lookup(json, p);
      return typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v ?? '');
    });
  }
  if (Array.isArray(value)) return value.map((v) => resolve(v, json));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, json)]));
  return value;
}

export async function runWithServices(def: NodeDefinition, opts: HarnessOptions): Promise<HarnessResult> {
  const items: Item[] = (opts.items ?? [{}]).map((json) => ({ json }));
  const tokens = { promptTokens: 0, completionTokens: 0 };
  let state = opts.state;
  const name = opts.name ?? def.displayName;
  const credentialRefs = Object.fromEntries(Object.keys(opts.credentials ?? {}).map((slot) => [slot, { id: `cred-${slot}` }]));
  const ctx: NodeContext = {
    node: { id: 'n1', name, type: def.type, typeVersion: 1, params: opts.params, position: [0, 0], credentials: credentialRefs },
    inputs: { main: items },
    items,
    params: ((i = 0) => {
      const parsed = def.params.safeParse(resolve(opts.params, items[i]?.json ?? {}));
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const field = issue.path.map(String).join('.');
        throw new NodeError(`Node "${name}", field "${field}": ${issue.message}`, { field, itemIndex: i });
      }
      return parsed.data;
    }) as NodeContext['params'],
    rawParams: opts.params,
    evaluate: (expr, i = 0) => resolve(expr, items[i]?.json ?? {}),
    credentials: async (slot) => {
      const data = opts.credentials?.[slot];
      if (!data) throw new NodeError(`Node "${name}" needs a credential for "${slot}"`, { field: `credentials.${slot}` });
      return data;
    },
    signal: opts.signal ?? new AbortController().signal,
    log: { debug() {}, info() {}, warn() {}, error() {} },
    execution: { id: 'test-exec', mode: 'manual' },
    workflow: { timezone: 'UTC' },
    runIndex: 0,
    state,
    setState: (s) => {
      state = s;
    },
    triggerData: undefined,
    services: {
      mcp: mcpServices,
      llm: llmServices,
      addTokenUsage: (u) => {
        tokens.promptTokens += u.promptTokens;
        tokens.completionTokens += u.completionTokens;
      },
      ...opts.services,
    },
  };
  const output = await def.execute(ctx as never);
  return { output, tokens, state };
}
