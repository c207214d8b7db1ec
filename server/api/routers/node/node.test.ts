import { describe, expect, it } from 'vitest';
import { userAndCaller } from '../../test-helpers';

describe('node catalogue', () => {
  it('describes every registered node with ports and a JSON Schema of its parameters', async () => {
    const { api } = await userAndCaller();
    const nodes = await api.node.catalogue();
    const byType = new Map(nodes.map((n) => [n.type, n]));
    for (const t of ['manualTrigger', 'transform', 'condition', 'merge', 'webhook']) expect(byType.has(t)).toBe(true);

    const condition = byType.get('condition')!;
    expect(condition.outputs.map((p) => p.name)).toEqual(['true', 'false']);
    expect(condition.inputs.map((p) => p.name)).toEqual(['main']);
    expect(condition.category).toBeTruthy();
    expect(condition.icon).toBeTruthy();

    const transform = byType.get('transform')!;
    expect(transform.paramsSchema).toMatchObject({ type: 'object', properties: { mode: { enum: ['manual', 'json'] } } });
    expect(transform.defaults).toMatchObject({ mode: 'manual', include: 'all' });

    const merge = byType.get('merge')!;
    expect(merge.inputs.map((p) => p.name)).toEqual(['input1', 'input2']);
    expect(byType.get('manualTrigger')).toMatchObject({ trigger: true, inputs: [] });
    expect(byType.get('webhook')!.credentials.map((c) => c.type)).toContain('httpHeaderAuth');
    // A slot that several credential types fit lists all of them (the agent takes an OpenAI or Anthropic key).
    const llm = byType.get('agent')!.credentials.find((c) => c.name === 'llmApi')!;
    expect(llm.types).toEqual(['openAiApi', 'anthropicApi']);
    for (const slot of byType.get('webhook')!.credentials) expect(slot.types).toEqual([slot.type]);
  });

  it('resolves dynamic ports for given parameters', async () => {
    const { api } = await userAndCaller();
    const sw = (await api.node.catalogue()).find((n) => n.type === 'switch')!;
    expect(sw.dynamicOutputs).toBe(true);
    const ports = await api.node.ports({ type: 'switch', params: { mode: 'expression', numberOutputs: 3 } });
    expect(ports.outputs.map((p) => p.name)).toEqual(['output0', 'output1', 'output2']);
  });
});
