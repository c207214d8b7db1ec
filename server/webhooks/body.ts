/**
 * Request bodies: read with a size limit, then parsed strictly by Content-Type. Nothing in a body can make
 * the server read its own disk: files only come from multipart parts or raw bytes of this request.
 */
import type { IncomingMessage } from 'node:http';
import busboy from 'busboy';
import type { BinaryData } from '../engine/types';

export class WebhookHttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const EMPTY = Buffer.alloc(0);

/** Reads the whole body; rejects with 413 as soon as it passes `limit` bytes (or announces more). */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    return Promise.reject(new WebhookHttpError(413, 'Payload Too Large'));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        chunks.length = 0;
        reject(new WebhookHttpError(413, 'Payload Too Large'));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      resolve(chunks.length === 0 ? EMPTY : chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
    });
    req.on('error', (err) => {
      if (done) return;
      done = true;
      reject(err);
    });
    // A client that goes away mid-body: settle instead of waiting forever.
    req.on('close', () => {
      if (done) return;
      done = true;
      reject(new WebhookHttpError(400, 'The request body was not received completely'));
    });
  });
}

export interface ParsedBody {
  body: unknown;
  binary?: Record<string, BinaryData>;
}

export interface ParseOptions {
  binaryPropertyName?: string;
  rawBody?: boolean;
  limit: number;
}

function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

function extensionOf(fileName: string | undefined): string | undefined {
  const m = fileName ? /\.([A-Za-z0-9]+)$/.exec(fileName) : null;
  return m ? m[1].toLowerCase() : undefined;
}

function toBinary(bytes: Buffer, mimeType: string, fileName?: string): BinaryData {
  const bin: BinaryData = { data: bytes.toString('base64'), mimeType, fileSize: bytes.length };
  if (fileName) {
    bin.fileName = fileName;
    const ext = extensionOf(fileName);
    if (ext) bin.fileExtension = ext;
  }
  return bin;
}

/** application/x-www-form-urlencoded and query strings: repeated keys become arrays. */
export function formToObject(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = Object.create(null);
  for (const [k, v] of params) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return { ...out };
}

export async function parseBody(contentType: string | undefined, raw: Buffer, opts: ParseOptions): Promise<ParsedBody> {
  const type = mediaType(contentType);
  const result = await parseByType(type, contentType, raw, opts);
  if (opts.rawBody && raw.length > 0 && type !== 'multipart/form-data') {
    result.binary = { ...(result.binary ?? {}), [opts.binaryPropertyName || 'data']: toBinary(raw, type || 'application/octet-stream') };
  }
  return result;
}

async function parseByType(type: string, contentType: string | undefined, raw: Buffer, opts: ParseOptions): Promise<ParsedBody> {
  if (raw.length === 0 && type !== 'multipart/form-data') return { body: {} };
  if (type === 'application/json' || type.endsWith('+json')) {
    try {
      return { body: JSON.parse(raw.toString('utf8')) };
    } catch {
      throw new WebhookHttpError(400, 'The body is not valid JSON');
    }
  }
  if (type === 'application/x-www-form-urlencoded') {
    return { body: formToObject(new URLSearchParams(raw.toString('utf8'))) };
  }
  if (type === 'multipart/form-data') return parseMultipart(contentType!, raw, opts);
  if (type.startsWith('text/') || type === 'application/xml') {
    return { body: raw.toString('utf8') };
  }
  // Anything else (or no Content-Type): the bytes, untouched, as binary data.
  const name = opts.binaryPropertyName || 'data';
  return { body: {}, binary: { [name]: toBinary(raw, type || 'application/octet-stream') } };
}

function parseMultipart(contentType: string, raw: Buffer, opts: ParseOptions): Promise<ParsedBody> {
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({
        headers: { 'content-type': contentType },
        limits: { fileSize: opts.limit, files: 100, fields: 1000, parts: 1100 },
      });
    } catch {
      reject(new WebhookHttpError(400, 'The multipart body has no boundary'));
      return;
    }
    const fields: Record<string, string | string[]> = {};
    const binary: Record<string, BinaryData> = {};
    let fileIndex = 0;
    const pending: Promise<void>[] = [];
    bb.on('field', (name, value) => {
      const prev = fields[name];
      fields[name] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
    });
    bb.on('file', (field, stream, info) => {
      const index = fileIndex++;
      pending.push(
        new Promise<void>((done, fail) => {
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('error', fail);
          stream.on('end', () => {
            let key = opts.binaryPropertyName ? `${opts.binaryPropertyName}${index}` : field || `file${index}`;
            if (binary[key]) key = `${key}${index}`;
            binary[key] = toBinary(Buffer.concat(chunks), info.mimeType || 'application/octet-stream', info.filename);
            done();
          });
        }),
      );
    });
    bb.on('error', () => reject(new WebhookHttpError(400, 'The multipart body is malformed')));
    bb.on('close', () => {
      Promise.all(pending).then(
        () => resolve(Object.keys(binary).length ? { body: { ...fields }, binary } : { body: { ...fields } }),
        () => reject(new WebhookHttpError(400, 'The multipart body is malformed')),
      );
    });
    bb.end(raw);
  });
}
