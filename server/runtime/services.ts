/**
 * What the runtime lends nodes through ctx.services: sub-workflows, webhook responses, token usage,
 * the Code sandbox, MCP and LLM clients. Built per node run.
 */
import type { NodeServices } from '../engine/node';
import type { GraphNode, Item } from '../engine/types';
import { mcpServices } from '../mcp';
import { aiServices } from '../llm';
import type { ClaimedRun, ExecutionRow } from './store';
import { startExecution, waitForExecution } from './execution';
import { pgPool } from '../db';

export interface ServiceArgs {
  execution: ExecutionRow;
  node: GraphNode;
  run: ClaimedRun;
  signal: AbortSignal;
  tokens: { promptTokens: number; completionTokens: number };
}

export type ExtraServices = (args: ServiceArgs) => Partial<NodeServices>;

const extras: ExtraServices[] = [];

/** Lets optional subsystems (webhook responses, the code sandbox, LLM providers) add their services. */
export function registerServices(factory: ExtraServices): void {
  extras.push(factory);
}

export function buildServices(args: ServiceArgs): NodeServices {
  const { execution, tokens } = args;
  const base: NodeServices = {
    addTokenUsage(usage) {
      tokens.promptTokens += usage.promptTokens || 0;
      tokens.completionTokens += usage.completionTokens || 0;
    },
    async executeWorkflow({ workflowId, graph, items, wait }) {
      const { executionId } = await startExecution({
        workflowId,
        graph,
        mode: 'subworkflow',
        ownerId: execution.ownerId ?? undefined,
        triggerItems: items,
        parentExecutionId: execution.id,
      });
      if (!wait) return items;
      const done = await waitForExecution(executionId, { timeoutMs: 10 * 60_000 });
      if (done.status !== 'succeeded') {
        throw new Error(`Sub-workflow execution ${executionId} ${done.status}: ${String((done.error as { message?: string } | null)?.message ?? '')}`);
      }
      return lastOutput(done.nodeRuns);
    },
    async setExecutionData(data) {
      await pgPool().query(`UPDATE "Execution" SET "customData" = COALESCE("customData", '{}'::jsonb) || $2::jsonb WHERE id = $1`, [execution.id, JSON.stringify(data)]);
    },
    mcp: mcpServices,
    ...aiServices({ workflowId: execution.workflowId, ownerId: execution.ownerId }),
  };
  for (const extra of extras) Object.assign(base, extra(args));
  return base;
}

function lastOutput(runs: { status: string; outputItems: Record<string, Item[]> | null; finishedAt: Date | null }[]): Item[] {
  const done = runs.filter((r) => r.status === 'succeeded' && r.finishedAt).sort((a, b) => a.finishedAt!.getTime() - b.finishedAt!.getTime());
  for (let i = done.length - 1; i >= 0; i--) {
    const items = Object.values(done[i].outputItems ?? {}).find((list) => list.length);
    if (items) return items;
  }
  return [];
}
