/** Extract From File and Convert to File: n8n's options (iCal: additionalFields) flattened into the Weft node's params. */
import type { Mapper } from './types';
import { arr, bool, obj, str, type Params } from './util';

const EXTRACT_OPERATIONS = ['csv', 'html', 'xlsx', 'xls', 'ods', 'rtf', 'fromJson', 'text', 'binaryToPropery', 'pdf'];
const EXTRACT_OPTIONS = [
  'delimiter', 'encoding', 'enableBOM', 'relaxQuotes', 'maxRowCount', 'fromLine', 'headerRow', 'includeEmptyCells',
  'sheetName', 'range', 'rawData', 'readAsString', 'stripBOM', 'keepSource', 'joinPages', 'maxPages', 'password',
];
const CONVERT_OPERATIONS = ['csv', 'html', 'rtf', 'xls', 'xlsx', 'ods', 'toJson', 'toText', 'toBinary', 'iCal'];
const ICAL_FIELDS = ['description', 'location', 'url', 'uid', 'status', 'busyStatus', 'calName', 'recurrenceRule', 'sequence', 'fileName'];

/** n8n's iCal event: title, start, end, allDay and the additionalFields collection (organizer, attendees, geo). */
function icalParams(p: Params, params: Params, warn: (m: string) => void): void {
  for (const key of ['title', 'start', 'end']) if (p[key] !== undefined) params[key] = p[key];
  if (p.allDay !== undefined) params.allDay = p.allDay;
  const extra = { ...obj(p.additionalFields) };
  const organizer = obj(obj(extra.organizerUi).organizerValues);
  if (Object.keys(organizer).length) Object.assign(params, { organizerName: str(organizer.name), organizerEmail: str(organizer.email) });
  const geo = obj(obj(extra.geolocationUi).geolocationValues);
  if (Object.keys(geo).length) Object.assign(params, { geoLat: str(geo.lat), geoLon: str(geo.lon) });
  const attendees = arr<Params>(obj(extra.attendeesUi).attendeeValues).map((a) => ({ name: str(a.name), email: str(a.email), rsvp: bool(a.rsvp, false) }));
  if (attendees.length) params.attendees = attendees;
  delete extra.organizerUi;
  delete extra.geolocationUi;
  delete extra.attendeesUi;
  copyOptions(extra, ICAL_FIELDS, params, warn);
}
const CONVERT_OPTIONS = ['fileName', 'mimeType', 'encoding', 'addBOM', 'format', 'dataIsBase64', 'headerRow', 'delimiter', 'sheetName', 'compression'];

/** Copies the options Weft knows (values and expressions as they are) and warns about the others. */
function copyOptions(options: Params, known: string[], target: Params, warn: (m: string) => void): void {
  for (const [key, value] of Object.entries(options)) {
    if (known.includes(key)) target[key] = value;
    else warn(`option "${key}" is not supported and was left out`);
  }
}

export const extractFromFile: Mapper = ({ params: p, warn }) => {
  const operation = str(p.operation, 'csv');
  if (!EXTRACT_OPERATIONS.includes(operation)) return { unsupported: `Extract From File operation "${operation}" is not supported (supported: ${EXTRACT_OPERATIONS.join(', ')})` };
  const params: Params = { operation, binaryPropertyName: str(p.binaryPropertyName, 'data') };
  if (p.destinationKey !== undefined) params.destinationKey = str(p.destinationKey, 'data');
  copyOptions(obj(p.options), EXTRACT_OPTIONS, params, warn);
  return { type: 'extractFromFile', params };
};

export const convertToFile: Mapper = ({ params: p, version, warn }) => {
  const operation = str(p.operation, 'csv');
  if (!CONVERT_OPERATIONS.includes(operation)) return { unsupported: `Convert to File operation "${operation}" is not supported (supported: ${CONVERT_OPERATIONS.join(', ')})` };
  const params: Params = { operation, binaryPropertyName: str(p.binaryPropertyName, 'data') };
  if (p.sourceProperty !== undefined) params.sourceProperty = str(p.sourceProperty);
  if (operation === 'iCal') {
    icalParams(p, params, warn);
    return { type: 'convertToFile', params };
  }
  if (operation === 'toJson') params.mode = str(p.mode, 'once') === 'each' ? 'each' : 'once';
  const options = { ...obj(p.options) };
  // Convert to File 1.1 always reads the field as base64 (checked on n8n 2.40.7), whatever v1's option says.
  if (version >= 1.1) delete options.dataIsBase64;
  copyOptions(options, CONVERT_OPTIONS, params, warn);
  return { type: 'convertToFile', params };
};

const SHEET_FORMATS = ['csv', 'html', 'ods', 'rtf', 'xls', 'xlsx'];

/** n8n's Spreadsheet File v2 "autodetect": text/csv files go through the CSV parser, all others the spreadsheet reader. */
function detectedOperation(binaryPropertyName: string): string | null {
  const name = binaryPropertyName.startsWith('=') && !binaryPropertyName.includes('{{') ? binaryPropertyName.slice(1) : binaryPropertyName;
  if (name.startsWith('=')) return null;
  return `={{ $binary[${JSON.stringify(name)}]?.mimeType === "text/csv" ? "csv" : "xlsx" }}`;
}

/**
 * Spreadsheet File (v1, v2; n8n's predecessor of Extract From File / Convert to File): fromFile becomes Extract
 * From File, toFile Convert to File, with the same option names. As n8n 2.40.7 does (checked with it): v1 reads
 * every file with the spreadsheet reader (CSV numbers become numbers), which is the xlsx operation; v2's
 * "autodetect" reads a file whose MIME type is text/csv as CSV (text values) and any other with the spreadsheet
 * reader, which becomes an operation expression on the file's MIME type. Exported back, they stay Extract From
 * File / Convert to File.
 */
export const spreadsheetFile: Mapper = ({ params: p, version, warn }) => {
  const operation = str(p.operation, 'fromFile');
  const options = { ...obj(p.options) };
  const binaryPropertyName = str(p.binaryPropertyName, 'data');
  if (operation === 'toFile') {
    const format = str(p.fileFormat, 'xls');
    if (!SHEET_FORMATS.includes(format)) return { unsupported: `Spreadsheet File format "${format}" is not supported (supported: ${SHEET_FORMATS.join(', ')})` };
    warn(`Spreadsheet File (write ${format}) is imported as Convert to File and exports as Convert to File`);
    // Spreadsheet File names its file spreadsheet.<format>; Convert to File's default name differs.
    const params: Params = { operation: format, binaryPropertyName, fileName: `spreadsheet.${format}` };
    copyOptions(options, CONVERT_OPTIONS, params, warn);
    return { type: 'convertToFile', params };
  }
  if (operation !== 'fromFile') return { unsupported: `Spreadsheet File operation "${operation}" is not supported (supported: fromFile, toFile)` };
  const asked = version >= 2 ? str(p.fileFormat, 'autodetect') : 'xlsx';
  if (asked !== 'autodetect' && !SHEET_FORMATS.includes(asked)) return { unsupported: `Spreadsheet File format "${asked}" is not supported (supported: autodetect, ${SHEET_FORMATS.join(', ')})` };
  let format = asked;
  if (asked === 'autodetect') {
    const detected = detectedOperation(binaryPropertyName);
    if (detected) format = detected;
    else {
      format = 'xlsx';
      warn('Spreadsheet File "autodetect" with an expression as the binary property reads every file with the spreadsheet reader (n8n reads text/csv files as CSV)');
    }
  }
  warn(
    version >= 2
      ? `Spreadsheet File v2 (read${asked === 'autodetect' ? ', format detected by MIME type' : ` ${asked}`}) is imported as Extract From File and exports as Extract From File`
      : 'Spreadsheet File v1 (read) is imported as Extract From File reading with the spreadsheet reader (xlsx, which also reads CSV, XLS, ODS, HTML and RTF) and exports as Extract From File',
  );
  const params: Params = { operation: format, binaryPropertyName };
  copyOptions(options, EXTRACT_OPTIONS, params, warn);
  return { type: 'extractFromFile', params };
};

/**
 * Read/Write Files from Disk (readWriteFile 1) and the older Read Binary File(s) / Write Binary File, onto
 * Weft's readWriteFile, which only reaches WEFT_FILES_DIR (warned: n8n's paths usually point elsewhere).
 */
export const readWriteFile: Mapper = ({ node, params: p, warn }) => {
  const options = obj(p.options);
  const out: Params = {};
  const type = node.type.replace('n8n-nodes-base.', '');
  let params: Params;
  if (type === 'readBinaryFile' || type === 'readBinaryFiles') {
    params = { operation: 'read', fileSelector: str(type === 'readBinaryFile' ? p.filePath : p.fileSelector) };
    if (p.dataPropertyName !== undefined) out.dataPropertyName = str(p.dataPropertyName);
  } else if (type === 'writeBinaryFile') {
    params = { operation: 'write', fileName: str(p.fileName), dataPropertyName: str(p.dataPropertyName, 'data') };
    if (options.append !== undefined) out.append = options.append === true;
  } else {
    const op = str(p.operation, 'read');
    if (op !== 'read' && op !== 'write') return { unsupported: `Read/Write Files operation "${op}" is not supported` };
    params = op === 'read' ? { operation: 'read', fileSelector: str(p.fileSelector) } : { operation: 'write', fileName: str(p.fileName), dataPropertyName: str(p.dataPropertyName, 'data') };
    for (const k of ['fileExtension', 'fileName', 'mimeType', 'dataPropertyName', 'append']) if (options[k] !== undefined) out[k] = options[k];
  }
  warn('Weft reads and writes files only inside WEFT_FILES_DIR (default .weft/files); check the paths');
  return { type: 'readWriteFile', params: { ...params, options: out } };
};
