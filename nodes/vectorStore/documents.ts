/**
 * Documents from input items, as n8n's Default Data Loader makes them: the text of the whole item (its JSON)
 * or of an expression, or of a text/JSON file in the item's binary data, with the metadata given per item.
 * Then split into chunks.
 */
import { NodeError, type Item, type JsonObject } from '../sdk';
import { bytesOf, decodeText } from '../binary-data';
import { splitText, splitTokens } from './splitter';

export interface Document {
  pageContent: string;
  metadata: JsonObject;
}

export interface LoaderParams {
  dataType: 'json' | 'binary';
  jsonMode: 'allInputData' | 'expressionData';
  jsonData?: unknown;
  binaryField?: string;
  metadata: Record<string, unknown>;
  splitter: 'recursiveCharacter' | 'token' | 'none';
  chunkSize: number;
  chunkOverlap: number;
}

const TEXT_MIME = /^(text\/|application\/(json|xml|x-ndjson|csv|markdown)|application\/[\w.+-]+\+(json|xml))/;

/** The text one item gives (its JSON, an expression's value, or a text file's content). */
export function itemText(item: Item, p: LoaderParams, nodeName: string, itemIndex: number): string {
  if (p.dataType === 'binary') {
    const key = p.binaryField || Object.keys(item.binary ?? {})[0];
    const bin = key ? item.binary?.[key] : undefined;
    if (!bin) throw new NodeError(`Node "${nodeName}", field "binaryField": item ${itemIndex} has no binary data${p.binaryField ? ` "${p.binaryField}"` : ''}`, { field: 'binaryField', itemIndex });
    if (!TEXT_MIME.test(bin.mimeType ?? '')) {
      throw new NodeError(`Node "${nodeName}": item ${itemIndex}'s file "${bin.fileName ?? key}" is ${bin.mimeType || 'of unknown type'}; only text and JSON files load (extract text from PDFs first with Extract from File)`, { field: 'dataType', itemIndex });
    }
    return decodeText(bytesOf(bin), 'utf8');
  }
  if (p.jsonMode === 'expressionData') {
    const v = p.jsonData;
    return typeof v === 'string' ? v : v === undefined || v === null ? '' : JSON.stringify(v);
  }
  return JSON.stringify(item.json);
}

/** One item's chunks, each with the item's metadata. */
export function itemDocuments(item: Item, p: LoaderParams, nodeName: string, itemIndex: number): Document[] {
  const text = itemText(item, p, nodeName, itemIndex);
  let chunks: string[];
  try {
    if (p.splitter === 'none') chunks = text.trim() ? [text] : [];
    else chunks = p.splitter === 'token' ? splitTokens(text, p.chunkSize, p.chunkOverlap) : splitText(text, p.chunkSize, p.chunkOverlap);
  } catch (err) {
    throw new NodeError(`Node "${nodeName}", field "chunkOverlap": ${(err as Error).message}`, { field: 'chunkOverlap', itemIndex });
  }
  return chunks.map((pageContent) => ({ pageContent, metadata: { ...p.metadata } as JsonObject }));
}
