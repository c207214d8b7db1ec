/**
 * textClassifier: an LLM sorts each item into categories (n8n's Text Classifier). The model gets the
 * categories with their descriptions and the item's `inputText`, and answers JSON with one boolean per
 * category; the item goes, unchanged, to the output of each category marked true.
 *
 * Params (resolved per item):
 *   provider, model, baseUrl, temperature, maxTokens, requestTimeoutMs   as on the agent (credential slot llmApi)
 *   inputText: string                 the text to classify, usually an expression ({{ $json.text }})
 *   categories: [{ category, description }]   one output each
 *   multiClass: boolean (false)       allow several categories per item; otherwise only the first marked one
 *   fallback: 'discard' | 'other' (discard)   an item no category fits is dropped, or sent to output 'other'
 *       (with 'other' the answer also has a "fallback" boolean, as n8n asks for; true sends the item there)
 *   systemPrompt: string              the instructions; {categories} is replaced by the category names
 *   maxAttempts: number (2)           model calls per item when the answer is not the JSON asked for
 * Outputs: 'output0'..'output{N-1}' (labelled with the category names), plus 'other' with fallback 'other'.
 * Token usage is reported through ctx.services.addTokenUsage.
 */
import { defineNode, NodeError, z, type Item, type LlmMessage, type PortSpec } from '../sdk';
import { LLM_SLOT, llmCredentialSlot, modelFields, modelRequest, providerErrorField, requestTimeoutField, tuningFields } from '../agent/model';
import { extractJson } from '../agent/loop';

export const DEFAULT_CLASSIFIER_PROMPT =
  'Classify the text the user gives you into the following categories: {categories}. Answer only with the JSON object described below, without explanations.';

const params = z.object({
  ...modelFields,
  inputText: z.string().min(1, 'The text to classify is required: usually an expression such as {{ $json.text }}').describe('Text to classify, per item'),
  categories: z
    .array(
      z.object({
        category: z.string().min(1).describe('Category name (also the output label)'),
        description: z.string().default('').describe('What belongs in this category, for the model'),
      }),
    )
    .min(1, 'Add at least one category')
    .describe('One output per category'),
  multiClass: z.boolean().default(false).describe('Allow an item to belong to several categories'),
  fallback: z.enum(['discard', 'other']).default('discard').describe('When no category fits: drop the item, or send it to an extra "Other" output'),
  systemPrompt: z.string().default(DEFAULT_CLASSIFIER_PROMPT).describe('Instructions; {categories} becomes the list of category names'),
  ...tuningFields,
  maxAttempts: z.number().int().min(1).max(5).default(2).describe('Model calls per item when the answer is not the JSON asked for'),
  requestTimeoutMs: requestTimeoutField,
});
type Params = z.output<typeof params>;

/** Ports from the raw params the editor and validator hold. */
export function classifierPorts(raw: Record<string, unknown> | undefined): PortSpec[] {
  const cats = Array.isArray(raw?.categories) ? (raw.categories as { category?: unknown }[]) : [];
  const ports: PortSpec[] = cats.map((c, i) => ({ name: `output${i}`, label: typeof c?.category === 'string' && c.category ? c.category : String(i) }));
  if (raw?.fallback === 'other') ports.push({ name: 'other', label: 'Other' });
  return ports;
}

/** The JSON Schema of the answer: one boolean per category name. */
export function answerSchema(p: Pick<Params, 'categories' | 'fallback'>): Record<string, unknown> {
  const properties: Record<string, unknown> = Object.fromEntries(p.categories.map((c) => [c.category, { type: 'boolean', ...(c.description ? { description: c.description } : {}) }]));
  // With an "Other" output the model also says when no category applies (as n8n asks it to).
  if (p.fallback === 'other') properties[FALLBACK_KEY] = { type: 'boolean', description: 'True when none of the categories applies' };
  return { type: 'object', properties, required: Object.keys(properties), additionalProperties: false };
}

const FALLBACK_KEY = 'fallback';

function instructions(p: Params): string {
  const names = p.categories.map((c) => c.category);
  const list = p.categories.map((c) => `- ${c.category}${c.description ? `: ${c.description}` : ''}`).join('\n');
  const which = p.multiClass ? 'Mark every category that applies as true.' : 'Mark at most one category as true.';
  const none = p.fallback === 'other' ? ` If none applies, mark them all false and "${FALLBACK_KEY}" true.` : '';
  const keys = p.fallback === 'other' ? `the category names and "${FALLBACK_KEY}"` : 'the category names';
  return `${p.systemPrompt.replaceAll('{categories}', names.join(', '))}\n\nCategories:\n${list}\n\n${which}${none} Answer with a JSON object whose keys are exactly ${keys} and whose values are true or false.`;
}

/** Indexes of the categories the answer marks true, or why the answer cannot be used. */
export function chosenCategories(answer: unknown, p: Pick<Params, 'categories' | 'multiClass'>): { ok: true; chosen: number[] } | { ok: false; error: string } {
  if (!answer || typeof answer !== 'object' || Array.isArray(answer)) return { ok: false, error: 'the answer is not a JSON object' };
  const a = answer as Record<string, unknown>;
  const missing = p.categories.filter((c) => typeof a[c.category] !== 'boolean').map((c) => `"${c.category}"`);
  if (missing.length) return { ok: false, error: `the answer has no true/false value for ${missing.join(', ')}` };
  const chosen = p.categories.flatMap((c, i) => (a[c.category] === true ? [i] : []));
  return { ok: true, chosen: p.multiClass ? chosen : chosen.slice(0, 1) };
}

export const textClassifierNode = defineNode({
  type: 'textClassifier',
  version: 1,
  displayName: 'Text Classifier',
  description: 'An LLM sorts each item into categories, one output per category',
  category: 'ai',
  icon: 'signpost',
  inputs: [{ name: 'main' }],
  outputs: (raw) => classifierPorts(raw),
  params,
  credentials: [llmCredentialSlot],
  async execute(ctx) {
    const name = ctx.node.name;
    const llm = ctx.services.llm;
    if (!llm) throw new NodeError(`Node "${name}": the LLM service is not available in this runtime`);
    const llmCred = ctx.node.credentials?.[LLM_SLOT] ? await ctx.credentials(LLM_SLOT) : undefined;
    const out: Record<string, Item[]> = {};
    for (const port of classifierPorts(ctx.node.params)) out[port.name] = [];

    for (let i = 0; i < ctx.items.length; i++) {
      const p: Params = ctx.params(i);
      if (!p.inputText.trim()) throw new NodeError(`Node "${name}", field "inputText": the text to classify is empty for item ${i}`, { field: 'inputText', itemIndex: i });
      const schema = answerSchema(p);
      const messages: LlmMessage[] = [
        { role: 'system', content: instructions(p) },
        { role: 'user', content: p.inputText },
      ];
      let chosen: number[] | undefined;
      let fellBack = false;
      let problem = '';
      let lastText = '';
      for (let attempt = 0; attempt < p.maxAttempts && !chosen; attempt++) {
        const res = await llm.chat({ ...modelRequest(p, llmCred), messages, jsonSchema: { name: 'classification', schema } }, ctx.signal).catch((err: unknown) => {
          if (ctx.signal.aborted) throw err;
          const { field, description } = providerErrorField(err as Error & { status?: number });
          throw new NodeError(`Node "${name}": ${(err as Error).message}`, { field, description, itemIndex: i });
        });
        ctx.services.addTokenUsage?.(res.usage);
        lastText = res.text;
        const parsed = extractJson(res.text);
        const result = parsed.ok ? chosenCategories(parsed.value, p) : parsed;
        if (result.ok) {
          chosen = result.chosen;
          fellBack = parsed.ok && (parsed.value as Record<string, unknown>)[FALLBACK_KEY] === true;
        }
        else {
          problem = result.error;
          messages.push({ role: 'assistant', content: res.text }, { role: 'user', content: `That answer cannot be used: ${problem}. Reply again with only the JSON object.` });
        }
      }
      if (!chosen) {
        throw new NodeError(`Node "${name}": the model's answer is not a classification: ${problem}`, { field: 'categories', itemIndex: i, description: `Answer: ${lastText.slice(0, 500)}` });
      }
      const item = { ...ctx.items[i], pairedItem: { item: i } };
      for (const c of chosen) out[`output${c}`].push(item);
      if (p.fallback === 'other' && (!chosen.length || fellBack)) (out.other ??= []).push(item);
    }
    return out;
  },
});

export default textClassifierNode;
