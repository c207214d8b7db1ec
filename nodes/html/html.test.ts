/** HTML: extract with CSS selectors (json, list and binary sources), templates with per-item expressions, tables, errors. */
import { describe, expect, it } from 'vitest';
import { runNode, jsonOf } from '../../server/engine/testing/node-context';
import { htmlNode } from './index';

const page = '<div><ul><li class="a"> Hello <b>World</b> </li><li class="a">Two\n   lines</li></ul>'
  + '<a href="/x">link</a><a href="/y">l2</a><p>  para \n\n  text </p><input value="v1">'
  + '<meta property="og:title" content="OG"><p>Line <br>two</p><div class="blk"><p>A</p><p>B</p></div></div>';
// The page of the second n8n 2.40.7 run the expectations below come from.
const page2 = '<div class="x"><h1>Head Line</h1><p>See <a href="/x">the link</a> and <img src="a.png" alt="pic"> ok</p><ul><li>one</li><li>two</li></ul>'
  + '<table><tr><td>c1</td><td>c2</td></tr></table><p>Line<br>break &amp; more   spaces\n here</p><span class="ad">AD</span><b>Bold</b></div><p>Tail</p>';

const extract = (values: Record<string, unknown>[], extra: Record<string, unknown> = {}) => ({ operation: 'extractHtmlContent', dataPropertyName: 'html', extractionValues: values, ...extra });
const readable = [{ key: 'x', cssSelector: '.x' }, { key: 'xs', cssSelector: '.x', skipSelectors: '.ad, h1' }, { key: 'p', cssSelector: 'p', returnArray: true }, { key: 'pHtml', cssSelector: 'p', returnValue: 'html' }];

describe('html: extract HTML content (outputs as n8n 2.40.7 gives them)', () => {
  it('v1.2 text: the first match as readable text, skipped selectors left out', async () => {
    const out = await runNode(htmlNode, { params: extract(readable), items: [{ html: page2, other: 1 }] });
    expect(jsonOf(out)).toEqual([{
      x: 'HEAD LINE\n\nSee the link [/x] and pic [a.png] ok\n\n * one\n * two\n\nc1c2\n\nLine\nbreak & more spaces here\n\nADBold',
      xs: 'See the link [/x] and pic [a.png] ok\n\n * one\n * two\n\nc1c2\n\nLine\nbreak & more spaces here\n\nBold',
      p: ['See the link [/x] and pic [a.png] ok', 'Line\nbreak & more spaces here', 'Tail'],
      pHtml: 'See <a href="/x">the link</a> and <img src="a.png" alt="pic"> ok',
    }]);
    expect(out.main[0].pairedItem).toEqual({ item: 0 });
  });
  it('cleanUpText removes line breaks and collapses spaces', async () => {
    const out = await runNode(htmlNode, { params: extract(readable, { cleanUpText: true, trimValues: true }), items: [{ html: page2 }] });
    expect(out.main[0].json).toMatchObject({
      x: 'HEAD LINESee the link [/x] and pic [a.png] ok * one * twoc1c2Linebreak & more spaces hereADBold',
      p: ['See the link [/x] and pic [a.png] ok', 'Linebreak & more spaces here', 'Tail'],
    });
  });
  it('reads html, attributes and values of the first match; returnArray gives every match; no match gives "" or []', async () => {
    const out = await runNode(htmlNode, {
      params: extract([
        { key: 'liText', cssSelector: 'li' },
        { key: 'liArr', cssSelector: 'li', returnArray: true },
        { key: 'liHtml', cssSelector: 'li', returnValue: 'html' },
        { key: 'href', cssSelector: 'a', returnValue: 'attribute', attribute: 'href' },
        { key: 'hrefArr', cssSelector: 'a', returnValue: 'attribute', attribute: 'href', returnArray: true },
        { key: 'val', cssSelector: 'input', returnValue: 'value' },
        { key: 'blk', cssSelector: '.blk' },
        { key: 'og', cssSelector: 'meta[property^="og:title"], meta[name="og:title"]', returnValue: 'attribute', attribute: 'content' },
        { key: 'missing', cssSelector: '.nope' },
        { key: 'missingArr', cssSelector: '.nope', returnArray: true },
        { key: 'missingAttr', cssSelector: '.nope', returnValue: 'attribute', attribute: 'href' },
      ]),
      items: [{ html: page }],
    });
    expect(jsonOf(out)).toEqual([{
      liText: 'Hello World', liArr: ['Hello World', 'Two lines'], liHtml: ' Hello <b>World</b> ', href: '/x', hrefArr: ['/x', '/y'], val: 'v1', blk: 'A\n\nB', og: 'OG', missing: '', missingArr: [],
    }]);
  });
  it('joined text (HTML v1, HTML Extract): the source text of all matches, trimmed only with trimValues', async () => {
    const values = [{ key: 'liText', cssSelector: 'li' }, { key: 'liHtml', cssSelector: 'li', returnValue: 'html' }, { key: 'p', cssSelector: 'p' }];
    const v1 = await runNode(htmlNode, { params: extract(values, { textFormat: 'joined' }), items: [{ html: page }] });
    expect(jsonOf(v1)).toEqual([{ liText: ' Hello World Two\n   lines', liHtml: ' Hello <b>World</b> ', p: '  para \n\n  text Line twoAB' }]);
    const old = await runNode(htmlNode, { params: extract(values, { textFormat: 'joined', trimValues: true }), items: [{ html: page }] });
    expect(jsonOf(old)).toEqual([{ liText: 'Hello World Two\n   lines', liHtml: 'Hello <b>World</b>', p: 'para \n\n  text Line twoAB' }]);
  });
  it('omitEmpty leaves out keys whose text is empty (HTML v1), not empty lists', async () => {
    const out = await runNode(htmlNode, { params: extract([{ key: 'b', cssSelector: 'b' }, { key: 'none', cssSelector: '.nope' }, { key: 'list', cssSelector: '.nope', returnArray: true }], { textFormat: 'joined', omitEmpty: true }), items: [{ html: page }] });
    expect(jsonOf(out)).toEqual([{ b: 'World', list: [] }]);
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
    const out = await runNode(htmlNode, { params: extract([{ key: 'x', cssSelector: '={{ $json.sel }}' }]), items: [{ html: page, sel: 'li' }, { html: page, sel: 'input' }] });
    expect(jsonOf(out)).toEqual([{ x: 'Hello World' }, { x: '' }]);
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
  it('writes objects and lists in a template with String(), as n8n 2.40.7 does', async () => {
    const out = await runNode(htmlNode, { params: { html: '<p>{{ $json.obj }}</p><i>{{ $json.list }}</i>' }, items: [{ obj: { a: 1 }, list: [1, 2] }, { obj: { a: 2 }, list: [] }] });
    expect(jsonOf(out)).toEqual([{ html: '<p>[object Object]</p><i>1,2</i>' }, { html: '<p>[object Object]</p><i></i>' }]);
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

describe('html: convert to HTML table (markup as n8n 2.40.7 writes it)', () => {
  const items = [{ name: 'Ab', n: 1 }, { name: 'Cd', n: 2, nested: { x: 1 } }];
  const table = "<table style='border-spacing:0; font-family:helvetica,arial,sans-serif' >";
  const thead = "<thead style='margin:0; padding:7px 20px 7px 0px; border-bottom:1px solid #eee; text-align:left; color:#888; font-weight:normal' >";
  const td = (v: string) => `<td style='margin:0; padding:7px 20px 7px 0px; border-bottom:1px solid #eee' >${v}</td>`;
  it('turns all items into one table with n8n\'s default styling, a column per key of any item', async () => {
    const out = await runNode(htmlNode, { params: { operation: 'convertToHtmlTable' }, items });
    expect(jsonOf(out)).toEqual([{
      table: `${table}${thead}<tr><th>name</th><th>n</th><th>nested</th></tr></thead><tbody>`
        + `<tr  >${td('Ab')}${td('1')}${td('undefined')}</tr><tr  >${td('Cd')}${td('2')}${td('[object Object]')}</tr></tbody></table>`,
    }]);
    expect(out.main[0].pairedItem).toEqual([{ item: 0 }, { item: 1 }]);
  });
  it('capitalizes headers and uses custom attributes and a caption', async () => {
    const out = await runNode(htmlNode, {
      params: { operation: 'convertToHtmlTable', capitalize: true, customStyling: true, caption: 'Cap', tableAttributes: 'class="t"', headerAttributes: 'class="h"', rowAttributes: 'class="r"', cellAttributes: 'class="c"' },
      items: [{ name: 'Ab' }],
    });
    expect(out.main[0].json.table).toBe('<table  class="t"><caption>Cap</caption><thead  class="h"><tr><th>Name</th></tr></thead><tbody><tr  class="r"><td  class="c">Ab</td></tr></tbody></table>');
  });
  it('outputs nothing for no input', async () => {
    expect(await runNode(htmlNode, { params: { operation: 'convertToHtmlTable' }, items: [] })).toEqual({ main: [] });
  });
});
