import { describe, expect, it } from 'vitest';
import { credentialsForSlot, paramsForCredential, slotListInput, slotTypes } from './credential-slot';

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

describe('params that follow the picked credential', () => {
  // The agent's params schema as the catalogue sends it (zod toJSONSchema), reduced to what matters.
  const agent = {
    type: 'object',
    properties: {
      provider: { type: 'string', enum: ['openai', 'anthropic'], default: 'openai' },
      model: { type: 'string' },
    },
  };

  it('an Anthropic key switches the provider to anthropic, an OpenAI key back to openai', () => {
    const params = { model: 'claude-sonnet-4-5', prompt: 'hi' };
    expect(paramsForCredential(agent, params, 'anthropicApi')).toEqual({ ...params, provider: 'anthropic' });
    expect(paramsForCredential(agent, { ...params, provider: 'anthropic' }, 'openAiApi')).toEqual({ ...params, provider: 'openai' });
  });

  it('changes nothing when the provider already fits or is an expression', () => {
    expect(paramsForCredential(agent, {}, 'openAiApi')).toBeNull(); // default openai
    expect(paramsForCredential(agent, { provider: 'anthropic' }, 'anthropicApi')).toBeNull();
    expect(paramsForCredential(agent, { provider: '={{ $json.provider }}' }, 'anthropicApi')).toBeNull();
  });

  it('leaves nodes without a provider choice, and other credential types, alone', () => {
    const http = { type: 'object', properties: { url: { type: 'string' } } };
    expect(paramsForCredential(http, {}, 'anthropicApi')).toBeNull();
    expect(paramsForCredential(agent, {}, 'httpHeaderAuth')).toBeNull();
    expect(paramsForCredential(agent, {}, undefined)).toBeNull();
    const openAiOnly = { type: 'object', properties: { provider: { type: 'string', enum: ['openai'] } } };
    expect(paramsForCredential(openAiOnly, {}, 'anthropicApi')).toBeNull();
  });
});
