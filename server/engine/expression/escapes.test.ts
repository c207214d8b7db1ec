/**
 * Sandbox escape attempts (the list plus patterns from n8n's published expression advisories, e.g.
 * CVE-2025-68613 and its template-literal bypass). Each must fail cleanly: an ExpressionError (or a harmless
 * value with no host object in it), never host access, never a crash, and the engine keeps working.
 */
import { describe, expect, it } from 'vitest';
import { ExpressionEngine, ExpressionError } from './index';
import { makeCtx } from './test-context';

const engine = new ExpressionEngine({ timeoutMs: 300, memoryLimitMb: 64 });

function attempt(expr: string): { value?: unknown; error?: ExpressionError } {
  try {
    return { value: engine.evaluate(expr, makeCtx()) };
  } catch (err) {
    if (!(err instanceof ExpressionError)) throw new Error(`not an ExpressionError: ${String(err)}`);
    return { error: err };
  }
}

/** The result must be an ExpressionError; the host process must be untouched. */
function mustFail(expr: string, message?: RegExp) {
  const r = attempt(expr);
  expect(r.error, `${expr} should fail but returned ${JSON.stringify(r.value)}`).toBeInstanceOf(ExpressionError);
  if (message) expect(r.error!.message).toMatch(message);
  return r.error!;
}

function hostIsClean() {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
  expect((globalThis as Record<string, unknown>).pwned).toBeUndefined();
  expect(engine.evaluate('={{ 1 + 1 }}', makeCtx())).toBe(2);
}

describe('sandbox escapes from the issue', () => {
  it('this.constructor.constructor("return process")()', () => {
    mustFail(`={{ this.constructor.constructor('return process')() }}`);
    hostIsClean();
  });

  it('(function(){ return this })().process', () => {
    mustFail(`={{ (function(){ return this })().process }}`);
    hostIsClean();
  });

  it('$json.__proto__.polluted = 1 does not pollute the host', () => {
    mustFail(`={{ $json.__proto__.polluted = 1 }}`);
    hostIsClean();
    // nor the sandbox for later evaluations
    expect(engine.evaluate('={{ ({}).polluted }}', makeCtx())).toBeUndefined();
  });

  it('property names built with template literals reaching Function', () => {
    mustFail('={{ $json[`con${"structor"}`][`con${"structor"}`]("return process")() }}', /not allowed/);
    mustFail('={{ [][`con`+`structor`][`constr`+`uctor`](`return this`)() }}', /not allowed/);
    mustFail("={{ ''[`sub`+`string`][`constructor`]('return process')() }}", /not allowed/);
    hostIsClean();
  });

  it('[].constructor.constructor("return 1")() throws', () => {
    const err = mustFail(`={{ [].constructor.constructor('return 1')() }}`, /Code generation from strings/);
    expect(err.kind).toBe('security');
  });

  it('an infinite loop times out with a clear error', () => {
    const err = mustFail('={{ while(true){} }}', /timed out after 300 ms/);
    expect(err.kind).toBe('timeout');
    mustFail('={{ (() => { for(;;){} })() }}', /timed out/);
    hostIsClean();
  });
});

describe('more escape patterns (n8n advisories, classic JS sandbox breaks)', () => {
  it('require, process, globalThis, module, Buffer are absent', () => {
    mustFail(`={{ require('child_process') }}`, /require is not defined/);
    mustFail(`={{ process.env.HOME }}`, /process is not defined/);
    expect(attempt('={{ globalThis.process }}').value).toBeUndefined();
    expect(attempt('={{ typeof Buffer + typeof module + typeof setTimeout }}').value).toBe('undefinedundefinedundefined');
    mustFail(`={{ globalThis.pwned = 1 }}`);
    hostIsClean();
  });

  it('Function and eval in all their forms throw', () => {
    mustFail(`={{ Function('return 1')() }}`, /not allowed/);
    mustFail(`={{ new Function('return 1')() }}`, /not allowed/);
    mustFail(`={{ eval('1 + 1') }}`, /not allowed/);
    mustFail(`={{ (0, eval)('1') }}`, /not allowed/);
    mustFail(`={{ (async function(){}).constructor('return process')() }}`, /not allowed/);
    mustFail(`={{ (function*(){}).constructor('yield 1')().next() }}`, /not allowed/);
    mustFail(`={{ (async function*(){}).constructor('yield 1') }}`, /not allowed/);
    mustFail(`={{ Object.getPrototypeOf(async () => {}).constructor('return 1') }}`, /not allowed/);
    mustFail(`={{ Reflect.construct(Function, ['return 1'])() }}`, /not allowed/);
    mustFail(`={{ $json.name.toString.constructor('return 1')() }}`, /not allowed/);
    mustFail(`={{ DateTime.now().toISO.constructor('return 1')() }}`, /not allowed/);
    mustFail(`={{ $input.all.constructor('return 1')() }}`, /not allowed/);
  });

  it('import() cannot load modules', () => {
    const r = attempt(`={{ import('fs') }}`);
    expect(r.error ?? r.value).toBeDefined();
    if (r.value !== undefined) expect(JSON.stringify(r.value)).not.toMatch(/readFile/);
    hostIsClean();
  });

  it('Error.prepareStackTrace cannot be replaced', () => {
    mustFail(`={{ (Error.prepareStackTrace = (e, s) => s[0].getThis(), new Error().stack) }}`);
    mustFail(`={{ Object.defineProperty(Error, 'prepareStackTrace', { value: () => 1 }) }}`);
    hostIsClean();
  });

  it('__defineGetter__ / __lookupGetter__ / defineProperty on shared prototypes fail', () => {
    mustFail(`={{ ({}).__defineGetter__.call(Object.prototype, 'polluted', () => 1) }}`);
    mustFail(`={{ Object.defineProperty(Object.prototype, 'polluted', { value: 1 }) }}`);
    mustFail(`={{ Object.prototype.polluted = 1 }}`);
    mustFail(`={{ Array.prototype.first = () => 'hacked' }}`);
    expect(engine.evaluate('={{ [1, 2].first() }}', makeCtx())).toBe(1);
    mustFail(`={{ String.prototype.toUpperCase = () => 'x' }}`);
    expect(engine.evaluate('={{ "a".toUpperCase() }}', makeCtx())).toBe('A');
    mustFail(`={{ DateTime.prototype.toISO = () => 'x' }}`);
    hostIsClean();
  });

  it('Symbol.unscopables and with-tricks', () => {
    mustFail(`={{ Array.prototype[Symbol.unscopables].polluted = true }}`);
    mustFail(`={{ with ({}) { 1 } }}`); // strict mode
    hostIsClean();
  });

  it('async functions cannot leak results or keep running', () => {
    mustFail(`={{ (async () => 1)() }}`, /Promise/);
    mustFail(`={{ (async () => { await null; while (true) {} })() }}`);
    hostIsClean();
  });

  it('arguments.callee, caller, and stack inspection reach nothing', () => {
    mustFail(`={{ (function(){ return arguments.callee.caller })() }}`);
    const r = attempt(`={{ new Error('x').stack }}`);
    expect(String(r.value ?? '')).not.toMatch(/node:internal|\/work\//);
  });

  it('Proxy and getters cannot smuggle code generation', () => {
    mustFail(`={{ new Proxy({}, { get: (t, k) => Function })[0]('return 1')() }}`, /not allowed/);
    mustFail(`={{ ({ get x() { return this.constructor.constructor('return 1')() } }).x }}`, /not allowed/);
  });

  it('memory bombs are stopped and the engine recovers', () => {
    const r = attempt(`={{ (() => { const a = []; while (true) a.push(new Array(1e6).fill(1)); })() }}`);
    expect(r.error).toBeInstanceOf(ExpressionError);
    hostIsClean();
  });

  it('the shared scope behind $json cannot be changed for later evaluations', () => {
    mustFail(`={{ Object.defineProperty(Object.getPrototypeOf(__s), '$json', { get: () => 'hacked' }) }}`);
    mustFail(`={{ Object.getPrototypeOf(__s).$vars = 1 }}`);
    expect(engine.evaluate('={{ $json.name }}', makeCtx())).toBe('Ada');
    expect(engine.evaluate('={{ $json.name.toUpperCase() }}', makeCtx())).toBe('ADA');
  });

  it('results carry no host references: functions are refused', () => {
    mustFail(`={{ () => 1 }}`, /returned a function/);
    expect(attempt(`={{ ({ a: 1, f: () => 1 }) }}`).value).toEqual({ a: 1 });
  });
});
