import { describe, expect, it } from 'vitest';
import { codeCompletions, normaliseChain } from './code-completions';

const ctx = { nodeNames: ['Manual Trigger', "Bob's data"], jsonKeys: ['name', 'amount'] };
const labels = (before: string) => codeCompletions(before, ctx)?.options.map((o) => o.label) ?? null;

describe('code editor completions', () => {
  it('offers the n8n globals for a word being typed, from the start of the word', () => {
    const r = codeCompletions('const x = $js', ctx)!;
    expect(r.from).toBe('const x = '.length);
    expect(r.empty).toBe(false);
    const names = r.options.map((o) => o.label);
    for (const g of ['$json', '$input', "$('Node')", '$node', '$now', '$execution', 'items']) expect(names).toContain(g);
    expect(codeCompletions('return ', ctx)!.empty).toBe(true);
    expect(codeCompletions('x = 12', ctx)).toBeNull();
  });

  it('offers the members of $input, $("Node"), items and their items', () => {
    expect(labels('for (const i of $input.')).toEqual(['all()', 'first()', 'last()', 'item']);
    expect(labels("$('Manual Trigger').fi")).toContain('itemMatching()');
    expect(labels("$('Manual Trigger').first().")).toEqual(['json', 'binary', 'pairedItem']);
    expect(labels('$input.all()[0].')).toEqual(['json', 'binary', 'pairedItem']);
    expect(labels('items[0].')).toEqual(['json', 'binary', 'pairedItem']);
    expect(labels('$execution.')).toContain('id');
    expect(labels('$now.')).toContain('toISO()');
    expect(labels('$node["Manual Trigger"].')).toContain('json');
    const r = codeCompletions('$input.fi', ctx)!;
    expect(r.from).toBe('$input.'.length);
  });

  it('offers the last input item’s fields after $json. and .json.', () => {
    expect(labels('return { total: $json.')).toEqual(['name', 'amount']);
    expect(labels('$input.first().json.am')).toEqual(['name', 'amount']);
    expect(labels("$('Manual Trigger').item.json.")).toEqual(['name', 'amount']);
  });

  it('offers node names inside $(…) and $node[…], escaping the quote', () => {
    const r = codeCompletions("const t = $('Man", ctx)!;
    expect(r.from).toBe("const t = $('".length);
    expect(r.options.map((o) => o.label)).toEqual(['Manual Trigger', "Bob's data"]);
    expect(r.options[1]!.apply).toBe("Bob\\'s data");
    expect(codeCompletions('$node["', ctx)!.options[1]!.apply).toBe("Bob's data");
  });

  it('knows nothing about unknown objects (no noise after `foo.`)', () => {
    expect(codeCompletions('foo.', ctx)).toBeNull();
    expect(normaliseChain("$('a.b').first( 1 ).json")).toBe('$().first().json');
    expect(normaliseChain('$node["x"]')).toBe('$node[]');
  });
});
