/**
 * The expression side of the sandbox: one long-lived isolate and frozen context; each distinct code part is
 * compiled once into a function there, each distinct template registered once. A batch of templates for one
 * item is evaluated in a single call into the isolate.
 */
import { SandboxIsolate, isDisposedError, isTimeoutError, type HostDispatcher, type RuntimeRefs } from '../sandbox/isolate';
import { ExpressionError, describe } from './errors';
import type { ParsedExpression } from './template';

/** Names the in-isolate scope provides; a code part binds only those it mentions. */
export const SCOPE_NAMES = [
  '$json', '$data', '$binary', '$input', '$', '$node', '$items', '$item', '$now', '$today', '$execution', '$workflow',
  '$runIndex', '$thisRunIndex', '$itemIndex', '$thisItemIndex', '$position', '$mode', '$vars', '$env', '$parameter',
  '$prevNode', '$nodeId', '$nodeName', '$jmespath', '$ifEmpty', '$if', '$min', '$max', '$fromAI', '$getWorkflowStaticData',
  '$response', '$request', '$pageCount',
];
const CODE_ONLY_NAMES = ['items', 'item', 'Buffer'];

export function boundNames(code: string, includeCodeNames: boolean): string[] {
  const names = includeCodeNames ? [...SCOPE_NAMES, ...CODE_ONLY_NAMES] : SCOPE_NAMES;
  return names.filter((n) => {
    if (n === '$') return /(^|[^\w$])\$\s*\(/.test(code);
    // Not part of a longer name, and not a member access (`a.$json`); a spread (`...$json`) counts.
    const re = new RegExp(`(?<![\\w$])(?<!(?:^|[^.])\\.)${n.replace(/\$/g, '\\$')}(?![\\w$])`);
    return re.test(code);
  });
}

/** Distinct templates compiled into one isolate before it is recycled. */
const MAX_TEMPLATES = 20_000;

export type EvalResult = { v: unknown } | { e: string; n: string };

export interface PoolOptions {
  timeoutMs: number;
  memoryLimitMb: number;
}

export class ExpressionSandbox {
  private iso: SandboxIsolate | undefined;
  private refs: RuntimeRefs | undefined;
  private codeIds = new Map<string, number>();
  private templateCache = new Map<string, number>();
  private nextCode = 0;
  private nextTemplate = 0;
  /** Bumped whenever the isolate is replaced (ids from before are void). */
  generation = 0;

  constructor(
    private readonly options: PoolOptions,
    private readonly dispatch: HostDispatcher,
  ) {}

  private ensure(): { iso: SandboxIsolate; refs: RuntimeRefs } {
    if (!this.iso || this.iso.disposed || !this.refs) this.reset();
    return { iso: this.iso!, refs: this.refs! };
  }

  /** Drops the isolate (after a memory-limit kill or on dispose); compiled ids start over. */
  reset(create = true): void {
    try {
      this.iso?.dispose();
    } catch {
      /* already gone */
    }
    this.iso = undefined;
    this.refs = undefined;
    this.generation++;
    this.codeIds.clear();
    this.templateCache.clear();
    this.nextCode = 0;
    this.nextTemplate = 0;
    if (create) {
      this.iso = new SandboxIsolate(this.options.memoryLimitMb);
      this.refs = this.iso.createContext(this.dispatch, true);
    }
  }

  /** Template ids for several expressions, all valid in the same isolate. */
  templateIds(list: ParsedExpression[]): number[] {
    for (let attempt = 0; ; attempt++) {
      const gen = this.generation;
      const ids = list.map((p) => this.templateId(p));
      if (gen === this.generation) return ids;
      if (attempt >= 2) throw new ExpressionError('Too many distinct expressions to evaluate together', list[0]?.source ?? '', 'runtime');
    }
  }

  /** The template id for a parsed expression, compiling its code parts on first use. Throws ExpressionError('syntax'). */
  templateId(parsed: ParsedExpression): number {
    const known = this.templateCache.get(parsed.source);
    if (known !== undefined) return known;
    // Compiled functions live as long as the isolate: start afresh rather than grow without bound.
    if (this.templateCache.size >= MAX_TEMPLATES) this.reset();
    const { refs } = this.ensure();
    const parts: (string | number)[] = [];
    for (const seg of parsed.segments) {
      parts.push(seg.kind === 'text' ? seg.text : this.codeId(seg.code, parsed.source));
    }
    const id = this.nextTemplate++;
    refs.defineTemplate.applySync(undefined, [id, parts, parsed.single], { arguments: { copy: true } });
    this.templateCache.set(parsed.source, id);
    return id;
  }

  private codeId(code: string, source: string): number {
    const known = this.codeIds.get(code);
    if (known !== undefined) return known;
    const { iso, refs } = this.ensure();
    const names = boundNames(code, false);
    const binds = names.length ? `var ${names.map((n) => `${n} = __s.${n}`).join(', ')};` : '';
    const asExpression = `(function (__s) { "use strict"; ${binds} return (${code}\n); })`;
    let fnRef;
    try {
      fnRef = iso.compileFunction(refs.context, asExpression, 'expression.js', this.options.timeoutMs);
    } catch (err) {
      if (!(err instanceof Error) || err.name !== 'SyntaxError') {
        throw new ExpressionError(`Invalid expression: ${err instanceof Error ? err.message : String(err)} in ${describe(source)}`, source, 'syntax');
      }
      // Not an expression: n8n also accepts statements in {{ }} (the value is then undefined).
      const asStatements = `(function (__s) { "use strict"; ${binds} ${code}\n; })`;
      try {
        fnRef = iso.compileFunction(refs.context, asStatements, 'expression.js', this.options.timeoutMs);
      } catch {
        throw new ExpressionError(`Invalid syntax: ${err.message} in ${describe(source)}`, source, 'syntax');
      }
    }
    const id = this.nextCode++;
    try {
      refs.define.applySync(undefined, [id, fnRef.derefInto()]);
    } finally {
      fnRef.release();
    }
    this.codeIds.set(code, id);
    return id;
  }

  /** Runs templates for one item. Throws ExpressionError on timeout / memory kill (naming the template that ran). */
  run(ids: number[], data: unknown, sources: string[]): EvalResult[] {
    const { refs } = this.ensure();
    return this.guard(sources, () =>
      refs.run.applySync(undefined, [ids, data], { arguments: { copy: true }, result: { copy: true }, timeout: this.options.timeoutMs }) as EvalResult[],
    );
  }

  /** Runs templates for several items in one call (same errors as run). */
  runMany(ids: number[], base: unknown, perItem: unknown[], sources: string[]): EvalResult[][] {
    const { refs } = this.ensure();
    return this.guard(sources, () =>
      refs.runMany.applySync(undefined, [ids, base, perItem], { arguments: { copy: true }, result: { copy: true }, timeout: this.options.timeoutMs }) as EvalResult[][],
    );
  }

  private guard<T>(sources: string[], call: () => T): T {
    const { refs } = this.ensure();
    try {
      return call();
    } catch (err) {
      if (isTimeoutError(err)) {
        let index = 0;
        try {
          index = Math.max(0, refs.progress.applySync(undefined, []) as number);
        } catch {
          /* isolate unusable */
        }
        const source = sources[index] ?? sources[0] ?? '';
        throw new ExpressionError(`Expression timed out after ${this.options.timeoutMs} ms (an endless loop?) in ${describe(source)}`, source, 'timeout');
      }
      if (isDisposedError(err) || this.iso?.disposed) {
        this.reset(false);
        throw new ExpressionError(`Expression exceeded the sandbox memory limit (${this.options.memoryLimitMb} MB) in ${describe(sources[0] ?? '')}`, sources[0] ?? '', 'runtime');
      }
      throw new ExpressionError(`Expression failed: ${err instanceof Error ? err.message : String(err)} in ${describe(sources[0] ?? '')}`, sources[0] ?? '', 'runtime');
    }
  }

  dispose(): void {
    this.reset(false);
  }
}
