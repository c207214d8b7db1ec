import { afterAll, describe, expect, it } from 'vitest';
import { ExpressionEngine, ExpressionError, getExpressionEngine, isExpression, referencedNodeNames } from './index';
import { items, makeCtx, run } from './test-context';

const engine = getExpressionEngine();
const ev = (expr: string, over = {}) => engine.evaluate(expr, makeCtx(over));

describe('templates', () => {
  it('returns the raw value when the whole string is one {{ }}', () => {
    expect(ev('={{ $json.n }}')).toBe(3);
    expect(ev('={{ $json.n + 1 }}')).toBe(4);
    expect(ev('={{ $json.nested }}')).toEqual({ a: { b: 'deep' } });
    expect(ev('={{ $json.list.map(x => x * 2) }}')).toEqual([2, 4, 6]);
    expect(ev('={{ true }}')).toBe(true);
    expect(ev('={{ null }}')).toBeNull();
    expect(ev('={{ $json.missing }}')).toBeUndefined();
  });

  it('returns strings for templates mixing text and {{ }}', () => {
    expect(ev('=Hello {{ $json.name }}!')).toBe('Hello Ada!');
    expect(ev('=n={{ $json.n }}')).toBe('n=3');
    expect(ev('=obj: {{ $json.nested }}')).toBe('obj: {"a":{"b":"deep"}}');
    expect(ev('=[{{ $json.missing }}][{{ null }}]')).toBe('[][]');
    expect(ev('={{ $json.name }} and {{ $json.n * 2 }}')).toBe('Ada and 6');
    expect(ev('=no braces')).toBe('no braces');
    expect(ev('= {{ 1 }}')).toBe(' 1');
  });

  it('finds the right closing braces', () => {
    expect(ev('={{ { a: { b: 1 } }.a.b }}')).toBe(1);
    expect(ev('={{ "}}" + "x" }}')).toBe('}}x');
    expect(ev('={{ `t ${ {a: 2}.a }` }}')).toBe('t 2');
  });

  it('leaves non-expressions alone and recognises expressions', () => {
    expect(engine.evaluate('plain {{ $json.name }}', makeCtx())).toBe('plain {{ $json.name }}');
    expect(isExpression('={{ 1 }}')).toBe(true);
    expect(isExpression('{{ 1 }}')).toBe(false);
    expect(isExpression(3)).toBe(false);
  });

  it('fast path and sandbox agree on property paths', () => {
    expect(ev('={{ $json.nested.a.b }}')).toBe('deep');
    expect(ev('={{ $json["with space"] }}')).toBe('yes');
    expect(ev("={{ $json['nested']['a'].b }}")).toBe('deep');
    expect(ev('={{ $json.list[1] }}')).toBe(2);
    expect(ev('={{ $json.list.length }}')).toBe(3);
    expect(ev('={{ $json.name.length }}')).toBe(3);
    expect(() => ev('={{ $json.missing.x }}')).toThrow(/Cannot read properties of undefined \(reading 'x'\)/);
  });

  it('fast-path results are copies (no aliasing into input items)', () => {
    const ctx = makeCtx();
    const v = engine.evaluate('={{ $json.nested }}', ctx) as { a: { b: string } };
    v.a.b = 'changed';
    expect((ctx.inputs.main[0].json.nested as { a: { b: string } }).a.b).toBe('deep');
  });

  it('does not evaluate a value twice (no double evaluation of data)', () => {
    expect(ev('={{ $json.x }}', { inputs: { main: items({ x: '={{ 1 + 1 }}' }) } })).toBe('={{ 1 + 1 }}');
    expect(ev('={{ $json.x + "" }}', { inputs: { main: items({ x: '={{ 1 + 1 }}' }) } })).toBe('={{ 1 + 1 }}');
  });

  it('supports statements inside {{ }} as a fallback', () => {
    expect(ev('={{ if (true) { 1 } }}')).toBeUndefined();
  });
});

describe('check', () => {
  it('says whether an expression parses without running it', () => {
    expect(engine.check('={{ $json.a }}')).toEqual({ ok: true });
    expect(engine.check('={{ while (true) {} }}')).toEqual({ ok: true });
    expect(engine.check('plain text')).toEqual({ ok: true });
    const bad = engine.check('={{ $json.a + }}');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.message).toMatch(/Invalid syntax/);
  });
});

describe('errors', () => {
  it('reports syntax errors as ExpressionError naming the expression', () => {
    try {
      ev('={{ $json.name + }}');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ExpressionError);
      expect((err as ExpressionError).kind).toBe('syntax');
      expect((err as ExpressionError).expression).toBe('={{ $json.name + }}');
      expect((err as Error).message).toMatch(/Invalid syntax/);
    }
  });

  it('reports runtime errors with the message and the item', () => {
    try {
      ev('={{ $json.nope.deeper.x }}', { itemIndex: 0 });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ExpressionError);
      expect((err as Error).message).toMatch(/reading 'deeper'/);
      expect((err as Error).message).toMatch(/item 0/);
    }
    expect(() => ev('={{ notDefined + 1 }}')).toThrow(/notDefined is not defined/);
  });
});

describe('variables', () => {
  it('$input', () => {
    const inputs = { main: items({ v: 1 }, { v: 2 }, { v: 3 }) };
    expect(ev('={{ $input.all().length }}', { inputs })).toBe(3);
    expect(ev('={{ $input.first().json.v }}', { inputs })).toBe(1);
    expect(ev('={{ $input.last().json.v }}', { inputs })).toBe(3);
    expect(ev('={{ $input.item.json.v }}', { inputs, itemIndex: 1 })).toBe(2);
    expect(ev('={{ $input.all().map(i => i.json.v).sum() }}', { inputs })).toBe(6);
    expect(ev('={{ $input.params.count }}')).toBe(2);
    expect(ev('={{ $items().length }}', { inputs })).toBe(3);
  });

  it('$json and $binary for the current item', () => {
    const inputs = { main: [{ json: { a: 1 } }, { json: { a: 2 }, binary: { data: { data: 'aGk=', mimeType: 'text/plain', fileName: 'hi.txt' } } }] };
    expect(ev('={{ $json.a }}', { inputs, itemIndex: 1 })).toBe(2);
    expect(ev('={{ $binary.data.fileName }}', { inputs, itemIndex: 1 })).toBe('hi.txt');
    expect(ev('={{ Object.keys($binary).length }}', { inputs, itemIndex: 0 })).toBe(0);
  });

  it('$execution, $workflow, $runIndex, $itemIndex, $vars', () => {
    expect(ev('={{ $execution.id }}')).toBe('exec-1');
    expect(ev('={{ $execution.mode }}')).toBe('test');
    expect(ev('={{ $execution.resumeUrl }}')).toBe('http://127.0.0.1:3000/webhook-waiting/exec-1');
    expect(ev('={{ $workflow.id + "/" + $workflow.name + "/" + $workflow.active }}')).toBe('wf1/My flow/true');
    expect(ev('={{ $runIndex }}', { runIndex: 2 })).toBe(2);
    expect(ev('={{ $itemIndex }}', { itemIndex: 0 })).toBe(0);
    expect(ev('={{ $vars.region }}', { vars: { region: 'eu' } })).toBe('eu');
  });

  it('$env only when enabled', () => {
    expect(ev('={{ $env.TOKEN }}', { env: { TOKEN: 't0' } })).toBe('t0');
    expect(() => ev('={{ $env.TOKEN }}')).toThrow(/\$env is disabled/);
  });

  it('$now and $today are Luxon DateTimes in the workflow timezone', () => {
    const now = new Date('2024-03-10T23:30:00Z');
    const over = { now, workflow: { timezone: 'Europe/Berlin' } };
    expect(ev('={{ $now.toISO() }}', over)).toBe('2024-03-11T00:30:00.000+01:00');
    expect(ev('={{ $now }}', over)).toBe('2024-03-11T00:30:00.000+01:00');
    expect(ev('={{ $today.toFormat("yyyy-MM-dd HH:mm") }}', over)).toBe('2024-03-11 00:00');
    expect(ev('={{ $now.plus(1, "day").toFormat("yyyy-MM-dd") }}', over)).toBe('2024-03-12');
    expect(ev('={{ $now.minus({ days: 30 }).toFormat("yyyy-MM-dd") }}', over)).toBe('2024-02-10');
    expect(ev('={{ $now.format("dd.MM.yyyy") }}', over)).toBe('11.03.2024');
    expect(ev('=Today is {{ $today.weekdayLong }}', over)).toBe('Today is Monday');
    expect(ev('={{ $now.zoneName }}', { now, workflow: { timezone: 'America/New_York' } })).toBe('America/New_York');
  });

  it('DateTime, Duration, Interval', () => {
    expect(ev('={{ DateTime.fromISO("2024-01-01T00:00:00Z").toUTC().year }}')).toBe(2024);
    expect(ev('={{ Duration.fromObject({ hours: 2 }).as("minutes") }}')).toBe(120);
    expect(ev('={{ Interval.fromDateTimes(DateTime.fromISO("2024-01-01"), DateTime.fromISO("2024-01-03")).length("days") }}')).toBe(2);
    expect(ev('={{ DateTime.fromISO("2024-01-01T10:00:00Z", { zone: "UTC" }) }}')).toBe('2024-01-01T10:00:00.000Z');
    expect(ev('={{ new Date("2024-01-01T10:00:00Z") }}')).toBe('2024-01-01T10:00:00.000Z');
  });

  it('$response / $pageCount for HTTP pagination and $fromAI for agent tools', () => {
    const extra = { $response: { body: { next: 'p2' }, headers: {} }, $pageCount: 1 };
    expect(ev('={{ $response.body.next + "/" + $pageCount }}', { extra })).toBe('p2/1');
    expect(ev("={{ $fromAI('To', '', 'string') }}", { fromAI: { To: 'ada@example.org' } })).toBe('ada@example.org');
    expect(ev("={{ $fromAI('Missing', '', 'string', 'dflt') }}")).toBe('dflt');
  });

  it('$jmespath, $ifEmpty, $if', () => {
    expect(ev('={{ $jmespath({ a: [{ b: 1 }, { b: 2 }] }, "a[*].b") }}')).toEqual([1, 2]);
    expect(ev('={{ $ifEmpty($json.missing, "fallback") }}')).toBe('fallback');
    expect(ev('={{ $ifEmpty("", "fallback") }}')).toBe('fallback');
    expect(ev('={{ $ifEmpty([], "x") }}')).toBe('x');
    expect(ev('={{ $ifEmpty($json.name, "fallback") }}')).toBe('Ada');
    expect(ev('={{ $if($json.n > 2, "big", "small") }}')).toBe('big');
  });
});

describe('other nodes: $(), $node, $items and pairedItem', () => {
  // Trigger (2 items) -> Filter (keeps trigger item 1) -> Current
  const trigger = run({ main: items({ id: 'a' }, { id: 'b' }) });
  const filter = run({ main: [{ json: { id: 'b', kept: true }, pairedItem: { item: 1 } }] }, { main: [{ node: 'Trigger', port: 'main', runIndex: 0, count: 2 }] });
  const over = {
    runs: { Trigger: trigger, Filter: filter },
    inputs: { main: [{ json: { id: 'b', kept: true }, pairedItem: { item: 0 } }] },
    inputSources: { main: [{ node: 'Filter', port: 'main', runIndex: 0, count: 1 }] },
    getNodeParams: (name: string) => (name === 'Trigger' ? { path: '/hook' } : undefined),
  };

  it('first/last/all read the node output', () => {
    expect(ev("={{ $('Trigger').first().json.id }}", over)).toBe('a');
    expect(ev("={{ $('Trigger').last().json.id }}", over)).toBe('b');
    expect(ev("={{ $('Trigger').all().map(i => i.json.id).join() }}", over)).toBe('a,b');
    expect(ev('={{ $items("Trigger").length }}', over)).toBe(2);
  });

  it('.item follows pairedItem back through ancestors', () => {
    expect(ev("={{ $('Trigger').item.json.id }}", over)).toBe('b');
    expect(ev("={{ $('Filter').item.json.kept }}", over)).toBe(true);
    expect(ev("={{ $('Trigger').itemMatching(0).json.id }}", over)).toBe('b');
  });

  it('follows pairedItem across a merge (input index) and multiple runs', () => {
    const a = run({ main: items({ from: 'A0' }, { from: 'A1' }) });
    const b = run({ main: items({ from: 'B0' }) });
    const merge = run(
      { main: [{ json: { m: 0 }, pairedItem: { item: 1, input: 0 } }, { json: { m: 1 }, pairedItem: { item: 0, input: 1 } }] },
      { input1: [{ node: 'A', port: 'main', runIndex: 0, count: 2 }], input2: [{ node: 'B', port: 'main', runIndex: 0, count: 1 }] },
    );
    const o = {
      runs: { A: a, B: b, Merge: merge },
      inputs: { main: items({ m: 0 }, { m: 1 }) },
      inputSources: { main: [{ node: 'Merge', port: 'main', runIndex: 0, count: 2 }] },
    };
    expect(ev("={{ $('A').item.json.from }}", { ...o, itemIndex: 0 })).toBe('A1');
    expect(ev("={{ $('B').item.json.from }}", { ...o, itemIndex: 1 })).toBe('B0');
    expect(() => ev("={{ $('B').item.json.from }}", { ...o, itemIndex: 0 })).toThrow(/No path back to node "B"|Can't find/);
  });

  it('finds the sources of a non-main input port evaluated as main', () => {
    const a = run({ main: items({ from: 'A0' }, { from: 'A1' }) });
    const input2 = items({ x: 1 }, { x: 2 });
    input2[1].pairedItem = { item: 1 };
    const o = {
      runs: { A: a },
      inputs: { input1: [], input2, main: input2 },
      inputSources: { input2: [{ node: 'A', port: 'main', runIndex: 0, count: 2 }] },
      itemIndex: 1,
    };
    expect(ev("={{ $('A').item.json.from }}", o)).toBe('A1');
    expect(ev('={{ $prevNode.name }}', o)).toBe('A');
  });

  it('$node["Name"] and $item(i).$node', () => {
    expect(ev('={{ $node["Trigger"].json.id }}', over)).toBe('a');
    expect(ev('={{ $node.Trigger.json.id }}', over)).toBe('a');
    expect(ev('={{ $node["Trigger"].parameter.path }}', over)).toBe('/hook');
    expect(ev('={{ $item(0).$node["Trigger"].json.id }}', over)).toBe('a');
  });

  it('$("Name").params and isExecuted', () => {
    expect(ev("={{ $('Trigger').params.path }}", over)).toBe('/hook');
    expect(ev("={{ $('Trigger').isExecuted }}", over)).toBe(true);
    expect(ev("={{ $('Nope').isExecuted }}", over)).toBe(false);
  });

  it('a node that has not run gives a clear error', () => {
    try {
      ev("={{ $('Missing Node').first().json }}", over);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ExpressionError);
      expect((err as ExpressionError).kind).toBe('data');
      expect((err as Error).message).toMatch(/Node "Missing Node" has not run/);
    }
  });
});

describe('resolveParams', () => {
  it('deep-resolves every expression string and leaves the rest', () => {
    const params = {
      a: '={{ $json.n * 10 }}',
      b: 'plain',
      c: 7,
      nested: { list: ['={{ $json.name }}', 'x', { deep: '=Hi {{ $json.name.toUpperCase() }}' }] },
      same: '={{ $json.n * 10 }}',
    };
    expect(engine.resolveParams(params, makeCtx())).toEqual({
      a: 30,
      b: 'plain',
      c: 7,
      nested: { list: ['Ada', 'x', { deep: 'Hi ADA' }] },
      same: 30,
    });
    expect(params.a).toBe('={{ $json.n * 10 }}');
  });

  it('an error names the failing expression and the parameter', () => {
    expect(() => engine.resolveParams({ ok: '={{ 1 }}', bad: '={{ $json.nope.x.y }}' }, makeCtx())).toThrow(/\$json\.nope\.x\.y/);
    try {
      engine.resolveParams({ options: { headers: [{ value: '={{ $json.nope.x }}' }] } }, makeCtx());
      expect.unreachable();
    } catch (err) {
      expect((err as ExpressionError).field).toBe('options.headers.0.value');
      expect((err as Error).message).toMatch(/^Parameter "options\.headers\.0\.value": /);
    }
  });
});

describe('batched evaluation for many items', () => {
  const many = { main: Array.from({ length: 70 }, (_, i) => ({ json: { i, name: `n${i}` }, pairedItem: { item: i } })) };
  const src = run({ main: many.main.map((it) => ({ json: { up: it.json.i * 100 } })) });
  const over = { inputs: many, runs: { Src: src }, inputSources: { main: [{ node: 'Src', port: 'main', runIndex: 0, count: 70 }] } };

  it('gives the same results as per-item resolveParams', () => {
    const params = { a: '={{ $json.i * 2 }}', b: '=x-{{ $json.name.toUpperCase() }}', c: "={{ $('Src').item.json.up }}", d: '={{ $itemIndex }}', e: '={{ $prevNode.name }}' };
    const ctx = makeCtx(over);
    const batched = engine.resolveParamsForItems(params, ctx, 70);
    expect(batched).toHaveLength(70);
    batched.forEach((r, i) => {
      expect(r).toEqual({ value: engine.resolveParams(params, { ...ctx, itemIndex: i }) });
    });
    expect(batched[69]).toEqual({ value: { a: 138, b: 'x-N69', c: 6900, d: 69, e: 'Src' } });
  });

  it('reports errors per item', () => {
    const res = engine.evaluateForItems('={{ $json.i === 3 ? $json.nope.x : $json.i }}', makeCtx(over), 5);
    expect(res.map((r) => ('value' in r ? r.value : 'error'))).toEqual([0, 1, 2, 'error', 4]);
    const err = (res[3] as { error: ExpressionError }).error;
    expect(err).toBeInstanceOf(ExpressionError);
    expect(err.itemIndex).toBe(3);
  });

  it('a timeout in a batch is pinned to the item that loops', () => {
    const own = new ExpressionEngine({ timeoutMs: 150 });
    try {
      const res = own.evaluateForItems('={{ (() => { if ($json.i === 1) { while (true) {} } return $json.i })() }}', makeCtx(over), 3);
      expect(res[0]).toEqual({ value: 0 });
      expect((res[1] as { error: ExpressionError }).error.kind).toBe('timeout');
      expect(res[2]).toEqual({ value: 2 });
    } finally {
      own.dispose();
    }
  });
});

describe('referencedNodeNames', () => {
  it('finds statically named nodes', () => {
    expect((referencedNodeNames(`={{ $('Get User').item.json.x }} {{ $node["Other"].json.y }} {{ $items("Third") }} {{ $node.Four.json }}`) as string[]).sort()).toEqual(
      ['Four', 'Get User', 'Other', 'Third'],
    );
    expect(referencedNodeNames('={{ $json.a }}')).toEqual([]);
    expect(referencedNodeNames("={{ $(`Tpl`).first() }}")).toEqual(['Tpl']);
  });
  it('says dynamic when a name is computed', () => {
    expect(referencedNodeNames('={{ $(name).item }}')).toBe('dynamic');
    expect(referencedNodeNames('={{ $node[x].json }}')).toBe('dynamic');
  });
});

describe('engine instances', () => {
  const own = new ExpressionEngine({ timeoutMs: 200 });
  afterAll(() => own.dispose());
  it('honours its own timeout and keeps working after one', () => {
    const t0 = Date.now();
    expect(() => own.evaluate('={{ (() => { while (true) {} })() }}', makeCtx())).toThrow(/timed out after 200 ms/);
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(own.evaluate('={{ 1 + 1 }}', makeCtx())).toBe(2);
  });
  it('evaluates many items quickly (compiled once)', () => {
    const ctx = makeCtx({ inputs: { main: Array.from({ length: 500 }, (_, i) => ({ json: { i } })) } });
    const t0 = performance.now();
    for (let i = 0; i < 500; i++) own.evaluate('={{ $json.i * 2 + $now.year * 0 }}', { ...ctx, itemIndex: i });
    const perItem = (performance.now() - t0) / 500;
    expect(perItem).toBeLessThan(5); // sanity, not a benchmark: typically ~0.05 ms
  });
});
