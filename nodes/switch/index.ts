/**
 * switch: routes each item to one (or every matching) output (n8n's Switch v3; v1/v2 expressible).
 *
 * Params (resolved per item):
 *   mode: 'rules' | 'expression' (rules)
 *   rules: [{ conditions, combinator, caseSensitive?, typeValidation?, outputName?, output? }]
 *       a condition group as in ../condition/rules.ts; caseSensitive/typeValidation default to the node's;
 *       outputName labels the output (n8n renameOutput/outputKey); output is the output index the rule
 *       routes to (default: the rule's position; n8n Switch v1/v2 rules with `output`)
 *   caseSensitive: boolean (true), typeValidation: 'strict' | 'loose' (strict)   defaults for the rules
 *   allMatchingOutputs: boolean (false)     send an item to every matching rule's output, not only the first
 *   fallbackOutput: 'none' | 'extra' | 'output' (none)
 *       an item no rule matches is dropped (none), sent to the extra output 'fallback' (extra), or
 *       sent to the output `fallbackOutputIndex` (output; n8n v1/v2 fallbackOutput number, v3 index)
 *   numberOutputs: number (4), outputIndex: number   expression mode: the item goes to output `outputIndex`
 * Outputs: 'output0'..'output{N-1}' where N = max(rules, highest rule.output + 1, fallbackOutputIndex + 1 when
 * fallbackOutput is 'output') in rules mode and numberOutputs in expression mode; plus 'fallback' with
 * fallbackOutput 'extra' (rules mode).
 */
import { defineNode, NodeError, z, type Item, type PortSpec } from '../sdk';
import { conditionSchema, evaluateGroup } from '../condition/rules';

const ruleSchema = z.object({
  conditions: z.array(conditionSchema).default([]).describe('Conditions of this rule'),
  combinator: z.enum(['and', 'or']).default('and').describe('and: every condition must hold; or: at least one'),
  caseSensitive: z.boolean().optional().describe('Overrides the node setting for this rule'),
  typeValidation: z.enum(['strict', 'loose']).optional().describe('Overrides the node setting for this rule'),
  outputName: z.string().optional().describe('Name shown for this output'),
  output: z.number().int().min(0).optional().describe('Output index (defaults to the rule position)'),
});

const params = z.object({
  mode: z.enum(['rules', 'expression']).default('rules').describe('rules: conditions per output; expression: compute the output index'),
  rules: z.array(ruleSchema).default([]).describe('Routing rules, one output each'),
  caseSensitive: z.boolean().default(true).describe('Compare strings with case sensitivity'),
  typeValidation: z.enum(['strict', 'loose']).default('strict').describe('strict: values must have the operator type; loose: convert them'),
  allMatchingOutputs: z.boolean().default(false).describe('Send items to every matching output instead of the first'),
  fallbackOutput: z.enum(['none', 'extra', 'output']).default('none').describe('Where items that match no rule go'),
  fallbackOutputIndex: z.number().int().min(0).default(0).describe('Output for unmatched items (fallbackOutput: output)'),
  numberOutputs: z.number().int().min(1).max(64).default(4).describe('Number of outputs (expression mode)'),
  outputIndex: z.coerce.number().int().default(0).describe('Output index for the item, usually an expression (expression mode)'),
});
type Params = z.output<typeof params>;

function num(v: unknown, fallback: number): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' && !v.startsWith('=') ? Number(v) : NaN;
  return Number.isInteger(n) && n >= 0 ? n : fallback;
}

/** Ports from the raw (unparsed) params the validator and editor hold. */
export function switchPorts(raw: Record<string, unknown> | undefined): PortSpec[] {
  const p = raw ?? {};
  if (p.mode === 'expression') {
    const n = Math.min(num(p.numberOutputs, 4), 64);
    return Array.from({ length: Math.max(n, 1) }, (_, i) => ({ name: `output${i}`, label: String(i) }));
  }
  const rules = Array.isArray(p.rules) ? (p.rules as Record<string, unknown>[]) : [];
  let count = rules.length;
  const labels: string[] = [];
  rules.forEach((r, i) => {
    const index = num(r?.output, i);
    count = Math.max(count, index + 1);
    if (typeof r?.outputName === 'string' && r.outputName && !labels[index]) labels[index] = r.outputName;
  });
  if (p.fallbackOutput === 'output') count = Math.max(count, num(p.fallbackOutputIndex, 0) + 1);
  const ports: PortSpec[] = Array.from({ length: count }, (_, i) => ({ name: `output${i}`, label: labels[i] ?? String(i) }));
  if (p.fallbackOutput === 'extra') ports.push({ name: 'fallback', label: 'Fallback' });
  return ports;
}

function outputCount(p: Params): number {
  const count = p.rules.reduce((n, r, i) => Math.max(n, (r.output ?? i) + 1), p.rules.length);
  return p.fallbackOutput === 'output' ? Math.max(count, p.fallbackOutputIndex + 1) : count;
}

export const switchNode = defineNode({
  type: 'switch',
  version: 1,
  displayName: 'Switch',
  description: 'Route items to different outputs by rules or by an expression',
  category: 'flow',
  icon: 'split',
  inputs: [{ name: 'main' }],
  outputs: (raw) => switchPorts(raw),
  params,
  async execute(ctx) {
    const out: Record<string, Item[]> = {};
    const push = (port: string, item: Item, i: number) => (out[port] ??= []).push({ ...item, pairedItem: { item: i } });
    ctx.items.forEach((item, i) => {
      const p = ctx.params(i);
      if (p.mode === 'expression') {
        if (p.outputIndex < 0 || p.outputIndex >= p.numberOutputs) {
          throw new NodeError(`Field "outputIndex": output ${p.outputIndex} does not exist (use 0 to ${p.numberOutputs - 1})`, { field: 'outputIndex', itemIndex: i });
        }
        push(`output${p.outputIndex}`, item, i);
        return;
      }
      let matched = false;
      for (const [r, rule] of p.rules.entries()) {
        const group = {
          conditions: rule.conditions,
          combinator: rule.combinator,
          caseSensitive: rule.caseSensitive ?? p.caseSensitive,
          typeValidation: rule.typeValidation ?? p.typeValidation,
        };
        if (!evaluateGroup(group, { itemIndex: i, fieldPrefix: `rules.${r}` })) continue;
        matched = true;
        push(`output${rule.output ?? r}`, item, i);
        if (!p.allMatchingOutputs) break;
      }
      if (matched) return;
      if (p.fallbackOutput === 'extra') push('fallback', item, i);
      else if (p.fallbackOutput === 'output') {
        if (p.fallbackOutputIndex >= outputCount(p)) {
          throw new NodeError(`Field "fallbackOutputIndex": output ${p.fallbackOutputIndex} does not exist (the node has ${outputCount(p)} outputs)`, { field: 'fallbackOutputIndex', itemIndex: i });
        }
        push(`output${p.fallbackOutputIndex}`, item, i);
      }
    });
    return out;
  },
});
