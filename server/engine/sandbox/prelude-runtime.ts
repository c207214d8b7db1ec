/* eslint-disable */
/**
 * The in-isolate side of expressions and Code: builds the n8n variables ($json, $input, $('Name'), $now, ...)
 * lazily from the data the host copies in, calls back to the host for other nodes' items, and converts
 * results (Luxon objects become ISO strings) before they are copied out.
 *
 * IMPORTANT: serialised with toString and run INSIDE the isolate: no references outside its body.
 * `hostRef` is an ivm.Reference to the host dispatcher; it stays in this closure, never on globalThis.
 */
export function createRuntime(hostRef: any, luxon: any, createBuffer: () => any): any {
  const { DateTime, Duration, Interval, Settings } = luxon;
  const host = (op: string, ...args: any[]) =>
    hostRef.applySync(undefined, [op, ...args], { arguments: { copy: true }, result: { copy: true } });

  let currentZone = '';
  const setZone = (tz: string) => {
    if (tz && tz !== currentZone) {
      Settings.defaultZone = tz;
      currentZone = tz;
    }
  };

  let sharedBuffer: any;
  const makeItem = (json: any, binary: any, index: number) => {
    const item: any = { json: json ?? {}, pairedItem: { item: index } };
    if (binary) item.binary = binary;
    return item;
  };

  const nodeAccessor = (scope: any, name: string) => {
    const cacheKey = 'n:' + name;
    if (scope.c[cacheKey]) return scope.c[cacheKey];
    const d = scope.d;
    const all = (branch?: any, run?: any) => host('node.all', name, branch, run);
    const api = {
      all,
      first: (branch?: any, run?: any) => all(branch, run)[0],
      last: (branch?: any, run?: any) => { const a = all(branch, run); return a[a.length - 1]; },
      get item() { return host('node.pair', name, d.itemIndex); },
      itemMatching: (i: number) => host('node.pair', name, Number(i)),
      pairedItem: (i?: number) => host('node.pair', name, i === undefined ? d.itemIndex : Number(i)),
      get params() { return host('node.params', name); },
      get isExecuted() { return host('node.executed', name); },
      get context() { return {}; },
      get runIndex() { return host('node.runIndex', name); },
    };
    scope.c[cacheKey] = api;
    return api;
  };

  // Legacy $node["Name"] / $item(i).$node["Name"]: the item at the same index (the first when there is only one).
  const legacyNode = (scope: any, name: string, index: number) => {
    const items = () => host('node.all', name);
    const pick = () => { const a = items(); return a[index] ?? a[0]; };
    return {
      get json() { const it = pick(); return it ? it.json : undefined; },
      get data() { const it = pick(); return it ? it.json : undefined; },
      get binary() { const it = pick(); return it ? it.binary : undefined; },
      get parameter() { return host('node.params', name); },
      get runIndex() { return host('node.runIndex', name); },
      get context() { return {}; },
    };
  };
  const nodeProxy = (scope: any, index: number) =>
    new Proxy({}, { get: (_t, name) => (typeof name === 'string' ? legacyNode(scope, name, index) : undefined) });

  const inputAll = (scope: any) => {
    if (!scope.c.inputAll) scope.c.inputAll = scope.d.items ?? host('input.all');
    return scope.c.inputAll;
  };
  const isEmptyValue = (v: any) =>
    v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0) ||
    (typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date) && !DateTime.isDateTime(v) && Object.keys(v).length === 0);

  const scopeProto: any = {
    get $json() { return this.d.json ?? {}; },
    get $data() { return this.d.json ?? {}; },
    get $binary() { return this.d.binary ?? {}; },
    get $input() {
      const s = this;
      return (s.c.$input ??= {
        all: () => inputAll(s),
        first: () => inputAll(s)[0],
        last: () => { const a = inputAll(s); return a[a.length - 1]; },
        get item() { return makeItem(s.d.json, s.d.binary, s.d.itemIndex); },
        get params() { return host('params'); },
        get context() { return {}; },
      });
    },
    get $() { const s = this; return (name: string) => nodeAccessor(s, name); },
    get $node() { return nodeProxy(this, this.d.itemIndex); },
    get $items() {
      const s = this;
      return (name?: string, output?: number, run?: number) => (name === undefined ? inputAll(s) : host('node.all', name, output, run));
    },
    get $item() { const s = this; return (i: any) => ({ $node: nodeProxy(s, Number(i)), get $json() { const a = inputAll(s)[Number(i)]; return a ? a.json : undefined; } }); },
    get $now() { return (this.c.$now ??= DateTime.fromMillis(this.d.nowMs, { zone: this.d.tz })); },
    get $today() { return (this.c.$today ??= DateTime.fromMillis(this.d.nowMs, { zone: this.d.tz }).startOf('day')); },
    get $execution() {
      const e = this.d.execution;
      const custom: any = {};
      return {
        id: e.id, mode: e.mode === 'manual' ? 'test' : 'production', resumeUrl: e.resumeUrl, resumeFormUrl: e.resumeFormUrl,
        customData: { set: (k: string, v: any) => { custom[k] = String(v); }, get: (k: string) => custom[k], setAll: (o: any) => Object.assign(custom, o), getAll: () => ({ ...custom }) },
      };
    },
    get $workflow() { return this.d.workflow; },
    get $runIndex() { return this.d.runIndex; },
    get $thisRunIndex() { return this.d.runIndex; },
    get $itemIndex() { return this.d.itemIndex; },
    get $thisItemIndex() { return this.d.itemIndex; },
    get $position() { return this.d.itemIndex; },
    get $mode() { return this.d.execution.mode; },
    get $vars() { return this.d.vars ?? {}; },
    get $env() {
      if (!this.d.env) throw new Error('$env is disabled: reading environment variables in expressions is turned off for this workflow (settings.allowEnvInExpressions)');
      return this.d.env;
    },
    get $parameter() { return host('params'); },
    get $prevNode() { return host('prevNode', this.d.itemIndex) ?? {}; },
    get $nodeId() { return this.d.node.id; },
    get $nodeName() { return this.d.node.name; },
    get $jmespath() { return (obj: any, path: string) => host('jmespath', obj, path); },
    get $ifEmpty() { return (v: any, dflt: any) => (isEmptyValue(v) ? dflt : v); },
    get $if() { return (c: any, a: any, b: any) => (c ? a : b); },
    get $min() { return (...n: number[]) => Math.min(...n); },
    get $max() { return (...n: number[]) => Math.max(...n); },
    get $fromAI() { const f = this.d.fromAI; return (key: string, _d?: string, _t?: string, dflt?: any) => (f && key in f ? f[key] : dflt); },
    get $response() { return this.d.extra ? this.d.extra.$response : undefined; },
    get $request() { return this.d.extra ? this.d.extra.$request : undefined; },
    get $pageCount() { return this.d.extra ? this.d.extra.$pageCount : undefined; },
    get $getWorkflowStaticData() { const s = this; return (_type?: string) => (s.d.staticData ??= {}); },
    get DateTime() { return DateTime; },
    get Duration() { return Duration; },
    get Interval() { return Interval; },
    // Code node (legacy Function node `items`, Function Item `item`).
    get items() { return inputAll(this); },
    get item() { return this.d.json ?? {}; },
    get Buffer() { return (sharedBuffer ??= createBuffer()); },
    get require() {
      return (name: string) => {
        throw new Error(`Cannot load module "${name}": require is not available in the Weft Code node (no modules or Node APIs can be loaded)`);
      };
    },
  };
  // Shared by every evaluation: frozen so one expression cannot change what the next one sees.
  Object.freeze(scopeProto);
  const newScope = (d: any) => {
    setZone(d.tz);
    const s = Object.create(scopeProto);
    s.d = d;
    s.c = {};
    return s;
  };

  // Converts a result so it can be copied to the host: Luxon values become ISO strings, Dates too.
  const exportValue = (v: any, depth: number, seen: WeakSet<object>): any => {
    if (v === null || typeof v !== 'object') {
      if (typeof v === 'function') throw new Error('The expression returned a function: call it, e.g. add ()');
      if (typeof v === 'symbol') return String(v);
      return v;
    }
    if (DateTime.isDateTime(v)) return v.isValid ? v.toISO() : null;
    if (Duration.isDuration(v) || Interval.isInterval(v)) return v.toISO();
    if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
    if (typeof v.then === 'function') throw new Error('The expression returned a Promise: expressions cannot be asynchronous');
    if (depth > 100 || seen.has(v)) throw new Error('The result is nested too deeply or refers to itself');
    seen.add(v);
    let out: any = v;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const x = v[i];
        const y = typeof x === 'object' || typeof x === 'function' ? exportValue(x, depth + 1, seen) : x;
        if (y !== x) { if (out === v) out = v.slice(); out[i] = y; }
      }
    } else {
      for (const k of Object.keys(v)) {
        const x = v[k];
        if (typeof x === 'function') { if (out === v) out = { ...v }; delete out[k]; continue; }
        const y = typeof x === 'object' && x !== null ? exportValue(x, depth + 1, seen) : x;
        if (y !== x) { if (out === v) out = { ...v }; out[k] = y; }
      }
    }
    seen.delete(v);
    return out;
  };
  const toText = (v: any): string => {
    if (v === null || v === undefined) return '';
    if (typeof v === 'string') return v;
    if (DateTime.isDateTime(v)) return v.toISO() ?? '';
    if (v instanceof Date) return v.toISOString();
    if (typeof v === 'object') {
      try { return JSON.stringify(exportValue(v, 0, new WeakSet())); } catch { return String(v); }
    }
    return String(v);
  };

  const fns: any[] = [];
  const templates: any[] = [];
  let progress = -1;
  const errorOf = (e: any) => ({ e: e && typeof e === 'object' && 'message' in e ? String(e.message) : String(e), n: e && e.name ? String(e.name) : 'Error' });

  const api = {
    define(id: number, fn: any) {
      if (fns[id] !== undefined) throw new Error(`Expression function ${id} is already defined`);
      fns[id] = fn;
    },
    defineTemplate(id: number, parts: any[], single: boolean) {
      if (templates[id] !== undefined) throw new Error(`Template ${id} is already defined`);
      templates[id] = { parts, single };
    },
    progress() { return progress; },
    /** Evaluates templates `ids` against one item's data; one result per template. */
    run(ids: number[], d: any) {
      const scope = newScope(d);
      const out: any[] = [];
      for (let j = 0; j < ids.length; j++) {
        progress = j;
        const t = templates[ids[j]];
        try {
          if (t.single) out.push({ v: exportValue(fns[t.parts[0]].call(undefined, scope), 0, new WeakSet()) });
          else {
            let s = '';
            for (const p of t.parts) s += typeof p === 'string' ? p : toText(fns[p].call(undefined, scope));
            out.push({ v: s });
          }
        } catch (e) {
          out.push(errorOf(e));
        }
      }
      progress = -1;
      return out;
    },
    /** The same templates for several items: `base` is shared, `perItem` holds each item's index, json and binary. */
    runMany(ids: number[], base: any, perItem: any[]) {
      const out: any[] = [];
      for (const it of perItem) {
        const d = Object.assign({}, base);
        d.itemIndex = it.itemIndex;
        d.json = it.json;
        d.binary = it.binary;
        out.push(api.run(ids, d));
      }
      return out;
    },
    /** Code node: `fn` is the compiled async wrapper; `d.items` holds every input item. */
    async runCode(fn: any, d: any, eachItem: boolean) {
      // Contexts are reused between runs: globals the code creates (sloppy `x = 1`) are removed afterwards.
      const g: any = globalThis;
      const before = new Set(Object.getOwnPropertyNames(g));
      let dirty = false;
      const cleanGlobals = () => {
        for (const name of Object.getOwnPropertyNames(g)) {
          if (before.has(name)) continue;
          try { if (!delete g[name]) dirty = true; } catch { dirty = true; }
        }
      };
      const r: any = await runCodeInner(fn, d, eachItem);
      cleanGlobals();
      // A global that could not be removed would leak into later runs: the host then drops this context.
      r.dirty = dirty;
      return r;
    },
  };

  return api;

  async function runCodeInner(fn: any, d: any, eachItem: boolean) {
      const logs: any[] = [];
      const fmt = (a: any) => (typeof a === 'string' ? a : (() => { try { return JSON.stringify(exportValue(a, 0, new WeakSet())); } catch { return String(a); } })());
      const log = (level: string) => (...args: any[]) => { if (logs.length < 1000) logs.push({ level, message: args.map(fmt).join(' ') }); };
      const consoleObj = { log: log('info'), info: log('info'), warn: log('warn'), error: log('error'), debug: log('debug') };
      const results: any[] = [];
      try {
        const items = d.items.map((it: any, i: number) => makeItem(it.json, it.binary, i));
        d.items = items;
        const indices = eachItem ? items.map((_: any, i: number) => i) : [d.itemIndex ?? 0];
        for (const i of indices) {
          const scope = newScope({ ...d, itemIndex: i, json: items[i] ? items[i].json : {}, binary: items[i] ? items[i].binary : undefined });
          if (eachItem && scope.c) scope.c.inputAll = items;
          const r = await fn.call(undefined, scope, consoleObj);
          results.push(exportValue(r, 0, new WeakSet()));
        }
        return { ok: true, results, logs, staticData: d.staticData };
      } catch (e: any) {
        const err = errorOf(e);
        const line = e && typeof e.stack === 'string' ? /code\.js:(\d+)/.exec(e.stack) : null;
        return { ok: false, error: { message: err.e, name: err.n, line: line ? Number(line[1]) : undefined }, logs, results };
      }
  }
}
