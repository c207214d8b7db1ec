import { describe, expect, it } from 'vitest';
import { approximateTokens, splitText, splitTokens } from './splitter';

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

describe('token splitter (approximate tokens)', () => {
  it('cuts text into pieces that join back to the text, long words counting one token per 4 letters', () => {
    const text = 'Hello, world! Internationalization in 2024.';
    const tokens = approximateTokens(text);
    expect(tokens.join('')).toBe(text);
    expect(tokens.slice(0, 4)).toEqual(['Hello', ',', ' world', '!']);
    expect(tokens).toContain(' Int');
  });

  it('makes windows of chunkSize tokens that repeat chunkOverlap tokens', () => {
    const text = Array.from({ length: 10 }, (_, i) => `w${String.fromCharCode(97 + i)}`).join(' ');
    expect(splitTokens(text, 4, 1)).toEqual(['wa wb wc wd', 'wd we wf wg', 'wg wh wi wj']);
    expect(splitTokens(text, 4, 0)).toEqual(['wa wb wc wd', 'we wf wg wh', 'wi wj']);
  });
});
