import { describe, expect, it } from 'vitest';
import { credentialsForSlot, slotListInput, slotTypes } from './credential-slot';

const rows = [
  { id: 'a', name: 'OpenAI', type: 'openAiApi' },
  { id: 'b', name: 'Claude', type: 'anthropicApi' },
  { id: 'c', name: 'Header', type: 'httpHeaderAuth' },
];

describe('credential slot matching', () => {
  it('offers every credential type the slot accepts (agent: OpenAI or Anthropic key)', () => {
    const llm = { type: 'openAiApi', types: ['openAiApi', 'anthropicApi'] };
    expect(slotTypes(llm)).toEqual(['openAiApi', 'anthropicApi']);
    expect(slotListInput(llm)).toBeUndefined();
    expect(credentialsForSlot(rows, llm).map((r) => r.id)).toEqual(['a', 'b']);
  });

  it('a single-type slot filters on the server and here by its type', () => {
    const header = { type: 'httpHeaderAuth' };
    expect(slotListInput(header)).toEqual({ type: 'httpHeaderAuth' });
    expect(slotListInput({ type: 'httpHeaderAuth', types: [] })).toEqual({ type: 'httpHeaderAuth' });
    expect(credentialsForSlot(rows, header).map((r) => r.id)).toEqual(['c']);
  });
});
