/* eslint-disable */
/**
 * Hardens an isolate context after Luxon and the extension methods are installed:
 * - the Function constructors (plain, async, generator, async generator) and eval throw, so no code can be
 *   generated from strings;
 * - every intrinsic reachable from the global object (and Luxon) is frozen, so no expression can pollute
 *   prototypes or replace Error.prepareStackTrace for later evaluations;
 * - assignment to a frozen prototype's method name on an ordinary object still works ("override mistake" fix).
 *
 * IMPORTANT: serialised with toString and run INSIDE the isolate: no references outside its body.
 */
export function lockdown(extraRoots: any[], freezeGlobal: boolean): void {
  const g: any = globalThis;
  const blocked = function Function() {
    throw new EvalError('Code generation from strings (Function constructor, eval) is not allowed in Weft');
  };
  const fnProtos = [
    Object.getPrototypeOf(function () {}),
    Object.getPrototypeOf(async function () {}),
    Object.getPrototypeOf(function* () {}),
    Object.getPrototypeOf(async function* () {}),
  ];
  for (const proto of fnProtos) Object.defineProperty(proto, 'constructor', { value: blocked, writable: false, enumerable: false, configurable: false });
  Object.defineProperty(blocked, 'prototype', { value: Function.prototype, writable: false });
  Object.defineProperty(g, 'Function', { value: blocked, writable: false, enumerable: false, configurable: false });
  Object.defineProperty(g, 'eval', { value: blocked, writable: false, enumerable: false, configurable: false });
  for (const name of ['WebAssembly', 'SharedArrayBuffer', 'Atomics', 'FinalizationRegistry', 'WeakRef']) delete g[name];

  // Let `obj.name = v` create an own property even though the prototype's `name` is frozen.
  const tame = (proto: any, name: string) => {
    const desc = Object.getOwnPropertyDescriptor(proto, name);
    if (!desc || !('value' in desc) || !desc.writable || !desc.configurable) return;
    const value = desc.value;
    Object.defineProperty(proto, name, {
      get() { return value; },
      set(this: any, v: any) {
        if (this === proto) throw new TypeError(`Cannot assign to read only property '${name}' of a built-in prototype`);
        Object.defineProperty(this, name, { value: v, writable: true, enumerable: true, configurable: true });
      },
      enumerable: desc.enumerable,
      configurable: false,
    });
  };
  for (const name of Object.getOwnPropertyNames(Object.prototype)) if (name !== '__proto__') tame(Object.prototype, name);
  for (const E of [Error, TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError, AggregateError]) {
    for (const name of ['name', 'message', 'toString', 'constructor']) tame(E.prototype, name);
  }
  for (const name of ['first', 'last', 'sum', 'min', 'max', 'average', 'compact', 'merge', 'unique', 'chunk', 'pluck', 'append', 'toJsonString', 'isEmpty', 'isNotEmpty']) {
    tame(Array.prototype, name);
  }

  const seen = new WeakSet();
  const harden = (root: any) => {
    const stack = [root];
    while (stack.length) {
      const obj = stack.pop();
      if (obj === null || (typeof obj !== 'object' && typeof obj !== 'function') || seen.has(obj)) continue;
      seen.add(obj);
      Object.freeze(obj);
      stack.push(Object.getPrototypeOf(obj));
      for (const key of Reflect.ownKeys(obj)) {
        const d = Object.getOwnPropertyDescriptor(obj, key);
        if (!d) continue;
        if ('value' in d) stack.push(d.value);
        else { stack.push(d.get); stack.push(d.set); }
      }
    }
  };
  for (const name of Object.getOwnPropertyNames(g)) {
    if (name === 'globalThis') continue;
    const d = Object.getOwnPropertyDescriptor(g, name);
    if (d && 'value' in d) harden(d.value);
  }
  for (const root of extraRoots) harden(root);
  if (freezeGlobal) Object.freeze(g);
}
