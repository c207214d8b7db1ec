/**
 * Unit-testing helper for node plugins: builds a real NodeContext whose params(i) resolve expressions with the
 * real expression engine (sandboxed) against item i and parse them with the node's zod schema (defaults applied).
 *
 *   const out = await runNode(myNode, { params: { value: '={{ $json.a }}' }, items: [{ a: 1 }] });
 *   const ctx = makeContext({ def: myNode, params, items }); await myNode.execute(ctx);
 */
import type { z } from 'zod';
import { resolvePorts, type NodeContext, type NodeDefinition, type NodeLogger, type NodeOutput, type NodeServices } from '../node';
import type { ExecutionMode, GraphNode, Item, JsonObject } from '../types';
import { getExpressionEngine, type ExpressionContext, type InputSegment, type RunView } from '../expression';
import { createRunCodeService } from '../sandbox/code';

type ItemsLike = Item[] | Record<string, unknown>[];

export interface MakeContextOptions {
  /** The node definition: used to parse params with its schema. Without it params(i) returns resolved raw params. */
  def?: NodeDefinition;
  params?: Record<string, unknown>;
  /** Items of the main (or first) input port: full items or plain json objects. */
  items?: ItemsLike;
  /** Items by input port. */
  inputs?: Record<string, ItemsLike>;
  /** Overrides for the GraphNode (name, id, typeVersion, ...). */
  node?: Partial<GraphNode>;
  services?: NodeServices;
  state?: JsonObject;
  credentials?: Record<string, Record<string, unknown>>;
  triggerData?: JsonObject;
  /** Other nodes' outputs for $('Name') / $node["Name"]: a RunView or just the items of its main output. */
  runs?: Record<string, RunView | ItemsLike>;
  /** Where the current input items came from (pairedItem walks); defaults to nothing (same-index rule). */
  inputSources?: Record<string, InputSegment[]>;
  /** Other nodes' parameters for $('Name').params. */
  nodeParams?: Record<string, Record<string, unknown>>;
  timezone?: string;
  vars?: Record<string, string>;
  /** Set to enable $env. */
  env?: Record<string, string>;
  execution?: { id?: string; mode?: ExecutionMode; resumeUrl?: string };
  workflow?: { id?: string; name?: string; active?: boolean };
  runIndex?: number;
  signal?: AbortSignal;
  now?: Date;
  /** Timeout for services.runCode (default 5 s). */
  codeTimeoutMs?: number;
}

export interface TestNodeContext extends NodeContext {
  /** What the node saved with setState. */
  savedState(): JsonObject | undefined;
  /** Everything logged through ctx.log. */
  logs: { level: string; msg: string; data?: Record<string, unknown> }[];
  /** The expression context for item i (to evaluate expressions the way the node sees them). */
  expressionContext(itemIndex?: number, inputPort?: string): ExpressionContext;
}

export function toItems(list: ItemsLike | undefined): Item[] {
  return (list ?? []).map((x) =>
    x && typeof x === 'object' && 'json' in x && typeof (x as Item).json === 'object' ? (x as Item) : { json: x as JsonObject },
  );
}

function toRunView(v: RunView | ItemsLike): RunView {
  if (Array.isArray(v)) return { outputs: { main: toItems(v) }, inputs: {}, runIndex: 0 };
  return v;
}

export function makeContext(opts: MakeContextOptions = {}): TestNodeContext {
  const def = opts.def;
  const rawParams = opts.params ?? {};
  const inputs: Record<string, Item[]> = {};
  for (const [port, list] of Object.entries(opts.inputs ?? {})) inputs[port] = toItems(list);
  const firstPort = def ? resolvePorts(def.inputs, rawParams)[0]?.name ?? 'main' : 'main';
  if (opts.items) inputs[firstPort] = toItems(opts.items);
  const items = inputs.main ?? inputs[firstPort] ?? Object.values(inputs)[0] ?? [];
  const node: GraphNode = {
    id: 'node-1',
    name: def?.displayName ?? 'Node',
    type: def?.type ?? 'test',
    typeVersion: def ? (Array.isArray(def.version) ? Math.max(...def.version) : def.version) : 1,
    position: [0, 0],
    ...opts.node,
    params: rawParams,
  };
  const runs = new Map(Object.entries(opts.runs ?? {}).map(([k, v]) => [k, toRunView(v)]));
  const timezone = opts.timezone ?? 'UTC';
  const execution = { id: opts.execution?.id ?? 'test-execution', mode: opts.execution?.mode ?? ('manual' as ExecutionMode), resumeUrl: opts.execution?.resumeUrl };
  const workflow = { ...opts.workflow, timezone };
  const runIndex = opts.runIndex ?? 0;
  const engine = getExpressionEngine();

  const expressionContext = (itemIndex = 0, inputPort?: string): ExpressionContext => ({
    itemIndex,
    runIndex,
    inputs: inputPort && inputs[inputPort] ? { ...inputs, main: inputs[inputPort] } : inputs.main ? inputs : { ...inputs, main: items },
    node: { id: node.id, name: node.name, type: node.type, params: rawParams },
    workflow,
    execution,
    getRun: (name, idx) => {
      const run = runs.get(name);
      return run && (idx === undefined || idx === run.runIndex) ? run : undefined;
    },
    getNodeParams: (name) => opts.nodeParams?.[name],
    inputSources: opts.inputSources,
    vars: opts.vars,
    env: opts.env,
    now: opts.now,
  });

  const params = (itemIndex = 0) => {
    const resolved = engine.resolveParams(rawParams, expressionContext(itemIndex));
    if (!def) return resolved;
    const parsed = (def.params as z.ZodType).safeParse(resolved);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue.path.map(String).join('.');
      throw new Error(`Node "${node.name}"${field ? `, field "${field}"` : ''}: ${issue.message}`);
    }
    return parsed.data;
  };

  const logs: TestNodeContext['logs'] = [];
  const logAt = (level: string) => (msg: string, data?: Record<string, unknown>) => void logs.push({ level, msg, data });
  const log: NodeLogger = { debug: logAt('debug'), info: logAt('info'), warn: logAt('warn'), error: logAt('error') };
  let state = opts.state;

  const services: NodeServices = {
    runCode: createRunCodeService({ ctx: (i) => expressionContext(i), log, signal: opts.signal, timeoutMs: opts.codeTimeoutMs ?? 5_000 }),
    ...opts.services,
  };

  return {
    node,
    inputs,
    items,
    params: params as NodeContext['params'],
    rawParams,
    evaluate: (expression, itemIndex = 0, inputPort) => engine.evaluate(expression, expressionContext(itemIndex, inputPort)),
    credentials: async (name) => {
      const c = opts.credentials?.[name];
      if (!c) throw new Error(`Node "${node.name}": credential "${name}" is not set`);
      return c;
    },
    signal: opts.signal ?? new AbortController().signal,
    log,
    execution,
    workflow,
    runIndex,
    state,
    setState: (s) => {
      state = s;
    },
    triggerData: opts.triggerData,
    services,
    savedState: () => state,
    logs,
    expressionContext,
  };
}

/** Runs a node plugin once and checks it only emitted on the output ports it declares. */
export async function runNode(def: NodeDefinition, opts: Omit<MakeContextOptions, 'def'> = {}): Promise<NodeOutput> {
  const ctx = makeContext({ ...opts, def });
  const out = await def.execute(ctx as never);
  const ports = resolvePorts(def.outputs, opts.params ?? {}).map((p) => p.name);
  for (const port of Object.keys(out)) {
    if (!ports.includes(port)) throw new Error(`Node "${ctx.node.name}" emitted on undeclared port "${port}" (declared: ${ports.join(', ')})`);
  }
  return out;
}

/** The json of each item on a port. */
export function jsonOf(out: NodeOutput, port = 'main'): unknown[] {
  return (out[port] ?? []).map((i) => i.json);
}
