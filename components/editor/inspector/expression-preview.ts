/**
 * Previews an expression ('={{ $json.x }}' or '=Hello {{ $json.name }}') in the browser for the first
 * input item of the last run. The server evaluates expressions in its sandbox; this is only a preview of
 * the person's own data in their own tab, with the common n8n variables.
 */
import type { Item, JsonObject } from '../../../server/engine/types';

export interface PreviewContext {
  item?: Item;
  items: Item[];
  /** Output items of other nodes by name (main port or first port). */
  nodeOutputs: Record<string, Item[]>;
}

export type PreviewResult = { ok: true; value: unknown } | { ok: false; error: string };

const accessor = (items: Item[]) => ({
  item: items[0] ?? { json: {} },
  first: () => items[0],
  last: () => items[items.length - 1],
  all: () => items,
  json: items[0]?.json ?? {},
});

function evalOne(code: string, ctx: PreviewContext): unknown {
  const json: JsonObject = ctx.item?.json ?? {};
  const $ = (name: string) => {
    const out = ctx.nodeOutputs[name];
    if (!out) throw new Error(`No output of node "${name}" in the last run`);
    return accessor(out);
  };
  const $node = new Proxy({}, { get: (_t, name: string) => ({ json: ctx.nodeOutputs[name]?.[0]?.json ?? {} }) });
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const fn = new Function('$json', '$input', '$', '$node', '$now', '$today', '$binary', `"use strict"; return (${code});`);
  const today = new Date();
  today.setHours(0, 0, 0, 0);
  return fn(json, accessor(ctx.items), $, $node, new Date(), today, ctx.item?.binary ?? {});
}

export function previewExpression(expression: string, ctx: PreviewContext): PreviewResult {
  const body = expression.startsWith('=') ? expression.slice(1) : expression;
  try {
    const whole = /^\s*\{\{([\s\S]*)\}\}\s*$/.exec(body);
    if (whole && !whole[1]!.includes('}}')) return { ok: true, value: evalOne(whole[1]!, ctx) };
    const text = body.replace(/\{\{([\s\S]*?)\}\}/g, (_m, code: string) => {
      const v = evalOne(code, ctx);
      return v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
    });
    return { ok: true, value: text };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
}
