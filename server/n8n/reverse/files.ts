/** Extract From File and Convert to File back to n8n: the options that apply to the operation, when not default. */
import { arr, obj, setIf, str, type Params, type ReverseMapper } from './types';

const BASE = 'n8n-nodes-base.';

/** Weft's defaults of the flattened options (the same as n8n's, except encoding '' = UTF-8). */
const EXTRACT_DEFAULTS: Params = {
  delimiter: ',', encoding: '', enableBOM: false, relaxQuotes: false, maxRowCount: -1, fromLine: 0, headerRow: true,
  includeEmptyCells: false, sheetName: '', range: '', rawData: false, readAsString: false, stripBOM: true, keepSource: '',
  joinPages: true, maxPages: 0, password: '',
};
const SHEET_READ = ['headerRow', 'includeEmptyCells', 'sheetName', 'range', 'rawData', 'readAsString'];
const EXTRACT_OPTIONS_BY_OPERATION: Record<string, string[]> = {
  csv: ['delimiter', 'encoding', 'enableBOM', 'relaxQuotes', 'maxRowCount', 'fromLine', 'headerRow', 'includeEmptyCells'],
  html: SHEET_READ, xlsx: SHEET_READ, xls: SHEET_READ, ods: SHEET_READ, rtf: SHEET_READ,
  fromJson: ['encoding', 'stripBOM', 'keepSource'], text: ['encoding', 'stripBOM', 'keepSource'], binaryToPropery: ['keepSource'],
  pdf: ['password', 'joinPages', 'maxPages', 'keepSource'],
};

const CONVERT_DEFAULTS: Params = {
  fileName: '', mimeType: '', encoding: '', addBOM: false, format: false, dataIsBase64: true, headerRow: true, delimiter: ',',
  sheetName: 'Sheet', compression: false,
};
const CONVERT_OPTIONS_BY_OPERATION: Record<string, string[]> = {
  csv: ['fileName', 'headerRow', 'delimiter'], html: ['fileName', 'headerRow'], rtf: ['fileName', 'headerRow'],
  xls: ['fileName', 'headerRow', 'sheetName'], xlsx: ['fileName', 'headerRow', 'sheetName', 'compression'], ods: ['fileName', 'headerRow', 'sheetName', 'compression'],
  toJson: ['fileName', 'encoding', 'addBOM', 'format'], toText: ['fileName', 'encoding', 'addBOM'],
  toBinary: ['fileName', 'mimeType', 'encoding', 'addBOM', 'dataIsBase64'],
};

function options(p: Params, keys: string[], defaults: Params): Params {
  const out: Params = {};
  for (const key of keys) setIf(out, key, p[key], defaults[key]);
  return out;
}

export const extractFromFile: ReverseMapper = ({ params: p }) => {
  const operation = str(p.operation, 'csv');
  const parameters: Params = {};
  setIf(parameters, 'operation', operation, 'csv');
  setIf(parameters, 'binaryPropertyName', str(p.binaryPropertyName, 'data'), 'data');
  if (['fromJson', 'text', 'binaryToPropery'].includes(operation)) setIf(parameters, 'destinationKey', str(p.destinationKey, 'data'), 'data');
  // An operation chosen by expression (Spreadsheet File's autodetect) keeps every option that is set.
  const keys = EXTRACT_OPTIONS_BY_OPERATION[operation] ?? (operation.startsWith('=') ? Object.keys(EXTRACT_DEFAULTS) : []);
  parameters.options = options(p, keys, EXTRACT_DEFAULTS);
  return { type: BASE + 'extractFromFile', typeVersion: 1, parameters };
};

const ICAL_DEFAULTS: Params = { description: '', location: '', url: '', uid: '', status: '', busyStatus: '', calName: '', recurrenceRule: '', sequence: 0, fileName: '' };

/** n8n's iCal: title, start, end, allDay, binaryPropertyName and the additionalFields collection. */
function icalParameters(p: Params): Params {
  const parameters: Params = { operation: 'iCal', title: str(p.title), start: str(p.start), end: str(p.end) };
  setIf(parameters, 'allDay', p.allDay, false);
  setIf(parameters, 'binaryPropertyName', str(p.binaryPropertyName, 'data'), 'data');
  const fields = options(p, Object.keys(ICAL_DEFAULTS), ICAL_DEFAULTS);
  if (str(p.organizerName) || str(p.organizerEmail)) fields.organizerUi = { organizerValues: { name: str(p.organizerName), email: str(p.organizerEmail) } };
  if (str(p.geoLat) || str(p.geoLon)) fields.geolocationUi = { geolocationValues: { lat: str(p.geoLat), lon: str(p.geoLon) } };
  const attendees = arr<Params>(p.attendees);
  if (attendees.length) fields.attendeesUi = { attendeeValues: attendees.map((a) => ({ name: str(a.name), email: str(a.email), rsvp: a.rsvp === true })) };
  parameters.additionalFields = fields;
  return parameters;
}

export const convertToFile: ReverseMapper = ({ params: p }) => {
  const operation = str(p.operation, 'csv');
  if (operation === 'iCal') return { type: BASE + 'convertToFile', typeVersion: 1.1, parameters: icalParameters(p) };
  const parameters: Params = {};
  setIf(parameters, 'operation', operation, 'csv');
  if (operation === 'toJson') setIf(parameters, 'mode', str(p.mode, 'once'), 'once');
  if (operation === 'toText' || operation === 'toBinary') parameters.sourceProperty = str(p.sourceProperty);
  setIf(parameters, 'binaryPropertyName', str(p.binaryPropertyName, 'data'), 'data');
  parameters.options = options(p, CONVERT_OPTIONS_BY_OPERATION[operation] ?? [], CONVERT_DEFAULTS);
  // Only Convert to File v1 honours dataIsBase64 off (1.1 always decodes base64, n8n 2.40.7).
  const typeVersion = operation === 'toBinary' && p.dataIsBase64 === false ? 1 : 1.1;
  return { type: BASE + 'convertToFile', typeVersion, parameters };
};

/** readWriteFile -> n8n's Read/Write Files from Disk 1. */
export const readWriteFile: ReverseMapper = ({ params: p }) => {
  const options = { ...obj(p.options) };
  const parameters: Params =
    str(p.operation, 'read') === 'write'
      ? { operation: 'write', fileName: str(p.fileName), ...(str(p.dataPropertyName, 'data') !== 'data' ? { dataPropertyName: str(p.dataPropertyName) } : {}), options }
      : { fileSelector: str(p.fileSelector), options };
  return { type: 'n8n-nodes-base.readWriteFile', typeVersion: 1, parameters };
};
