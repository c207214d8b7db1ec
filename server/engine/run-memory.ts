/**
 * Runs a whole workflow in memory with the same planner and node executor the workers use.
 * For engine tests and tools; the product runs workflows through server/runtime (Postgres + BullMQ).
 */
import type { NodeLogger, NodeRegistry, NodeServices } from './node';
import type { ExecutionMode, Item, JsonObject, WorkflowGraph } from './types';
import { indexGraph, planNext, type RunMeta, type Source } from './plan';
import { executeNodeRun, type RunError } from './execute-node';
import { assembleInputs, chooseTrigger, unsupportedReachable, WorkflowStartError } from './flow';
import type { RunView } from './expression';

export interface MemoryRun extends RunMeta {
  nodeName: string;
  inputs: Record<string, Item[]>;
  outputs: Record<string, Item[]>;
  segments: RunView['inputs'];
  state?: JsonObject;
  error?: RunError;
  startedAt: number;
  finishedAt: number;
}

export interface MemoryExecution {
  status: 'succeeded' | 'failed';
  runs: MemoryRun[];
  error?: RunError | { message: string };
  /** Output items of the last node run that produced any. */
  lastOutput: Item[];
}

const quietLog: NodeLogger = { debug() {}, info() {}, warn() {}, error() {} };

export async function runWorkflowInMemory(
  graph: WorkflowGraph,
  registry: NodeRegistry,
  opts: { mode?: ExecutionMode; triggerNodeId?: string; triggerItems?: Item[]; services?: NodeServices; signal?: AbortSignal; executionId?: string; credentials?: Record<string, Record<string, unknown>> } = {},
): Promise<MemoryExecution> {
  const mode = opts.mode ?? 'manual';
  const trigger = chooseTrigger(graph, registry, mode, opts.triggerNodeId);
  const bad = unsupportedReachable(graph, registry, trigger.id);
  if (bad.length) throw new WorkflowStartError(`Weft cannot run ${bad.map((n) => `"${n.name}" (${n.type === 'unsupported' ? String(n.params.originalType ?? 'unknown type') : n.type})`).join(', ')}`);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const index = indexGraph(graph);
  const runs: MemoryRun[] = [];
  const signal = opts.signal ?? new AbortController().signal;
  const executionId = opts.executionId ?? `mem-${Date.now()}`;

  const view = (run: MemoryRun): RunView => ({ outputs: run.outputs, inputs: run.segments, runIndex: run.runIndex });
  const getRun = (name: string, runIndex?: number) => {
    const matching = runs.filter((r) => r.nodeName === name && r.status === 'succeeded');
    const run = runIndex === undefined ? matching[matching.length - 1] : matching.find((r) => r.runIndex === runIndex);
    return run ? view(run) : undefined;
  };
  const outputsOf = (s: Source) => runs.find((r) => r.nodeId === s.node && r.runIndex === s.runIndex)?.outputs[s.port];

  let queue: { nodeId: string; runIndex: number; sources: Source[] }[] = [{ nodeId: trigger.id, runIndex: 0, sources: [] }];
  let failure: RunError | undefined;
  while (queue.length && !failure) {
    // Ready runs start together, as parallel branches do on workers.
    const batch = queue;
    queue = [];
    const started = batch.map((p) => {
      const node = byId.get(p.nodeId)!;
      const { inputs, segments } = assembleInputs(p.sources, outputsOf, (id) => byId.get(id)!.name);
      const previous = [...runs].reverse().find((r) => r.nodeId === p.nodeId);
      const run: MemoryRun = { ...p, nodeName: node.name, status: 'running', inputs, outputs: {}, segments, startedAt: Date.now(), finishedAt: 0 };
      runs.push(run);
      return { run, node, previousState: previous?.state };
    });
    await Promise.all(
      started.map(async ({ run, node, previousState }) => {
        const result = await executeNodeRun({
          graph,
          node,
          def: registry.get(node.type)!,
          inputs: node.id === trigger.id ? {} : run.inputs,
          inputSources: run.segments,
          runIndex: run.runIndex,
          execution: { id: executionId, mode },
          workflow: {},
          triggerData: node.id === trigger.id ? { items: (opts.triggerItems ?? []) as unknown as JsonObject[] } : undefined,
          state: previousState,
          getRun,
          credentials: async (slot) => {
            const ref = node.credentials?.[slot];
            const data = ref && opts.credentials?.[ref.id];
            if (!data) throw new Error(`Node "${node.name}" needs credential "${slot}", which is not set`);
            return data;
          },
          services: opts.services ?? {},
          signal,
          log: quietLog,
          sleep: async () => {},
        });
        if (result.status === 'waiting') {
          // Parking needs the runtime (Postgres and a resume URL): in memory it is an error.
          result.status = 'failed';
          result.error = { message: `Node "${node.name}" waits for ${result.wait?.kind === 'time' ? 'a later time' : `a ${result.wait?.kind} call`}, which only the runtime can resume`, nodeName: node.name };
        }
        run.status = result.status;
        run.outputs = result.outputs;
        run.outputCounts = Object.fromEntries(Object.entries(result.outputs).map(([p, items]) => [p, items.length]));
        run.state = result.state;
        run.error = result.error;
        run.finishedAt = Date.now();
        if (result.status === 'failed') failure ??= result.error;
      }),
    );
    if (failure) break;
    queue = planNext(graph, runs, index).ready;
  }
  const last = [...runs].reverse().find((r) => r.status === 'succeeded' && Object.values(r.outputs).some((items) => items.length));
  return {
    status: failure ? 'failed' : 'succeeded',
    runs,
    error: failure,
    lastOutput: last ? Object.values(last.outputs).find((items) => items.length) ?? [] : [],
  };
}
