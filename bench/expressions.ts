/**
 * Expression and Code sandbox micro-benchmark: `npx tsx bench/expressions.ts`.
 * Prints the cost per evaluation of the fast path, sandboxed expressions, batched parameter resolution,
 * pairedItem lookups and Code node runs.
 */
import os from 'node:os';
import { getExpressionEngine, type ExpressionContext } from '../server/engine/expression';
import { runCode } from '../server/engine/sandbox/code';
import type { Item } from '../server/engine/types';

const N = 20_000;
const items: Item[] = Array.from({ length: 100 }, (_, i) => ({ json: { id: i, name: `user ${i}`, tags: ['a', 'b'], nested: { v: i * 2 } }, pairedItem: { item: i } }));
const upstream = { outputs: { main: items }, inputs: {}, runIndex: 0 };
const ctx = (itemIndex: number): ExpressionContext => ({
  itemIndex,
  runIndex: 0,
  inputs: { main: items },
  node: { id: 'n', name: 'Bench', type: 'transform', params: {} },
  workflow: { id: 'wf', name: 'bench', timezone: 'UTC' },
  execution: { id: 'exec', mode: 'manual' },
  getRun: (name) => (name === 'Source' ? upstream : undefined),
  inputSources: { main: [{ node: 'Source', port: 'main', runIndex: 0, count: items.length }] },
});

function measure(label: string, n: number, fn: (i: number) => void): void {
  for (let i = 0; i < Math.min(n, 500); i++) fn(i); // warm-up and compile
  const t0 = performance.now();
  for (let i = 0; i < n; i++) fn(i);
  const us = ((performance.now() - t0) * 1000) / n;
  console.log(`${label.padEnd(58)} ${us.toFixed(1).padStart(8)} µs/op`);
}

const engine = getExpressionEngine();
console.log(`node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}\n`);
measure('fast path  ={{ $json.nested.v }}', N, (i) => engine.evaluate('={{ $json.nested.v }}', ctx(i % 100)));
measure('fast path template  =Hi {{ $json.name }}', N, (i) => engine.evaluate('=Hi {{ $json.name }}', ctx(i % 100)));
measure('sandbox  ={{ $json.name.toUpperCase() }}', N, (i) => engine.evaluate('={{ $json.name.toUpperCase() }}', ctx(i % 100)));
measure('sandbox  ={{ $now.plus(1, "day").toISO() }}', N / 4, (i) => engine.evaluate('={{ $now.plus(1, "day").toISO() }}', ctx(i % 100)));
measure("sandbox + callback  ={{ $('Source').item.json.id }}", N / 4, (i) => engine.evaluate("={{ $('Source').item.json.id }}", ctx(i % 100)));
const params = {
  a: '={{ $json.name }}',
  b: '={{ $json.tags.join(",") }}',
  c: '={{ $json.nested.v * 3 }}',
  d: { e: '=id-{{ $json.id }}', f: ['={{ $json.name.toTitleCase() }}', 'static'] },
};
measure('resolveParams: 5 expressions (2 sandboxed, batched)', N / 2, (i) => engine.resolveParams(params, ctx(i % 100)));
measure('resolveParamsForItems: same params, 100 items per op (per item)', 100, () => engine.resolveParamsForItems(params, ctx(0), 100));
console.log('  (the line above is per 100 items: divide by 100 for the per-item cost)');

const codeCtx = { runIndex: 0, node: { id: 'c', name: 'Code', type: 'code', params: {} }, workflow: { timezone: 'UTC' }, execution: { id: 'e', mode: 'manual' }, getRun: () => undefined };
const runs = 200;
await runCode({ code: 'return items', mode: 'runOnceForAllItems', items, ctx: codeCtx });
let t0 = performance.now();
for (let i = 0; i < runs; i++) await runCode({ code: 'return $input.all().map(i => ({ json: { id: i.json.id * 2 } }))', mode: 'runOnceForAllItems', items, ctx: codeCtx });
console.log(`${'Code node, all items mode (100 items)'.padEnd(58)} ${(((performance.now() - t0) * 1000) / runs).toFixed(1).padStart(8)} µs/run`);
t0 = performance.now();
for (let i = 0; i < runs; i++) await runCode({ code: 'return { id: $json.id + 1 }', mode: 'runOnceForEachItem', items, ctx: codeCtx });
console.log(`${'Code node, each item mode (100 items)'.padEnd(58)} ${(((performance.now() - t0) * 1000) / runs).toFixed(1).padStart(8)} µs/run`);
console.log(`\nrss ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`);
engine.dispose();
process.exit(0);
