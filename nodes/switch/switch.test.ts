/** Switch v3 from n8n's documentation: rules mode with per-rule outputs, fallback output, all matching outputs, expression mode. */
import { describe, expect, it } from 'vitest';
import { runNode, jsonOf } from '../../server/engine/testing/node-context';
import { switchNode, switchPorts } from './index';

const rule = (op: string, right: unknown, extra: Record<string, unknown> = {}) => ({
  conditions: [{ leftValue: '={{ $json.num }}', operator: { type: 'number', operation: op }, rightValue: right }],
  ...extra,
});
const items = [{ num: 7 }, { num: 3 }, { num: 0 }];

describe('switch (n8n Switch v3)', () => {
  it('rules mode: each item goes to the first matching rule output', async () => {
    const out = await runNode(switchNode, { params: { rules: [rule('gt', 5), rule('gt', 1)] }, items });
    expect(jsonOf(out, 'output0')).toEqual([{ num: 7 }]);
    expect(jsonOf(out, 'output1')).toEqual([{ num: 3 }]);
    expect(out.output1[0].pairedItem).toEqual({ item: 1 });
  });

  it('unmatched items are dropped without a fallback', async () => {
    const out = await runNode(switchNode, { params: { rules: [rule('gt', 5)] }, items });
    expect(Object.values(out).flat()).toHaveLength(1);
  });

  it('fallback "extra": unmatched items go to the fallback output', async () => {
    const params = { rules: [rule('gt', 5), rule('gt', 1)], fallbackOutput: 'extra' };
    const out = await runNode(switchNode, { params, items });
    expect(jsonOf(out, 'fallback')).toEqual([{ num: 0 }]);
    expect(switchPorts(params).map((p) => p.name)).toEqual(['output0', 'output1', 'fallback']);
  });

  it('fallback to an existing output', async () => {
    const out = await runNode(switchNode, { params: { rules: [rule('gt', 5), rule('gt', 1)], fallbackOutput: 'output', fallbackOutputIndex: 0 }, items });
    expect(jsonOf(out, 'output0')).toEqual([{ num: 7 }, { num: 0 }]);
  });

  it('all matching outputs', async () => {
    const out = await runNode(switchNode, { params: { rules: [rule('gt', 5), rule('gt', 1)], allMatchingOutputs: true, fallbackOutput: 'extra' }, items });
    expect(jsonOf(out, 'output0')).toEqual([{ num: 7 }]);
    expect(jsonOf(out, 'output1')).toEqual([{ num: 7 }, { num: 3 }]);
    expect(jsonOf(out, 'fallback')).toEqual([{ num: 0 }]);
  });

  it('output names label the ports; rules with an explicit output index share outputs (Switch v1/v2)', () => {
    const ports = switchPorts({ rules: [{ outputName: 'Big' }, { output: 3 }] });
    expect(ports.map((p) => p.name)).toEqual(['output0', 'output1', 'output2', 'output3']);
    expect(ports[0].label).toBe('Big');
  });

  it('a fallback output index beyond the rules adds outputs up to it (Switch v1 fallbackOutput 3)', async () => {
    const params = { rules: [rule('gt', 5)], fallbackOutput: 'output', fallbackOutputIndex: 3 };
    expect(switchPorts(params).map((p) => p.name)).toEqual(['output0', 'output1', 'output2', 'output3']);
    const out = await runNode(switchNode, { params, items });
    expect(jsonOf(out, 'output3')).toEqual([{ num: 3 }, { num: 0 }]);
  });

  it('routes by explicit rule output index', async () => {
    const out = await runNode(switchNode, { params: { rules: [rule('gt', 5, { output: 2 }), rule('gt', 1, { output: 2 })] }, items });
    expect(jsonOf(out, 'output2')).toEqual([{ num: 7 }, { num: 3 }]);
  });

  it('per-rule type validation: loose converts numeric strings', async () => {
    const params = { rules: [rule('gt', 5, { typeValidation: 'loose' })] };
    const out = await runNode(switchNode, { params, items: [{ num: '9' }] });
    expect(jsonOf(out, 'output0')).toEqual([{ num: '9' }]);
    await expect(runNode(switchNode, { params: { rules: [rule('gt', 5)] }, items: [{ num: '9' }] })).rejects.toThrow(/rules\.0\.conditions\.0\.leftValue/);
  });

  it('expression mode sends each item to the computed output', async () => {
    const params = { mode: 'expression', numberOutputs: 3, outputIndex: '={{ $json.num % 3 }}' };
    const out = await runNode(switchNode, { params, items });
    expect(jsonOf(out, 'output1')).toEqual([{ num: 7 }]);
    expect(jsonOf(out, 'output0')).toEqual([{ num: 3 }, { num: 0 }]);
    expect(switchPorts(params).map((p) => p.name)).toEqual(['output0', 'output1', 'output2']);
  });

  it('expression mode rejects an output that does not exist', async () => {
    await expect(runNode(switchNode, { params: { mode: 'expression', numberOutputs: 2, outputIndex: 5 }, items })).rejects.toThrow(/Field "outputIndex": output 5 does not exist/);
  });
});

describe('switch expression mode with a text index', () => {
  it('accepts an index an expression gives as text', async () => {
    const out = await runNode(switchNode, { params: { mode: 'expression', numberOutputs: 2, outputIndex: '={{ String($json.num % 2) }}' }, items: [{ num: 3 }] });
    expect(jsonOf(out, 'output1')).toEqual([{ num: 3 }]);
  });
});
