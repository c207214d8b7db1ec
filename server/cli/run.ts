/**
 * `weft validate` and `weft run`. A run goes through the real queue: if no worker is listening, an
 * in-process worker starts for the duration of the command.
 */
import type { CliCommand } from './commands';
import { CliError, readJsonFile, type CliIO } from './io';
import type { Item, WorkflowGraph } from '../engine/types';
import { validateWorkflow } from '../engine/validate';
import { registry } from '../../nodes/registry';
import { loadWorkflowFile } from './load';

export const validateCommand: CliCommand = {
  usage: 'validate <file>                      check a workflow file (Weft or n8n JSON)',
  async run({ positional }, io) {
    const file = positional[0];
    if (!file) throw new CliError('Usage: weft validate <file>', 2);
    const graph = await loadWorkflowFile(file, io);
    if (!reportIssues(file, graph, io)) return 2;
    io.out(`${file} is valid: ${graph.nodes.length} nodes, ${graph.connections.length} connections`);
    return 0;
  },
};

export const runCommand: CliCommand = {
  usage: 'run <file> [--input <json file>] [--json]  run a workflow through the queue and print every node\'s output',
  async run({ positional, flags }, io) {
    const file = positional[0];
    if (!file) throw new CliError('Usage: weft run <file> [--input <json file>] [--json]', 2);
    const graph = await loadWorkflowFile(file, io);
    if (!reportIssues(file, graph, io)) return 2;
    const triggerItems = typeof flags.input === 'string' ? toItems(await readJsonFile(flags.input)) : undefined;
    return runGraph(graph, { triggerItems, json: flags.json === true }, io);
  },
};

/** Prints the validation errors; true when there are none. */
function reportIssues(file: string, graph: WorkflowGraph, io: CliIO): boolean {
  const issues = validateWorkflow(graph, registry);
  if (!issues.length) return true;
  io.err(`${file} is not a valid workflow:`);
  for (const i of issues) io.err(`  - ${i.message}`);
  return false;
}

function toItems(value: unknown): Item[] {
  const list = Array.isArray(value) ? value : [value];
  return list.map((v) => (v && typeof v === 'object' && 'json' in (v as object) ? (v as Item) : { json: (v ?? {}) as Item['json'] }));
}

export async function runGraph(graph: WorkflowGraph, opts: { triggerItems?: Item[]; json?: boolean; timeoutMs?: number }, io: CliIO): Promise<number> {
  const { startExecution, waitForExecution } = await import('../runtime/execution');
  const { getStepQueue } = await import('../runtime/queues');
  const { startStepWorker } = await import('../runtime/worker');
  const { closeRuntimeConnections } = await import('../runtime/shutdown');
  let local: Awaited<ReturnType<typeof startStepWorker>> | undefined;
  try {
    const workers = await getStepQueue().getWorkersCount().catch(() => 0);
    if (!workers) local = await startStepWorker({ concurrency: 4, recoveryIntervalMs: 0, log: quietLog });
    const { executionId } = await startExecution({ graph, mode: 'cli', triggerItems: opts.triggerItems });
    const detail = await waitForExecution(executionId, { timeoutMs: opts.timeoutMs ?? 10 * 60_000 });
    if (opts.json) io.out(JSON.stringify(detail, null, 2));
    else printExecution(detail, io);
    return detail.status === 'succeeded' ? 0 : 1;
  } finally {
    await local?.close();
    await closeRuntimeConnections();
  }
}

const quietLog = { debug() {}, info() {}, warn() {}, error() {} };

function printExecution(detail: Awaited<ReturnType<typeof import('../runtime/execution').getExecutionDetail>> & object, io: CliIO) {
  const ms = detail.startedAt && detail.finishedAt ? detail.finishedAt.getTime() - detail.startedAt.getTime() : 0;
  io.out(`Execution ${detail.id}: ${detail.status} in ${ms} ms`);
  if (detail.error) io.out(`  error: ${String((detail.error as { message?: string }).message ?? JSON.stringify(detail.error))}`);
  for (const run of detail.nodeRuns) {
    const mark = run.status === 'succeeded' ? '✓' : run.status === 'failed' ? '✗' : '·';
    const dur = run.startedAt && run.finishedAt ? `${run.finishedAt.getTime() - run.startedAt.getTime()} ms` : run.status;
    io.out(`\n${mark} ${run.nodeName}${run.runIndex ? ` (run ${run.runIndex + 1})` : ''}  ${dur}`);
    if (run.error) io.out(`  error: ${String((run.error as { message?: string }).message)}`);
    for (const [port, items] of Object.entries(run.outputItems ?? {})) {
      io.out(`  ${port}: ${items.length} item${items.length === 1 ? '' : 's'}`);
      for (const item of items) io.out(`    ${JSON.stringify(item.json)}`);
    }
  }
}
