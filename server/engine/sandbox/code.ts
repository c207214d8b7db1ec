/**
 * The Code node's runner: user JavaScript in an isolated-vm isolate (fresh locked-down context per run,
 * isolates pooled), with n8n's Code node variables, console capture, a wall-clock timeout that kills the
 * isolate, and n8n's rules for what the code may return.
 */
import ivm from 'isolated-vm';
import type { Item, JsonObject } from '../types';
import type { ExpressionContext } from '../expression/types';
import { hostCall } from '../expression/host-calls';
import { boundNames } from '../expression/sandbox-pool';
import { SandboxIsolate, type RuntimeRefs } from './isolate';
import { normaliseAllItems, normaliseEachItem } from './code-results';
import { CodeError, type CodeLog } from './code-errors';

export { CodeError, type CodeLog } from './code-errors';

export type CodeMode = 'runOnceForAllItems' | 'runOnceForEachItem';

/** The parts of an ExpressionContext the code can read; `inputs` defaults to { main: items }. */
export type CodeContext = Omit<ExpressionContext, 'itemIndex' | 'inputs'> & { inputs?: Record<string, Item[]>; itemIndex?: number };

export interface RunCodeArgs {
  code: string;
  mode: CodeMode;
  items: Item[];
  ctx: CodeContext;
  /** Wall-clock limit for the whole run (default 10 s). */
  timeoutMs?: number;
  memoryLimitMb?: number;
  signal?: AbortSignal;
  /** Workflow static data ($getWorkflowStaticData); the changed copy is returned. */
  staticData?: JsonObject;
  /** Called for each console.* call, after the run. */
  onLog?(log: CodeLog): void;
}

export interface RunCodeResult {
  items: Item[];
  logs: CodeLog[];
  staticData?: JsonObject;
}

/** A locked-down context kept for reuse; `target` is the context the host callbacks answer for. */
interface PooledRunner {
  iso: SandboxIsolate;
  refs: RuntimeRefs;
  target: { ctx?: ExpressionContext };
}

const idle: PooledRunner[] = [];
const MAX_IDLE = 2;
/** Lines the wrapper adds before user code (for error line numbers). */
const WRAPPER_LINES = 1;

function takeRunner(memoryLimitMb: number): PooledRunner {
  while (idle.length) {
    const r = idle.pop()!;
    if (!r.iso.disposed && r.iso.memoryLimitMb === memoryLimitMb) return r;
    r.iso.dispose();
  }
  const iso = new SandboxIsolate(memoryLimitMb);
  const target: PooledRunner['target'] = {};
  const refs = iso.createContext((op, ...a) => {
    if (!target.ctx) throw new Error('No code is running');
    return hostCall(target.ctx, op, a);
  }, false);
  return { iso, refs, target };
}

function releaseRunner(r: PooledRunner, reusable: boolean): void {
  r.target.ctx = undefined;
  if (r.iso.disposed) return;
  if (reusable && idle.length < MAX_IDLE) idle.push(r);
  else r.iso.dispose();
}

/** Creates the pooled isolates ahead of time (optional; saves the first run's ~100 ms boot). */
export function warmUpCodeRunner(count = 1, memoryLimitMb = 128): void {
  while (idle.length < Math.min(count, MAX_IDLE)) idle.push(takeRunner(memoryLimitMb));
}

export async function runCode(args: RunCodeArgs): Promise<Item[]> {
  const result = await runCodeWithLogs(args);
  if (args.onLog) for (const log of result.logs) args.onLog(log);
  return result.items;
}

export async function runCodeWithLogs(args: RunCodeArgs): Promise<RunCodeResult> {
  if (typeof args.code !== 'string' || !args.code.trim()) throw new CodeError('The Code node has no code to run', { kind: 'syntax' });
  const eachItem = args.mode === 'runOnceForEachItem';
  if (eachItem && args.items.length === 0) return { items: [], logs: [], staticData: args.staticData };
  const timeoutMs = args.timeoutMs ?? 10_000;
  const runner = takeRunner(args.memoryLimitMb ?? 128);
  const { iso, refs } = runner;
  const ctx: ExpressionContext = {
    ...args.ctx,
    itemIndex: args.ctx.itemIndex ?? 0,
    inputs: args.ctx.inputs ?? { main: args.items },
  };
  runner.target.ctx = ctx;
  const names = boundNames(args.code, true).concat(/(^|[^\w$.])require\s*\(/.test(args.code) ? ['require'] : []);
  const binds = names.length ? `var ${names.map((n) => `${n} = __s.${n}`).join(', ')};` : '';
  const source = `(async function (__s, console) { ${binds}\n${args.code}\n})`;

  let fnRef: ivm.Reference;
  try {
    fnRef = iso.compileFunction(refs.context, source, 'code.js', timeoutMs);
  } catch (err) {
    releaseRunner(runner, true);
    const msg = err instanceof Error ? err.message : String(err);
    const line = lineOf(err);
    throw new CodeError(`Syntax error in the code: ${msg}${line ? ` [line ${line}]` : ''}`, { kind: 'syntax', line });
  }

  const data = {
    items: args.items.map((it) => ({ json: it.json, binary: it.binary })),
    itemIndex: ctx.itemIndex,
    runIndex: ctx.runIndex,
    node: { id: ctx.node.id, name: ctx.node.name, type: ctx.node.type },
    workflow: { id: ctx.workflow.id, name: ctx.workflow.name, active: ctx.workflow.active ?? false },
    execution: { id: ctx.execution.id, mode: ctx.execution.mode, resumeUrl: ctx.execution.resumeUrl, resumeFormUrl: ctx.execution.resumeFormUrl },
    vars: ctx.vars ?? {},
    env: ctx.env ?? null,
    nowMs: (ctx.now ?? new Date()).getTime(),
    tz: ctx.workflow.timezone || 'UTC',
    staticData: args.staticData ?? {},
  };

  let timedOut = false;
  let aborted = false;
  const timer = setTimeout(() => {
    timedOut = true;
    iso.dispose();
  }, timeoutMs);
  const onAbort = () => {
    aborted = true;
    iso.dispose();
  };
  args.signal?.addEventListener('abort', onAbort, { once: true });
  let raw: { ok: boolean; dirty?: boolean; results?: unknown[]; logs: CodeLog[]; staticData?: JsonObject; error?: { message: string; name: string; line?: number } } | undefined;
  try {
    raw = (await refs.runCode.apply(undefined, [fnRef.derefInto(), new ivm.ExternalCopy(data).copyInto(), eachItem], {
      result: { promise: true, copy: true },
      timeout: timeoutMs,
    })) as typeof raw;
  } catch (err) {
    if (timedOut || /timed out/i.test(String((err as Error)?.message))) {
      throw new CodeError(`The code ran longer than ${timeoutMs} ms and was stopped (timeout). Check for endless loops.`, { kind: 'timeout' });
    }
    if (aborted) throw new CodeError('The code was stopped because the execution was cancelled', { kind: 'runtime' });
    if (iso.disposed) throw new CodeError(`The code used more memory than allowed (${iso.memoryLimitMb} MB) and was stopped`, { kind: 'runtime' });
    throw new CodeError(`The code failed: ${err instanceof Error ? err.message : String(err)}`, { kind: 'runtime' });
  } finally {
    clearTimeout(timer);
    args.signal?.removeEventListener('abort', onAbort);
    try {
      fnRef.release();
    } catch {
      /* isolate gone */
    }
    releaseRunner(runner, raw !== undefined && !raw.dirty);
  }
  if (!raw) throw new CodeError('The code produced no result', { kind: 'runtime' });

  const logs = raw.logs ?? [];
  if (!raw.ok) {
    const e = raw.error!;
    const line = e.line !== undefined ? e.line - WRAPPER_LINES : undefined;
    const index = eachItem && raw.results ? raw.results.length : undefined;
    throw new CodeError(`${e.name}: ${e.message}${line && line > 0 ? ` [line ${line}]` : ''}${index !== undefined ? ` [item ${index}]` : ''}`, {
      kind: 'runtime',
      line,
      itemIndex: index,
      logs,
    });
  }
  const results = raw.results ?? [];
  const items = eachItem ? normaliseEachItem(results, args.items.length) : normaliseAllItems(results[0], args.items.length);
  return { items, logs, staticData: raw.staticData };
}

function lineOf(err: unknown): number | undefined {
  const m = /code\.js:(\d+)/.exec(err instanceof Error ? `${err.message}\n${err.stack}` : String(err));
  return m ? Number(m[1]) - WRAPPER_LINES : undefined;
}

/**
 * The `services.runCode` a runtime lends to the Code node: binds the node's expression context (for $('Name'),
 * $execution, ...), the cancel signal, the node log and a timeout.
 */
export function createRunCodeService(opts: {
  /** The expression context of the node run (any item index; inputs are replaced by the items passed in). */
  ctx: (itemIndex: number) => CodeContext;
  signal?: AbortSignal;
  log?: { info(msg: string): void; warn(msg: string): void; error(msg: string): void; debug(msg: string): void };
  timeoutMs?: number;
  memoryLimitMb?: number;
}): (args: { code: string; mode: CodeMode; items: Item[]; itemIndex?: number }) => Promise<Item[]> {
  return (args) =>
    runCode({
      code: args.code,
      mode: args.mode,
      items: args.items,
      ctx: { ...opts.ctx(args.itemIndex ?? 0), inputs: { main: args.items } },
      timeoutMs: opts.timeoutMs,
      memoryLimitMb: opts.memoryLimitMb,
      signal: opts.signal,
      onLog: opts.log ? (l) => opts.log![l.level](`console.${l.level === 'info' ? 'log' : l.level}: ${l.message}`) : undefined,
    });
}
