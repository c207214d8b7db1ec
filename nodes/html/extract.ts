/**
 * Extract HTML content with CSS selectors (cheerio), as n8n's HTML node "Extract HTML Content" and the older
 * HTML Extract node do: one object per HTML document, a key per extraction value.
 * - returnValue 'text' of a selector matching several elements is their texts joined (cheerio's .text());
 *   'html', 'attribute' and 'value' read the first match. returnArray gives one entry per match.
 * - A selector that matches nothing gives undefined (the key is left out), or [] with returnArray.
 * - trimValues trims each string; cleanUpText also collapses runs of whitespace and line breaks to one space.
 */
import * as cheerio from 'cheerio';

export interface ExtractionValue {
  key: string;
  cssSelector: string;
  returnValue: 'text' | 'html' | 'attribute' | 'value';
  attribute: string;
  /** text only: selectors of elements whose text is left out, comma-separated. */
  skipSelectors: string;
  returnArray: boolean;
}

export interface ExtractOptions {
  trimValues: boolean;
  cleanUpText: boolean;
}

type Selection = ReturnType<cheerio.CheerioAPI>;

function read($: cheerio.CheerioAPI, el: Selection, v: ExtractionValue): unknown {
  switch (v.returnValue) {
    case 'attribute':
      return el.attr(v.attribute);
    case 'html':
      return el.html() ?? undefined;
    case 'value':
      return el.val();
    case 'text': {
      if (!v.skipSelectors.trim()) return el.text();
      const copy = el.clone();
      copy.find(v.skipSelectors).remove();
      return copy.text();
    }
  }
}

function tidy(value: unknown, options: ExtractOptions): unknown {
  if (typeof value !== 'string') return value;
  let s = value;
  if (options.cleanUpText) s = s.replace(/\s+/g, ' ');
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
    const value = v.returnArray ? selection.toArray().map((el) => tidy(read($, $(el), v), options)) : tidy(read($, selection, v), options);
    if (value !== undefined) out[v.key] = value;
  });
  return out;
}
