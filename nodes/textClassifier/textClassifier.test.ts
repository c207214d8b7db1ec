import { afterEach, describe, expect, it } from 'vitest';
import { startFakeLlm, type FakeLlm, type FakeScript } from '../../server/testing/fake-llm';
import { runWithServices } from '../agent/test-context';
import { chosenCategories, classifierPorts, textClassifierNode } from './index';

let fake: FakeLlm | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function llm(script: FakeScript) {
  fake = await startFakeLlm(script);
  return fake;
}

const categories = [
  { category: 'billing', description: 'Invoices, payments, refunds' },
  { category: 'bug', description: 'Something in the product is broken' },
];

/** A "model" that marks a category true when the text mentions it. */
const keywordModel: FakeScript = (req) => ({
  text: JSON.stringify({ billing: /invoice|refund/i.test(req.lastUserText), bug: /crash|broken/i.test(req.lastUserText) }),
});

describe('textClassifier', () => {
  it('routes each item, unchanged, to the output of the category the model picks; discards items that fit none', async () => {
    const f = await llm(keywordModel);
    const { output, tokens } = await runWithServices(textClassifierNode, {
      name: 'Triage',
      params: { model: 'gpt-test', baseUrl: f.openAiBaseUrl, inputText: '={{ $json.body }}', categories },
      items: [{ id: 1, body: 'Where is my invoice?' }, { id: 2, body: 'The app crashes on start' }, { id: 3, body: 'Hello there' }],
      credentials: { llmApi: { apiKey: 'sk-test' } },
    });
    expect(output.output0.map((i) => i.json)).toEqual([{ id: 1, body: 'Where is my invoice?' }]);
    expect(output.output1.map((i) => i.json)).toEqual([{ id: 2, body: 'The app crashes on start' }]);
    expect(output.output1[0].pairedItem).toEqual({ item: 1 });
    expect(output.other).toBeUndefined();
    expect(f.requests).toHaveLength(3);
    expect(f.requests[0].headers.authorization).toBe('Bearer sk-test');
    expect(f.requests[0].system).toContain('- billing: Invoices, payments, refunds');
    expect(f.requests[0].system).toContain('Mark at most one category as true.');
    const format = f.requests[0].body.response_format as { type: string; json_schema: { schema: { required: string[] } } };
    expect(format.type).toBe('json_schema');
    expect(format.json_schema.schema.required).toEqual(['billing', 'bug']);
    expect(tokens.promptTokens).toBeGreaterThan(0);
  });

  it('fallback "other" sends unmatched items to the extra output; multiClass sends an item to every chosen category', async () => {
    const f = await llm(keywordModel);
    const { output } = await runWithServices(textClassifierNode, {
      params: { model: 'gpt-test', baseUrl: f.openAiBaseUrl, inputText: '={{ $json.body }}', categories, multiClass: true, fallback: 'other' },
      items: [{ body: 'Refund please, the checkout is broken' }, { body: 'Nice weather' }],
    });
    expect(output.output0.map((i) => i.json.body)).toEqual(['Refund please, the checkout is broken']);
    expect(output.output1.map((i) => i.json.body)).toEqual(['Refund please, the checkout is broken']);
    expect(output.other.map((i) => i.json.body)).toEqual(['Nice weather']);
    expect(f.requests[0].system).toContain('Mark every category that applies as true.');
    const format = f.requests[0].body.response_format as { json_schema: { schema: { required: string[] } } };
    expect(format.json_schema.schema.required).toEqual(['billing', 'bug', 'fallback']);

    await fake?.close();
    const g = await llm(() => ({ text: '{"billing": false, "bug": false, "fallback": true}' }));
    const fell = await runWithServices(textClassifierNode, { params: { model: 'gpt-test', baseUrl: g.openAiBaseUrl, inputText: 'x', categories, fallback: 'other' } });
    expect(fell.output.other).toHaveLength(1);
    expect(g.requests[0].system).toContain('If none applies, mark them all false and "fallback" true.');
  });

  it('without multiClass only the first category marked true gets the item', async () => {
    const f = await llm(() => ({ text: '```json\n{"billing": true, "bug": true}\n```' }));
    const { output } = await runWithServices(textClassifierNode, {
      params: { model: 'gpt-test', baseUrl: f.openAiBaseUrl, inputText: 'x', categories },
    });
    expect(output.output0).toHaveLength(1);
    expect(output.output1).toEqual([]);
  });

  it('asks again when the answer is not the JSON asked for, then fails naming the node', async () => {
    const f = await llm((_req, n) => ({ text: n === 0 ? 'It is about billing.' : '{"billing": false, "bug": true}' }));
    const { output } = await runWithServices(textClassifierNode, { params: { model: 'gpt-test', baseUrl: f.openAiBaseUrl, inputText: 'x', categories } });
    expect(output.output1).toHaveLength(1);
    expect(f.requests[1].lastUserText).toMatch(/cannot be used: the answer is not valid JSON/);

    await fake?.close();
    const g = await llm(() => ({ text: '{"billing": true}' }));
    await expect(
      runWithServices(textClassifierNode, { name: 'Triage', params: { model: 'gpt-test', baseUrl: g.openAiBaseUrl, inputText: 'x', categories, maxAttempts: 2 } }),
    ).rejects.toThrow('Node "Triage": the model\'s answer is not a classification: the answer has no true/false value for "bug"');
    expect(g.requests).toHaveLength(2);
  });

  it('Anthropic provider over the Messages API', async () => {
    const f = await llm(keywordModel);
    const { output } = await runWithServices(textClassifierNode, {
      params: { provider: 'anthropic', model: 'claude-test', inputText: 'my invoice', categories },
      credentials: { llmApi: { apiKey: 'sk-ant', baseUrl: f.anthropicBaseUrl } },
    });
    expect(output.output0).toHaveLength(1);
    expect(f.requests[0].format).toBe('anthropic');
    expect(f.requests[0].headers['x-api-key']).toBe('sk-ant');
  });

  it('ports follow the categories; the answer check', () => {
    expect(classifierPorts({ categories, fallback: 'other' })).toEqual([
      { name: 'output0', label: 'billing' },
      { name: 'output1', label: 'bug' },
      { name: 'other', label: 'Other' },
    ]);
    expect(classifierPorts({})).toEqual([]);
    expect(chosenCategories({ billing: true, bug: true }, { categories, multiClass: true })).toEqual({ ok: true, chosen: [0, 1] });
    expect(chosenCategories(['billing'], { categories, multiClass: false })).toEqual({ ok: false, error: 'the answer is not a JSON object' });
  });
});
