/**
 * A small test harness for node plugins, used until server/engine/testing/node-context.ts lands.
 * It builds a NodeContext, resolves `={{ ... }}` expressions per item with a TEST-ONLY evaluator
 * (plain JavaScript over $json / $input / $itemIndex: never used outside tests), parses params with
 * the node's schema, runs the node and checks that it only emits on ports it declares.
 */
import { resolvePorts, type Item, type NodeContext, type NodeDefinition, type NodeOutput } from '../sdk';

export interface RunNodeOptions {
  params?: Record<string, unknown>;
  /** Items of the main (or first) input. */
  items?: Item[] | Record<string, unknown>[];
  /** Items by input port. */
  inputs?: Record<string, Item[] | Record<string, unknown>[]>;
  triggerData?: Record<string, unknown>;
}

function toItems(list: Item[] | Record<string, unknown>[]): Item[] {
  return list.map((x) => (x && typeof x === 'object' && 'json' in x ? (x as Item) : { json: x as Record<string, unknown> }));
}

function evaluateTemplate(value: string, scope: Record<string, unknown>): unknown {
  const body = value.slice(1);
  const names = Object.keys(scope);
  const run = (code: string) => new Function(...names, `return (${code});`)(...names.map((n) => scope[n]));
  const whole = /^\s*\{\{([\s\S]*?)\}\}\s*$/.exec(body);
  if (whole && !whole[1].includes('}}')) return run(whole[1]);
  return body.replace(/\{\{([\s\S]*?)\}\}/g, (_, code) => {
    const v = run(code);
    return typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v ?? '');
  });
}

function resolveDeep(value: unknown, scope: Record<string, unknown>): unknown {
  if (typeof value === 'string' && value.startsWith('=')) return evaluateTemplate(value, scope);
  if (Array.isArray(value)) return value.map((v) => resolveDeep(v, scope));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveDeep(v, scope)]));
  return value;
}

export async function runNode(def: NodeDefinition, opts: RunNodeOptions = {}): Promise<NodeOutput> {
  const rawParams = opts.params ?? {};
  const inputPorts = resolvePorts(def.inputs, rawParams).map((p) => p.name);
  const inputs: Record<string, Item[]> = {};
  if (opts.inputs) for (const [port, list] of Object.entries(opts.inputs)) inputs[port] = toItems(list);
  if (opts.items) inputs[inputPorts[0] ?? 'main'] = toItems(opts.items);
  const items = inputs.main ?? inputs[inputPorts[0]] ?? [];
  const params = (itemIndex = 0) => {
    const item = items[itemIndex];
    const scope = {
      $json: item?.json ?? {},
      $binary: item?.binary ?? {},
      $itemIndex: itemIndex,
      $input: { all: () => items, first: () => items[0], last: () => items[items.length - 1], item },
    };
    const resolved = resolveDeep(rawParams, scope);
    const parsed = def.params.safeParse(resolved);
    if (!parsed.success) throw new Error(`params: ${parsed.error.message}`);
    return parsed.data;
  };
  const ctx: NodeContext = {
    node: { id: 'n1', name: def.displayName, type: def.type, typeVersion: 1, params: rawParams, position: [0, 0] },
    inputs,
    items,
    params: params as NodeContext['params'],
    rawParams,
    evaluate: (expr, itemIndex = 0) => resolveDeep(expr, { $json: items[itemIndex]?.json ?? {} }),
    credentials: async () => ({}),
    signal: new AbortController().signal,
    log: { debug() {}, info() {}, warn() {}, error() {} },
    execution: { id: 'test-exec', mode: 'manual' },
    workflow: { timezone: 'UTC' },
    runIndex: 0,
    state: undefined,
    setState() {},
    triggerData: opts.triggerData,
    services: {},
  };
  const out = await def.execute(ctx as never);
  const ports = resolvePorts(def.outputs, rawParams).map((p) => p.name);
  for (const port of Object.keys(out)) {
    if (!ports.includes(port)) throw new Error(`node emitted on undeclared port "${port}" (declared: ${ports.join(', ')})`);
  }
  return out;
}

/** The json of each item on a port. */
export function jsonOf(out: NodeOutput, port = 'main'): unknown[] {
  return (out[port] ?? []).map((i) => i.json);
}
