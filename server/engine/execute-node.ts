/**
 * Runs one node run: builds the plugin's context, applies pinned data, disabled pass-through,
 * retries with exponential backoff, the per-try timeout and the onError policy.
 * Pure of I/O: everything the runtime owns comes in through `NodeRunInput`.
 */
import type { z } from 'zod';
import { NodeError, WaitSignal, type CredentialRequest, type ResumeInfo, type WaitRequest, type NodeContext, type NodeDefinition, type NodeLogger, type NodeOutput, type NodeServices } from './node';
import type { ExecutionMode, GraphNode, Item, JsonObject, WorkflowGraph } from './types';
import { ERROR_PORT, inputPortsOf, outputPortsOf } from './validate';
import { isExpressionValue } from './expression-syntax';
import { ExpressionError, getExpressionEngine, type ExpressionContext, type RunView } from './expression';
import { createRunCodeService } from './sandbox/code';
import { abortableSleep } from './abort';

export interface NodeRunInput {
  graph: WorkflowGraph;
  node: GraphNode;
  def: NodeDefinition;
  inputs: Record<string, Item[]>;
  /** Where each input port's items came from (for pairedItem tracing). */
  inputSources?: RunView['inputs'];
  runIndex: number;
  execution: { id: string; mode: ExecutionMode; resumeUrl?: string; resumeFormUrl?: string };
  workflow: { id?: string; name?: string; active?: boolean };
  triggerData?: JsonObject;
  state?: JsonObject;
  /** Set when the run continues a wait (ctx.resume). */
  resume?: ResumeInfo;
  /** Values a model chose for $fromAI('key') (a node run as an agent's tool). */
  fromAI?: Record<string, unknown>;
  /** Another node's run, for $('Name') and pairedItem; the runtime preloads what expressions name. */
  getRun(nodeName: string, runIndex?: number): RunView | undefined;
  credentials(slot: string, opts?: CredentialRequest): Promise<Record<string, unknown>>;
  services: NodeServices;
  signal: AbortSignal;
  log: NodeLogger;
  vars?: Record<string, string>;
  env?: Record<string, string>;
  /** Called before each try after the first (attempt counts from 1). */
  onRetry?(attempt: number, error: Error): void;
  /** $now and $today (tests pin them); the clock when unset. */
  now?: Date;
  /** Other nodes' parameters for $('Name').params; looked up in the graph when unset. */
  getNodeParams?(nodeName: string): Record<string, unknown> | undefined;
  /** The Code sandbox's time limit; the node's timeout or WEFT_CODE_TIMEOUT_MS (30 s) when unset. */
  codeTimeoutMs?: number;
  sleep?(ms: number, signal: AbortSignal): Promise<void>;
}

export interface NodeRunResult {
  status: 'succeeded' | 'failed' | 'waiting';
  outputs: NodeOutput;
  /** Set when status is 'waiting' (the node called ctx.wait). */
  wait?: WaitRequest;
  state?: JsonObject;
  error?: RunError;
  tries: number;
}

export interface RunError {
  message: string;
  description?: string;
  nodeName: string;
  field?: string;
  itemIndex?: number;
  stack?: string;
}

export async function executeNodeRun(input: NodeRunInput): Promise<NodeRunResult> {
  const { node, def } = input;
  const outputPorts = outputPortsOf(node, def);
  const firstOutput = outputPorts.find((p) => p !== ERROR_PORT) ?? 'main';
  const mainInput = primaryInput(input);

  const pinned = input.graph.pinData?.[node.name];
  if (pinned) return { status: 'succeeded', outputs: { [firstOutput]: pinned.map(normaliseItem) }, tries: 0 };
  if (node.disabled) return { status: 'succeeded', outputs: { [firstOutput]: mainInput }, tries: 0 };

  const retry = node.retry?.retryOnFail ? node.retry : undefined;
  const maxTries = retry ? Math.max(1, Math.min(retry.maxTries ?? 3, 10)) : 1;
  const sleep = input.sleep ?? abortableSleep;
  let lastError: Error | undefined;
  let tries = 0;
  for (let attempt = 1; attempt <= maxTries; attempt++) {
    if (input.signal.aborted) break;
    if (attempt > 1) {
      input.onRetry?.(attempt, lastError!);
      const wait = (retry!.waitBetweenTries ?? 1000) * 2 ** (attempt - 2);
      try {
        await sleep(wait, input.signal);
      } catch {
        break;
      }
    }
    tries = attempt;
    let state = input.state;
    try {
      const outputs = await runWithTimeout(input, (signal) => {
        const { ctx } = buildNodeContext(input, signal, (s) => (state = s));
        return def.execute(ctx as NodeContext<z.output<typeof def.params>>);
      });
      return { status: 'succeeded', outputs: finishOutputs(node, outputs, outputPorts, firstOutput, mainInput.length), state, tries };
    } catch (err) {
      if (err instanceof WaitSignal) return { status: 'waiting', outputs: {}, wait: err.request, state, tries };
      lastError = err instanceof Error ? err : new Error(String(err));
    }
  }
  const error = toRunError(node, lastError ?? new Error(input.signal.aborted ? 'The execution was cancelled' : 'Unknown error'));
  if (input.signal.aborted) return { status: 'failed', outputs: {}, error, tries };
  if (node.onError === 'continue') {
    return { status: 'succeeded', outputs: { [firstOutput]: [{ json: { error: error.message }, pairedItem: { item: 0 } }] }, error, tries };
  }
  if (node.onError === 'errorOutput') {
    const failed = (mainInput.length ? mainInput : [{ json: {} }]).map((item, i) => ({
      json: { ...item.json, error: error.message },
      pairedItem: { item: i },
      error: { message: error.message, description: error.description },
    }));
    return { status: 'succeeded', outputs: { [ERROR_PORT]: failed }, error, tries };
  }
  return { status: 'failed', outputs: {}, error, tries };
}

function primaryInput(input: NodeRunInput): Item[] {
  if (input.inputs.main) return input.inputs.main;
  const first = inputPortsOf(input.node, input.def)[0];
  return (first && input.inputs[first]) || [];
}

async function runWithTimeout(input: NodeRunInput, run: (signal: AbortSignal) => Promise<NodeOutput>): Promise<NodeOutput> {
  const timeoutMs = input.node.timeoutMs;
  if (!timeoutMs || timeoutMs <= 0) return run(input.signal);
  const controller = new AbortController();
  const onAbort = () => controller.abort(input.signal.reason);
  input.signal.addEventListener('abort', onAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      run(controller.signal),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          const err = new NodeError(`Node "${input.node.name}" timed out after ${timeoutMs} ms`, { field: 'timeoutMs' });
          controller.abort(err);
          reject(err);
        }, timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
    input.signal.removeEventListener('abort', onAbort);
  }
}

/**
 * The context a plugin's execute() receives, and the expression context it resolves against. Exported for
 * the plugin test helper (testing/node-context.ts), so that tests see exactly what the runtime gives.
 */
export function buildNodeContext(
  input: NodeRunInput,
  signal: AbortSignal,
  setState: (s: JsonObject | undefined) => void,
): { ctx: NodeContext; exprContext: (itemIndex?: number, inputPort?: string) => ExpressionContext } {
  const { node, def } = input;
  const timezone = (input.graph.settings?.timezone as string | undefined) || 'UTC';
  const items = primaryInput(input);
  const engine = getExpressionEngine();
  // Raw params (def.rawParamKeys) are parsed as stored and never resolved here.
  const rawKeys = def.rawParamKeys?.filter((k) => k in (node.params ?? {}));
  const resolvable = rawKeys?.length ? Object.fromEntries(Object.entries(node.params).filter(([k]) => !rawKeys.includes(k))) : node.params;
  const hasExpressions = containsExpression(resolvable);
  const exprContext = (itemIndex = 0, inputPort?: string): ExpressionContext => ({
    itemIndex,
    runIndex: input.runIndex,
    inputs: inputPort && input.inputs[inputPort] ? { ...input.inputs, main: input.inputs[inputPort] } : withMain(input.inputs, items),
    node: { id: node.id, name: node.name, type: node.type, params: node.params },
    workflow: { ...input.workflow, timezone },
    execution: input.execution,
    getRun: input.getRun,
    inputSources: input.inputSources,
    getNodeParams: input.getNodeParams ?? ((name) => input.graph.nodes.find((n) => n.name === name)?.params),
    vars: input.vars,
    env: input.graph.settings?.allowEnvInExpressions ? input.env : undefined,
    now: input.now,
    ...(input.fromAI ? { fromAI: input.fromAI } : {}),
  });
  let staticParams: unknown;
  const params = (itemIndex = 0) => {
    if (!hasExpressions && staticParams !== undefined) return staticParams;
    let raw: unknown;
    try {
      raw = hasExpressions ? engine.resolveParams(resolvable, exprContext(itemIndex)) : resolvable;
      if (rawKeys?.length) raw = { ...(raw as Record<string, unknown>), ...Object.fromEntries(rawKeys.map((k) => [k, node.params[k]])) };
    } catch (err) {
      // Name the parameter whose expression failed, so the editor can point at it.
      if (err instanceof ExpressionError) throw new NodeError(`Node "${node.name}"${err.field ? `, field "${err.field}"` : ''}: ${err.message}`, { field: err.field, itemIndex, description: err.expression });
      throw err;
    }
    const parsed = (def.params as z.ZodType).safeParse(raw ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue.path.map(String).join('.');
      throw new NodeError(`Node "${node.name}"${field ? `, field "${field}"` : ''}: ${issue.message}`, { field, itemIndex });
    }
    if (!hasExpressions) staticParams = parsed.data;
    return parsed.data;
  };
  const ctx: NodeContext = {
    node,
    inputs: input.inputs,
    items,
    params: params as NodeContext['params'],
    rawParams: node.params,
    evaluate: (expression, itemIndex = 0, inputPort) => engine.evaluate(expression, exprContext(itemIndex, inputPort)),
    credentials: input.credentials,
    signal,
    log: input.log,
    execution: input.execution,
    workflow: { ...input.workflow, timezone },
    runIndex: input.runIndex,
    state: input.state,
    setState,
    triggerData: input.triggerData,
    resume: input.resume,
    wait: (request) => {
      throw new WaitSignal(request);
    },
    services: {
      // The Code node's sandbox sees the same $input, $('Name') and $execution as expressions do.
      runCode: createRunCodeService({
        ctx: (itemIndex) => exprContext(itemIndex),
        signal,
        log: input.log,
        timeoutMs: input.codeTimeoutMs ?? node.timeoutMs ?? (Number(process.env.WEFT_CODE_TIMEOUT_MS) || 30_000),
      }),
      ...input.services,
    },
  };
  return { ctx, exprContext };
}

function withMain(inputs: Record<string, Item[]>, items: Item[]): Record<string, Item[]> {
  return inputs.main ? inputs : { ...inputs, main: items };
}

export function containsExpression(value: unknown): boolean {
  if (isExpressionValue(value)) return true;
  if (Array.isArray(value)) return value.some(containsExpression);
  if (value && typeof value === 'object') return Object.values(value).some(containsExpression);
  return false;
}

function finishOutputs(node: GraphNode, outputs: NodeOutput, ports: string[], firstOutput: string, inputCount: number): NodeOutput {
  if (!outputs || typeof outputs !== 'object' || Array.isArray(outputs)) {
    throw new NodeError(`Node "${node.name}" returned ${Array.isArray(outputs) ? 'an array' : typeof outputs} instead of items by output port`);
  }
  const result: NodeOutput = {};
  for (const [port, items] of Object.entries(outputs)) {
    if (!ports.includes(port)) throw new NodeError(`Node "${node.name}" emitted items on output "${port}", which it does not have (outputs: ${ports.join(', ')})`);
    if (!Array.isArray(items)) throw new NodeError(`Node "${node.name}" emitted a non-array on output "${port}"`);
    result[port] = items.map((item, i) => {
      const normal = normaliseItem(item);
      if (normal.pairedItem === undefined && inputCount > 0) normal.pairedItem = { item: Math.min(i, inputCount - 1) };
      return normal;
    });
  }
  if (node.alwaysOutputData && Object.values(result).every((items) => items.length === 0)) {
    result[firstOutput] = [{ json: {}, pairedItem: { item: 0 } }];
  }
  return result;
}

function normaliseItem(item: unknown): Item {
  if (item && typeof item === 'object' && 'json' in item && typeof (item as Item).json === 'object' && (item as Item).json !== null) return item as Item;
  return { json: (item && typeof item === 'object' ? item : { value: item }) as JsonObject };
}

export function toRunError(node: GraphNode, err: Error): RunError {
  const details = err instanceof NodeError ? err.details : {};
  const message = err.message.includes(node.name) ? err.message : `Node "${node.name}": ${err.message}`;
  return { message, description: details.description, nodeName: node.name, field: details.field, itemIndex: details.itemIndex, stack: err instanceof NodeError ? undefined : err.stack?.split('\n').slice(0, 6).join('\n') };
}
