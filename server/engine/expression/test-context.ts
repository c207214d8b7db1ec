/** Builds ExpressionContexts for the expression tests. */
import type { Item } from '../types';
import type { ExpressionContext, InputSegment, RunView } from './types';

export function items(...json: Record<string, unknown>[]): Item[] {
  return json.map((j, i) => ({ json: j, pairedItem: { item: i } }));
}

export function makeCtx(over: Partial<ExpressionContext> & { runs?: Record<string, RunView> } = {}): ExpressionContext {
  const runs = over.runs ?? {};
  return {
    itemIndex: 0,
    runIndex: 0,
    inputs: { main: items({ name: 'Ada', n: 3, nested: { a: { b: 'deep' } }, list: [1, 2, 3], 'with space': 'yes' }) },
    node: { id: 'n1', name: 'Current', type: 'transform', params: { value: '={{ $json.name }}', count: 2 } },
    workflow: { id: 'wf1', name: 'My flow', active: true, timezone: 'UTC' },
    execution: { id: 'exec-1', mode: 'manual', resumeUrl: 'http://127.0.0.1:3000/webhook-waiting/exec-1' },
    getRun: (name: string, runIndex?: number) => {
      const run = runs[name];
      return run && (runIndex === undefined || runIndex === run.runIndex) ? run : undefined;
    },
    ...over,
  };
}

export function run(outputs: Record<string, Item[]>, inputs: Record<string, InputSegment[]> = {}, runIndex = 0): RunView {
  return { outputs, inputs, runIndex };
}
