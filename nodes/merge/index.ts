/**
 * merge: combines the items of several inputs (n8n's Merge v3; v1/v2 modes expressible).
 * The engine runs it once every connected input that can still produce data has delivered; an input
 * that delivered nothing counts as empty.
 *
 * Params:
 *   mode: 'append' | 'combineByFields' | 'combineByPosition' | 'combineAll' | 'chooseBranch' (append)
 *   numberInputs: number (2)          inputs 'input1'..'inputN' (2-10; combineByFields/combineAll use 2)
 *   fields: [{ field1, field2 }]      combineByFields: input-1 field equals input-2 field (all pairs must match)
 *   joinMode: 'keepMatches' | 'keepNonMatches' | 'keepEverything' | 'enrichInput1' | 'enrichInput2' (keepMatches)
 *   outputDataFrom: 'both' | 'input1' | 'input2' (both)   keepMatches / keepNonMatches: which items to emit
 *                                     (keepNonMatches + both adds `_source: 'input1'|'input2'`, as n8n does)
 *   multipleMatches: 'all' | 'first' (all)                every match makes an item, or only the first
 *   fuzzyCompare: boolean (false)     3 and "3" match
 *   dotNotation: boolean (true)       field names are paths (a.b)
 *   includeUnpaired: boolean (false)  combineByPosition: keep items past the end of the shorter input
 *   resolveClash: 'preferLast' | 'preferInput1' | 'addSuffix' (preferLast)   n8n preferInput2 = preferLast;
 *                                     with enrichInput2 the inputs swap roles (preferLast: input 1 wins), as in n8n
 *   mergeMode: 'deepMerge' | 'shallowMerge' (deepMerge)
 *   minimizeEmptyFields: boolean (false)   an empty value of the winning input keeps the other's value
 *   chooseBranchOutput: 'input' | 'empty' (input), useDataOfInput: number (1)   chooseBranch
 * Output 'main'. pairedItem: { item, input } for every input item an output item came from.
 */
import { defineNode, NodeError, z, type Item, type PortSpec } from '../sdk';
import { combineJson, matchItems, pairs, type ClashOptions } from './combine';

const params = z.object({
  mode: z.enum(['append', 'combineByFields', 'combineByPosition', 'combineAll', 'chooseBranch']).default('append').describe('How the inputs are combined'),
  numberInputs: z.number().int().min(2).max(10).default(2).describe('Number of inputs'),
  fields: z.array(z.object({ field1: z.string().describe('Field in input 1'), field2: z.string().describe('Field in input 2') })).default([]).describe('Fields to match (combine by fields)'),
  joinMode: z.enum(['keepMatches', 'keepNonMatches', 'keepEverything', 'enrichInput1', 'enrichInput2']).default('keepMatches').describe('Which items to output'),
  outputDataFrom: z.enum(['both', 'input1', 'input2']).default('both').describe('keep matches / non-matches: items of which input'),
  multipleMatches: z.enum(['all', 'first']).default('all').describe('Include all matches or only the first'),
  fuzzyCompare: z.boolean().default(false).describe('Treat 3 and "3" as equal'),
  dotNotation: z.boolean().default(true).describe('Field names are paths (a.b)'),
  includeUnpaired: z.boolean().default(false).describe('combine by position: keep items without a partner'),
  resolveClash: z.enum(['preferLast', 'preferInput1', 'addSuffix']).default('preferLast').describe('Which value wins when both inputs have a field'),
  mergeMode: z.enum(['deepMerge', 'shallowMerge']).default('deepMerge').describe('Merge nested objects or replace them'),
  minimizeEmptyFields: z.boolean().default(false).describe('Empty values do not replace non-empty ones'),
  chooseBranchOutput: z.enum(['input', 'empty']).default('input').describe('choose branch: the items of one input, or one empty item'),
  useDataOfInput: z.number().int().min(1).default(1).describe('choose branch: which input to output'),
});
type Params = z.output<typeof params>;

const TWO_INPUT_MODES = new Set(['combineByFields', 'combineAll']);

export function mergeInputs(raw: Record<string, unknown> | undefined): PortSpec[] {
  const p = raw ?? {};
  const n = typeof p.numberInputs === 'number' && Number.isInteger(p.numberInputs) ? Math.min(Math.max(p.numberInputs, 2), 10) : 2;
  const count = TWO_INPUT_MODES.has(String(p.mode)) ? 2 : n;
  return Array.from({ length: count }, (_, i) => ({ name: `input${i + 1}`, label: `Input ${i + 1}`, optional: true }));
}

type Tagged = { item: Item; index: number; input: number };

function tag(items: Item[], input: number): Tagged[] {
  return items.map((item, index) => ({ item, index, input }));
}

function passThrough(t: Tagged): Item {
  const out: Item = { json: t.item.json, pairedItem: { item: t.index, input: t.input } };
  if (t.item.binary) out.binary = t.item.binary;
  return out;
}

function combined(parts: Tagged[], clash: ClashOptions): Item {
  const json = combineJson(parts.map((t) => ({ json: t.item.json, input: t.input })), clash);
  const out: Item = { json, pairedItem: pairs(parts.map((t) => ({ item: t.index, input: t.input }))) };
  const binary = Object.assign({}, ...parts.map((t) => t.item.binary ?? {}));
  if (Object.keys(binary).length) out.binary = binary;
  return out;
}

function combineByFields(in1: Tagged[], in2: Tagged[], p: Params, clash: ClashOptions): Item[] {
  if (p.fields.length === 0) throw new NodeError('Field "fields": add at least one pair of fields to match', { field: 'fields' });
  p.fields.forEach((f, k) => {
    if (!f.field1 || !f.field2) throw new NodeError(`Field "fields.${k}": both input 1 and input 2 field names are needed`, { field: `fields.${k}` });
  });
  const { matches, matched2 } = matchItems(
    in1.map((t) => t.item),
    in2.map((t) => t.item),
    p.fields,
    { fuzzy: p.fuzzyCompare, dotNotation: p.dotNotation, firstOnly: p.multipleMatches === 'first' },
  );
  const merged = (i: number) => matches[i].map((j) => combined([in1[i], in2[j]], clash));
  const unmatched1 = in1.filter((_, i) => matches[i].length === 0);
  const unmatched2 = in2.filter((_, j) => !matched2.has(j));
  switch (p.joinMode) {
    case 'keepMatches':
      if (p.outputDataFrom === 'input1') return in1.filter((_, i) => matches[i].length > 0).map(passThrough);
      if (p.outputDataFrom === 'input2') return in2.filter((_, j) => matched2.has(j)).map(passThrough);
      return in1.flatMap((_, i) => merged(i));
    case 'keepNonMatches':
      if (p.outputDataFrom === 'input1') return unmatched1.map(passThrough);
      if (p.outputDataFrom === 'input2') return unmatched2.map(passThrough);
      // n8n marks where each item came from when both inputs' non-matches are output.
      return [
        ...unmatched1.map((t) => ({ ...passThrough(t), json: { ...t.item.json, _source: 'input1' } })),
        ...unmatched2.map((t) => ({ ...passThrough(t), json: { ...t.item.json, _source: 'input2' } })),
      ];
    case 'keepEverything':
      return [...in1.flatMap((_, i) => merged(i)), ...unmatched1.map(passThrough), ...unmatched2.map(passThrough)];
    case 'enrichInput1':
      // n8n 2.40.7: the matched pairs first (in input-1 order), then the unmatched input-1 items.
      return [...in1.flatMap((_, i) => merged(i)), ...unmatched1.map(passThrough)];
    case 'enrichInput2':
      // n8n 2.40.7: input 2 is the base and the inputs swap roles in a clash (by default input 1's value
      // wins); matched pairs come in input-1 order, then the unmatched input-2 items.
      return [...in1.flatMap((_, i) => matches[i].map((j) => combined([in2[j], in1[i]], clash))), ...unmatched2.map(passThrough)];
  }
}

export const merge = defineNode({
  type: 'merge',
  version: 1,
  displayName: 'Merge',
  description: 'Combine the items of several inputs: append, by position, by matching fields, all combinations, or wait and choose one',
  category: 'flow',
  icon: 'merge',
  inputs: (raw) => mergeInputs(raw),
  outputs: [{ name: 'main' }],
  params,
  async execute(ctx) {
    const p = ctx.params(0);
    const ports = mergeInputs(ctx.rawParams).map((port) => port.name);
    const inputs = ports.map((name, k) => tag(ctx.inputs[name] ?? [], k));
    const clash: ClashOptions = { resolveClash: p.resolveClash, mergeMode: p.mergeMode, minimizeEmptyFields: p.minimizeEmptyFields };
    switch (p.mode) {
      case 'append':
        return { main: inputs.flat().map(passThrough) };
      case 'combineByPosition': {
        const lengths = inputs.map((list) => list.length);
        const count = p.includeUnpaired ? Math.max(...lengths) : Math.min(...lengths);
        const out: Item[] = [];
        for (let i = 0; i < count; i++) {
          const parts = inputs.map((list) => list[i]).filter((t): t is Tagged => t !== undefined);
          out.push(parts.length === 1 ? passThrough(parts[0]) : combined(parts, clash));
        }
        return { main: out };
      }
      case 'combineAll': {
        const [in1, in2] = inputs;
        return { main: in1.flatMap((a) => in2.map((b) => combined([a, b], clash))) };
      }
      case 'combineByFields':
        return { main: combineByFields(inputs[0], inputs[1], p, clash) };
      case 'chooseBranch': {
        if (p.chooseBranchOutput === 'empty') return { main: [{ json: {}, pairedItem: { item: 0, input: 0 } }] };
        if (p.useDataOfInput > inputs.length) {
          throw new NodeError(`Field "useDataOfInput": input ${p.useDataOfInput} does not exist (the node has ${inputs.length} inputs)`, { field: 'useDataOfInput' });
        }
        return { main: inputs[p.useDataOfInput - 1].map(passThrough) };
      }
    }
  },
});
