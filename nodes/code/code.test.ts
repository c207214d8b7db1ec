import { describe, expect, it } from 'vitest';
import { code } from './index';
import { jsonOf, makeContext, runNode } from '../../server/engine/testing/node-context';

const items = [{ name: 'ada', n: 1 }, { name: 'bob', n: 2 }];

describe('code node', () => {
  it('runs once for all items (the default mode)', async () => {
    const out = await runNode(code, {
      params: { jsCode: 'return $input.all().map((i) => ({ json: { upper: i.json.name.toUpperCase(), total: $input.all().length } }))' },
      items,
    });
    expect(jsonOf(out)).toEqual([{ upper: 'ADA', total: 2 }, { upper: 'BOB', total: 2 }]);
    expect(out.main.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
  });

  it('runs once for each item', async () => {
    const out = await runNode(code, {
      params: { mode: 'runOnceForEachItem', jsCode: 'return { json: { ...$json, doubled: $json.n * 2 } }' },
      items,
    });
    expect(jsonOf(out)).toEqual([{ name: 'ada', n: 1, doubled: 2 }, { name: 'bob', n: 2, doubled: 4 }]);
  });

  it('the legacy Function node style (`items`) and $("Node") work', async () => {
    const out = await runNode(code, {
      params: { jsCode: "for (const item of items) { item.json.source = $('Webhook').first().json.path } return items;" },
      items,
      runs: { Webhook: [{ path: '/in' }] },
    });
    expect(jsonOf(out)).toEqual([{ name: 'ada', n: 1, source: '/in' }, { name: 'bob', n: 2, source: '/in' }]);
  });

  it('uses the default code when jsCode is left out (adds myNewField)', async () => {
    const out = await runNode(code, { params: {}, items: [{ a: 1 }] });
    expect(jsonOf(out)).toEqual([{ a: 1, myNewField: 1 }]);
  });

  it('routes console.log to the node log', async () => {
    const ctx = makeContext({ def: code, params: { jsCode: "console.log('count', $input.all().length); return []" }, items });
    await code.execute(ctx as never);
    expect(ctx.logs).toEqual([{ level: 'info', msg: 'console.log: count 2', data: undefined }]);
  });

  it('fails with the node name and field for bad code', async () => {
    await expect(runNode(code, { params: { jsCode: 'return 5' }, items, node: { name: 'My Code' } })).rejects.toThrow(
      /Node "My Code": Code doesn't return items properly/,
    );
    await expect(runNode(code, { params: { jsCode: "require('fs')" }, items })).rejects.toThrow(/require is not available/);
    await expect(runNode(code, { params: { jsCode: 'while (true) {}' }, items, codeTimeoutMs: 300 })).rejects.toThrow(/longer than 300 ms/);
  });

  it('refuses Python with a clear message', async () => {
    await expect(runNode(code, { params: { language: 'python', pythonCode: 'return items' }, items })).rejects.toThrow(/Python code is not supported/);
  });

  it('needs the runtime sandbox service', async () => {
    const ctx = makeContext({ def: code, params: { jsCode: 'return []' }, items, services: { runCode: undefined } });
    await expect(code.execute(ctx as never)).rejects.toThrow(/services\.runCode/);
  });
});
