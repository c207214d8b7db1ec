/** HTML: extract with CSS selectors (json, list and binary sources), templates with per-item expressions, tables, errors. */
import { describe, expect, it } from 'vitest';
import { runNode, jsonOf } from '../../server/engine/testing/node-context';
import { htmlNode } from './index';

const page = '<div><ul><li class="a"> Hello <b>World</b> </li><li class="a">Two\n   lines</li></ul>'
  + '<a href="/x">link</a><a href="/y">l2</a><p>  para \n\n  text </p><input value="v1">'
  + '<meta property="og:title" content="OG"><div class="card"><h2>Name</h2><span class="ad">Ad</span> body</div></div>';

const extract = (values: Record<string, unknown>[], extra: Record<string, unknown> = {}) => ({ operation: 'extractHtmlContent', dataPropertyName: 'html', extractionValues: values, ...extra });

describe('html: extract HTML content', () => {
  it('reads text, html, attributes and values; text of several matches is joined, the others read the first', async () => {
    const out = await runNode(htmlNode, {
      params: extract([
        { key: 'liText', cssSelector: 'li' },
        { key: 'liHtml', cssSelector: 'li', returnValue: 'html' },
        { key: 'href', cssSelector: 'a', returnValue: 'attribute', attribute: 'href' },
        { key: 'val', cssSelector: 'input', returnValue: 'value' },
        { key: 'og', cssSelector: 'meta[property^="og:title"], meta[name="og:title"]', returnValue: 'attribute', attribute: 'content' },
      ]),
      items: [{ html: page, other: 1 }],
    });
    expect(jsonOf(out)).toEqual([{ liText: 'Hello World Two lines', liHtml: 'Hello <b>World</b>', href: '/x', val: 'v1', og: 'OG' }]);
    expect(out.main[0].pairedItem).toEqual({ item: 0 });
  });
  it('returns one entry per match with returnArray, and [] or nothing when no element matches', async () => {
    const out = await runNode(htmlNode, {
      params: extract([
        { key: 'items', cssSelector: 'li', returnArray: true },
        { key: 'links', cssSelector: 'a', returnValue: 'attribute', attribute: 'href', returnArray: true },
        { key: 'none', cssSelector: '.nope', returnArray: true },
        { key: 'missing', cssSelector: '.nope' , returnValue: 'attribute', attribute: 'href' },
      ]),
      items: [{ html: page }],
    });
    expect(jsonOf(out)).toEqual([{ items: ['Hello World', 'Two lines'], links: ['/x', '/y'], none: [] }]);
  });
  it('keeps whitespace when trimValues and cleanUpText are off; trims only with trimValues', async () => {
    const values = [{ key: 'p', cssSelector: 'p' }];
    const raw = await runNode(htmlNode, { params: extract(values, { trimValues: false, cleanUpText: false }), items: [{ html: page }] });
    expect(raw.main[0].json.p).toBe('  para \n\n  text ');
    const trimmed = await runNode(htmlNode, { params: extract(values, { cleanUpText: false }), items: [{ html: page }] });
    expect(trimmed.main[0].json.p).toBe('para \n\n  text');
  });
  it('leaves out the text of skipped selectors', async () => {
    const out = await runNode(htmlNode, { params: extract([{ key: 'card', cssSelector: '.card', skipSelectors: '.ad, h2' }]), items: [{ html: page }] });
    expect(out.main[0].json.card).toBe('body');
  });
  it('reads the HTML from a nested field per item, and a list of HTML strings gives an item each', async () => {
    const out = await runNode(htmlNode, {
      params: extract([{ key: 'b', cssSelector: 'b' }], { dataPropertyName: 'res.body' }),
      items: [{ res: { body: '<b>one</b>' } }, { res: { body: ['<b>two</b>', '<b>three</b>'] } }],
    });
    expect(jsonOf(out)).toEqual([{ b: 'one' }, { b: 'two' }, { b: 'three' }]);
    expect(out.main.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 1 }]);
  });
  it('reads the HTML from a binary property', async () => {
    const item = { json: {}, binary: { page: { data: Buffer.from('<title>Bin</title>').toString('base64'), mimeType: 'text/html' } } };
    const out = await runNode(htmlNode, { params: extract([{ key: 't', cssSelector: 'title' }], { sourceData: 'binary', dataPropertyName: 'page' }), items: [item] });
    expect(jsonOf(out)).toEqual([{ t: 'Bin' }]);
  });
  it('resolves expressions in selectors per item', async () => {
    const out = await runNode(htmlNode, { params: extract([{ key: 'x', cssSelector: '={{ $json.sel }}' }]), items: [{ html: page, sel: 'h2' }, { html: page, sel: 'input' }] });
    expect(jsonOf(out)).toEqual([{ x: 'Name' }, { x: '' }]);
  });
  it('errors name the field: missing source field, binary property, selector, attribute, key', async () => {
    const fieldOf = async (params: Record<string, unknown>, items: unknown[] = [{ html: page }]) =>
      ((await runNode(htmlNode, { params, items: items as never }).catch((e: unknown) => e)) as { details?: { field?: string }; message: string });
    expect((await fieldOf(extract([{ key: 'a', cssSelector: 'p' }], { dataPropertyName: 'body' }))).details?.field).toBe('dataPropertyName');
    expect((await fieldOf(extract([{ key: 'a', cssSelector: 'p' }], { sourceData: 'binary' }))).details?.field).toBe('dataPropertyName');
    const bad = await fieldOf(extract([{ key: 'a', cssSelector: 'p' }, { key: 'b', cssSelector: 'a[[' }]));
    expect(bad.details?.field).toBe('extractionValues.1.cssSelector');
    expect(bad.message).toMatch(/"b".*a\[\[/);
    expect((await fieldOf(extract([{ key: 'a', cssSelector: 'a', returnValue: 'attribute' }]))).details?.field).toBe('extractionValues.0.attribute');
    expect((await fieldOf(extract([{ key: '', cssSelector: 'a' }]))).details?.field).toBe('extractionValues.0.key');
    expect((await fieldOf(extract([{ key: 'a', cssSelector: 'a', returnValue: 'json' }]))).message).toMatch(/field "extractionValues.0.returnValue"/);
  });
});

describe('html: generate HTML template', () => {
  it('resolves {{ }} per item in a template without a leading "=" and outputs only { html }', async () => {
    const out = await runNode(htmlNode, { params: { html: '<p>{{ $json.name }}</p>\n<i>{{ $json.n + 1 }}</i>' }, items: [{ name: 'Ab', n: 1 }, { name: 'Cd', n: 2 }] });
    expect(jsonOf(out)).toEqual([{ html: '<p>Ab</p>\n<i>2</i>' }, { html: '<p>Cd</p>\n<i>3</i>' }]);
  });
  it('keeps a template without expressions as written, and supports "=" expressions', async () => {
    const plain = await runNode(htmlNode, { params: { operation: 'generateHtmlTemplate', html: '<style>p{color:red}</style><p>x</p>' }, items: [{}] });
    expect(plain.main[0].json.html).toBe('<style>p{color:red}</style><p>x</p>');
    const expr = await runNode(htmlNode, { params: { html: '={{ "<b>" + $json.v + "</b>" }}' }, items: [{ v: 7 }] });
    expect(expr.main[0].json.html).toBe('<b>7</b>');
  });
  it('reports a failing expression on the html field', async () => {
    await expect(runNode(htmlNode, { params: { html: '<p>{{ $json.a.b.c }}</p>' }, items: [{}] })).rejects.toMatchObject({ details: { field: 'html' } });
  });
});

describe('html: convert to HTML table', () => {
  const items = [{ name: 'Ab', n: 1 }, { name: 'Cd', n: 2, tags: ['x'] }];
  it('turns all items into one table with n8n\'s default styling', async () => {
    const out = await runNode(htmlNode, { params: { operation: 'convertToHtmlTable' }, items });
    expect(out.main).toHaveLength(1);
    const table = out.main[0].json.table as string;
    expect(table).toMatch(/^<table style='border-spacing:0; font-family:helvetica,arial,sans-serif'>/);
    expect(table.replace(/ style='[^']*'/g, '')).toBe('<table><thead><tr><th>name</th><th>n</th><th>tags</th></tr></thead><tbody><tr><td>Ab</td><td>1</td><td></td></tr><tr><td>Cd</td><td>2</td><td>["x"]</td></tr></tbody></table>');
    expect(out.main[0].pairedItem).toEqual([{ item: 0 }, { item: 1 }]);
  });
  it('capitalizes headers and uses custom attributes and a caption', async () => {
    const out = await runNode(htmlNode, {
      params: { operation: 'convertToHtmlTable', capitalize: true, customStyling: true, caption: 'Cap', tableAttributes: 'class="t"', headerAttributes: 'class="h"', rowAttributes: 'class="r"', cellAttributes: 'class="c"' },
      items: [{ name: 'Ab' }],
    });
    expect(out.main[0].json.table).toBe('<table class="t"><caption>Cap</caption><thead><tr class="r"><th class="h">Name</th></tr></thead><tbody><tr class="r"><td class="c">Ab</td></tr></tbody></table>');
  });
  it('outputs nothing for no input', async () => {
    expect(await runNode(htmlNode, { params: { operation: 'convertToHtmlTable' }, items: [] })).toEqual({ main: [] });
  });
});
