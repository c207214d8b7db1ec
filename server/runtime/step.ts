/**
 * The step processor: runs one node run from Postgres state, records it, plans its successors and
 * continues a straight chain inline (checkpointing every step) while handing parallel branches to
 * the queue. A plain function of its dependencies so tests can call it without BullMQ.
 *
 * Crash safety: a run already recorded as finished is never executed again (claimRun refuses it).
 * A job retried after its worker died resumes the runs its chain was carrying (orphansOf) and
 * re-enqueues the standalone runs its planning had created (enqueueing by run id is idempotent).
 */
import type pg from 'pg';
import type { CredentialRequest, NodeLogger, NodeRegistry, NodeServices } from '../engine/node';
import type { NodeRunInput } from '../engine/execute-node';
import type { GraphNode, Item, JsonObject, WorkflowGraph } from '../engine/types';
import { indexGraph, planNext, type GraphIndex, type RunMeta } from '../engine/plan';
import { executeNodeRun } from '../engine/execute-node';
import { assembleInputs } from '../engine/flow';
import { referencedNodeNames, type RunView } from '../engine/expression';
import type { ExecutionEvent } from '../realtime/events';
import {
  claimRun,
  completeExclusive,
  completeRunAndPlan,
  failExecution,
  loadGraph,
  loadPreviousState,
  loadRunViews,
  loadSourceOutputs,
  orphansOf,
  parkRun,
  resumeWaitingRun,
  standaloneOpenRuns,
  TERMINAL_EXECUTION,
  type ClaimedRun,
  type ExclusiveRuns,
  type ExecutionRow,
  type RunOutcome,
} from './store';
import type { CancellationRegistry } from './cancellation';
import { resumeUrls } from './resume-urls';
import type { WaitRequest } from '../engine/node';

export interface StepDeps {
  pool: pg.Pool;
  registry: NodeRegistry;
  publish(event: ExecutionEvent): void;
  enqueue(runs: { executionId: string; nodeRunId: string }[]): Promise<void>;
  services(args: { execution: ExecutionRow; node: GraphNode; run: ClaimedRun; signal: AbortSignal; tokens: { promptTokens: number; completionTokens: number } }): NodeServices;
  credentials(execution: ExecutionRow, node: GraphNode, slot: string, opts?: CredentialRequest): Promise<Record<string, unknown>>;
  cancellation: CancellationRegistry;
  log: NodeLogger;
  /** Steps one job may run inline before handing the chain back to the queue. */
  inlineLimit?: number;
  /** Puts the delayed job that resumes a parked run at `at` (ms epoch) on the queue. */
  scheduleResume(run: { executionId: string; nodeRunId: string }, jobId: string, at: number): Promise<void>;
  /** The public base URL for $execution.resumeUrl and resumeFormUrl. */
  publicUrl?: string;
}

interface CachedGraph {
  graph: WorkflowGraph;
  index: GraphIndex;
  byId: Map<string, GraphNode>;
  referencesOthers: Map<string, boolean>;
  /** $execution.resumeUrl and resumeFormUrl, signed once per execution. */
  resumeUrls?: { resumeUrl?: string; resumeFormUrl?: string };
}

const graphCache = new Map<string, CachedGraph>();
const GRAPH_CACHE_MAX = 500;

function cacheGraph(executionId: string, graph: WorkflowGraph): CachedGraph {
  let cached = graphCache.get(executionId);
  if (cached) return cached;
  cached = { graph, index: indexGraph(graph), byId: new Map(graph.nodes.map((n) => [n.id, n])), referencesOthers: new Map() };
  if (graphCache.size >= GRAPH_CACHE_MAX) graphCache.delete(graphCache.keys().next().value!);
  graphCache.set(executionId, cached);
  return cached;
}

/** Runs the job's node run and the chain behind it. */
export async function processStep(deps: StepDeps, job: { executionId: string; nodeRunId: string; resume?: 'time' }, jobId: string): Promise<void> {
  if (job.resume === 'time') {
    // A parked run's timer: resume it for this job, unless a request resumed it first (or it was cancelled).
    const resumed = await resumeWaitingRun(deps.pool, { executionId: job.executionId, nodeRunId: job.nodeRunId, jobId, resume: { kind: 'time' }, timerJobId: jobId });
    if (!resumed) return;
  }
  const limit = deps.inlineLimit ?? 100;
  const queue: (string | Preclaimed)[] = [job.nodeRunId];
  // Outputs of the runs this chain recorded: the next step in the chain reads its input from here.
  const known = new Map<string, Record<string, Item[]>>();
  let steps = 0;
  let first = true;
  while (queue.length) {
    const id = queue.shift()!;
    const outcome = await runOne(deps, job.executionId, id, jobId, steps + 1 < limit, known);
    steps++;
    if (first && outcome === 'not-claimed') {
      // A retry of a job whose own run had finished: resume what the chain was carrying.
      await deps.enqueue((await standaloneOpenRuns(deps.pool, job.executionId)).map((nodeRunId) => ({ executionId: job.executionId, nodeRunId })));
      queue.push(...(await orphansOf(deps.pool, job.executionId, jobId, job.nodeRunId)));
    } else if (outcome !== 'not-claimed' && outcome.inline) {
      queue.push(outcome.inline);
    }
    first = false;
  }
}

/** A run the previous step's transaction already marked running for this job, with its execution's state. */
interface Preclaimed {
  run: ClaimedRun;
  execution: Omit<ExecutionRow, 'graph'>;
  /** Every run of the execution, when this one is its only open run. */
  exclusive?: ExclusiveRuns;
}

type RunOneResult = 'not-claimed' | { inline?: Preclaimed };

async function runOne(deps: StepDeps, executionId: string, next: string | Preclaimed, jobId: string, mayInline: boolean, known: Map<string, Record<string, Item[]>>): Promise<RunOneResult> {
  let g = graphCache.get(executionId);
  const claimed = typeof next === 'string' ? await claimRun(deps.pool, next, jobId, { executionId, withGraph: !g }) : { ...next, justStarted: false };
  if (!claimed) return 'not-claimed';
  const claim = claimed.run;
  if (!g) {
    const graph = ('graph' in claimed && claimed.graph) || (await loadGraph(deps.pool, executionId));
    if (!graph) return {};
    g = cacheGraph(executionId, graph);
  }
  const execution: ExecutionRow = { ...claimed.execution, graph: g.graph };
  const base = { executionId, workflowId: execution.workflowId };

  if (TERMINAL_EXECUTION.has(execution.status)) {
    await deps.pool.query(`UPDATE "NodeRun" SET status = 'cancelled', "finishedAt" = now() WHERE id = $1 AND status = 'running'`, [claim.id]);
    return {};
  }
  if (execution.cancelRequested) {
    if (await failExecution(deps.pool, executionId, 'cancelled', { message: 'The execution was cancelled' })) {
      deps.publish({ ...base, type: 'execution.finished', status: 'cancelled', at: Date.now() });
    }
    return {};
  }
  if (execution.timeoutAt && execution.timeoutAt.getTime() <= Date.now()) {
    await timeOut(deps, execution);
    return {};
  }
  if (claimed.justStarted || claim.resume) {
    deps.publish({ ...base, type: 'execution.started', mode: execution.mode as never, at: Date.now() });
  }

  const node = g.byId.get(claim.nodeId);
  const def = node && deps.registry.get(node.type);
  const started = Date.now();
  if (typeof next === 'string') deps.publish({ ...base, type: 'node.started', nodeId: claim.nodeId, nodeName: claim.nodeName, runIndex: claim.runIndex, attempt: claim.attempt, at: started });

  const sourceOutputs = await loadSourceOutputs(deps.pool, executionId, claim.sources, known);
  const { inputs, segments } = assembleInputs(claim.sources, (s) => sourceOutputs.get(`${s.node}#${s.runIndex}`)?.[s.port], (id) => g.byId.get(id)?.name ?? id);

  let outcome: RunOutcome;
  let wait: WaitRequest | undefined;
  const tokens = { promptTokens: 0, completionTokens: 0 };
  const controller = new AbortController();
  const release = deps.cancellation.register(executionId, controller);
  const deadline = execution.timeoutAt ? setTimeout(() => controller.abort(new Error('The execution timed out')), execution.timeoutAt.getTime() - Date.now()) : undefined;
  try {
    if (!node || !def) {
      outcome = { status: 'failed', outputs: {}, error: { message: `Node ${claim.nodeName} has unknown type "${node?.type}"`, nodeName: claim.nodeName } };
    } else {
      const [state, views] = await Promise.all([
        loadPreviousState(deps.pool, executionId, claim.nodeId, claim.runIndex),
        needsRunViews(g, node) ? loadRunViews(deps.pool, executionId, (id) => g.byId.get(id)?.name ?? id) : Promise.resolve(new Map<string, RunView[]>()),
      ]);
      const getRun = (name: string, runIndex?: number) => {
        const list = views.get(name);
        if (!list?.length) return undefined;
        return runIndex === undefined ? list[list.length - 1] : list.find((v) => v.runIndex === runIndex);
      };
      const executionInfo = { id: executionId, mode: execution.mode as never, ...(g.resumeUrls ??= resumeUrls(deps.publicUrl, executionId)) };
      const services = deps.services({ execution, node, run: claim, signal: controller.signal, tokens });
      if (node.type === 'agent' || node.type === 'mcpTrigger') {
        services.runNode = (tool) => runToolNode(deps, { graph: g.graph, execution, executionInfo, claim, tokens, getRun, parent: node }, tool);
      }
      const result = await executeNodeRun({
        graph: g.graph,
        node,
        def,
        inputs,
        inputSources: segments,
        runIndex: claim.runIndex,
        execution: executionInfo,
        workflow: { id: execution.workflowId ?? undefined },
        triggerData: node.id === execution.triggerNodeId ? (execution.triggerData ?? undefined) : undefined,
        state,
        resume: claim.resume,
        getRun,
        credentials: (slot, opts) => deps.credentials(execution, node, slot, opts),
        services,
        signal: controller.signal,
        log: deps.log,
      });
      if (result.status === 'waiting') {
        wait = result.wait;
        outcome = { status: 'succeeded', outputs: {}, state: result.state, tokens, tries: result.tries };
      } else {
        outcome = { status: result.status, outputs: result.outputs, state: result.state, error: result.error as unknown as JsonObject, tokens, tries: result.tries };
      }
    }
  } finally {
    clearTimeout(deadline);
    release();
  }

  if (controller.signal.aborted) {
    const reason = controller.signal.reason;
    const timedOut = reason instanceof Error && /timed out/.test(reason.message);
    outcome = { ...outcome, status: timedOut ? 'failed' : 'cancelled', error: { message: timedOut ? 'The execution timed out' : 'The execution was cancelled', nodeName: claim.nodeName } };
    wait = undefined;
  }
  if (wait) {
    await park(deps, execution, claim, wait, outcome, started);
    return {};
  }

  const plan = (runs: RunMeta[]) => {
    const p = planNext(g.graph, runs, g.index);
    return {
      ready: p.ready.map((r) => ({ ...r, nodeName: g.byId.get(r.nodeId)?.name ?? r.nodeId })),
      finished: p.finished,
      inlineFirst: mayInline,
      carrierJobId: jobId,
    };
  };
  const usedTokens = tokens.promptTokens > 0 || tokens.completionTokens > 0;
  const completion =
    claimed.exclusive && outcome.status === 'succeeded' && !usedTokens
      ? await completeExclusive(deps.pool, claim, outcome.outputs, outcome.state, outcome.tries ?? 0, claimed.exclusive, plan, () => null)
      : await completeRunAndPlan(deps.pool, claim, outcome, plan, (status) =>
          status === 'failed' ? { message: String(outcome.error?.message ?? 'A node failed'), nodeName: claim.nodeName } : null,
        );
  if (!completion.recorded) return {};
  known.clear();
  known.set(`${claim.nodeId}#${claim.runIndex}`, outcome.outputs);

  const finishedAt = Date.now();
  deps.publish({
    ...base,
    type: 'node.finished',
    nodeId: claim.nodeId,
    nodeName: claim.nodeName,
    runIndex: claim.runIndex,
    status: outcome.status,
    itemCounts: Object.fromEntries(Object.entries(outcome.outputs).map(([p, items]) => [p, items.length])),
    error: outcome.error ? { message: String(outcome.error.message) } : undefined,
    durationMs: finishedAt - started,
    at: finishedAt,
  });
  if (completion.waiting) deps.publish({ ...base, type: 'execution.waiting', at: finishedAt });
  if (completion.finished && !TERMINAL_EXECUTION.has(execution.status)) {
    const status = completion.executionStatus as 'succeeded' | 'failed' | 'cancelled';
    deps.publish({ ...base, type: 'execution.finished', status, error: status !== 'succeeded' ? { message: String(outcome.error?.message ?? 'failed'), nodeName: claim.nodeName } : undefined, at: finishedAt });
  }
  const standalone = completion.planned.filter((p) => p.id !== completion.inlineClaim?.id);
  await deps.enqueue(standalone.map((p) => ({ executionId, nodeRunId: p.id })));
  if (!completion.inlineClaim) return {};
  const inline = completion.inlineClaim;
  deps.publish({ ...base, type: 'node.started', nodeId: inline.nodeId, nodeName: inline.nodeName, runIndex: inline.runIndex, attempt: 1, at: Date.now() });
  return { inline: { run: inline, execution: { ...claimed.execution, status: 'running', cancelRequested: completion.cancelRequested === true }, exclusive: completion.exclusive } };
}

/**
 * Stores a run that called ctx.wait as 'waiting' and, for a wait with a time, puts its timer job on the
 * queue. The job that ran it ends here: the run continues when the timer fires or a request reaches the
 * execution's resume URL (server/webhooks/waiting.ts), on whichever worker takes that job.
 */
async function park(deps: StepDeps, execution: ExecutionRow, claim: ClaimedRun, wait: WaitRequest, outcome: RunOutcome, started: number): Promise<void> {
  const timerJobId = wait.resumeAt !== undefined ? `${claim.id}-wait${claim.attempt}` : undefined;
  const parked = await parkRun(deps.pool, claim, { ...wait, ...(timerJobId ? { timerJobId } : {}), parkedAt: new Date().toISOString() }, outcome.state, outcome.tries ?? 0);
  if (!parked.parked) return;
  // Scheduled after the commit: if this process dies in between, the recovery sweep schedules it (overdueWaits).
  if (timerJobId) await deps.scheduleResume({ executionId: execution.id, nodeRunId: claim.id }, timerJobId, wait.resumeAt!);
  const base = { executionId: execution.id, workflowId: execution.workflowId };
  const at = Date.now();
  deps.publish({ ...base, type: 'node.finished', nodeId: claim.nodeId, nodeName: claim.nodeName, runIndex: claim.runIndex, status: 'waiting', itemCounts: {}, durationMs: at - started, at });
  if (parked.executionWaiting) deps.publish({ ...base, type: 'execution.waiting', waitingFor: [wait.kind], at });
}

interface ToolHost {
  graph: WorkflowGraph;
  execution: ExecutionRow;
  executionInfo: NodeRunInput['execution'];
  claim: ClaimedRun;
  tokens: { promptTokens: number; completionTokens: number };
  getRun: NodeRunInput['getRun'];
  parent: GraphNode;
}

/**
 * An agent's node tool (nodes/agent/tools.ts): the plugin runs in the agent's run, on the agent's item, with
 * $fromAI(...) reading the model's arguments. Its credentials are its own slots, checked against the
 * execution's owner like any node's. It records no NodeRun of its own (the agent's steps show the call).
 */
async function runToolNode(deps: StepDeps, host: ToolHost, tool: Parameters<NonNullable<NodeServices['runNode']>>[0]): Promise<Item[]> {
  const def = deps.registry.get(tool.type);
  if (!def || def.trigger) throw new Error(`"${tool.type}" cannot run as a tool`);
  // Checked before the node runs: it would send its message, then find it cannot wait inside a tool call.
  if (tool.params.operation === 'sendAndWait') throw new Error(`"${tool.name}" sends and waits for a reply, which a tool cannot do`);
  const versions = Array.isArray(def.version) ? def.version : [def.version];
  const toolNode: GraphNode = {
    id: `${host.parent.id}/tool/${tool.name}`,
    name: tool.name,
    type: tool.type,
    typeVersion: tool.typeVersion ?? Math.max(...versions),
    params: tool.params,
    position: [0, 0],
    ...(tool.credentials ? { credentials: tool.credentials } : {}),
  };
  const result = await executeNodeRun({
    graph: host.graph,
    node: toolNode,
    def,
    inputs: { main: tool.items },
    runIndex: 0,
    execution: host.executionInfo,
    workflow: { id: host.execution.workflowId ?? undefined },
    getRun: host.getRun,
    credentials: (slot, opts) => deps.credentials(host.execution, toolNode, slot, opts),
    services: deps.services({ execution: host.execution, node: toolNode, run: host.claim, signal: tool.signal, tokens: host.tokens }),
    signal: tool.signal,
    log: deps.log,
    fromAI: tool.fromAI,
  });
  if (result.status === 'waiting') throw new Error(`"${tool.name}" waits for a reply, which a tool cannot do`);
  if (result.status === 'failed') throw new Error(result.error?.message ?? `"${tool.name}" failed`);
  return Object.values(result.outputs).flat();
}

function needsRunViews(g: CachedGraph, node: GraphNode): boolean {
  let needs = g.referencesOthers.get(node.id);
  if (needs === undefined) {
    needs = false;
    const visit = (v: unknown): void => {
      if (needs) return;
      if (typeof v === 'string') {
        if (v.startsWith('=')) {
          const refs = referencedNodeNames(v);
          if (refs === 'dynamic' || refs.length) needs = true;
        }
      } else if (Array.isArray(v)) v.forEach(visit);
      else if (v && typeof v === 'object') Object.values(v).forEach(visit);
    };
    visit(node.params);
    // The Code node reaches other nodes through $('Name') inside its code, which is not an expression string.
    if (node.type === 'code' || node.type === 'agent') needs = true;
    g.referencesOthers.set(node.id, needs);
  }
  return needs;
}

async function timeOut(deps: StepDeps, execution: ExecutionRow): Promise<void> {
  if (await failExecution(deps.pool, execution.id, 'failed', { message: 'The execution timed out' })) {
    deps.publish({ executionId: execution.id, workflowId: execution.workflowId, type: 'execution.finished', status: 'failed', error: { message: 'The execution timed out' }, at: Date.now() });
  }
}

export function clearGraphCache(): void {
  graphCache.clear();
}
