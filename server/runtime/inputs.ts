/**
 * A run's input items are not stored: they are exactly the outputs its `sources` name, in order, so
 * they are derived when an execution is read. That keeps each step's write to its outputs alone.
 */
import type { Item } from '../engine/types';
import type { Source } from '../engine/plan';

interface RunLike {
  nodeId: string;
  runIndex: number;
  sources: unknown;
  inputItems?: unknown;
  outputItems: unknown;
}

export function withDerivedInputs<T extends RunLike>(runs: T[]): (Omit<T, 'inputItems'> & { inputItems: Record<string, Item[]> | null })[] {
  const outputs = new Map<string, Record<string, Item[]>>();
  for (const r of runs) if (r.outputItems) outputs.set(`${r.nodeId}#${r.runIndex}`, r.outputItems as Record<string, Item[]>);
  return runs.map((r) => {
    if (r.inputItems) return { ...r, inputItems: r.inputItems as Record<string, Item[]> };
    const sources = (Array.isArray(r.sources) ? r.sources : []) as Source[];
    if (!sources.length) return { ...r, inputItems: null };
    const inputs: Record<string, Item[]> = {};
    for (const s of sources) (inputs[s.toPort] ??= []).push(...(outputs.get(`${s.node}#${s.runIndex}`)?.[s.port] ?? []));
    return { ...r, inputItems: inputs };
  });
}
