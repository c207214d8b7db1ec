/**
 * extractFromFile: reads a file from each item's binary data into JSON (n8n's Extract From File).
 *
 * Params (n8n's names; the options collection is flattened; expressions resolve per item):
 *   operation: 'csv' | 'html' | 'xlsx' | 'xls' | 'ods' | 'rtf'   one item per row of the file/first sheet
 *            | 'fromJson'          the parsed JSON under destinationKey
 *            | 'text'              the text under destinationKey
 *            | 'binaryToPropery'   the file as a base64 string under destinationKey (n8n's spelling)
 *            | 'pdf'               { numpages, info, metadata, text } (text of every page)
 *   binaryPropertyName: string ('data')   the binary property that holds the file
 *   destinationKey: string ('data')       fromJson / text / binaryToPropery: where the result goes (a path)
 *   csv:      delimiter (','), encoding ('utf-8'), enableBOM (false: drop a leading BOM), relaxQuotes (false),
 *             maxRowCount (-1: all), fromLine (0: the first line)
 *   rows:     headerRow (true: rows keyed by the first row; false: { row: [...] }), includeEmptyCells (false)
 *   sheets:   sheetName ('' = first sheet), range ('' | 'A1:C9' | a first row number), rawData, readAsString
 *   text/json/base64: encoding ('utf8'), stripBOM (true)
 *   keepSource ('' | 'json' | 'binary' | 'both')   json/text/base64/pdf: keep the input's json and/or binary; by
 *             default the output has only the result and the input's other binaries
 *   pdf:      joinPages (true), maxPages (0 = all), password
 * As in n8n: an item without the binary property is skipped by fromJson / text / binaryToPropery (and logged);
 * every other operation fails naming the property. Rows keep pairedItem to their input item.
 */
import { defineNode, NodeError, z, type Item, type JsonObject, type NodeContext } from '../sdk';
import { perItem } from '../per-item';
import { bytesOf, checkEncoding, decodeText, requireBinary } from '../binary-data';
import { deepClone, setPath } from '../transform/fields';
import { csvRows, FileFormatError, sheetRows } from './spreadsheet';
import { pdfText } from './pdf';

const rowOperations = ['csv', 'html', 'xlsx', 'xls', 'ods', 'rtf'] as const;
const valueOperations = ['fromJson', 'text', 'binaryToPropery'] as const;

const params = z.object({
  operation: z.enum([...rowOperations, ...valueOperations, 'pdf']).default('csv').describe('Format of the file'),
  binaryPropertyName: z.string().default('data').describe('Binary property that holds the file'),
  destinationKey: z.string().default('data').describe('JSON / text / base64: output field for the result'),
  delimiter: z.string().default(',').describe('CSV: field delimiter'),
  encoding: z.string().default('').describe('Text encoding of the file (default UTF-8; e.g. latin1, win1252, utf16le)'),
  enableBOM: z.boolean().default(false).describe('CSV: drop a byte order mark at the start'),
  relaxQuotes: z.boolean().default(false).describe('CSV: keep unclosed quotes as part of the field'),
  maxRowCount: z.coerce.number().int().default(-1).describe('CSV: stop after this many rows (-1: all)'),
  fromLine: z.coerce.number().int().min(0).default(0).describe('CSV: first line to read (1-based; 0: from the start)'),
  headerRow: z.boolean().default(true).describe('Rows: the first row holds the column names'),
  includeEmptyCells: z.boolean().default(false).describe('Rows: keep empty cells as empty strings'),
  sheetName: z.string().default('').describe('Spreadsheets: sheet to read (empty: the first)'),
  range: z.string().default('').describe('Spreadsheets: A1-style range, or the first row number'),
  rawData: z.boolean().default(false).describe('Spreadsheets: raw cell values instead of formatted text'),
  readAsString: z.boolean().default(false).describe('Spreadsheets: read the file as a binary string (special characters)'),
  stripBOM: z.boolean().default(true).describe('JSON / text: drop a byte order mark'),
  keepSource: z.enum(['', 'json', 'binary', 'both']).default('').describe('JSON / text / base64: keep the input item\'s json, binary or both'),
  joinPages: z.boolean().default(true).describe('PDF: one text for all pages (false: a list per page)'),
  maxPages: z.coerce.number().int().min(0).default(0).describe('PDF: read at most this many pages (0: all)'),
  password: z.string().default('').describe('PDF: password of an encrypted file'),
});

type Params = z.output<typeof params>;

function fail(ctx: NodeContext<Params>, field: string, itemIndex: number, problem: string): NodeError {
  return new NodeError(`Node "${ctx.node.name}", field "${field}" (item ${itemIndex}): ${problem}`, { field, itemIndex });
}

function withoutProperty(binary: Item['binary'], property: string): Item['binary'] {
  if (!binary) return undefined;
  const rest = { ...binary };
  delete rest[property];
  return Object.keys(rest).length ? rest : undefined;
}

/** keepSource binary/both: all the input's binaries; otherwise all but the file that was read. */
function keptBinary(p: Params, item: Item): Item['binary'] {
  return p.keepSource === 'binary' || p.keepSource === 'both' ? item.binary : withoutProperty(item.binary, p.binaryPropertyName);
}

/** fromJson / text / binaryToPropery: one output item per input item. */
function extractValue(ctx: NodeContext<Params>, p: Params, item: Item, i: number): Item[] {
  const bin = item.binary?.[p.binaryPropertyName];
  if (!bin) {
    ctx.log.warn(`item ${i} has no binary property "${p.binaryPropertyName}"; skipped`, { itemIndex: i });
    return [];
  }
  const bytes = bytesOf(bin);
  let value: unknown;
  if (p.operation === 'binaryToPropery') value = bin.data;
  else {
    const text = decodeText(bytes, checkEncoding(p.encoding, ctx.node.name, 'encoding', i), p.stripBOM);
    if (p.operation === 'text') value = text;
    else {
      try {
        value = JSON.parse(text);
      } catch (err) {
        throw fail(ctx, 'binaryPropertyName', i, `the file "${bin.fileName ?? p.binaryPropertyName}" is not valid JSON (${(err as Error).message})`);
      }
    }
  }
  if (!p.destinationKey.trim()) throw fail(ctx, 'destinationKey', i, 'name the output field for the result');
  const json: JsonObject = p.keepSource === 'json' || p.keepSource === 'both' ? deepClone(item.json) : {};
  setPath(json, p.destinationKey, value);
  const binary = keptBinary(p, item);
  return [{ json, ...(binary ? { binary } : {}), pairedItem: { item: i } }];
}

async function extractRows(ctx: NodeContext<Params>, p: Params, item: Item, i: number): Promise<Item[]> {
  const bin = requireBinary(item, p.binaryPropertyName, ctx.node.name, 'binaryPropertyName', i);
  const bytes = bytesOf(bin);
  let rows: JsonObject[];
  if (p.operation === 'csv') {
    const encoding = checkEncoding(p.encoding, ctx.node.name, 'encoding', i);
    rows = csvRows(bytes, { ...p, encoding });
  } else {
    rows = await sheetRows(bytes, p.operation, p);
  }
  return rows.map((json) => ({ json, pairedItem: { item: i } }));
}

async function extractPdf(ctx: NodeContext<Params>, p: Params, item: Item, i: number): Promise<Item> {
  const bin = requireBinary(item, p.binaryPropertyName, ctx.node.name, 'binaryPropertyName', i);
  const pdf = await pdfText(bytesOf(bin), { joinPages: p.joinPages, maxPages: p.maxPages, password: p.password });
  const json = p.keepSource === 'json' || p.keepSource === 'both' ? { ...deepClone(item.json), ...pdf } : pdf;
  const binary = keptBinary(p, item);
  return { json, ...(binary ? { binary } : {}), pairedItem: { item: i } };
}

export const extractFromFile = defineNode({
  type: 'extractFromFile',
  version: 1,
  displayName: 'Extract From File',
  description: 'Read CSV, spreadsheet, JSON, text or PDF files into items',
  category: 'data',
  icon: 'file-json',
  inputs: [{ name: 'main' }],
  outputs: [{ name: 'main' }],
  params,
  async execute(ctx) {
    return perItem(ctx as NodeContext<unknown>, 'main', async (item, i) => {
      const p = ctx.params(i);
      try {
        if ((valueOperations as readonly string[]).includes(p.operation)) return extractValue(ctx, p, item, i);
        if (p.operation === 'pdf') return await extractPdf(ctx, p, item, i);
        return await extractRows(ctx, p, item, i);
      } catch (err) {
        if (err instanceof FileFormatError) throw fail(ctx, err.field, i, err.message);
        throw err;
      }
    });
  },
});
