/**
 * Host-side data lookups behind $input, $('Name'), $node and $items: plain functions over an ExpressionContext,
 * including the pairedItem walk back through ancestors.
 */
import type { Item, PairedItem } from '../types';
import type { ExpressionContext, InputSegment, RunView } from './types';

/** A lookup that found no data; the engine reports it as an ExpressionError of kind 'data'. */
export class DataLookupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataLookupError';
  }
}

export function primaryPort(inputs: Record<string, unknown>): string | undefined {
  if ('main' in inputs) return 'main';
  return Object.keys(inputs)[0];
}

export function inputItems(ctx: ExpressionContext): Item[] {
  const port = primaryPort(ctx.inputs);
  return (port && ctx.inputs[port]) || [];
}

function requireRun(ctx: ExpressionContext, name: string, runIndex?: number): RunView {
  if (typeof name !== 'string') throw new DataLookupError(`A node name must be a string, got ${typeof name}`);
  const run = ctx.getRun(name, runIndex);
  if (!run) {
    throw new DataLookupError(
      runIndex === undefined
        ? `Node "${name}" has not run in this execution (or there is no node with that name), so there is no data to read from it`
        : `Node "${name}" has no run ${runIndex} in this execution`,
    );
  }
  return run;
}

/** Output items of a node: `branch` is an output index (0 = first port) or a port name. */
export function nodeOutputItems(ctx: ExpressionContext, name: string, branch?: number | string, runIndex?: number): Item[] {
  const run = requireRun(ctx, name, runIndex);
  const port = outputPort(run, branch);
  return (port !== undefined && run.outputs[port]) || [];
}

function outputPort(run: RunView, branch?: number | string): string | undefined {
  const ports = Object.keys(run.outputs);
  if (typeof branch === 'string') return branch;
  if (typeof branch === 'number') return ports[branch];
  if ('main' in run.outputs) return 'main';
  return ports.find((p) => p !== 'error') ?? ports[0];
}

export function nodeExecuted(ctx: ExpressionContext, name: string): boolean {
  return ctx.getRun(name) !== undefined;
}

export function nodeParams(ctx: ExpressionContext, name: string): Record<string, unknown> {
  if (name === ctx.node.name) return ctx.node.params;
  const params = ctx.getNodeParams?.(name);
  if (params) return params;
  if (!ctx.getNodeParams) throw new DataLookupError(`Parameters of node "${name}" are not available here`);
  throw new DataLookupError(`There is no node called "${name}"`);
}

/**
 * Where the current input ($input / 'main') came from. A runtime that evaluates for another port passes
 * `{ ...inputs, main: inputs[port] }`: the port holding the very same array names the sources.
 */
function currentSources(ctx: ExpressionContext): InputSegment[] | undefined {
  const port = primaryPort(ctx.inputs);
  if (!port || !ctx.inputSources) return undefined;
  if (ctx.inputSources[port]) return ctx.inputSources[port];
  const list = ctx.inputs[port];
  const alias = Object.keys(ctx.inputs).find((k) => k !== port && ctx.inputs[k] === list && ctx.inputSources![k]);
  return alias ? ctx.inputSources[alias] : undefined;
}

/** $prevNode: the node (and output) that produced the current input item. */
export function previousNode(ctx: ExpressionContext): { name: string; outputIndex: number; runIndex: number } | undefined {
  const segs = currentSources(ctx);
  if (!segs?.length) return undefined;
  const found = locate(segs, ctx.itemIndex) ?? { seg: segs[0], offset: 0 };
  const run = ctx.getRun(found.seg.node, found.seg.runIndex);
  const outputIndex = run ? Math.max(0, Object.keys(run.outputs).indexOf(found.seg.port)) : 0;
  return { name: found.seg.node, outputIndex, runIndex: found.seg.runIndex };
}

function locate(segs: InputSegment[], index: number): { seg: InputSegment; offset: number } | undefined {
  let offset = index;
  for (const seg of segs) {
    if (offset < seg.count) return { seg, offset };
    offset -= seg.count;
  }
  return undefined;
}

function normalisePaired(p: Item['pairedItem']): PairedItem[] | undefined {
  if (p === undefined || p === null) return undefined;
  if (typeof p === 'number') return [{ item: p }];
  if (Array.isArray(p)) return p.map((x) => (typeof x === 'number' ? { item: x } : x));
  return [p];
}

function inputPortByIndex(run: RunView, index: number): string | undefined {
  const ports = Object.keys(run.inputs);
  if (index === 0 && 'main' in run.inputs) return 'main';
  return ports[index];
}

const MAX_STEPS = 10_000;

/**
 * The item of node `target` that the current node's input item `itemIndex` derives from, following
 * pairedItem back through the ancestors ($('target').item / .itemMatching(itemIndex)).
 */
export function pairedItemOf(ctx: ExpressionContext, target: string, itemIndex: number): Item {
  requireRun(ctx, target);
  const sources = currentSources(ctx);
  if (!sources) {
    // No provenance for the current input: n8n's legacy rule, the item at the same index.
    const items = nodeOutputItems(ctx, target);
    const item = items[itemIndex] ?? (items.length === 1 ? items[0] : undefined);
    if (!item) throw new DataLookupError(`Node "${target}" has no item ${itemIndex} to match the current item`);
    return item;
  }
  const budget = { steps: 0 };
  const found = walk(ctx, sources, itemIndex, target, budget);
  if (found.item) return found.item;
  throw new DataLookupError(found.error ?? `Can't find the item of node "${target}" that the current item came from`);
}

interface WalkResult { item?: Item; error?: string }

function walk(ctx: ExpressionContext, sources: InputSegment[], index: number, target: string, budget: { steps: number }): WalkResult {
  if (++budget.steps > MAX_STEPS) return { error: `Gave up following pairedItem back to "${target}" (too many steps)` };
  const loc = locate(sources, index);
  if (!loc) return { error: `Paired item ${index} is out of range while following items back to "${target}"` };
  const { seg, offset } = loc;
  const run = ctx.getRun(seg.node, seg.runIndex);
  if (!run) return { error: `Node "${seg.node}" (run ${seg.runIndex}) is not available while following items back to "${target}"` };
  const item = (run.outputs[seg.port] ?? [])[offset];
  if (!item) return { error: `Node "${seg.node}" has no output item ${offset} on "${seg.port}"` };
  if (seg.node === target) return { item };
  const inputPorts = Object.keys(run.inputs);
  if (inputPorts.length === 0 || inputPorts.every((p) => run.inputs[p].length === 0)) {
    return { error: `No path back to node "${target}": the current item comes from "${seg.node}", which has no inputs leading to it` };
  }
  let pairs = normalisePaired(item.pairedItem);
  if (!pairs) {
    const total = inputPorts.reduce((n, p) => n + run.inputs[p].reduce((m, s) => m + s.count, 0), 0);
    if (total === 1) pairs = [{ item: 0 }];
    else return { error: `Can't find the matching item of "${target}": an output item of "${seg.node}" carries no pairedItem information` };
  }
  let lastError: string | undefined;
  for (const pair of pairs) {
    const inPort = inputPortByIndex(run, pair.input ?? 0);
    const segs = inPort ? run.inputs[inPort] : undefined;
    if (!segs) { lastError = `Node "${seg.node}" has no input ${pair.input ?? 0}`; continue; }
    const res = walk(ctx, segs, pair.item, target, budget);
    if (res.item) return res;
    lastError = res.error;
  }
  return { error: lastError };
}
