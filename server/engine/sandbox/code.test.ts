import { describe, expect, it } from 'vitest';
import { CodeError, runCode, runCodeWithLogs, type CodeContext } from './code';
import type { Item } from '../types';

const ctx: CodeContext = {
  runIndex: 0,
  node: { id: 'c1', name: 'Code', type: 'code', params: {} },
  workflow: { id: 'wf', name: 'Flow', timezone: 'UTC' },
  execution: { id: 'exec-9', mode: 'manual' },
  getRun: (name) => (name === 'Start' ? { outputs: { main: [{ json: { started: true } }] }, inputs: {}, runIndex: 0 } : undefined),
};
const input: Item[] = [{ json: { a: 1 } }, { json: { a: 2 } }, { json: { a: 3 } }];
const all = (code: string, items = input) => runCode({ code, mode: 'runOnceForAllItems', items, ctx, timeoutMs: 2000 });
const each = (code: string, items = input) => runCode({ code, mode: 'runOnceForEachItem', items, ctx, timeoutMs: 2000 });

async function failure(p: Promise<unknown>): Promise<CodeError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(CodeError);
    return err as CodeError;
  }
  throw new Error('expected the code to fail');
}

describe('run once for all items', () => {
  it('maps $input.all() and sets pairedItem', async () => {
    const out = await all('return $input.all().map(i => ({ json: { b: i.json.a * 10 } }))');
    expect(out).toEqual([
      { json: { b: 10 }, pairedItem: { item: 0 } },
      { json: { b: 20 }, pairedItem: { item: 1 } },
      { json: { b: 30 }, pairedItem: { item: 2 } },
    ]);
  });

  it('accepts plain objects, the legacy `items`, and mutating items in place', async () => {
    expect(await all('return [{ x: 1 }, { x: 2 }]', [{ json: {} }])).toEqual([
      { json: { x: 1 }, pairedItem: { item: 0 } },
      { json: { x: 2 }, pairedItem: { item: 0 } },
    ]);
    const out = await all('for (item of items) { item.json.seen = true } return items');
    expect(out.map((i) => i.json)).toEqual([{ a: 1, seen: true }, { a: 2, seen: true }, { a: 3, seen: true }]);
    expect(input[0].json).toEqual({ a: 1 }); // the host's items are untouched
  });

  it('a single returned object becomes one item', async () => {
    const out = await all('return { total: $input.all().reduce((s, i) => s + i.json.a, 0) }');
    expect(out.map((i) => i.json)).toEqual([{ total: 6 }]);
  });

  it('supports await, DateTime, $now and $("Name")', async () => {
    const out = await all(`
      const later = await new Promise((resolve) => resolve(41));
      return [{ json: { v: later + 1, year: DateTime.fromISO('2024-05-01').year, started: $('Start').first().json.started, exec: $execution.id } }];
    `);
    expect(out[0].json).toEqual({ v: 42, year: 2024, started: true, exec: 'exec-9' });
  });

  it('captures console output as logs', async () => {
    const res = await runCodeWithLogs({ code: "console.log('hello', { n: 1 }); console.warn('careful'); return []", mode: 'runOnceForAllItems', items: input, ctx });
    expect(res.items).toEqual([]);
    expect(res.logs).toEqual([
      { level: 'info', message: 'hello {"n":1}' },
      { level: 'warn', message: 'careful' },
    ]);
  });

  it('returns Luxon values as ISO strings', async () => {
    const out = await all("return [{ json: { d: DateTime.fromISO('2024-01-02T03:04:05Z', { zone: 'UTC' }) } }]");
    expect(out[0].json.d).toBe('2024-01-02T03:04:05.000Z');
  });
});

describe('isolation between runs', () => {
  it('globals created by one run are gone in the next', async () => {
    await all('leaked = 42; globalThis.other = 1; return []');
    expect((await all('return [{ a: typeof leaked, b: typeof other }]'))[0].json).toEqual({ a: 'undefined', b: 'undefined' });
    await all("Object.defineProperty(globalThis, 'sticky', { value: 1, configurable: false }); return []");
    expect((await all('return [{ s: typeof sticky }]'))[0].json).toEqual({ s: 'undefined' });
  });

  it('built-in prototypes cannot be changed for later runs', async () => {
    // Sloppy-mode code: the assignment is silently ignored (the prototype is frozen).
    expect((await all("Array.prototype.map = () => 'hacked'; return [{ v: [1].map((x) => x) }]"))[0].json).toEqual({ v: [1] });
    expect((await all('return [{ v: [1, 2].map((x) => x * 2) }]'))[0].json).toEqual({ v: [2, 4] });
  });

  it('assigning a property that shadows a prototype method still works', async () => {
    const out = await all("const o = {}; o.toString = () => 'mine'; o.values = [1]; const e = new Error('m'); e.name = 'Custom'; return [{ s: String(o), v: o.values, n: e.name }]");
    expect(out[0].json).toEqual({ s: 'mine', v: [1], n: 'Custom' });
  });
});

describe('Buffer', () => {
  it('encodes and decodes like Node for the common encodings', async () => {
    const out = await all(`
      const b = Buffer.from('héllo ✓ 😀', 'utf8');
      return [{ json: {
        b64: b.toString('base64'),
        back: Buffer.from(b.toString('base64'), 'base64').toString('utf8'),
        hex: Buffer.from('hi').toString('hex'),
        fromHex: Buffer.from('6869', 'hex').toString(),
        url: Buffer.from('??>>').toString('base64url'),
        len: Buffer.byteLength('✓'),
        concat: Buffer.concat([Buffer.from('a'), Buffer.from('b')]).toString(),
        isBuf: Buffer.isBuffer(b) && !Buffer.isBuffer('x'),
        latin1: Buffer.from('aGk=', 'base64').toString('latin1'),
      } }];
    `);
    const node = (s: string, enc: BufferEncoding) => globalThis.Buffer.from(s, enc);
    expect(out[0].json).toEqual({
      b64: node('héllo ✓ 😀', 'utf8').toString('base64'),
      back: 'héllo ✓ 😀',
      hex: '6869',
      fromHex: 'hi',
      url: node('??>>', 'utf8').toString('base64url'),
      len: 3,
      concat: 'ab',
      isBuf: true,
      latin1: 'hi',
    });
  });

  it('is not available in expressions and cannot be changed between runs', async () => {
    await all("Buffer.from = () => 'hacked'; return []").catch(() => undefined);
    expect((await all("return [{ s: Buffer.from('x').toString('hex') }]"))[0].json).toEqual({ s: '78' });
  });
});

describe('run once for each item', () => {
  it('gives $json / $input.item per item and pairs each result', async () => {
    const out = await each('return { doubled: $json.a * 2, same: $input.item.json.a, index: $itemIndex }');
    expect(out).toEqual([
      { json: { doubled: 2, same: 1, index: 0 }, pairedItem: { item: 0 } },
      { json: { doubled: 4, same: 2, index: 1 }, pairedItem: { item: 1 } },
      { json: { doubled: 6, same: 3, index: 2 }, pairedItem: { item: 2 } },
    ]);
  });

  it('accepts a { json } item and rejects arrays', async () => {
    expect((await each('return { json: { k: $json.a } }')).map((i) => i.json)).toEqual([{ k: 1 }, { k: 2 }, { k: 3 }]);
    const err = await failure(each('return [$json]'));
    expect(err.message).toMatch(/doesn't return a single object/);
  });
});

describe('errors', () => {
  it("says when the code doesn't return items properly", async () => {
    expect((await failure(all('const x = 1;'))).message).toMatch(/Code doesn't return items properly/);
    expect((await failure(all('return [1, 2]'))).message).toMatch(/Code doesn't return items properly: item 0 .* number/);
    expect((await failure(all('return [{ json: 5 }]'))).message).toMatch(/"json" of returned item 0 must be an object/);
    expect((await failure(each('return null'))).message).toMatch(/doesn't return an object for item 0/);
  });

  it('reports thrown errors with the line', async () => {
    const err = await failure(all('const a = 1;\nundefinedThing.x;\nreturn []'));
    expect(err.message).toMatch(/ReferenceError: undefinedThing is not defined \[line 2\]/);
    const custom = await failure(all("throw new Error('custom failure')"));
    expect(custom.message).toMatch(/Error: custom failure/);
  });

  it('reports syntax errors', async () => {
    const err = await failure(all('return [{ json: }]'));
    expect(err.message).toMatch(/Syntax error/);
    expect(err.details.kind).toBe('syntax');
  });

  it('has no require, process or Function constructor', async () => {
    expect((await failure(all("const fs = require('fs'); return []"))).message).toMatch(/require is not available/);
    expect((await failure(all('return [{ json: { env: process.env } }]'))).message).toMatch(/process is not defined/);
    expect((await failure(all("return [{ json: { x: [].constructor.constructor('return 1')() } }]"))).message).toMatch(/not allowed/);
    expect((await failure(all("return [{ json: { x: this.constructor.constructor('return process')() } }]"))).message).toMatch(/not allowed/);
  });

  it('stops endless loops (sync and async) with a timeout', async () => {
    const t0 = Date.now();
    const err = await failure(runCode({ code: 'while (true) {}', mode: 'runOnceForAllItems', items: input, ctx, timeoutMs: 300 }));
    expect(err.message).toMatch(/longer than 300 ms/);
    const err2 = await failure(runCode({ code: 'await null; for (;;) {}', mode: 'runOnceForAllItems', items: input, ctx, timeoutMs: 300 }));
    expect(err2.details.kind).toBe('timeout');
    const err3 = await failure(runCode({ code: 'await new Promise(() => {}); return []', mode: 'runOnceForAllItems', items: input, ctx, timeoutMs: 300 }));
    expect(err3.details.kind).toBe('timeout');
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(await all('return [{ ok: true }]')).toHaveLength(1); // the pool recovers
  });

  it('stops code that exhausts the memory limit, and recovers', async () => {
    const err = await failure(
      runCode({ code: 'const a = []; while (true) a.push(new Array(1e6).fill(1));', mode: 'runOnceForAllItems', items: input, ctx, timeoutMs: 10_000, memoryLimitMb: 64 }),
    );
    expect(err.message).toMatch(/memory|Array buffer allocation failed|Invalid array length/i);
    expect(await runCode({ code: 'return [{ ok: 1 }]', mode: 'runOnceForAllItems', items: input, ctx, memoryLimitMb: 64 })).toHaveLength(1);
  });

  it('cancels through an AbortSignal', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const err = await failure(runCode({ code: 'while (true) {}', mode: 'runOnceForAllItems', items: input, ctx, timeoutMs: 5000, signal: controller.signal }));
    expect(err.message).toMatch(/cancelled/);
  });
});
