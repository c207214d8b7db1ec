import { describe, expect, it } from 'vitest';
import { splitText } from './splitter';

describe('recursive character splitter', () => {
  it('keeps a short text whole', () => {
    expect(splitText('one short paragraph', 100, 10)).toEqual(['one short paragraph']);
  });

  it('splits at paragraphs first and keeps every chunk within chunkSize', () => {
    const text = ['alpha beta gamma', 'delta epsilon zeta', 'eta theta iota'].join('\n\n');
    const chunks = splitText(text, 20, 0);
    expect(chunks).toEqual(['alpha beta gamma', 'delta epsilon zeta', 'eta theta iota']);
  });

  it('falls back to words for a paragraph too long, repeating up to chunkOverlap characters', () => {
    const chunks = splitText('one two three four five six seven eight', 15, 6);
    for (const c of chunks) expect(c.length).toBeLessThanOrEqual(15);
    expect(chunks[0]).toBe('one two three');
    // Each later chunk starts with the last word(s) of the one before.
    expect(chunks[1].startsWith('three')).toBe(true);
    expect(chunks.join(' ')).toContain('eight');
  });

  it('cuts a word longer than chunkSize into characters', () => {
    expect(splitText('abcdefghij', 4, 0)).toEqual(['abcd', 'efgh', 'ij']);
  });

  it('rejects an overlap as large as the chunk', () => {
    expect(() => splitText('x', 10, 10)).toThrow(/chunkOverlap \(10\) must be smaller than chunkSize \(10\)/);
  });
});
