/**
 * convertToFile: turns item data into a file in the items' binary data (n8n's Convert to File).
 *
 * Params (n8n's names; the options collection is flattened; expressions resolve per item):
 *   operation: 'csv' | 'html' | 'rtf' | 'xls' | 'xlsx' | 'ods'   all items to one table file (params of item 0)
 *            | 'toJson'     mode 'once' (default): all items' json as one JSON list; 'each': a file per item
 *            | 'toText'     the string in sourceProperty as a text file (an object is written as JSON)
 *            | 'toBinary'   the base64 string (or data: URI) in sourceProperty as a file; dataIsBase64 false
 *                           writes the value as text instead
 *            | 'iCal'       one calendar event per item (event.ics, text/calendar): title, start, end, allDay,
 *                           description, location, url, uid, status, busyStatus, calName, recurrenceRule,
 *                           sequence, organizerName/organizerEmail, attendees [{ name, email, rsvp }], geoLat/geoLon
 *   binaryPropertyName: string ('data')   binary property that receives the file (empty, as n8n's "=": 'data')
 *   sourceProperty: string               toText / toBinary: the field holding the content (a path: a.b, list[0].x)
 *   fileName: string ('')                default File.<format> (tables), file.txt (text), file.<ext> (others)
 *   mimeType: string ('')                toBinary: default from the file name, else from the bytes, else text/plain
 *   encoding ('utf8'), addBOM (false)    toJson / toText / toBinary as text
 *   format (false)                       toJson: indent the JSON
 *   dataIsBase64 (true)                  toBinary
 *   headerRow (true), delimiter (','), sheetName ('Sheet'), compression (false)   tables
 * Output items hold only the file ({ json: {}, binary: { [binaryPropertyName]: file } }), paired to their
 * input item (all input items for one-file operations).
 */
import { defineNode, NodeError, z, type Item, type NodeContext, type PairedItem } from '../sdk';
import { perItem } from '../per-item';
import { checkEncoding, encodeText, makeBinary } from '../binary-data';
import { getPath, hasPath } from '../transform/fields';
import { sheetFormats, writeSheet, type SheetFormat } from './spreadsheet';
import { IcalDateError, icalText } from './ical';

const params = z.object({
  operation: z.enum([...sheetFormats, 'toJson', 'toText', 'toBinary', 'iCal']).default('csv').describe('Kind of file to make'),
  binaryPropertyName: z.string().default('data').describe('Binary property that receives the file'),
  sourceProperty: z.string().default('').describe('Text / base64: field that holds the content'),
  mode: z.enum(['once', 'each']).default('once').describe('JSON: all items to one file, or one file per item'),
  fileName: z.string().default('').describe('Name of the output file'),
  mimeType: z.string().default('').describe('Base64: MIME type of the file (default: from the name or the content)'),
  encoding: z.string().default('').describe('Text encoding (default UTF-8; e.g. latin1, win1252, utf16le)'),
  addBOM: z.boolean().default(false).describe('Start the text with a byte order mark'),
  format: z.boolean().default(false).describe('JSON: indent the output'),
  dataIsBase64: z.boolean().default(true).describe('Base64: the field holds base64 (off: plain text)'),
  headerRow: z.boolean().default(true).describe('Tables: write the column names as the first row'),
  delimiter: z.string().default(',').describe('CSV: field delimiter'),
  sheetName: z.string().default('Sheet').describe('Spreadsheets: name of the sheet'),
  compression: z.boolean().default(false).describe('XLSX / ODS: compress the file'),
  title: z.string().default('').describe('iCal: event title'),
  start: z.string().default('').describe('iCal: start (ISO date and time)'),
  end: z.string().default('').describe('iCal: end (ISO date and time)'),
  allDay: z.boolean().default(false).describe('iCal: all-day event (times ignored)'),
  description: z.string().default('').describe('iCal: description'),
  location: z.string().default('').describe('iCal: location'),
  url: z.string().default('').describe('iCal: URL of the event'),
  uid: z.string().default('').describe('iCal: unique id (default: generated)'),
  status: z.enum(['', 'CONFIRMED', 'CANCELLED', 'TENTATIVE']).default('').describe('iCal: status'),
  busyStatus: z.enum(['', 'BUSY', 'TENTATIVE']).default('').describe('iCal: busy status (Outlook)'),
  calName: z.string().default('').describe('iCal: calendar name'),
  recurrenceRule: z.string().default('').describe('iCal: recurrence rule (RRULE), e.g. FREQ=WEEKLY;COUNT=4'),
  sequence: z.coerce.number().int().min(0).default(0).describe('iCal: revision number of an updated event'),
  organizerName: z.string().default('').describe('iCal: organizer name'),
  organizerEmail: z.string().default('').describe('iCal: organizer email'),
  attendees: z
    .array(z.object({ name: z.string().default(''), email: z.string().default(''), rsvp: z.boolean().default(false) }))
    .default([])
    .describe('iCal: attendees'),
  geoLat: z.string().default('').describe('iCal: latitude'),
  geoLon: z.string().default('').describe('iCal: longitude'),
});

type Params = z.output<typeof params>;

function fail(ctx: NodeContext<Params>, field: string, itemIndex: number, problem: string): NodeError {
  return new NodeError(`Node "${ctx.node.name}", field "${field}" (item ${itemIndex}): ${problem}`, { field, itemIndex });
}

const fileItem = (property: string, file: ReturnType<typeof makeBinary>, pairedItem: PairedItem | PairedItem[]): Item => ({ json: {}, binary: { [property]: file }, pairedItem });
const allPaired = (items: Item[]): PairedItem[] => items.map((_, item) => ({ item }));

/** n8n accepts base64, base64url and a data: URI (whose media type becomes the MIME type). */
function decodeBase64(ctx: NodeContext<Params>, value: unknown, i: number): { bytes: Buffer; mimeType?: string } {
  let text = typeof value === 'string' ? value.trim() : String(value ?? '');
  let mimeType: string | undefined;
  const uri = /^data:(.*?);base64,(.*)$/s.exec(text);
  if (uri) {
    mimeType = uri[1].split(';')[0].trim() || undefined;
    text = uri[2];
  }
  const cleaned = text.replace(/\s+/g, '');
  if (cleaned && !/^[A-Za-z0-9+/=_-]+$/.test(cleaned)) {
    throw fail(ctx, 'sourceProperty', i, 'the value is not base64 data (to write plain text to a file, use the operation toText or set dataIsBase64 off)');
  }
  return { bytes: Buffer.from(cleaned, 'base64'), mimeType };
}

function sourceValue(ctx: NodeContext<Params>, p: Params, item: Item, i: number): unknown {
  if (!p.sourceProperty.trim()) throw fail(ctx, 'sourceProperty', i, 'name the input field that holds the content');
  if (!hasPath(item.json, p.sourceProperty) || getPath(item.json, p.sourceProperty) === undefined) {
    throw fail(ctx, 'sourceProperty', i, `the item has no field "${p.sourceProperty}" (it has: ${Object.keys(item.json).join(', ') || 'no fields'})`);
  }
  return getPath(item.json, p.sourceProperty);
}

/** A value as a text file; objects are written as JSON with the MIME type application/json (as n8n does). */
function textFile(ctx: NodeContext<Params>, p: Params, value: unknown, i: number, defaults: { fileName?: string; mimeType?: string }) {
  const isObject = value !== null && typeof value === 'object';
  const text = isObject ? JSON.stringify(value, null, p.format ? 2 : undefined) : String(value);
  const bytes = encodeText(text, checkEncoding(p.encoding, ctx.node.name, 'encoding', i), p.addBOM);
  return makeBinary(bytes, { fileName: p.fileName || defaults.fileName, mimeType: isObject ? 'application/json' : p.mimeType || defaults.mimeType });
}

function icalFile(ctx: NodeContext<Params>, p: Params, i: number) {
  for (const field of ['start', 'end'] as const) if (!p[field].trim()) throw fail(ctx, field, i, `set the event's ${field}`);
  try {
    const text = icalText({
      ...p,
      organizer: p.organizerName || p.organizerEmail ? { name: p.organizerName, email: p.organizerEmail } : undefined,
      geo: p.geoLat || p.geoLon ? { lat: p.geoLat, lon: p.geoLon } : undefined,
    });
    return makeBinary(Buffer.from(text, 'utf8'), { fileName: p.fileName || 'event.ics', mimeType: 'text/calendar' });
  } catch (err) {
    if (err instanceof IcalDateError) throw fail(ctx, err.field, i, err.message);
    throw err;
  }
}

function convertItem(ctx: NodeContext<Params>, p: Params, item: Item, i: number): Item {
  let file;
  if (p.operation === 'iCal') file = icalFile(ctx, p, i);
  else if (p.operation === 'toJson') file = textFile(ctx, p, item.json, i, {});
  else if (p.operation === 'toText') file = textFile(ctx, { ...p, mimeType: '' }, sourceValue(ctx, p, item, i), i, { fileName: 'file.txt', mimeType: 'text/plain' });
  else if (!p.dataIsBase64) file = textFile(ctx, p, sourceValue(ctx, p, item, i), i, {});
  else {
    const { bytes, mimeType } = decodeBase64(ctx, sourceValue(ctx, p, item, i), i);
    file = makeBinary(bytes, { fileName: p.fileName || undefined, mimeType: p.mimeType || mimeType });
  }
  return fileItem(p.binaryPropertyName.trim() || 'data', file, { item: i });
}

export const convertToFile = defineNode({
  type: 'convertToFile',
  version: 1,
  displayName: 'Convert to File',
  description: 'Make a CSV, spreadsheet, JSON, text or binary file from items',
  category: 'data',
  icon: 'file-json',
  inputs: [{ name: 'main' }],
  outputs: [{ name: 'main' }],
  params,
  async execute(ctx) {
    if (ctx.items.length === 0) return { main: [] };
    const first = ctx.params(0);
    if ((sheetFormats as readonly string[]).includes(first.operation)) {
      const format = first.operation as SheetFormat;
      const bytes = await writeSheet(ctx.items.map((it) => it.json), format, first);
      const file = makeBinary(bytes, { fileName: first.fileName || `File.${format}` });
      return { main: [fileItem(first.binaryPropertyName || 'data', file, allPaired(ctx.items))] };
    }
    if (first.operation === 'toJson' && first.mode === 'once') {
      const file = textFile(ctx, first, ctx.items.map((it) => it.json), 0, {});
      return { main: [fileItem(first.binaryPropertyName || 'data', file, allPaired(ctx.items))] };
    }
    return perItem(ctx as NodeContext<unknown>, 'main', (item, i) => convertItem(ctx, ctx.params(i), item, i));
  },
});
