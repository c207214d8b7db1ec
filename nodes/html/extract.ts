/**
 * Extract HTML content with CSS selectors (cheerio), as n8n's HTML node "Extract HTML Content" and the older
 * HTML Extract node do: one object per HTML document, a key per extraction value. Checked against n8n 2.40.7:
 * - text, textFormat 'readable' (HTML node v1.2): the first match written as readable text by html-to-text
 *   (blocks on their own lines, headings in capitals, links and images followed by [url]); skipSelectors
 *   leave elements out.
 * - text, textFormat 'joined' (HTML v1/v1.1, HTML Extract): the source text of all matches run together.
 * - html, attribute and value read the first match. returnArray gives one entry per match.
 * - A selector that matches nothing gives '' for text, nothing for the others, [] with returnArray.
 * - trimValues trims each string; cleanUpText removes line breaks, collapses spaces and trims.
 * - omitEmpty leaves out keys whose single value is '' (what HTML v1 does).
 */
import * as cheerio from 'cheerio';
import { convert } from 'html-to-text';

export interface ExtractionValue {
  key: string;
  cssSelector: string;
  returnValue: 'text' | 'html' | 'attribute' | 'value';
  attribute: string;
  /** readable text only: selectors of elements left out, comma-separated. */
  skipSelectors: string;
  returnArray: boolean;
}

export interface ExtractOptions {
  textFormat: 'readable' | 'joined';
  trimValues: boolean;
  cleanUpText: boolean;
  omitEmpty: boolean;
}

type Selection = ReturnType<cheerio.CheerioAPI>;

function readableText($: cheerio.CheerioAPI, el: Selection, skipSelectors: string): string {
  const outer = el.length ? $.html(el.first()) : '';
  if (!outer) return '';
  const skip = skipSelectors.split(',').map((s) => s.trim()).filter(Boolean);
  return convert(outer, { wordwrap: false, selectors: skip.map((selector) => ({ selector, format: 'skip' })) });
}

function read($: cheerio.CheerioAPI, el: Selection, v: ExtractionValue, o: ExtractOptions): unknown {
  switch (v.returnValue) {
    case 'attribute':
      return el.attr(v.attribute);
    case 'html':
      return el.html() ?? undefined;
    case 'value':
      return el.val();
    case 'text':
      return o.textFormat === 'readable' ? readableText($, el, v.skipSelectors) : el.text();
  }
}

function tidy(value: unknown, options: ExtractOptions): unknown {
  if (typeof value !== 'string') return value;
  let s = value;
  if (options.cleanUpText) s = s.replace(/\n+/g, '').replace(/\s+/g, ' ');
  if (options.trimValues || options.cleanUpText) s = s.trim();
  return s;
}

/** Selector errors name the extraction value so the person knows which row to fix. */
export class SelectorError extends Error {
  constructor(readonly key: string, readonly index: number, cause: string) {
    super(`extraction value "${key}" (row ${index + 1}): ${cause}`);
  }
}

export function extractFromHtml(html: string, values: ExtractionValue[], options: ExtractOptions): Record<string, unknown> {
  const $ = cheerio.load(html);
  const out: Record<string, unknown> = {};
  values.forEach((v, index) => {
    let selection: Selection;
    try {
      selection = $(v.cssSelector);
    } catch (err) {
      throw new SelectorError(v.key, index, `the CSS selector "${v.cssSelector}" is not valid (${err instanceof Error ? err.message : String(err)})`);
    }
    const value = v.returnArray
      ? selection.toArray().map((el) => tidy(read($, $(el), v, options), options))
      : tidy(read($, selection, v, options), options);
    if (value === undefined || (options.omitEmpty && value === '')) return;
    out[v.key] = value;
  });
  return out;
}
