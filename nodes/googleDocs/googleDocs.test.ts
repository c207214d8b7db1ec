/**
 * Google Docs node against a fake Docs v1 / Drive v3 API on 127.0.0.1: create (a Google Docs file made through
 * Drive, in a folder), get as text (the body's paragraphs, as n8n) or the whole document, update's actions as
 * one batchUpdate in order with n8n's field defaults (insert at the end or at an index, replace all, tables,
 * named ranges, bullets, headers, a header segment), the simple answer (first reply + documentId) and the full
 * one, the write control, the OAuth2 and service account credentials, errors naming node and field without the
 * token.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { runNode } from '../../server/engine/testing/node-context';
import { startFakeApi, type FakeApi } from '../../server/testing/fake-api';
import { clearTokenCache } from '../google/auth';
import type { NodeOutput } from '../sdk';
import { googleDocsNode } from './index';
import { documentIdOf } from './operations';

type Body = { requests?: Record<string, unknown>[]; title?: string; writeControl?: unknown };
let api: FakeApi<Body>;

const DOC = {
  documentId: 'doc-1',
  title: 'Notes',
  revisionId: 'rev-9',
  body: {
    content: [
      { sectionBreak: {} },
      { paragraph: { elements: [{ textRun: { content: 'Hello ' } }, { textRun: { content: 'world\n' } }] } },
      { table: { tableRows: [{ tableCells: [{ content: [{ paragraph: { elements: [{ textRun: { content: 'cell A\n' } }] } }] }] }] } },
      { paragraph: { elements: [{ inlineObjectElement: { inlineObjectId: 'img' } }, { textRun: { content: 'End\n' } }] } },
    ],
  },
};

beforeAll(async () => {
  api = await startFakeApi<Body>({
    'POST /token': () => ({ body: { access_token: 'sa-token', expires_in: 3600 } }),
    'POST /drive/v3/files': (r) => ({ body: { kind: 'drive#file', id: 'new-doc', name: (r.body as { name?: string })?.name, mimeType: 'application/vnd.google-apps.document' } }),
    'GET /v1/documents/doc-1': () => ({ body: DOC }),
    'GET /v1/documents/:id': (r) => ({ status: 404, body: { error: { code: 404, message: `Requested entity was not found: ${r.params.id}` } } }),
    'POST /v1/documents/:op': (r) => ({
      body: { documentId: r.params.op.split(':')[0], replies: (r.body?.requests ?? []).map((q) => ('replaceAllText' in q ? { replaceAllText: { occurrencesChanged: 2 } } : {})), writeControl: { requiredRevisionId: 'rev-10' } },
    }),
  });
});
afterAll(() => api.close());
beforeEach(() => {
  api.reset();
  clearTokenCache();
});

const run = (params: Record<string, unknown>, items: Record<string, unknown>[] = [{}]) =>
  runNode(googleDocsNode, { params: { apiUrl: api.url, driveApiUrl: api.url, ...params }, items, credentials: { googleDocsOAuth2Api: { accessToken: 'ya29.docs-secret' } }, node: { name: 'Docs' } });
const jsonOf = (out: NodeOutput) => (out.main ?? []).map((i) => i.json as Record<string, unknown>);
async function failure(promise: Promise<unknown>): Promise<Error> {
  const err = await promise.then(() => undefined, (e: unknown) => e as Error);
  expect(err, 'the node should fail').toBeInstanceOf(Error);
  return err!;
}

describe('googleDocs node', () => {
  it('reads ids from URLs', () => {
    expect(documentIdOf('https://docs.google.com/document/d/1AbC_d-9/edit?tab=t.0')).toBe('1AbC_d-9');
    expect(documentIdOf(' doc-1 ')).toBe('doc-1');
  });

  it('creates a Google Docs file through Drive with the OAuth2 token, in a folder', async () => {
    const out = await run({ operation: 'create', title: '={{ $json.t }}', folderId: 'https://drive.google.com/drive/folders/fold-3' }, [{ t: 'Report' }]);
    expect(jsonOf(out)).toEqual([{ kind: 'drive#file', id: 'new-doc', name: 'Report', mimeType: 'application/vnd.google-apps.document' }]);
    expect(api.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /drive/v3/files']);
    expect(api.requests[0].body).toEqual({ name: 'Report', mimeType: 'application/vnd.google-apps.document', parents: ['fold-3'] });
    expect(api.requests[0].query).toEqual({ supportsAllDrives: 'true' });
    expect(api.requests[0].headers.authorization).toBe('Bearer ya29.docs-secret');
  });

  it('creates in My Drive when the folder is n8n\'s "default" or empty', async () => {
    await run({ operation: 'create', title: 'T', folderId: 'default' });
    await run({ operation: 'create', title: 'T' });
    expect(api.requests.map((r) => r.body)).toEqual([
      { name: 'T', mimeType: 'application/vnd.google-apps.document' },
      { name: 'T', mimeType: 'application/vnd.google-apps.document' },
    ]);
  });

  it('gets the text (simple) or the whole document', async () => {
    expect(jsonOf(await run({ operation: 'get', documentURL: 'https://docs.google.com/document/d/doc-1/edit' }))).toEqual([{ documentId: 'doc-1', content: 'Hello world\nEnd\n' }]);
    expect(jsonOf(await run({ operation: 'get', documentURL: 'doc-1', simple: false }))).toEqual([DOC]);
  });

  it('sends the update actions as one batchUpdate, in order, answering { documentId }', async () => {
    const actions = [
      { action: 'insert', text: '={{ $json.line }}' },
      { object: 'text', action: 'insert', text: 'Top', locationChoice: 'location', index: '1' },
      { object: 'text', action: 'insert', text: 'Head', insertSegment: 'header', segmentId: 'kix.h1' },
      { object: 'text', action: 'insert', text: 'Ignored segment', segmentId: 'kix.h1' },
      { object: 'contentRange', action: 'delete', startIndex: 5, endIndex: 9 },
      { object: 'pageBreak', action: 'insert', locationChoice: 'location' },
      { object: 'table', action: 'insert', rows: 2, columns: 3, locationChoice: 'location', index: 4 },
      { object: 'tableRow', action: 'insert', index: 4, columnIndex: 1 },
      { object: 'tableColumn', action: 'insert', index: 4, insertPosition: false },
      { object: 'tableColumn', action: 'delete', index: 4, rowIndex: 0, columnIndex: 2 },
      { object: 'namedRange', action: 'create', name: 'intro', startIndex: 1, endIndex: 3 },
      { object: 'namedRange', action: 'delete', namedRangeReference: 'name', value: 'intro' },
      { object: 'namedRange', action: 'delete', value: 'kix.nr' },
      { object: 'paragraphBullets', action: 'create', startIndex: 1, endIndex: 20 },
      { object: 'positionedObject', action: 'delete', objectId: 'kix.1' },
      { object: 'header', action: 'create' },
      { object: 'footer', action: 'delete', footerId: 'kix.f' },
    ];
    const out = await run({ operation: 'update', documentURL: 'doc-1', actions }, [{ line: 'Memory: milk' }]);
    expect(jsonOf(out)).toEqual([{ documentId: 'doc-1' }]);
    expect(api.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /v1/documents/doc-1:batchUpdate']);
    expect(api.requests[0].body).toEqual({
      requests: [
        { insertText: { text: 'Memory: milk', endOfSegmentLocation: {} } },
        { insertText: { text: 'Top', location: { index: 1 } } },
        { insertText: { text: 'Head', endOfSegmentLocation: { segmentId: 'kix.h1' } } },
        { insertText: { text: 'Ignored segment', endOfSegmentLocation: {} } },
        { deleteContentRange: { range: { startIndex: 5, endIndex: 9 } } },
        { insertPageBreak: { location: { index: 1 } } },
        { insertTable: { rows: 2, columns: 3, location: { index: 4 } } },
        { insertTableRow: { insertBelow: true, tableCellLocation: { rowIndex: 0, columnIndex: 1, tableStartLocation: { index: 4 } } } },
        { insertTableColumn: { insertRight: false, tableCellLocation: { rowIndex: 0, columnIndex: 0, tableStartLocation: { index: 4 } } } },
        { deleteTableColumn: { tableCellLocation: { rowIndex: 0, columnIndex: 2, tableStartLocation: { index: 4 } } } },
        { createNamedRange: { name: 'intro', range: { startIndex: 1, endIndex: 3 } } },
        { deleteNamedRange: { name: 'intro' } },
        { deleteNamedRange: { namedRangeId: 'kix.nr' } },
        { createParagraphBullets: { bulletPreset: 'BULLET_DISC_CIRCLE_SQUARE', range: { startIndex: 1, endIndex: 20 } } },
        { deletePositionedObject: { objectId: 'kix.1' } },
        { createHeader: { type: 'DEFAULT', sectionBreakLocation: {} } },
        { deleteFooter: { footerId: 'kix.f' } },
      ],
    });
  });

  it('answers the first reply (simple), or Google\'s whole answer with the write control', async () => {
    const replace = [{ action: 'replaceAll', text: '{{name}}', replaceText: 'Ada' }, { action: 'insert', text: 'x' }];
    expect(jsonOf(await run({ operation: 'update', documentURL: 'doc-1', actions: replace }))).toEqual([{ occurrencesChanged: 2, documentId: 'doc-1' }]);
    const out = await run({ operation: 'update', documentURL: 'https://docs.google.com/document/d/doc-1/edit', simple: false, actions: replace, writeControl: { control: 'targetRevisionId', value: 'rev-9' } });
    expect(jsonOf(out)).toEqual([{ documentId: 'doc-1', replies: [{ replaceAllText: { occurrencesChanged: 2 } }, {}], writeControl: { requiredRevisionId: 'rev-10' } }]);
    expect(api.requests[1].body).toEqual({
      requests: [{ replaceAllText: { replaceText: 'Ada', containsText: { text: '{{name}}', matchCase: false } } }, { insertText: { text: 'x', endOfSegmentLocation: {} } }],
      writeControl: { targetRevisionId: 'rev-9' },
    });
  });

  it('signs in with a service account (googleApi)', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const out = await runNode(googleDocsNode, {
      params: { apiUrl: api.url, authentication: 'serviceAccount', operation: 'get', documentURL: 'doc-1' },
      items: [{}],
      credentials: { googleApi: { email: 'bot@p.iam.gserviceaccount.com', privateKey: pem, tokenUrl: `${api.url}/token` } },
      node: { name: 'Docs' },
    });
    expect(jsonOf(out)[0].documentId).toBe('doc-1');
    expect(api.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /token', 'GET /v1/documents/doc-1']);
    expect(api.requests[1].headers.authorization).toBe('Bearer sa-token');
  });

  it('fails naming the node and field, without the token', async () => {
    const missing = await failure(run({ operation: 'get', documentURL: 'nope' }));
    expect(missing.message).toContain('Node "Docs", field "documentURL"');
    expect(missing.message).toContain('HTTP 404: Requested entity was not found: nope');
    expect(missing.message).not.toContain('ya29');
    expect((await failure(run({ operation: 'get', documentURL: ' ' }))).message).toContain('field "documentURL"');
    expect((await failure(run({ operation: 'create', title: '' }))).message).toContain('field "title"');
    expect((await failure(run({ operation: 'update', documentURL: 'doc-1', actions: [] }))).message).toContain('field "actionsUi"');
    const bad = await failure(run({ operation: 'update', documentURL: 'doc-1', actions: [{ action: 'insert', text: 'a' }, { object: 'table', action: 'insert', rows: 2 }] }));
    expect(bad.message).toContain('Node "Docs", field "actionsUi" (item 0): action 2 (table insert): a table needs at least one row and one column (rows 2, columns 0)');
    expect((await failure(run({ operation: 'update', documentURL: 'doc-1', actions: [{ object: 'text' }] }))).message).toContain('action 1 (text ): has no action');
    expect((await failure(run({ operation: 'update', documentURL: 'doc-1', actions: [{ object: 'pageBreak', action: 'replaceAll' }] }))).message).toContain('"replaceAll" on "pageBreak" is not an action Google Docs has');
    expect(api.requests.filter((r) => r.path.includes('batchUpdate'))).toEqual([]);
  });
});
