/**
 * The Google Docs node's operations on the Docs v1 REST API ({apiUrl}/v1/documents): create (then, for a folder
 * other than My Drive's root, a move through the Drive v3 API at driveApiUrl), get (the text, or the whole
 * document), update (one documents.batchUpdate call with the actions' requests, in order).
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

/** The document's text: every paragraph's text runs, table cells and tables of contents included, in order. */
export function documentText(doc: JsonObject): string {
  const out: string[] = [];
  const walk = (content: unknown): void => {
    if (!Array.isArray(content)) return;
    for (const el of content as JsonObject[]) {
      const para = el.paragraph as JsonObject | undefined;
      if (para && Array.isArray(para.elements)) {
        for (const pe of para.elements as JsonObject[]) {
          const run = pe.textRun as JsonObject | undefined;
          if (run && typeof run.content === 'string') out.push(run.content);
        }
      }
      const table = el.table as JsonObject | undefined;
      if (table && Array.isArray(table.tableRows)) for (const row of table.tableRows as JsonObject[]) for (const cell of (row.tableCells as JsonObject[] | undefined) ?? []) walk(cell.content);
      const toc = el.tableOfContents as JsonObject | undefined;
      if (toc) walk(toc.content);
    }
  };
  walk((doc.body as JsonObject | undefined)?.content);
  return out.join('');
}

function need(n: number | undefined, field: string, fail: Fail): number {
  if (n === undefined || !Number.isFinite(n)) throw fail(`${field} is empty or not a whole number`);
  return n;
}

const seg = (a: DocsAction): JsonObject => (a.segmentId.trim() ? { segmentId: a.segmentId.trim() } : {});

/** Where to insert: at an index, or at the end of the body / a header / footer (segmentId). */
function where(a: DocsAction, fail: Fail): JsonObject {
  if (a.locationChoice === 'location') return { location: { index: need(a.index, 'index', fail), ...seg(a) } };
  return { endOfSegmentLocation: seg(a) };
}

function range(a: DocsAction, fail: Fail): JsonObject {
  return { range: { startIndex: need(a.startIndex, 'startIndex', fail), endIndex: need(a.endIndex, 'endIndex', fail), ...seg(a) } };
}

function cellLocation(a: DocsAction, fail: Fail): JsonObject {
  return { tableCellLocation: { tableStartLocation: { index: need(a.tableStartIndex ?? a.index, 'tableStartIndex', fail), ...seg(a) }, rowIndex: need(a.rowIndex, 'rowIndex', fail), columnIndex: need(a.columnIndex, 'columnIndex', fail) } };
}

function namedRangeRef(a: DocsAction, fail: Fail): JsonObject {
  const ref = a.namedRangeReference;
  const value = (ref?.value ?? a.name).trim();
  if (!value) throw fail('namedRangeReference is empty (the named range\'s id or name)');
  return ref?.type === 'name' || (!ref && a.name.trim()) ? { name: value } : { namedRangeId: value };
}

/** One action as a Docs API request (https://developers.google.com/docs/api/reference/rest/v1/documents/request). */
export function requestOf(a: DocsAction, fail: Fail): JsonObject {
  const key = `${a.object}:${a.action}`;
  switch (key) {
    case 'text:insert':
      return { insertText: { text: a.text, ...where(a, fail) } };
    case 'text:replaceAll':
      if (a.text === '') throw fail('text (the text to find) is empty');
      return { replaceAllText: { replaceText: a.replaceText, containsText: { text: a.text, matchCase: a.matchCase } } };
    case 'contentRange:delete':
    case 'text:delete':
      return { deleteContentRange: range(a, fail) };
    case 'pageBreak:insert':
      return { insertPageBreak: where(a, fail) };
    case 'table:insert':
      return { insertTable: { rows: need(a.rows, 'rows', fail), columns: need(a.columns, 'columns', fail), ...where(a, fail) } };
    case 'tableColumn:insert':
      return { insertTableColumn: { ...cellLocation(a, fail), insertRight: a.insertRight } };
    case 'tableColumn:delete':
      return { deleteTableColumn: cellLocation(a, fail) };
    case 'tableRow:insert':
      return { insertTableRow: { ...cellLocation(a, fail), insertBelow: a.insertBelow } };
    case 'tableRow:delete':
      return { deleteTableRow: cellLocation(a, fail) };
    case 'namedRange:create':
      if (!a.name.trim()) throw fail('name is empty');
      return { createNamedRange: { name: a.name.trim(), ...range(a, fail) } };
    case 'namedRange:delete':
      return { deleteNamedRange: namedRangeRef(a, fail) };
    case 'paragraphBullets:create':
      return { createParagraphBullets: { bulletPreset: a.bulletPreset, ...range(a, fail) } };
    case 'paragraphBullets:delete':
      return { deleteParagraphBullets: range(a, fail) };
    case 'positionedObject:delete':
      if (!a.objectId.trim()) throw fail('objectId is empty');
      return { deletePositionedObject: { objectId: a.objectId.trim() } };
    case 'header:create':
      return { createHeader: { type: 'DEFAULT' } };
    case 'footer:create':
      return { createFooter: { type: 'DEFAULT' } };
    case 'header:delete':
      if (!a.headerId.trim()) throw fail('headerId is empty');
      return { deleteHeader: { headerId: a.headerId.trim() } };
    case 'footer:delete':
      if (!a.footerId.trim()) throw fail('footerId is empty');
      return { deleteFooter: { footerId: a.footerId.trim() } };
    default:
      throw fail(`"${a.action}" on "${a.object}" is not an action Google Docs has`);
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
    const doc = await call('title', 'POST', `${base}/v1/documents`, 'POST documents', { title: p.title });
    const folder = documentIdOf(p.folderId);
    if (folder && folder !== 'root' && typeof doc.documentId === 'string') {
      const drive = (p.driveApiUrl.trim() || DEFAULT_DRIVE_URL).replace(/\/+$/, '');
      const q = queryOf({ addParents: folder, removeParents: 'root', supportsAllDrives: true });
      await call('folderId', 'PATCH', `${drive}/drive/v3/files/${encodeURIComponent(doc.documentId)}${q}`, `PATCH files/${doc.documentId}`, {});
    }
    return out(doc);
  }
  const id = documentIdOf(p.documentURL);
  if (!id) throw fail('documentURL', `is empty; ${p.operation} needs the document id or URL`);
  const url = `${base}/v1/documents/${encodeURIComponent(id)}`;
  if (p.operation === 'get') {
    const doc = await call('documentURL', 'GET', url, `GET documents/${id}`);
    return out(p.simple ? { documentId: doc.documentId ?? id, content: documentText(doc) } : doc);
  }
  if (p.actions.length === 0) throw fail('actionsUi', 'has no actions; update needs at least one');
  const requests = p.actions.map((a, i) => requestOf(a, (problem) => fail('actionsUi', `action ${i + 1} (${a.object} ${a.action}): ${problem}`)));
  const body: JsonObject = { requests };
  if (p.writeControl && p.writeControl.value.trim()) {
    const control = p.writeControl.control === 'targetRevisionId' ? 'targetRevisionId' : 'requiredRevisionId';
    body.writeControl = { [control]: p.writeControl.value.trim() };
  }
  const res = await call('documentURL', 'POST', `${url}:batchUpdate`, `POST documents/${id}:batchUpdate`, body);
  return out(p.simple ? { documentId: res.documentId ?? id } : res);
}
