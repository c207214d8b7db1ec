/**
 * Unit-testing helper for node plugins: builds a real NodeContext whose params(i) resolve expressions with the
 * real expression engine (sandboxed) against item i and parse them with the node's zod schema (defaults applied).
 *
 *   const out = await runNode(myNode, { params: { value: '={{ $json.a }}' }, items: [{ a: 1 }] });
 *   const ctx = makeContext({ def: myNode, params, items }); await myNode.execute(ctx);
 */
import { z } from 'zod';
import { resolvePorts, type NodeContext, type NodeDefinition, type NodeLogger, type NodeOutput, type NodeServices, type ResumeInfo } from '../node';
import type { ExecutionMode, GraphNode, Item, JsonObject } from '../types';
import type { ExpressionContext, InputSegment, RunView } from '../expression';
import { buildNodeContext, type NodeRunInput } from '../execute-node';

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
  execution?: { id?: string; mode?: ExecutionMode; resumeUrl?: string; resumeFormUrl?: string };
  workflow?: { id?: string; name?: string; active?: boolean };
  runIndex?: number;
  signal?: AbortSignal;
  /** The run continues a wait (ctx.resume). A node that waits makes runNode reject with a WaitSignal. */
  resume?: ResumeInfo;
  now?: Date;
  /** Timeout for services.runCode (default 5 s). */
  codeTimeoutMs?: number;
  /** Values a model chose for $fromAI('key') (the node run as an agent's tool). */
  fromAI?: Record<string, unknown>;
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

// Without a definition, params(i) returns the resolved raw params unparsed.
const unparsed = { type: 'test', version: 1, inputs: [{ name: 'main' }], outputs: [{ name: 'main' }], params: z.unknown() } as unknown as NodeDefinition;

/** A NodeContext built by the executor's own builder (buildNodeContext), from test-friendly options. */
export function makeContext(opts: MakeContextOptions = {}): TestNodeContext {
  const def = opts.def ?? unparsed;
  const rawParams = opts.params ?? {};
  const inputs: Record<string, Item[]> = {};
  for (const [port, list] of Object.entries(opts.inputs ?? {})) inputs[port] = toItems(list);
  const firstPort = opts.def ? resolvePorts(def.inputs, rawParams)[0]?.name ?? 'main' : 'main';
  if (opts.items) inputs[firstPort] = toItems(opts.items);
  const node: GraphNode = {
    id: 'node-1',
    name: opts.def?.displayName ?? 'Node',
    type: opts.def?.type ?? 'test',
    typeVersion: opts.def ? (Array.isArray(def.version) ? Math.max(...def.version) : def.version) : 1,
    position: [0, 0],
    ...opts.node,
    params: rawParams,
  };
  const runs = new Map(Object.entries(opts.runs ?? {}).map(([k, v]) => [k, toRunView(v)]));
  const logs: TestNodeContext['logs'] = [];
  const logAt = (level: string) => (msg: string, data?: Record<string, unknown>) => void logs.push({ level, msg, data });
  const log: NodeLogger = { debug: logAt('debug'), info: logAt('info'), warn: logAt('warn'), error: logAt('error') };
  let state = opts.state;
  const signal = opts.signal ?? new AbortController().signal;

  const input: NodeRunInput = {
    graph: { nodes: [node], connections: [], settings: { timezone: opts.timezone ?? 'UTC', allowEnvInExpressions: opts.env !== undefined } },
    node,
    def,
    inputs,
    inputSources: opts.inputSources,
    runIndex: opts.runIndex ?? 0,
    execution: { id: opts.execution?.id ?? 'test-execution', mode: opts.execution?.mode ?? ('manual' as ExecutionMode), resumeUrl: opts.execution?.resumeUrl, resumeFormUrl: opts.execution?.resumeFormUrl },
    workflow: { ...opts.workflow },
    triggerData: opts.triggerData,
    state,
    resume: opts.resume,
    getRun: (name, idx) => {
      const run = runs.get(name);
      return run && (idx === undefined || idx === run.runIndex) ? run : undefined;
    },
    credentials: async (name) => {
      const c = opts.credentials?.[name];
      if (!c) throw new Error(`Node "${node.name}": credential "${name}" is not set`);
      return c;
    },
    services: opts.services ?? {},
    signal,
    log,
    vars: opts.vars,
    env: opts.env,
    now: opts.now,
    getNodeParams: (name) => opts.nodeParams?.[name],
    codeTimeoutMs: opts.codeTimeoutMs ?? 5_000,
    ...(opts.fromAI ? { fromAI: opts.fromAI } : {}),
  };
  const { ctx, exprContext } = buildNodeContext(input, signal, (s) => {
    state = s;
  });
  return { ...ctx, savedState: () => state, logs, expressionContext: exprContext };
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
