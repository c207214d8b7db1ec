/**
 * The Google Docs node's operations, as n8n's node does them: create through the Drive v3 API
 * ({driveApiUrl}/drive/v3/files, a Google Docs file in the folder; answers Drive's file: id, name, ...), get and
 * update on the Docs v1 API ({apiUrl}/v1/documents): get answers the body's paragraph text or the whole document,
 * update sends the actions' requests, in order, in one documents.batchUpdate call.
 */
import type { Item, JsonObject, NodeContext } from '../sdk';
import { fieldError } from '../per-item';
import { GoogleApiError, type GoogleAuth } from '../google/auth';
import { googleJson, queryOf } from '../google/http';
import { DEFAULT_DOCS_URL, DEFAULT_DRIVE_URL, type DocsAction, type GoogleDocsParams } from './params';

export interface DocsRun {
  ctx: NodeContext<GoogleDocsParams>;
  auth: GoogleAuth;
  fetchImpl: typeof fetch;
}

/** A document or folder id from an id or a Docs / Drive URL (…/document/d/<id>/edit, …/folders/<id>, ?id=<id>). */
export function documentIdOf(value: string): string {
  const v = value.trim();
  const m = /\/(?:d|folders)\/([A-Za-z0-9_-]+)/.exec(v) ?? /[?&]id=([A-Za-z0-9_-]+)/.exec(v);
  return m ? m[1] : v;
}

type Fail = (problem: string) => Error;

/** The document's text as n8n's simple get gives it: the text runs of the body's top-level paragraphs, in order. */
export function documentText(doc: JsonObject): string {
  const content = (doc.body as JsonObject | undefined)?.content;
  if (!Array.isArray(content)) return '';
  let out = '';
  for (const el of content as JsonObject[]) {
    const para = el?.paragraph as JsonObject | undefined;
    if (!para || !Array.isArray(para.elements)) continue;
    for (const pe of para.elements as JsonObject[]) {
      const run = pe?.textRun as JsonObject | undefined;
      if (run && typeof run.content === 'string') out += run.content;
    }
  }
  return out;
}

/** The segment: the body (no id), or a header / footer by its id. */
const seg = (a: DocsAction): JsonObject => (a.insertSegment !== 'body' && a.segmentId.trim() ? { segmentId: a.segmentId.trim() } : {});

/** Where to insert: at an index, or at the end of the segment. */
function where(a: DocsAction): JsonObject {
  return a.locationChoice === 'location' ? { location: { ...seg(a), index: a.index } } : { endOfSegmentLocation: seg(a) };
}

const range = (a: DocsAction): JsonObject => ({ range: { ...seg(a), startIndex: a.startIndex, endIndex: a.endIndex } });
const cell = (a: DocsAction): JsonObject => ({ tableCellLocation: { rowIndex: a.rowIndex, columnIndex: a.columnIndex, tableStartLocation: { ...seg(a), index: a.index } } });

function needText(v: string, field: string, fail: Fail): string {
  if (!v.trim()) throw fail(`${field} is empty`);
  return v.trim();
}

/** One action as a Docs API request (https://developers.google.com/docs/api/reference/rest/v1/documents/request). */
export function requestOf(a: DocsAction, fail: Fail): JsonObject {
  switch (`${a.object}:${a.action}`) {
    case 'text:insert':
      return { insertText: { text: a.text, ...where(a) } };
    case 'text:replaceAll':
      if (a.text === '') throw fail('text (the text to find) is empty');
      return { replaceAllText: { replaceText: a.replaceText, containsText: { text: a.text, matchCase: a.matchCase } } };
    case 'contentRange:delete':
      return { deleteContentRange: range(a) };
    case 'pageBreak:insert':
      return { insertPageBreak: where(a) };
    case 'table:insert':
      if (a.rows < 1 || a.columns < 1) throw fail(`a table needs at least one row and one column (rows ${a.rows}, columns ${a.columns})`);
      return { insertTable: { rows: a.rows, columns: a.columns, ...where(a) } };
    case 'tableColumn:insert':
      return { insertTableColumn: { insertRight: a.insertPosition, ...cell(a) } };
    case 'tableColumn:delete':
      return { deleteTableColumn: cell(a) };
    case 'tableRow:insert':
      return { insertTableRow: { insertBelow: a.insertPosition, ...cell(a) } };
    case 'tableRow:delete':
      return { deleteTableRow: cell(a) };
    case 'namedRange:create':
      return { createNamedRange: { name: needText(a.name, 'name', fail), ...range(a) } };
    case 'namedRange:delete':
      return { deleteNamedRange: { [a.namedRangeReference === 'name' ? 'name' : 'namedRangeId']: needText(a.value, 'value', fail) } };
    case 'paragraphBullets:create':
      return { createParagraphBullets: { bulletPreset: a.bulletPreset, ...range(a) } };
    case 'paragraphBullets:delete':
      return { deleteParagraphBullets: range(a) };
    case 'positionedObject:delete':
      return { deletePositionedObject: { objectId: needText(a.objectId, 'objectId', fail) } };
    case 'header:create':
      return { createHeader: { type: 'DEFAULT', sectionBreakLocation: seg(a) } };
    case 'footer:create':
      return { createFooter: { type: 'DEFAULT', sectionBreakLocation: seg(a) } };
    case 'header:delete':
      return { deleteHeader: { headerId: needText(a.headerId, 'headerId', fail) } };
    case 'footer:delete':
      return { deleteFooter: { footerId: needText(a.footerId, 'footerId', fail) } };
    default:
      throw fail(a.action ? `"${a.action}" on "${a.object}" is not an action Google Docs has` : 'has no action');
  }
}

export async function runDocs(run: DocsRun, p: GoogleDocsParams, itemIndex: number): Promise<Item[]> {
  const ctx = run.ctx as NodeContext<unknown>;
  const fail = (field: string, problem: string) => fieldError(ctx, field, itemIndex, problem);
  const base = (p.apiUrl.trim() || DEFAULT_DOCS_URL).replace(/\/+$/, '');
  const call = async (field: string, method: string, url: string, what: string, json?: unknown): Promise<JsonObject> => {
    try {
      return (await googleJson(run.auth, { method, url, json, what }, run.ctx.signal, run.fetchImpl)) as JsonObject;
    } catch (err) {
      if (err instanceof GoogleApiError) throw fail(field, `Google Docs ${err.message}`);
      throw err;
    }
  };
  const out = (json: JsonObject): Item[] => [{ json, pairedItem: { item: itemIndex } }];
  if (p.operation === 'create') {
    if (!p.title.trim()) throw fail('title', 'is empty; create needs the document title');
    const drive = (p.driveApiUrl.trim() || DEFAULT_DRIVE_URL).replace(/\/+$/, '');
    const folder = documentIdOf(p.folderId);
    const meta: JsonObject = { name: p.title, mimeType: 'application/vnd.google-apps.document' };
    if (folder && folder !== 'default' && folder !== 'root') meta.parents = [folder];
    return out(await call('title', 'POST', `${drive}/drive/v3/files${queryOf({ supportsAllDrives: true })}`, 'POST files', meta));
  }
  const id = documentIdOf(p.documentURL);
  if (!id) throw fail('documentURL', `is empty; ${p.operation} needs the document id or URL`);
  const url = `${base}/v1/documents/${encodeURIComponent(id)}`;
  if (p.operation === 'get') {
    const doc = await call('documentURL', 'GET', url, `GET documents/${id}`);
    return out(p.simple ? { documentId: id, content: documentText(doc) } : doc);
  }
  if (p.actions.length === 0) throw fail('actionsUi', 'has no actions; update needs at least one');
  const requests = p.actions.map((a, i) => requestOf(a, (problem) => fail('actionsUi', `action ${i + 1} (${a.object} ${a.action}): ${problem}`)));
  const body: JsonObject = { requests };
  if (p.writeControl && p.writeControl.value.trim()) {
    const control = p.writeControl.control === 'targetRevisionId' ? 'targetRevisionId' : 'requiredRevisionId';
    body.writeControl = { [control]: p.writeControl.value.trim() };
  }
  const res = await call('documentURL', 'POST', `${url}:batchUpdate`, `POST documents/${id}:batchUpdate`, body);
  if (!p.simple) return out({ ...res, documentId: id });
  // Simple: what the first request answered (e.g. replaceAllText's occurrencesChanged), and the document id.
  const first = Array.isArray(res.replies) && res.replies[0] && typeof res.replies[0] === 'object' ? (res.replies[0] as JsonObject) : {};
  const key = Object.keys(first)[0];
  const reply = key !== undefined && first[key] && typeof first[key] === 'object' ? (first[key] as JsonObject) : {};
  return out({ ...reply, documentId: id });
}
