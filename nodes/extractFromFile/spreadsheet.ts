/**
 * Rows out of a CSV file (csv-parse, as n8n) or a spreadsheet (xlsx, xls, ods, and an HTML table, with
 * @e965/xlsx: SheetJS CE, the library n8n uses). One output item per row.
 * - headerRow true: each row is an object keyed by the first row's cells; false: { row: [cells] }.
 * - includeEmptyCells false drops cells that are '' from the row (n8n's default; a CSV row without header
 *   row then becomes { row: { "0": .., "2": .. } }, as in n8n 2.40.7).
 */
import { parse as parseCsv, CsvError } from 'csv-parse/sync';
import type { JsonObject } from '../sdk';
import { decodeText } from '../binary-data';

export interface CsvOptions {
  delimiter: string;
  encoding: string;
  enableBOM: boolean;
  relaxQuotes: boolean;
  headerRow: boolean;
  includeEmptyCells: boolean;
  maxRowCount: number;
  fromLine: number;
}

export interface SheetOptions {
  headerRow: boolean;
  includeEmptyCells: boolean;
  sheetName: string;
  range: string;
  rawData: boolean;
  readAsString: boolean;
}

/** Thrown with a message meant for a person; the node adds its name and the field. */
export class FileFormatError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

function dropEmpty(row: Record<string, unknown> | unknown[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).filter(([, v]) => v !== ''));
}

export function csvRows(bytes: Buffer, o: CsvOptions): JsonObject[] {
  let text = decodeText(bytes, o.encoding, false);
  // "Exclude Byte Order Mark": without it the BOM stays in the first header, as in n8n.
  if (o.enableBOM && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let records: (Record<string, unknown> | unknown[])[];
  try {
    records = parseCsv(text, {
      delimiter: o.delimiter || ',',
      columns: o.headerRow,
      relax_quotes: o.relaxQuotes,
      relax_column_count: true,
      from_line: o.fromLine > 0 ? o.fromLine : undefined,
      to: o.maxRowCount > -1 ? o.maxRowCount : undefined,
    }) as (Record<string, unknown> | unknown[])[];
  } catch (err) {
    if (err instanceof CsvError) throw new FileFormatError(`the file is not valid CSV: ${err.message}`, 'binaryPropertyName');
    throw err;
  }
  return records.map((r) => {
    const row = o.includeEmptyCells ? r : dropEmpty(r);
    // Without header row n8n 2.40.7 drops empty cells from the list by turning it into an object keyed by
    // position ({ "0": "a", "2": "c" }); with includeEmptyCells it stays a list.
    return o.headerRow ? (row as JsonObject) : { row };
  });
}

export async function sheetRows(bytes: Buffer, format: string, o: SheetOptions): Promise<JsonObject[]> {
  const XLSX = await import('@e965/xlsx');
  let workbook;
  try {
    workbook = o.readAsString ? XLSX.read(bytes.toString('binary'), { type: 'binary', raw: o.rawData }) : XLSX.read(bytes, { type: 'buffer', raw: o.rawData });
  } catch (err) {
    throw new FileFormatError(`the file could not be read as ${format.toUpperCase()}: ${(err as Error).message}`, 'binaryPropertyName');
  }
  if (workbook.SheetNames.length === 0) throw new FileFormatError('the spreadsheet has no sheets', 'binaryPropertyName');
  let sheetName = workbook.SheetNames[0];
  if (o.sheetName) {
    if (!workbook.SheetNames.includes(o.sheetName)) {
      throw new FileFormatError(`the spreadsheet has no sheet called "${o.sheetName}" (it has: ${workbook.SheetNames.join(', ')})`, 'sheetName');
    }
    sheetName = o.sheetName;
  }
  const opts: { range?: string | number; defval?: string; header?: 1 } = {};
  if (o.range.trim()) opts.range = Number.isNaN(Number(o.range)) ? o.range.trim() : parseInt(o.range, 10);
  if (o.includeEmptyCells) opts.defval = '';
  if (!o.headerRow) opts.header = 1;
  const rows = XLSX.utils.sheet_to_json(workbook.Sheets[sheetName], opts) as (JsonObject | unknown[])[];
  return rows.map((r) => (o.headerRow ? (r as JsonObject) : { row: r as unknown[] }));
}
