/**
 * Binary data helpers shared by the file nodes (Extract From File, Convert to File).
 * Weft keeps a file on an item as base64 in item.binary[name] (server/engine/types.ts BinaryData), as
 * n8n does in its default mode. These helpers read such a file into bytes, build one from bytes with the
 * MIME type, extension and size filled in the way n8n fills them, and convert text in n8n's encodings
 * (iconv-lite names: utf8, latin1, win1252, utf16le, ...).
 */
import iconv from 'iconv-lite';
import { NodeError, type BinaryData, type Item } from './sdk';

const MIME_BY_EXTENSION: Record<string, string> = {
  txt: 'text/plain',
  csv: 'text/csv',
  html: 'text/html',
  htm: 'text/html',
  json: 'application/json',
  xml: 'application/xml',
  md: 'text/markdown',
  ics: 'text/calendar',
  rtf: 'application/rtf',
  pdf: 'application/pdf',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  zip: 'application/zip',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  svg: 'image/svg+xml',
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
  ogg: 'audio/ogg',
  mp4: 'video/mp4',
};

const EXTENSION_BY_MIME: Record<string, string> = {
  ...Object.fromEntries(Object.entries(MIME_BY_EXTENSION).map(([ext, mime]) => [mime, ext])),
  'text/html': 'html',
  'image/jpeg': 'jpg',
  'audio/x-wav': 'wav',
};

/** File signatures for the types a base64 string most often holds (images from AI APIs, PDFs, audio). */
const SIGNATURES: { mime: string; test: (b: Buffer) => boolean }[] = [
  { mime: 'image/png', test: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { mime: 'image/jpeg', test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { mime: 'image/gif', test: (b) => b.subarray(0, 4).toString('latin1') === 'GIF8' },
  { mime: 'image/webp', test: (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP' },
  { mime: 'audio/wav', test: (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WAVE' },
  { mime: 'application/pdf', test: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-' },
  { mime: 'audio/mpeg', test: (b) => b.subarray(0, 3).toString('latin1') === 'ID3' || (b[0] === 0xff && (b[1] & 0xe0) === 0xe0) },
  { mime: 'audio/ogg', test: (b) => b.subarray(0, 4).toString('latin1') === 'OggS' },
  { mime: 'video/mp4', test: (b) => b.subarray(4, 8).toString('latin1') === 'ftyp' },
  { mime: 'application/zip', test: (b) => b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04 },
];

export function extensionOf(fileName: string | undefined): string | undefined {
  const m = /\.([A-Za-z0-9]+)$/.exec(fileName ?? '');
  return m ? m[1].toLowerCase() : undefined;
}

export function mimeFromFileName(fileName: string | undefined): string | undefined {
  const ext = extensionOf(fileName);
  return ext ? MIME_BY_EXTENSION[ext] : undefined;
}

export function sniffMime(bytes: Buffer): string | undefined {
  return SIGNATURES.find((s) => s.test(bytes))?.mime;
}

/**
 * A BinaryData from bytes. MIME type: the given one, else from the file name's extension, else from the
 * bytes' signature, else text/plain (n8n's order). Without a file name the file is called `file.<ext>`
 * (checked against n8n 2.40.7).
 */
export function makeBinary(bytes: Buffer, opts: { fileName?: string; mimeType?: string } = {}): BinaryData {
  const known = opts.mimeType || mimeFromFileName(opts.fileName) || sniffMime(bytes);
  const mimeType = known || 'text/plain';
  // n8n gives the text/plain fallback no extension (file name `file`).
  const fileExtension = extensionOf(opts.fileName) ?? (known ? EXTENSION_BY_MIME[known.split(';')[0].trim()] : undefined);
  const fileName = opts.fileName || `file${fileExtension ? `.${fileExtension}` : ''}`;
  const bin: BinaryData = { data: bytes.toString('base64'), mimeType, fileName, fileSize: bytes.length };
  if (fileExtension) bin.fileExtension = fileExtension;
  return bin;
}

/** The item's binary property or an error that names the node, the field and the properties the item has. */
export function requireBinary(item: Item, property: string, nodeName: string, field: string, itemIndex: number): BinaryData {
  const bin = item.binary?.[property];
  if (bin && typeof bin.data === 'string') return bin;
  const have = Object.keys(item.binary ?? {});
  throw new NodeError(
    `Node "${nodeName}", field "${field}" (item ${itemIndex}): the item has no binary property "${property}"${have.length ? ` (it has: ${have.join(', ')})` : ' (it has no binary data)'}`,
    { field, itemIndex, description: 'Set the field to the name of the binary property that holds the file.' },
  );
}

export const bytesOf = (bin: BinaryData): Buffer => Buffer.from(bin.data, 'base64');

/** n8n writes some encodings with a dash (utf-8, ucs-2); iconv-lite knows both spellings. */
export function checkEncoding(encoding: string, nodeName: string, field: string, itemIndex: number): string {
  const enc = encoding.trim() || 'utf8';
  if (!iconv.encodingExists(enc)) {
    throw new NodeError(`Node "${nodeName}", field "${field}" (item ${itemIndex}): unknown encoding "${enc}" (use e.g. utf8, latin1, win1252, utf16le)`, { field, itemIndex });
  }
  return enc;
}

export function decodeText(bytes: Buffer, encoding: string, stripBOM = true): string {
  return iconv.decode(bytes, encoding, { stripBOM });
}

export function encodeText(text: string, encoding: string, addBOM = false): Buffer {
  return iconv.encode(text, encoding, { addBOM });
}
