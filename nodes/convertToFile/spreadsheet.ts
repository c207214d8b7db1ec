/**
 * Items to one CSV / HTML table / RTF / XLS / XLSX / ODS file with @e965/xlsx (SheetJS CE, the library n8n
 * uses). Each item's json is flattened first, as n8n does: nested keys become `a.b`, list elements `list.0`.
 */
import type { JsonObject } from '../sdk';

export const sheetFormats = ['csv', 'html', 'rtf', 'xls', 'xlsx', 'ods'] as const;
export type SheetFormat = (typeof sheetFormats)[number];

export function flattenJson(data: JsonObject, prefix = '', out: JsonObject = {}): JsonObject {
  for (const [key, value] of Object.entries(data)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === 'object') flattenJson(value as JsonObject, name, out);
    else if (value !== undefined) out[name] = value;
  }
  return out;
}

export async function writeSheet(rows: JsonObject[], format: SheetFormat, o: { headerRow: boolean; delimiter: string; sheetName: string; compression: boolean }): Promise<Buffer> {
  const XLSX = await import('@e965/xlsx');
  const sheet = XLSX.utils.json_to_sheet(rows.map((r) => flattenJson(r)), o.headerRow ? undefined : { skipHeader: true });
  const sheetName = o.sheetName || 'Sheet';
  const workbook = { SheetNames: [sheetName], Sheets: { [sheetName]: sheet } };
  const options: { bookType: SheetFormat; bookSST: boolean; type: 'buffer'; FS?: string; compression?: boolean } = { bookType: format, bookSST: false, type: 'buffer' };
  if (format === 'csv' && o.delimiter) options.FS = o.delimiter;
  if ((format === 'xlsx' || format === 'ods') && o.compression) options.compression = true;
  return XLSX.write(workbook, options) as Buffer;
}
