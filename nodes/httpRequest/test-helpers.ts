/**
 * A small NodeContext for this group's unit tests, until server/engine/testing/node-context.ts lands.
 * Expressions: only `={{ $json.path }}` and templates mixing text with `{{ $json.path }}` (enough for
 * per-item params); anything else is the expression engine's job and is tested there.
 */
import type { NodeContext, NodeDefinition, NodeOutput, NodeServices } from '../sdk';
import type { Item, JsonObject } from '../sdk';

export interface TestContextOptions {
  params?: Record<string, unknown>;
  items?: Item[];
  inputs?: Record<string, Item[]>;
  credentials?: Record<string, Record<string, unknown>>;
  services?: NodeServices;
  state?: JsonObject;
  triggerData?: JsonObject;
  timezone?: string;
  signal?: AbortSignal;
  name?: string;
}

export interface TestContext extends NodeContext {
  /** The state the node saved with setState (undefined when it cleared it). */
  savedState(): JsonObject | undefined;
}

export function makeTestContext(def: NodeDefinition, opts: TestContextOptions = {}): TestContext {
  const inputs = opts.inputs ?? { main: opts.items ?? [] };
  const items = inputs.main ?? Object.values(inputs)[0] ?? [];
  const rawParams = opts.params ?? {};
  let state = opts.state;
  const node: NodeContext['node'] = { id: 'n1', name: opts.name ?? def.displayName, type: def.type, typeVersion: 1, params: rawParams, position: [0, 0] };
  const params = (itemIndex = 0) => {
    const resolved = resolve(rawParams, items[itemIndex]?.json ?? {});
    const parsed = def.params.safeParse(resolved);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`field "${issue.path.join('.')}": ${issue.message}`);
    }
    return parsed.data as Record<string, unknown>;
  };
  return {
    node,
    inputs,
    items,
    params,
    rawParams,
    evaluate: (expression, itemIndex = 0) => resolve(expression, items[itemIndex]?.json ?? {}),
    credentials: async (name) => {
      const c = opts.credentials?.[name];
      if (!c) throw new Error(`No credential "${name}" in the test context`);
      return c;
    },
    signal: opts.signal ?? new AbortController().signal,
    log: { debug() {}, info() {}, warn() {}, error() {} },
    execution: { id: 'exec-test', mode: 'manual' },
    workflow: { id: 'wf-test', name: 'Test', timezone: opts.timezone ?? 'UTC' },
    runIndex: 0,
    state,
    setState: (s) => {
      state = s;
    },
    triggerData: opts.triggerData,
    services: opts.services ?? {},
    savedState: () => state,
  };
}

export async function runTestNode(def: NodeDefinition, opts: TestContextOptions = {}): Promise<NodeOutput> {
  return def.execute(makeTestContext(def, opts) as never);
}

function resolve(value: unknown, json: JsonObject): unknown {
  if (typeof value === 'string' && value.startsWith('=')) {
    const text = value.slice(1);
    const whole = /^\{\{\s*(.+?)\s*\}\}$/.exec(text);
    if (whole) return readPath(whole[1], json);
    return text.replace(/\{\{\s*(.+?)\s*\}\}/g, (_, p: string) => String(readPath(p, json) ?? ''));
  }
  if (Array.isArray(value)) return value.map((v) => resolve(v, json));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, json)]));
  return value;
}

function readPath(expr: string, json: JsonObject): unknown {
  if (!expr.startsWith('$json')) throw new Error(`test helper only resolves $json paths, got ${expr}`);
  const parts = expr.slice(5).match(/[^.[\]"']+/g) ?? [];
  let cur: unknown = json;
  for (const p of parts) cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[p] : undefined;
  return cur;
}
