/** n8n's extension methods as the corpus uses them (and as n8n's expression reference documents them). */
import { describe, expect, it } from 'vitest';
import { getExpressionEngine } from './index';
import { makeCtx } from './test-context';

const engine = getExpressionEngine();
const now = new Date('2024-06-15T12:00:00Z'); // a Saturday
const ev = (code: string, json: Record<string, unknown> = {}) =>
  engine.evaluate(`={{ ${code} }}`, makeCtx({ now, inputs: { main: [{ json }] } }));

describe('string extensions', () => {
  it.each([
    ['"Hello World".isEmpty()', false],
    ['"".isEmpty()', true],
    ['"x".isNotEmpty()', true],
    ['" 42 ".toNumber()', 42],
    ['"3.9".toInt()', 3],
    ['"2.5".toFloat()', 2.5],
    ['"false".toBoolean()', false],
    ['"yes".toBoolean()', true],
    ['"hello wide world".toTitleCase()', 'Hello Wide World'],
    ['"hello. wide world".toSentenceCase()', 'Hello. Wide world'],
    ['"Hello wide World".toSnakeCase()', 'hello_wide_world'],
    ['"https://www.example.com/a/b?c=1".extractDomain()', 'www.example.com'],
    ['"mail me at ada@example.org now".extractEmail()', 'ada@example.org'],
    ['"see https://n8n.io/x for more".extractUrl()', 'https://n8n.io/x'],
    ['"https://example.com/orders/1/details".extractUrlPath()', '/orders/1/details'],
    ['"ada@example.org".isEmail()', true],
    ['"not an email".isEmail()', false],
    ['"https://example.com".isUrl()', true],
    ['"example.com".isDomain()', true],
    ['"123".isNumeric()', true],
    ['"a b&c".urlEncode()', 'a%20b%26c'],
    ['"a%20b".urlDecode()', 'a b'],
    ['"hello".base64Encode()', 'aGVsbG8='],
    ['"aGVsbG8=".base64Decode()', 'hello'],
    ['"abc".hash()', '900150983cd24fb0d6963f7d28e17f72'],
    ['"abc".hash("sha256")', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ['\'{"a":1}\'.parseJson().a', 1],
    ['"say \\"hi\\"".quote()', '"say \\"hi\\""'],
    ['"<p>Hi <b>there</b></p>".removeTags()', 'Hi there'],
    ['"**bold** and [link](http://x)".removeMarkdown()', 'bold and link'],
    ['"café".replaceSpecialChars()', 'cafe'],
    ['"x".toJsonString()', '"x"'],
  ])('%s', (code, expected) => {
    expect(ev(code)).toEqual(expected);
  });

  it('toNumber on text that is not a number fails clearly', () => {
    expect(() => ev('"abc".toNumber()')).toThrow(/Cannot convert "abc" to a number/);
  });
});

describe('array extensions', () => {
  it.each([
    ['[3, 1, 2].first()', 3],
    ['[3, 1, 2].last()', 2],
    ['[].isEmpty()', true],
    ['[1].isNotEmpty()', true],
    ['[1, 1, 2, "a", "a"].unique()', [1, 2, 'a']],
    ['[{ a: 1, b: 1 }, { a: 1, b: 2 }].unique("a").length', 1],
    ['[1, 2, 3].sum()', 6],
    ['[1, 5, 3].max()', 5],
    ['[1, 5, 3].min()', 1],
    ['[2, 4].average()', 3],
    ['[1, null, "", undefined, 0].compact()', [1, 0]],
    ['[1, 2, 3, 4, 5].chunk(2)', [[1, 2], [3, 4], [5]]],
    ['[{ a: 1, b: 2 }, { a: 3 }].pluck("a")', [1, 3]],
    ['[{ k: "x", v: 1 }, { k: "y", v: 2 }].smartJoin("k", "v")', { x: 1, y: 2 }],
    ['[1, 2].union([2, 3])', [1, 2, 3]],
    ['[1, 2, 3].intersection([2, 3, 4])', [2, 3]],
    ['[1, 2, 3].difference([2])', [1, 3]],
    ['[{ a: 1 }, { b: 2 }].merge()', { a: 1, b: 2 }],
    ['[1].append(2, 3)', [1, 2, 3]],
    ['[{ a: 1 }].renameKeys("a", "z")', [{ z: 1 }]],
    ['[1, 2].toJsonString()', '[1,2]'],
    ['$json.list.map(x => x * 2).sum()', 12],
  ])('%s', (code, expected) => {
    expect(ev(code, { list: [1, 2, 3] })).toEqual(expected);
  });
});

describe('number and boolean extensions', () => {
  it.each([
    ['(1.2345).round(2)', 1.23],
    ['(1.5).floor()', 1],
    ['(1.2).ceil()', 2],
    ['(4).isEven()', true],
    ['(3).isOdd()', true],
    ['(3).isInteger()', true],
    ['(1234.5).format("en-US")', '1,234.5'],
    ['(0).toBoolean()', false],
    ['(1718452800).toDateTime("s").toUTC().toISO()', '2024-06-15T12:00:00.000Z'],
    ['(1718452800000).toDateTime().toUTC().toISO()', '2024-06-15T12:00:00.000Z'],
    ['true.toNumber()', 1],
  ])('%s', (code, expected) => {
    expect(ev(code)).toEqual(expected);
  });
});

describe('object extensions', () => {
  it.each([
    ['({}).isEmpty()', true],
    ['({ a: 1 }).isNotEmpty()', true],
    ['({ a: 1 }).hasField("a")', true],
    ['({ a: 1, b: 2 }).removeField("a")', { b: 2 }],
    ['({ a: "keep me", b: "drop" }).keepFieldsContaining("keep")', { a: 'keep me' }],
    ['({ a: "keep me", b: "drop" }).removeFieldsContaining("keep")', { b: 'drop' }],
    ['({ a: null, b: "", c: 1 }).compact()', { c: 1 }],
    ['({ a: 1 }).toJsonString()', '{"a":1}'],
    ['({ q: "a b", n: 1 }).urlEncode()', 'q=a%20b&n=1'],
    ['({ a: 1, b: 2 }).keys()', ['a', 'b']],
    ['({ a: 1, b: 2 }).values()', [1, 2]],
    ['({ a: 1 }).merge({ a: 2, b: 3 })', { a: 1, b: 3 }],
    ['$json.toJsonString()', '{"x":1}'],
    ['Object.keys($json)', ['x']],
  ])('%s', (code, expected) => {
    expect(ev(code, { x: 1 })).toEqual(expected);
  });
});

describe('date extensions', () => {
  it.each([
    ['$now.plus(1, "day").toISODate()', '2024-06-16'],
    ['$now.plus(1, "hour").hour', 13],
    ['$now.minus(2, "month").toISODate()', '2024-04-15'],
    ['$now.minus("1", "week").toISODate()', '2024-06-08'],
    ['$now.plus({ years: 1 }).year', 2025],
    ['$now.format("yyyy-MM-dd")', '2024-06-15'],
    ['$now.beginningOf("month").toISODate()', '2024-06-01'],
    ['$now.endOfMonth().day', 30],
    ['$now.extract("month")', 6],
    ['$now.isWeekend()', true],
    ['$now.toDateTime().year', 2024],
    ['$now.isBetween("2024-01-01", "2024-12-31")', true],
    ['"2024-01-05".toDateTime().plus(1, "day").format("yyyy-MM-dd")', '2024-01-06'],
    ['"05.01.2024".toDateTime("dd.MM.yyyy").toISODate()', '2024-01-05'],
    ['"Fri, 05 Jan 2024 10:00:00 GMT".toDateTime().toUTC().hour', 10],
    ['"2024-01-05 10:00:00".toDateTime().hour', 10],
    ['"2024-01-01".toDateTime().diffTo("2024-01-11", "days")', -10],
    ['new Date("2024-01-05T00:00:00Z").format("yyyy")', '2024'],
    ['new Date("2024-01-05T00:00:00Z").plus(1, "day").toISOString()', '2024-01-06T00:00:00.000Z'],
    ['$today.toMillis() <= $now.toMillis()', true],
  ])('%s', (code, expected) => {
    expect(ev(code)).toEqual(expected);
  });

  it('unknown units fail clearly', () => {
    expect(() => ev('$now.plus(1, "fortnight")')).toThrow(/Unknown time unit "fortnight"/);
  });
});
