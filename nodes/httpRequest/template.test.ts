import { describe, expect, it } from 'vitest';
import { evaluate, renderTemplate } from './template';

const vars = { $response: { body: { next: 'https://x/2', items: [1, 2], 'next-page': 3, has_more: false }, statusCode: 200 }, $pageCount: 2 };

describe('pagination templates', () => {
  it('reads paths, does arithmetic, compares and chooses', () => {
    expect(renderTemplate('{{ $response.body.next }}', vars)).toBe('https://x/2');
    expect(renderTemplate('{{ $response.body["next-page"] }}', vars)).toBe(3);
    expect(renderTemplate('{{ $pageCount + 1 }}', vars)).toBe(3);
    expect(renderTemplate('{{ $pageCount * 50 }}', vars)).toBe(100);
    expect(renderTemplate('{{ $response.body.items.length === 0 }}', vars)).toBe(false);
    expect(renderTemplate('{{ $response.body.has_more == false && $response.statusCode < 300 }}', vars)).toBe(true);
    expect(renderTemplate("{{ $response.body.missing ?? 'none' }}", vars)).toBe('none');
    expect(renderTemplate('{{ $pageCount > 1 ? "b" : "a" }}', vars)).toBe('b');
    expect(renderTemplate('page-{{ $pageCount + 1 }}-of-{{ -(-4) }}', vars)).toBe('page-3-of-4');
    expect(evaluate('!($pageCount % 2)', vars)).toBe(true);
  });

  it('reaches no prototypes and allows no calls', () => {
    expect(evaluate('$response.constructor', vars)).toBeUndefined();
    expect(evaluate('$response.__proto__', vars)).toBeUndefined();
    expect(evaluate('$response.body.items["constructor"]', vars)).toBeUndefined();
    expect(() => evaluate('$response.body.next.toString()', vars)).toThrow('not function calls');
    expect(() => evaluate('process', vars)).toThrow('unknown name "process"');
    expect(() => evaluate('$pageCount +', vars)).toThrow('unexpected end');
    expect(() => evaluate('$pageCount ; 1', vars)).toThrow('cannot read');
  });
});
