/**
 * Text of a PDF with pdf.js (pdfjs-dist, legacy build for Node; no canvas, no eval). The result has n8n's
 * shape: { numpages, numrender, info, metadata, text, version }. Text items on the same line are joined,
 * a new line starts where the next item sits at another height; pages are joined with a blank line
 * (joinPages false: text is a list with one string per page).
 */
import type { JsonObject } from '../sdk';
import { FileFormatError } from './spreadsheet';

interface TextItemLike {
  str?: string;
  transform?: number[];
}

function pageText(items: TextItemLike[]): string {
  let lastY: number | undefined;
  let text = '';
  for (const item of items) {
    if (typeof item.str !== 'string') continue;
    const y = item.transform?.[5];
    text += lastY === undefined || y === lastY ? item.str : `\n${item.str}`;
    lastY = y;
  }
  return text;
}

/** Info/metadata as plain JSON (pdf.js hands out class instances and Maps). */
function plain(value: unknown): unknown {
  return value === undefined ? null : JSON.parse(JSON.stringify(value));
}

export async function pdfText(bytes: Buffer, opts: { joinPages: boolean; maxPages: number; password: string }): Promise<JsonObject> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  let doc;
  try {
    doc = await pdfjs.getDocument({
      data: new Uint8Array(bytes),
      password: opts.password || undefined,
      isEvalSupported: false,
      useSystemFonts: false,
      disableFontFace: true,
      verbosity: 0,
    }).promise;
  } catch (err) {
    const e = err as Error;
    if (e.name === 'PasswordException') throw new FileFormatError(opts.password ? 'the PDF password is wrong' : 'the PDF is encrypted: set the password', 'password');
    throw new FileFormatError(`the file could not be read as PDF: ${e.message}`, 'binaryPropertyName');
  }
  try {
    const meta = await doc.getMetadata().catch(() => ({ info: null, metadata: null }));
    const pageCount = opts.maxPages > 0 ? Math.min(opts.maxPages, doc.numPages) : doc.numPages;
    const pages: string[] = [];
    for (let n = 1; n <= pageCount; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      pages.push(pageText(content.items as TextItemLike[]));
    }
    const metadata = meta.metadata ? meta.metadata.getAll() : null;
    return {
      numpages: doc.numPages,
      numrender: doc.numPages,
      info: plain(meta.info),
      metadata: plain(metadata),
      text: opts.joinPages ? pages.join('\n\n') : pages,
      version: pdfjs.version,
    };
  } finally {
    await doc.destroy();
  }
}
