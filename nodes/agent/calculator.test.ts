import { describe, expect, it } from 'vitest';
import { calculate, formatResult } from './calculator';

const calc = (e: string) => formatResult(calculate(e));

describe('calculator', () => {
  it('follows precedence, right-associative powers, unary signs and parentheses', () => {
    expect(calc('1 + 2 * 3')).toBe('7');
    expect(calc('(1 + 2) * 3')).toBe('9');
    expect(calc('2 ^ 3 ^ 2')).toBe('512');
    expect(calc('2 ** 10')).toBe('1024');
    expect(calc('-2 ^ 2')).toBe('-4');
    expect(calc('--3 + +1')).toBe('4');
    expect(calc('10 % 4 + 7 / 2')).toBe('5.5');
    expect(calc('1e3 / .5')).toBe('2000');
    expect(calc('0.1 + 0.2')).toBe('0.3');
  });

  it('has functions and constants', () => {
    expect(calc('sqrt(16) + max(1, 5, 3) - min(2, 4)')).toBe('7');
    expect(calc('round(3.14159, 2)')).toBe('3.14');
    expect(calc('log(8, 2) + ln(e) + log10(1000)')).toBe('7');
    expect(calc('PI * 2')).toBe('6.2831853071796');
    expect(calc('1 / 0')).toBe('Infinity');
    expect(calc('sqrt(-1)')).toBe('NaN (the expression has no real value)');
  });

  it('rejects anything that is not arithmetic, saying where', () => {
    expect(() => calculate('process.exit()')).toThrow('unexpected "." at position 8');
    expect(() => calculate('x + 1')).toThrow('unknown name "x" at position 1');
    expect(() => calculate('foo(1)')).toThrow(/^unknown function "foo"/);
    expect(() => calculate('1 +')).toThrow('the expression ends too early');
    expect(() => calculate('2 * (3')).toThrow('expected ")" at the end');
    expect(() => calculate('1 2')).toThrow('unexpected "2" at position 3');
    expect(() => calculate('sin()')).toThrow('sin() takes 1 argument(s), got 0');
    expect(() => calculate('   ')).toThrow('the expression is empty');
    expect(() => calculate('1+'.repeat(600) + '1')).toThrow('the expression is longer than 1000 characters');
    expect(() => calculate('('.repeat(200) + '1' + ')'.repeat(200))).toThrow('the expression is nested too deeply');
  });
});
