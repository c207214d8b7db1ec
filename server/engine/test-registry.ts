/**
 * Tiny node types for engine tests, independent of the real plugins: the engine's semantics are
 * tested on their own, the plugins beside themselves.
 */
import { z } from 'zod';
import { defineNode, NodeError, type NodeDefinition, type NodeOutput, type NodeRegistry } from './node';

export const testNodes: NodeDefinition[] = [
  defineNode({
    type: 'start', version: 1, displayName: 'Start', description: '', category: 'trigger', icon: 'play', trigger: true,
    inputs: [], outputs: [{ name: 'main' }], params: z.object({ items: z.array(z.record(z.string(), z.unknown())).default([{}]) }),
    async execute(ctx) {
      const given = (ctx.triggerData?.items as unknown[] | undefined) ?? [];
      return { main: given.length ? (given as never) : ctx.params().items.map((json) => ({ json })) };
    },
  }),
  defineNode({
    type: 'set', version: 1, displayName: 'Set', description: '', category: 'transform', icon: 'pen',
    inputs: [{ name: 'main' }], outputs: [{ name: 'main' }], params: z.object({ field: z.string(), value: z.unknown() }),
    async execute(ctx) {
      return { main: ctx.items.map((item, i) => { const p = ctx.params(i); return { json: { ...item.json, [p.field]: p.value }, pairedItem: { item: i } }; }) };
    },
  }),
  defineNode({
    type: 'branch', version: 1, displayName: 'Branch', description: '', category: 'flow', icon: 'split',
    inputs: [{ name: 'main' }], outputs: [{ name: 'true' }, { name: 'false' }], params: z.object({ field: z.string(), min: z.number() }),
    async execute(ctx) {
      const out = { true: [] as never[], false: [] as never[] };
      ctx.items.forEach((item, i) => (Number(item.json[ctx.params(i).field]) >= ctx.params(i).min ? out.true : out.false).push({ ...item, pairedItem: { item: i } } as never));
      return out;
    },
  }),
  defineNode({
    type: 'join', version: 1, displayName: 'Join', description: '', category: 'flow', icon: 'merge',
    inputs: [{ name: 'input1' }, { name: 'input2' }], outputs: [{ name: 'main' }], params: z.object({}),
    async execute(ctx) {
      return { main: [...(ctx.inputs.input1 ?? []), ...(ctx.inputs.input2 ?? [])].map((item) => ({ json: { ...item.json } })) };
    },
  }),
  defineNode({
    type: 'flaky', version: 1, displayName: 'Flaky', description: '', category: 'utility', icon: 'bug',
    inputs: [{ name: 'main' }], outputs: [{ name: 'main' }], params: z.object({ failTimes: z.number().default(1000) }),
    async execute(ctx) {
      const tries = Number(ctx.state?.tries ?? 0) + 1;
      counters.set(ctx.node.id, (counters.get(ctx.node.id) ?? 0) + 1);
      if ((counters.get(ctx.node.id) ?? 0) <= ctx.params().failTimes) throw new NodeError(`Flaky failed (try ${tries})`, { field: 'failTimes' });
      return { main: ctx.items };
    },
  }),
  defineNode({
    type: 'sleep', version: 1, displayName: 'Sleep', description: '', category: 'utility', icon: 'clock',
    inputs: [{ name: 'main' }], outputs: [{ name: 'main' }], params: z.object({ ms: z.number() }),
    async execute(ctx) {
      await new Promise<void>((resolve, reject) => {
        const t = setTimeout(resolve, ctx.params().ms);
        ctx.signal.addEventListener('abort', () => { clearTimeout(t); reject(new Error('aborted')); }, { once: true });
      });
      return { main: ctx.items.map((item) => ({ json: { ...item.json, sleptAt: Date.now() } })) };
    },
  }),
  defineNode({
    type: 'batch', version: 1, displayName: 'Batch', description: '', category: 'flow', icon: 'repeat', loop: true,
    inputs: [{ name: 'main' }], outputs: [{ name: 'done' }, { name: 'loop' }], params: z.object({ size: z.number() }),
    async execute(ctx): Promise<NodeOutput> {
      const state = (ctx.state as { queue: unknown[]; processed: unknown[] } | undefined) ?? { queue: ctx.items.map((i) => i.json), processed: [] };
      if (ctx.state) state.processed.push(...ctx.items.map((i) => i.json));
      const next = state.queue.slice(0, ctx.params().size);
      const rest = state.queue.slice(ctx.params().size);
      if (!next.length) {
        ctx.setState(undefined);
        return { done: state.processed.map((json) => ({ json: json as never })) };
      }
      ctx.setState({ queue: rest, processed: state.processed } as never);
      return { loop: next.map((json) => ({ json: json as never })) };
    },
  }),
];

export const counters = new Map<string, number>();

export const testRegistry: NodeRegistry = new Map(testNodes.map((d) => [d.type, d]));
