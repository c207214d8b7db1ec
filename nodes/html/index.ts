/**
 * HTML (n8n's HTML node v1-v1.2, and the older HTML Extract node through the importer).
 *
 * Params (expressions resolve per item):
 * - operation: 'generateHtmlTemplate' | 'extractHtmlContent' | 'convertToHtmlTable'   (default 'generateHtmlTemplate')
 * generateHtmlTemplate (one output item { html } per input item):
 * - html: string          the template; `{{ expression }}` parts are resolved per item even without a leading
 *                         '=' (as n8n's HTML editor field does). Scripts and styles are left as written.
 * extractHtmlContent (one output item per HTML document; only the extracted keys):
 * - sourceData: 'json' | 'binary'   where the HTML is (default 'json')
 * - dataPropertyName: string        JSON field (a path: a.b) or binary property holding the HTML (default 'data');
 *                                   a JSON field holding a list of HTML strings gives one item per entry
 * - extractionValues: [{ key, cssSelector, returnValue: 'text'|'html'|'attribute'|'value' (text), attribute,
 *                        skipSelectors, returnArray (false) }]
 * - textFormat: 'readable' | 'joined'   how 'text' reads elements (default 'readable', n8n v1.2; 'joined' for
 *                                   imported HTML v1/v1.1 and HTML Extract nodes), see ./extract.ts
 * - trimValues: boolean (false), cleanUpText: boolean (false), omitEmpty: boolean (false)   see ./extract.ts
 * convertToHtmlTable (all items -> one item { table }): capitalize, customStyling, caption, tableAttributes,
 *   headerAttributes, rowAttributes, cellAttributes (see ./table.ts)
 */
import { defineNode, z, type Item, type NodeContext } from '../sdk';
import { fieldError, perItem } from '../per-item';
import { getPath } from '../transform/fields';
import { extractFromHtml, SelectorError } from './extract';
import { itemsToHtmlTable } from './table';

const extractionValue = z.object({
  key: z.string().default('').describe('Key to store the value under'),
  cssSelector: z.string().default('').describe('CSS selector, e.g. h1, .price, a[href]'),
  returnValue: z.enum(['text', 'html', 'attribute', 'value']).default('text').describe('What to read from the matched elements'),
  attribute: z.string().default('').describe('Attribute to read (return value: attribute)'),
  skipSelectors: z.string().default('').describe('Text: leave out the text of these elements, comma-separated selectors'),
  returnArray: z.boolean().default(false).describe('One entry per matching element'),
});

export const DEFAULT_TEMPLATE = '<div class="container">\n  <h1>{{ $json.title }}</h1>\n</div>';

const params = z.object({
  operation: z.enum(['generateHtmlTemplate', 'extractHtmlContent', 'convertToHtmlTable']).default('generateHtmlTemplate').describe('What to do'),
  html: z.string().default(DEFAULT_TEMPLATE).describe('HTML template; {{ expressions }} are resolved per item'),
  sourceData: z.enum(['json', 'binary']).default('json').describe('Extract: the HTML is in a JSON field or a binary property'),
  dataPropertyName: z.string().default('data').describe('Extract: JSON field (a.b) or binary property holding the HTML'),
  extractionValues: z.array(extractionValue).default([]).describe('Extract: what to extract'),
  textFormat: z.enum(['readable', 'joined']).default('readable').describe('Extract: text of the first match as readable text, or the source text of all matches joined (n8n before v1.2)'),
  trimValues: z.boolean().default(false).describe('Extract: trim spaces and line breaks at both ends'),
  cleanUpText: z.boolean().default(false).describe('Extract: remove line breaks and collapse spaces'),
  omitEmpty: z.boolean().default(false).describe('Extract: leave out keys whose value is empty text (n8n HTML v1)'),
  capitalize: z.boolean().default(false).describe('Table: capitalize the headers'),
  customStyling: z.boolean().default(false).describe('Table: use the attributes below instead of the default styling'),
  caption: z.string().default('').describe('Table: caption'),
  tableAttributes: z.string().default('').describe('Table: attributes of <table>, e.g. class="data"'),
  headerAttributes: z.string().default('').describe('Table: attributes of each <th>'),
  rowAttributes: z.string().default('').describe('Table: attributes of each <tr>'),
  cellAttributes: z.string().default('').describe('Table: attributes of each <td>'),
});

type Params = z.output<typeof params>;

export const htmlNode = defineNode({
  type: 'html',
  version: 1,
  displayName: 'HTML',
  description: 'Generate HTML from a template, extract content with CSS selectors, or turn items into a table',
  category: 'transform',
  icon: 'code-xml',
  inputs: [{ name: 'main' }],
  outputs: [{ name: 'main' }],
  params,
  async execute(ctx) {
    const first = ctx.items.length ? ctx.params(0) : params.parse({});
    if (first.operation === 'convertToHtmlTable') {
      if (!ctx.items.length) return { main: [] };
      return { main: [{ json: { table: itemsToHtmlTable(ctx.items, first) }, pairedItem: ctx.items.map((_, i) => ({ item: i })) }] };
    }
    return perItem(ctx as NodeContext<unknown>, 'main', (item, i) => {
      const p = ctx.params(i);
      if (p.operation === 'extractHtmlContent') return extract(ctx, p, item, i);
      return { json: { html: renderTemplate(ctx, p, i) }, pairedItem: { item: i } };
    });
  },
});

/**
 * `{{ }}` in a plain (non-'=') template are resolved too, each on its own and written with String() as n8n
 * 2.40.7 does (an object becomes "[object Object]", a list "1,2"), so imported templates give n8n's text.
 */
function renderTemplate(ctx: NodeContext<Params>, p: Params, i: number): string {
  const raw = ctx.rawParams.html;
  if (typeof raw !== 'string' || raw.startsWith('=') || !raw.includes('{{')) return p.html;
  return raw.replace(/\{\{[\s\S]*?\}\}/g, (segment) => {
    try {
      return String(ctx.evaluate(`=${segment}`, i));
    } catch (err) {
      throw fieldError(ctx, 'html', i, `the expression ${segment} in the template failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  });
}

function sources(ctx: NodeContext<Params>, p: Params, item: Item, i: number): string[] {
  if (p.sourceData === 'binary') {
    const bin = item.binary?.[p.dataPropertyName];
    if (!bin) throw fieldError(ctx, 'dataPropertyName', i, `the item has no binary property "${p.dataPropertyName}"`);
    return [Buffer.from(bin.data, 'base64').toString('utf8')];
  }
  const value = getPath(item.json, p.dataPropertyName);
  if (value === undefined || value === null) throw fieldError(ctx, 'dataPropertyName', i, `the item has no field "${p.dataPropertyName}" holding HTML`);
  return (Array.isArray(value) ? value : [value]).map((v) => (typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v)));
}

function extract(ctx: NodeContext<Params>, p: Params, item: Item, i: number): Item[] {
  p.extractionValues.forEach((v, row) => {
    if (!v.key.trim()) throw fieldError(ctx, `extractionValues.${row}.key`, i, `extraction value ${row + 1} has no key`);
    if (!v.cssSelector.trim()) throw fieldError(ctx, `extractionValues.${row}.cssSelector`, i, `extraction value "${v.key}" has no CSS selector`);
    if (v.returnValue === 'attribute' && !v.attribute.trim()) throw fieldError(ctx, `extractionValues.${row}.attribute`, i, `extraction value "${v.key}" returns an attribute: name it`);
  });
  return sources(ctx, p, item, i).map((html) => {
    try {
      return { json: extractFromHtml(html, p.extractionValues, p) as Item['json'], pairedItem: { item: i } };
    } catch (err) {
      if (err instanceof SelectorError) throw fieldError(ctx, `extractionValues.${err.index}.cssSelector`, i, err.message);
      throw err;
    }
  });
}

