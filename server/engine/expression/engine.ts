/**
 * The expression engine: parses n8n templates, reads plain `$json` paths on the host (fast path) and runs
 * everything else in the isolated-vm sandbox, batching all of a parameter set's expressions for one item
 * into a single call.
 */
import { ExpressionError, describe, withField } from './errors';
import { compileFastPath, NOT_FAST, readFastPath, type FastPath } from './fast-path';
import { isExpression, parseTemplate, type ParsedExpression } from './template';
import { ExpressionSandbox, type EvalResult } from './sandbox-pool';
import { DataLookupError, primaryPort } from './data';
import { hostCall } from './host-calls';
import type { ExpressionContext } from './types';

/** A per-item result of the batched APIs. */
export type ItemResult<T> = { value: T } | { error: ExpressionError };

/** Items per isolate call in the batched APIs. */
const BATCH_SIZE = 32;

/** Names that read the current item: when none is used, the item is not copied into the sandbox. */
const ITEM_NAMES = /(^|[^\w$])(\$json|\$data|\$binary|\$input|\$item|item|items|\$getWorkflowStaticData)(?![\w$])/;

interface Compiled {
  parsed: ParsedExpression;
  /** Some code part may read the current item. */
  usesItem: boolean;
  /** One entry per segment: text, a fast path, or null (needs the sandbox). */
  fast: (string | FastPath | null)[];
  allFast: boolean;
}

export interface ExpressionEngineOptions {
  timeoutMs?: number;
  memoryLimitMb?: number;
  /** Distinct expressions kept compiled on the host. */
  cacheSize?: number;
}

export class ExpressionEngine {
  private cache = new Map<string, Compiled>();
  private sandbox: ExpressionSandbox;
  private current: ExpressionContext | undefined;
  private lastDataError: string | undefined;
  private readonly cacheSize: number;

  constructor(options: ExpressionEngineOptions = {}) {
    this.cacheSize = options.cacheSize ?? 5_000;
    this.sandbox = new ExpressionSandbox(
      { timeoutMs: options.timeoutMs ?? 1_000, memoryLimitMb: options.memoryLimitMb ?? 128 },
      (op, ...args) => this.dispatch(op, args),
    );
  }

  evaluate(expr: string, ctx: ExpressionContext): unknown {
    if (!isExpression(expr)) return expr;
    const c = this.compile(expr);
    if (c.allFast) return this.evaluateFast(c, ctx);
    return this.evaluateInSandbox([c], ctx)[0];
  }

  resolveParams<T>(params: T, ctx: ExpressionContext): T {
    try {
      return this.resolveParamsOnce(params, ctx);
    } catch (err) {
      throw err instanceof ExpressionError ? withField(err, params) : err;
    }
  }

  private resolveParamsOnce<T>(params: T, ctx: ExpressionContext): T {
    const pending: Compiled[] = [];
    const seen = new Map<string, number>();
    collect(params, (s) => {
      if (seen.has(s)) return;
      const c = this.compile(s);
      if (c.allFast) return;
      seen.set(s, pending.length);
      pending.push(c);
    });
    const values = pending.length ? this.evaluateInSandbox(pending, ctx) : [];
    const resolve = (v: unknown): unknown => {
      if (isExpression(v)) {
        const idx = seen.get(v);
        return idx === undefined ? this.evaluateFast(this.compile(v), ctx) : values[idx];
      }
      if (Array.isArray(v)) return v.map(resolve);
      if (v && typeof v === 'object') {
        const out: Record<string, unknown> = {};
        for (const [k, x] of Object.entries(v)) out[k] = resolve(x);
        return out;
      }
      return v;
    };
    return resolve(params) as T;
  }

  /**
   * Checks that an expression parses (compiles it in the sandbox without evaluating it), e.g. for an import
   * report. Plain strings are fine.
   */
  check(expr: string): { ok: true } | { ok: false; message: string } {
    if (!isExpression(expr)) return { ok: true };
    const c = this.compile(expr);
    if (c.allFast) return { ok: true };
    try {
      this.sandbox.templateId(c.parsed);
      return { ok: true };
    } catch (err) {
      return { ok: false, message: err instanceof Error ? err.message : String(err) };
    }
  }

  /**
   * resolveParams for items 0..count-1 of ctx's input, evaluating the sandboxed expressions of many items in one
   * call into the isolate. Each entry is the item's params or the ExpressionError it raised.
   */
  resolveParamsForItems<T>(params: T, ctx: ExpressionContext, count: number): ItemResult<T>[] {
    const pending: Compiled[] = [];
    const seen = new Map<string, number>();
    collect(params, (s) => {
      if (seen.has(s)) return;
      const c = this.compile(s);
      if (c.allFast) return;
      seen.set(s, pending.length);
      pending.push(c);
    });
    const perItem = pending.length ? this.evaluateItems(pending, ctx, count) : [];
    const out: ItemResult<T>[] = [];
    for (let i = 0; i < count; i++) {
      const itemCtx = { ...ctx, itemIndex: i };
      const values = perItem[i];
      if (values && 'error' in values) { out.push({ error: withField(values.error, params) }); continue; }
      try {
        const resolve = (v: unknown): unknown => {
          if (isExpression(v)) {
            const idx = seen.get(v);
            return idx === undefined ? this.evaluateFast(this.compile(v), itemCtx) : values!.value[idx];
          }
          if (Array.isArray(v)) return v.map(resolve);
          if (v && typeof v === 'object') {
            const o: Record<string, unknown> = {};
            for (const [k, x] of Object.entries(v)) o[k] = resolve(x);
            return o;
          }
          return v;
        };
        out.push({ value: resolve(params) as T });
      } catch (err) {
        if (!(err instanceof ExpressionError)) throw err;
        out.push({ error: withField(err, params) });
      }
    }
    return out;
  }

  /** One expression for items 0..count-1 (batched like resolveParamsForItems). */
  evaluateForItems(expr: string, ctx: ExpressionContext, count: number): ItemResult<unknown>[] {
    return this.resolveParamsForItems({ v: expr }, ctx, count).map((r) => ('error' in r ? r : { value: r.value.v }));
  }

  /** Sandboxed templates for many items, BATCH_SIZE items per isolate call. */
  private evaluateItems(list: Compiled[], ctx: ExpressionContext, count: number): ItemResult<unknown[]>[] {
    const ids = this.sandbox.templateIds(list.map((c) => c.parsed));
    const sources = list.map((c) => c.parsed.source);
    const usesItem = list.some((c) => c.usesItem);
    const base = buildData(ctx, false);
    const port = primaryPort(ctx.inputs);
    const items = (port && ctx.inputs[port]) || [];
    const out: ItemResult<unknown[]>[] = [];
    for (let start = 0; start < count; start += BATCH_SIZE) {
      const end = Math.min(count, start + BATCH_SIZE);
      const perItem = [];
      for (let i = start; i < end; i++) perItem.push(usesItem ? { itemIndex: i, json: items[i]?.json, binary: items[i]?.binary } : { itemIndex: i });
      let batch: EvalResult[][] | undefined;
      const prev = this.current;
      this.current = ctx;
      this.lastDataError = undefined;
      try {
        batch = this.sandbox.runMany(ids, base, perItem, sources);
      } catch (err) {
        if (!(err instanceof ExpressionError)) throw err;
        if (end - start === 1) { out.push({ error: withItem(err, start) }); continue; }
      } finally {
        this.current = prev;
      }
      if (!batch) {
        // The batch timed out (or was killed): evaluate its items one by one, each with the full time limit.
        for (let i = start; i < end; i++) {
          try {
            out.push({ value: this.evaluateInSandbox(list, { ...ctx, itemIndex: i }) });
          } catch (err) {
            if (!(err instanceof ExpressionError)) throw err;
            out.push({ error: err });
          }
        }
        continue;
      }
      batch.forEach((results, k) => {
        const itemCtx = { ...ctx, itemIndex: start + k };
        const failed = results.findIndex((r) => !('v' in r));
        if (failed >= 0) {
          const r = results[failed] as { e: string; n: string };
          out.push({ error: this.wrapError(r.e, r.n, sources[failed], itemCtx) });
        } else out.push({ value: results.map((r) => (r as { v: unknown }).v) });
      });
    }
    return out;
  }

  dispose(): void {
    this.sandbox.dispose();
    this.cache.clear();
  }

  private compile(expr: string): Compiled {
    let c = this.cache.get(expr);
    if (c) return c;
    const parsed = parseTemplate(expr);
    const fast = parsed.segments.map((s) => (s.kind === 'text' ? s.text : compileFastPath(s.code)));
    const usesItem = parsed.segments.some((seg) => seg.kind === 'code' && ITEM_NAMES.test(seg.code));
    c = { parsed, fast, usesItem, allFast: fast.every((f) => f !== null) };
    if (this.cache.size >= this.cacheSize) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(expr, c);
    return c;
  }

  private evaluateFast(c: Compiled, ctx: ExpressionContext): unknown {
    const json = currentItem(ctx)?.json ?? {};
    const parts: unknown[] = [];
    for (const f of c.fast) {
      if (typeof f === 'string') { parts.push(f); continue; }
      let v: unknown;
      try {
        v = readFastPath(json, f!);
      } catch (err) {
        throw this.wrapError(err instanceof Error ? err.message : String(err), 'TypeError', c.parsed.source, ctx);
      }
      if (v === NOT_FAST) return this.evaluateInSandbox([c], ctx)[0];
      parts.push(v);
    }
    if (c.parsed.single) return cloneValue(parts[0]);
    if (c.parsed.segments.length === 0) return '';
    return parts.map((p, i) => (typeof c.fast[i] === 'string' ? p : toText(p))).join('');
  }

  private evaluateInSandbox(list: Compiled[], ctx: ExpressionContext): unknown[] {
    const ids = this.sandbox.templateIds(list.map((c) => c.parsed));
    const sources = list.map((c) => c.parsed.source);
    const prev = this.current;
    this.current = ctx;
    this.lastDataError = undefined;
    let results: EvalResult[];
    try {
      results = this.sandbox.run(ids, buildData(ctx, list.some((c) => c.usesItem)), sources);
    } catch (err) {
      if (err instanceof ExpressionError) throw withItem(err, ctx.itemIndex);
      throw err;
    } finally {
      this.current = prev;
    }
    return results.map((r, i) => {
      if ('v' in r) return r.v;
      throw this.wrapError(r.e, r.n, sources[i], ctx);
    });
  }

  private wrapError(message: string, name: string, source: string, ctx: ExpressionContext): ExpressionError {
    const kind: ExpressionError['kind'] =
      name === 'EvalError' ? 'security' : this.lastDataError && message.includes(this.lastDataError) ? 'data' : 'runtime';
    return new ExpressionError(`${message} (in ${describe(source)}, item ${ctx.itemIndex})`, source, kind, ctx.itemIndex);
  }

  /** Host lookups the isolate calls back for; runs synchronously inside an evaluation. */
  private dispatch(op: string, args: unknown[]): unknown {
    const ctx = this.current;
    if (!ctx) throw new Error('No expression is being evaluated');
    try {
      return hostCall(ctx, op, args);
    } catch (err) {
      if (err instanceof DataLookupError) this.lastDataError = err.message;
      throw err;
    }
  }
}

function withItem(err: ExpressionError, itemIndex: number): ExpressionError {
  return err.itemIndex === undefined ? new ExpressionError(err.message, err.expression, err.kind, itemIndex) : err;
}

function currentItem(ctx: ExpressionContext) {
  const port = primaryPort(ctx.inputs);
  return port ? ctx.inputs[port]?.[ctx.itemIndex] : undefined;
}

/** What the isolate receives for one item (copied). Other nodes' data is fetched through callbacks. */
function buildData(ctx: ExpressionContext, withItem: boolean) {
  const item = withItem ? currentItem(ctx) : undefined;
  return {
    itemIndex: ctx.itemIndex,
    runIndex: ctx.runIndex,
    json: item?.json,
    binary: item?.binary,
    node: { id: ctx.node.id, name: ctx.node.name, type: ctx.node.type },
    workflow: { id: ctx.workflow.id, name: ctx.workflow.name, active: ctx.workflow.active ?? false },
    execution: { id: ctx.execution.id, mode: ctx.execution.mode, resumeUrl: ctx.execution.resumeUrl, resumeFormUrl: ctx.execution.resumeFormUrl },
    vars: ctx.vars ?? {},
    env: ctx.env ?? null,
    nowMs: (ctx.now ?? new Date()).getTime(),
    tz: ctx.workflow.timezone || 'UTC',
    fromAI: ctx.fromAI,
    extra: ctx.extra,
  };
}

function collect(v: unknown, visit: (s: string) => void): void {
  if (isExpression(v)) visit(v);
  else if (Array.isArray(v)) v.forEach((x) => collect(x, visit));
  else if (v && typeof v === 'object') for (const x of Object.values(v)) collect(x, visit);
}

function toText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function cloneValue<T>(v: T): T {
  return v !== null && typeof v === 'object' ? structuredClone(v) : v;
}
