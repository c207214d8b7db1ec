/**
 * isolated-vm plumbing shared by expressions and the Code runner: an isolate with Luxon, n8n's extension
 * methods and the runtime prelude loaded into a locked-down context. Nothing of Node (require, process,
 * Buffer, the host's Function) exists inside; data crosses by copy, host lookups by a Reference callback.
 */
import ivm from 'isolated-vm';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { installExtensions } from './prelude-extensions';
import { lockdown } from './prelude-lockdown';
import { createRuntime } from './prelude-runtime';
import { createBuffer } from './prelude-buffer';

export type HostDispatcher = (op: string, ...args: unknown[]) => unknown;

let luxonSource: string | undefined;
function luxonBuild(): string {
  if (!luxonSource) {
    const require = createRequire(import.meta.url);
    // The package's "exports" hide build/global, so locate it from the main entry (…/luxon/build/node/luxon.js).
    const main = require.resolve('luxon');
    const root = main.slice(0, main.lastIndexOf(`${sep}build${sep}`));
    luxonSource = readFileSync(join(root, 'build', 'global', 'luxon.min.js'), 'utf8');
  }
  return luxonSource;
}

let bootSource: string | undefined;
/** One script: evaluates Luxon privately and returns boot(hostRef, freezeGlobal) -> runtime. */
function bootScript(): string {
  bootSource ??= `(function () {
  const __name = (f) => f;
  const luxon = (function () { ${luxonBuild()}\n; return luxon; })();
  const installExtensions = (${installExtensions.toString()});
  const lockdown = (${lockdown.toString()});
  const createRuntime = (${createRuntime.toString()});
  const createBuffer = (${createBuffer.toString()});
  return function boot(hostRef, freezeGlobal) {
    const host = (op, ...args) => hostRef.applySync(undefined, [op, ...args], { arguments: { copy: true }, result: { copy: true } });
    installExtensions(luxon, host);
    const runtime = createRuntime(hostRef, luxon, createBuffer);
    for (const name of ['DateTime', 'Duration', 'Interval', 'Info']) {
      Object.defineProperty(globalThis, name, { value: luxon[name], writable: false, enumerable: false, configurable: false });
    }
    const noop = () => {};
    Object.defineProperty(globalThis, 'console', { value: { log: noop, info: noop, warn: noop, error: noop, debug: noop }, writable: false, configurable: false });
    lockdown([luxon], freezeGlobal);
    return runtime;
  };
})()`;
  return bootSource;
}

export interface RuntimeRefs {
  context: ivm.Context;
  define: ivm.Reference;
  defineTemplate: ivm.Reference;
  run: ivm.Reference;
  runMany: ivm.Reference;
  runCode: ivm.Reference;
  progress: ivm.Reference;
}

/** An isolate with its compiled boot script; contexts are created from it on demand. */
export class SandboxIsolate {
  readonly isolate: ivm.Isolate;
  private boot: ivm.Script;

  constructor(readonly memoryLimitMb: number) {
    this.isolate = new ivm.Isolate({ memoryLimit: memoryLimitMb });
    this.boot = this.isolate.compileScriptSync(bootScript(), { filename: 'weft-prelude.js' });
  }

  get disposed(): boolean {
    return this.isolate.isDisposed;
  }

  /** A fresh locked-down context whose host callbacks go to `dispatch`. */
  createContext(dispatch: HostDispatcher, freezeGlobal: boolean): RuntimeRefs {
    const context = this.isolate.createContextSync();
    try {
      const bootFn = this.boot.runSync(context, { reference: true, timeout: 5_000 }) as ivm.Reference;
      const hostRef = new ivm.Reference((op: string, ...args: unknown[]) => dispatch(op, ...args));
      const runtime = bootFn.applySync(undefined, [hostRef, freezeGlobal], { result: { reference: true }, timeout: 5_000 }) as ivm.Reference;
      const get = (name: string) => runtime.getSync(name, { reference: true }) as ivm.Reference;
      return { context, define: get('define'), defineTemplate: get('defineTemplate'), run: get('run'), runMany: get('runMany'), runCode: get('runCode'), progress: get('progress') };
    } catch (err) {
      context.release();
      throw err;
    }
  }

  /** Compiles source text that evaluates to a function; returns a reference to that function in `context`. */
  compileFunction(context: ivm.Context, source: string, filename: string, timeoutMs: number): ivm.Reference {
    const script = this.isolate.compileScriptSync(source, { filename });
    try {
      return script.runSync(context, { reference: true, timeout: timeoutMs }) as ivm.Reference;
    } finally {
      script.release();
    }
  }

  dispose(): void {
    if (!this.isolate.isDisposed) this.isolate.dispose();
  }
}

export function isTimeoutError(err: unknown): boolean {
  return err instanceof Error && /timed out/i.test(err.message);
}

export function isDisposedError(err: unknown): boolean {
  return err instanceof Error && /disposed|memory limit/i.test(err.message);
}
