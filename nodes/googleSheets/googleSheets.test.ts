/**
 * Google Sheets node against a fake Google on 127.0.0.1 (server/testing/fake-api.ts): a token endpoint that verifies the service account's
 * JWT (RS256 signature with the test's public key, claims) and a Sheets v4 API over an in-memory spreadsheet
 * (metadata, values get / append / batchUpdate, addSheet). Covers read with filters, append (also to an empty
 * sheet), update by a matching column and by row_number, appendOrUpdate, create sheet, v1-style ranges and
 * lookup, token caching, the bearer token credential, and errors that name node and field, never the key.
 */
import { createVerify, generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { jsonOf, makeContext, runNode } from '../../server/engine/testing/node-context';
import { startFakeApi, type FakeApi, type FakeReply, type FakeRequest } from '../../server/testing/fake-api';
import { googleSheetsNode, columnLetter, sheetIdOf, spreadsheetIdOf } from './index';
import { clearTokenCache, SHEETS_SCOPE } from './api';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { importN8nWorkflow } from '../../server/n8n';
import { N8N_CORPUS_DIR } from '../../server/testing/corpus';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
const EMAIL = 'robot@proj.iam.gserviceaccount.com';
const DOC = '1AbC-doc_id';
/** The spreadsheet of corpus workflow 1572 (WhatsApp answers). */
const CORPUS_DOC = '1T-B0yepcrCHxQpn7Sj6QjTa0VqwwVBQhO5ZcIUSxWJE';

type Grid = (string | number)[][];
let sheets: { sheetId: number; title: string; grid: Grid }[] = [];
let tokenRequests: Record<string, unknown>[] = [];
let apiRequests: { method: string; path: string; auth: string; body?: unknown }[] = [];
let tokenCounter = 0;
let tokenExpiresIn = 3599;
let failNext: { status: number; message: string } | undefined;
/** Access tokens the fake API answers 401 to (an OAuth2 token revoked before its expiry). */
let revoked = new Set<string>();

let api: FakeApi;
let baseUrl: string;

function verifyJwt(assertion: string): Record<string, unknown> {
  const [h, c, sig] = assertion.split('.');
  const ok = createVerify('RSA-SHA256').update(`${h}.${c}`).verify(publicKey, Buffer.from(sig, 'base64url'));
  if (!ok) throw new Error('bad signature');
  expect(JSON.parse(Buffer.from(h, 'base64url').toString())).toEqual({ alg: 'RS256', typ: 'JWT' });
  return JSON.parse(Buffer.from(c, 'base64url').toString()) as Record<string, unknown>;
}

function sheetOf(range: string) {
  const name = range.includes('!') ? range.slice(0, range.lastIndexOf('!')) : range;
  const title = name.startsWith("'") ? name.slice(1, -1).replace(/''/g, "'") : name;
  const sheet = sheets.find((s) => s.title === title);
  if (!sheet) throw Object.assign(new Error(`Unable to parse range: ${range}`), { status: 400 });
  const local = range.includes('!') ? range.slice(range.lastIndexOf('!') + 1) : '';
  const m = /^([A-Z]*)(\d*)(?::([A-Z]*)\d*)?$/.exec(local);
  const from = m?.[1] ? colIndex(m[1]) : 0;
  const to = m?.[3] ? colIndex(m[3]) + 1 : undefined;
  return { sheet, startRow: m?.[2] ? Number(m[2]) : 1, cols: (row: (string | number)[]) => row.slice(from, to) };
}

function colIndex(letters: string): number {
  return [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
}

function handle(method: string, url: URL, body: unknown): { status: number; json: unknown } {
  const path = decodeURIComponent(url.pathname).replace(/^\/v4\/spreadsheets\//, '');
  if (failNext) {
    const f = failNext;
    failNext = undefined;
    return { status: f.status, json: { error: { code: f.status, message: f.message, status: 'PERMISSION_DENIED' } } };
  }
  const doc = /^[^/:?]+/.exec(path)?.[0] ?? '';
  if (doc !== DOC && doc !== CORPUS_DOC) return { status: 404, json: { error: { code: 404, message: 'Requested entity was not found.' } } };
  const rest = path.slice(doc.length);
  if (method === 'GET' && rest === '') return { status: 200, json: { sheets: sheets.map((s) => ({ properties: { sheetId: s.sheetId, title: s.title, index: 0 } })) } };
  if (method === 'POST' && rest === ':batchUpdate') {
    const title = ((body as { requests: { addSheet: { properties: { title: string } } }[] }).requests[0].addSheet.properties.title) ?? 'Sheet9';
    const sheetId = 1000 + sheets.length;
    sheets.push({ sheetId, title, grid: [] });
    return { status: 200, json: { spreadsheetId: DOC, replies: [{ addSheet: { properties: { sheetId, title, index: sheets.length - 1, sheetType: 'GRID', gridProperties: { rowCount: 1000, columnCount: 26 } } } }] } };
  }
  if (method === 'POST' && rest === '/values:batchUpdate') {
    for (const d of (body as { data: { range: string; values: Grid }[] }).data) {
      const { sheet } = sheetOf(d.range);
      const m = /!([A-Z]+)(\d+)$/.exec(d.range)!;
      const row = Number(m[2]) - 1;
      while (sheet.grid.length <= row) sheet.grid.push([]);
      sheet.grid[row][colIndex(m[1])] = d.values[0][0];
    }
    return { status: 200, json: { spreadsheetId: DOC } };
  }
  const values = /^\/values\/(.+?)(:append)?$/.exec(rest);
  if (values) {
    const { sheet, startRow, cols } = sheetOf(values[1]);
    if (method === 'GET') return { status: 200, json: { range: values[1], majorDimension: 'ROWS', values: sheet.grid.slice(startRow - 1).map((r) => cols(r)) } };
    if (method === 'PUT') {
      sheet.grid[startRow - 1] = (body as { values: Grid }).values[0];
      return { status: 200, json: {} };
    }
    if (method === 'POST' && values[2]) {
      sheet.grid.push(...(body as { values: Grid }).values);
      return { status: 200, json: { updates: {} } };
    }
  }
  return { status: 400, json: { error: { message: `unexpected ${method} ${path}` } } };
}

/** The token endpoint: verifies the service account's JWT and hands out numbered tokens. */
function tokenEndpoint(req: FakeRequest): FakeReply {
  const form = new URLSearchParams(req.text);
  try {
    const claims = verifyJwt(form.get('assertion') ?? '');
    tokenRequests.push({ grant_type: form.get('grant_type'), ...claims });
    return { body: { access_token: `ya29.token-${++tokenCounter}`, expires_in: tokenExpiresIn, token_type: 'Bearer' } };
  } catch {
    return { status: 400, body: { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' } };
  }
}

/** The Sheets API: records the call, refuses revoked tokens, answers from the in-memory spreadsheet. */
function sheetsApi(req: FakeRequest): FakeReply {
  const url = new URL(req.url, 'http://x');
  const body = req.text ? (JSON.parse(req.text) as unknown) : undefined;
  apiRequests.push({ method: req.method, path: decodeURIComponent(url.pathname + url.search), auth: req.headers.authorization ?? '', body });
  if (revoked.has((req.headers.authorization ?? '').replace(/^Bearer /, ''))) return { status: 401, body: { error: { message: 'Request had invalid authentication credentials.' } } };
  try {
    const out = handle(req.method, url, body);
    return { status: out.status, body: out.json };
  } catch (err) {
    return { status: 400, body: { error: { message: (err as Error).message } } };
  }
}

beforeAll(async () => {
  api = await startFakeApi({ '/token': tokenEndpoint }, sheetsApi);
  baseUrl = api.url;
});
afterAll(() => api.close());
beforeEach(() => {
  api.reset();
  clearTokenCache();
  tokenRequests = [];
  apiRequests = [];
  failNext = undefined;
  revoked = new Set();
  tokenCounter = 0;
  tokenExpiresIn = 3599;
  sheets = [
    { sheetId: 0, title: 'Leads', grid: [['Name', 'Status', 'Score'], ['Ann', 'Ready', 3], ['Bo', 'Done', 5], [], ['Cy', 'Ready', 7]] },
    { sheetId: 777, title: "Bob's log", grid: [] },
  ];
});

const account = () => ({ email: EMAIL, privateKey: privateKey.replace(/\n/g, '\\n'), tokenUrl: `${baseUrl}/token` });
const run = (params: Record<string, unknown>, items: Record<string, unknown>[] = [{}], credentials?: Record<string, Record<string, unknown>>) =>
  runNode(googleSheetsNode, { params: { documentId: DOC, sheetName: 'Leads', apiUrl: baseUrl, ...params }, items, credentials: credentials ?? { googleApi: account() }, node: { name: 'Sheet' } });

async function failure(promise: Promise<unknown>): Promise<Error> {
  const err = await promise.then(() => undefined, (e: unknown) => e as Error);
  expect(err, 'the node should fail').toBeInstanceOf(Error);
  return err!;
}

describe('googleSheets node: read', () => {
  it('reads every data row keyed by the header with row_number, skipping empty rows, with a service account token', async () => {
    const out = await run({ operation: 'read' });
    expect(jsonOf(out)).toEqual([
      { row_number: 2, Name: 'Ann', Status: 'Ready', Score: 3 },
      { row_number: 3, Name: 'Bo', Status: 'Done', Score: 5 },
      { row_number: 5, Name: 'Cy', Status: 'Ready', Score: 7 },
    ]);
    expect(apiRequests[0].path).toBe(`/v4/spreadsheets/${DOC}/values/'Leads'?valueRenderOption=UNFORMATTED_VALUE&dateTimeRenderOption=FORMATTED_STRING`);
    expect(apiRequests[0].auth).toBe('Bearer ya29.token-1');
  });

  it('signs the JWT for the spreadsheets scope and caches the token per credential', async () => {
    await run({ operation: 'read' });
    await run({ operation: 'read' });
    expect(tokenRequests).toHaveLength(1);
    const claims = tokenRequests[0];
    expect(claims).toMatchObject({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', iss: EMAIL, scope: SHEETS_SCOPE, aud: `${baseUrl}/token` });
    expect(claims.sub).toBeUndefined();
    expect(Number(claims.exp) - Number(claims.iat)).toBe(3600);
    expect(Math.abs(Number(claims.iat) - Date.now() / 1000)).toBeLessThan(60);
    expect(apiRequests.map((r) => r.auth)).toEqual(['Bearer ya29.token-1', 'Bearer ya29.token-1']);
    // Another credential (impersonating a user) gets its own token, with sub.
    await run({ operation: 'read' }, [{}], { googleApi: { ...account(), delegatedEmail: 'boss@example.com' } });
    expect(tokenRequests).toHaveLength(2);
    expect(tokenRequests[1].sub).toBe('boss@example.com');
    expect(apiRequests[2].auth).toBe('Bearer ya29.token-2');
  });

  it('fetches a new token when the cached one is about to expire', async () => {
    tokenExpiresIn = 30; // less than the minute kept in reserve: never reused
    await run({ operation: 'read' });
    await run({ operation: 'read' });
    expect(tokenRequests).toHaveLength(2);
    expect(apiRequests.map((r) => r.auth)).toEqual(['Bearer ya29.token-1', 'Bearer ya29.token-2']);
  });

  it('filters rows per item (AND / OR), returns the first match only when asked, and finds a sheet by id or URL', async () => {
    const ready = await run({ operation: 'read', filters: [{ column: 'Status', value: '={{ $json.want }}' }] }, [{ want: 'Ready' }, { want: 'Done' }]);
    expect(jsonOf(ready).map((r) => (r as { Name: string }).Name)).toEqual(['Ann', 'Cy', 'Bo']);
    expect(ready.main.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 0 }, { item: 1 }]);
    const and = await run({ operation: 'read', filters: [{ column: 'Status', value: 'Ready' }, { column: 'Score', value: '7' }] });
    expect(jsonOf(and)).toEqual([{ row_number: 5, Name: 'Cy', Status: 'Ready', Score: 7 }]);
    const or = await run({ operation: 'read', combineFilters: 'OR', filters: [{ column: 'Name', value: 'Bo' }, { column: 'Score', value: '7' }] });
    expect(jsonOf(or).map((r) => (r as { Name: string }).Name)).toEqual(['Bo', 'Cy']);
    const first = await run({ operation: 'read', returnAllMatches: false, filters: [{ column: 'Status', value: 'Ready' }], sheetName: 'gid=0', sheetBy: 'id' });
    expect(jsonOf(first)).toEqual([{ row_number: 2, Name: 'Ann', Status: 'Ready', Score: 3 }]);
    const byUrl = await run({ operation: 'read', documentId: `https://docs.google.com/spreadsheets/d/${DOC}/edit#gid=0`, sheetName: `https://docs.google.com/spreadsheets/d/${DOC}/edit#gid=0`, sheetBy: 'url' });
    expect(jsonOf(byUrl)).toHaveLength(3);
  });

  it('reads a v1-style range naming its own sheet, without row numbers, and looks up the first match', async () => {
    const out = await run({ operation: 'read', sheetName: '', range: 'Leads!A:B', rowNumbers: false, filters: [{ column: 'Status', value: 'Ready' }], returnAllMatches: false });
    expect(jsonOf(out)).toEqual([{ Name: 'Ann', Status: 'Ready' }]);
    expect(apiRequests[0].path).toContain('/values/Leads!A:B?');
  });

  it('honours headerRow and firstDataRow', async () => {
    sheets[0].grid = [['report'], ['Name', 'Score'], ['skip', 0], ['Ann', 1]];
    const out = await run({ operation: 'read', headerRow: 2, firstDataRow: 4 });
    expect(jsonOf(out)).toEqual([{ row_number: 4, Name: 'Ann', Score: 1 }]);
  });
});

describe('googleSheets node: writes', () => {
  it('appends all items in one call (defineBelow columns per item, USER_ENTERED) and outputs the written items', async () => {
    const out = await run({ operation: 'append', mappingMode: 'defineBelow', columns: { Name: '={{ $json.n }}', Score: '={{ $json.s }}' } }, [{ n: 'Dee', s: 9 }, { n: 'Eve', s: 1 }]);
    const append = apiRequests.find((r) => r.path.includes(':append'))!;
    expect(append.path).toBe(`/v4/spreadsheets/${DOC}/values/'Leads'!A1:append?valueInputOption=USER_ENTERED&insertDataOption=INSERT_ROWS`);
    expect(append.body).toEqual({ values: [['Dee', '', 9], ['Eve', '', 1]] });
    expect(jsonOf(out)).toEqual([{ Name: 'Dee', Score: 9 }, { Name: 'Eve', Score: 1 }]);
    expect(sheets[0].grid.at(-1)).toEqual(['Eve', '', 1]);
  });

  it('auto-maps input fields: writes the header of an empty sheet, adds new columns, ignores them when asked', async () => {
    await run({ operation: 'append', mappingMode: 'autoMapInputData', sheetName: '777', sheetBy: 'id', cellFormat: 'RAW' }, [{ a: 1, b: { x: 1 } }, { a: 2, c: 'z' }]);
    expect(sheets[1].grid).toEqual([['a', 'b', 'c'], [1, '{"x":1}', ''], [2, '', 'z']]);
    expect(apiRequests.find((r) => r.path.includes(':append'))!.path).toContain('valueInputOption=RAW');
    await run({ operation: 'append', mappingMode: 'autoMapInputData', sheetName: '777', sheetBy: 'id', handlingExtraData: 'ignoreIt' }, [{ a: 3, d: 'dropped' }]);
    expect(sheets[1].grid.at(-1)).toEqual([3, '', '']);
    expect(sheets[1].grid[0]).toEqual(['a', 'b', 'c']);
  });

  it('updates rows matching a column (every matching row), leaving the matching column alone', async () => {
    const out = await run({ operation: 'update', columns: { Status: 'Ready', Score: '={{ $json.score }}' }, matchingColumns: ['Status'] }, [{ score: 1 }]);
    const batch = apiRequests.find((r) => r.path.endsWith('/values:batchUpdate'))!;
    expect(batch.body).toEqual({ valueInputOption: 'USER_ENTERED', data: [{ range: "'Leads'!C2", values: [[1]] }, { range: "'Leads'!C5", values: [[1]] }] });
    expect(sheets[0].grid[1]).toEqual(['Ann', 'Ready', 1]);
    expect(sheets[0].grid[4]).toEqual(['Cy', 'Ready', 1]);
    expect(jsonOf(out)).toEqual([{ Status: 'Ready', Score: 1 }]);
    expect(apiRequests.some((r) => r.path.includes(':append'))).toBe(false);
  });

  it('updates the row named by row_number, as corpus workflows do after a read', async () => {
    await run({ operation: 'update', columns: { Status: 'Replied', row_number: '={{ $json.row_number }}' }, matchingColumns: ['row_number'] }, [{ row_number: 3 }]);
    expect(sheets[0].grid[2]).toEqual(['Bo', 'Replied', 5]);
  });

  it('takes the sheet from a v1 range ("Leads!A:C") and offsets columns of a range not starting at A', async () => {
    await run({ operation: 'append', sheetName: '', range: 'Leads!A:C', mappingMode: 'autoMapInputData', handlingExtraData: 'ignoreIt', cellFormat: 'RAW' }, [{ Name: 'Dee', Score: 4, extra: 'x' }]);
    expect(sheets[0].grid.at(-1)).toEqual(['Dee', '', 4]);
    await run({ operation: 'update', range: 'B:C', columns: { Status: 'Done', Score: 99 }, matchingColumns: ['Status'] });
    const batch = apiRequests.find((r) => r.path.endsWith('/values:batchUpdate'))!;
    expect(batch.body).toEqual({ valueInputOption: 'USER_ENTERED', data: [{ range: "'Leads'!C3", values: [[99]] }] });
    expect(sheets[0].grid[2]).toEqual(['Bo', 'Done', 99]);
  });

  it('appendOrUpdate updates matches and appends the rest', async () => {
    await run({ operation: 'appendOrUpdate', mappingMode: 'autoMapInputData', matchingColumns: ['Name'] }, [{ Name: 'Bo', Score: 50 }, { Name: 'Zed', Status: 'New', Score: 0 }]);
    expect(sheets[0].grid[2]).toEqual(['Bo', 'Done', 50]);
    expect(sheets[0].grid.at(-1)).toEqual(['Zed', 'New', 0]);
  });

  it('creates a sheet and outputs its properties', async () => {
    const out = await run({ operation: 'create', title: '={{ $json.t }}', sheetName: '' }, [{ t: 'Insights' }]);
    expect(apiRequests[0]).toMatchObject({ method: 'POST', path: `/v4/spreadsheets/${DOC}:batchUpdate`, body: { requests: [{ addSheet: { properties: { title: 'Insights' } } }] } });
    expect(jsonOf(out)).toEqual([{ sheetId: 1002, title: 'Insights', index: 2, sheetType: 'GRID', gridProperties: { rowCount: 1000, columnCount: 26 }, spreadsheetId: DOC }]);
  });

  it('accepts a private key whose line breaks a single-line field dropped', async () => {
    const out = await run({ operation: 'read' }, [{}], { googleApi: { ...account(), privateKey: privateKey.replace(/\n/g, ' ') } });
    expect(jsonOf(out)).toHaveLength(3);
    expect(tokenRequests).toHaveLength(1);
  });

  it('accepts a plain bearer access token', async () => {
    await run({ operation: 'read', authentication: 'accessToken' }, [{}], { httpBearerAuth: { token: 'ya29.mine' } });
    expect(tokenRequests).toHaveLength(0);
    expect(apiRequests[0].auth).toBe('Bearer ya29.mine');
  });
});

describe('googleSheets node: OAuth2 (googleSheetsOAuth2Api / googleOAuth2Api)', () => {
  /** A context whose credential loader plays the runtime: a fresh token when asked with `rejected`. */
  function oauthContext(slotData: () => Record<string, unknown>, asked: (string | undefined)[]) {
    const ctx = makeContext({ def: googleSheetsNode, params: { documentId: DOC, sheetName: 'Leads', apiUrl: baseUrl, operation: 'read', authentication: 'oAuth2' }, items: [{}], node: { name: 'Sheet' } });
    ctx.credentials = async (slot, opts) => {
      expect(slot).toBe('googleSheetsOAuth2Api');
      asked.push(opts?.rejected);
      return slotData();
    };
    return ctx;
  }

  it('sends the OAuth2 access token and, after a 401, asks the runtime once for a fresh one', async () => {
    const asked: (string | undefined)[] = [];
    let current = 'ya29.old';
    revoked.add('ya29.old');
    const ctx = oauthContext(() => {
      const data = { clientId: 'c', clientSecret: 'SECRET-XYZ', accessToken: current };
      current = 'ya29.new';
      return data;
    }, asked);
    const out = await googleSheetsNode.execute(ctx as never);
    expect(jsonOf(out)).toHaveLength(3);
    expect(asked).toEqual([undefined, 'ya29.old']);
    expect(apiRequests.map((r) => r.auth)).toEqual(['Bearer ya29.old', 'Bearer ya29.new']);
  });

  it('fails naming the node when the token is refused again, without the token or secret', async () => {
    revoked.add('ya29.a');
    revoked.add('ya29.b');
    let n = 0;
    const ctx = oauthContext(() => ({ clientId: 'c', clientSecret: 'SECRET-XYZ', accessToken: n++ === 0 ? 'ya29.a' : 'ya29.b' }), []);
    const err = await failure(googleSheetsNode.execute(ctx as never));
    expect(err.message).toMatch(/^Node "Sheet"/);
    expect(err.message).toContain('401');
    expect(err.message).not.toContain('ya29.');
    expect(err.message).not.toContain('SECRET-XYZ');
    expect(apiRequests).toHaveLength(2);
  });

  it('says to connect the credential when it holds no token', async () => {
    const ctx = oauthContext(() => ({ clientId: 'c' }), []);
    const err = await failure(googleSheetsNode.execute(ctx as never));
    expect(err.message).toContain('credential "googleSheetsOAuth2Api"');
    expect(apiRequests).toHaveLength(0);
  });

  it('offers the slot for googleSheetsOAuth2Api, googleOAuth2Api and oAuth2Api credentials', () => {
    expect(googleSheetsNode.credentials?.find((c) => c.name === 'googleSheetsOAuth2Api')).toMatchObject({
      types: ['googleSheetsOAuth2Api', 'googleOAuth2Api', 'oAuth2Api'],
      shownWhen: { authentication: ['oAuth2'] },
    });
  });
});

describe('googleSheets node: errors', () => {
  it('names node and field and never shows the private key', async () => {
    const bad = await failure(run({ operation: 'read' }, [{}], { googleApi: { ...account(), privateKey: 'not-a-key-SECRETSECRET' } }));
    expect(bad.message).toMatch(/^Node "Sheet"/);
    expect(bad.message).toContain('not a valid PEM private key');
    expect(bad.message).not.toContain('SECRETSECRET');
    const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey;
    const refused = await failure(run({ operation: 'read' }, [{}], { googleApi: { ...account(), privateKey: otherKey } }));
    expect(refused.message).toContain('Invalid JWT Signature');
    expect(refused.message).not.toContain(otherKey.split('\n')[1]);
    failNext = { status: 403, message: 'The caller does not have permission' };
    const denied = await failure(run({ operation: 'read' }));
    expect(denied.message).toBe(`Node "Sheet", field "documentId" (read): GET ${DOC}/values/'Leads': Google answered HTTP 403: The caller does not have permission`);
    expect(denied.message).not.toContain('ya29');
    expect((await failure(run({ operation: 'read', documentId: '' }))).message).toBe('Node "Sheet", field "documentId": is empty; give the spreadsheet id or URL');
    expect((await failure(run({ operation: 'read', sheetName: '42', sheetBy: 'id' }))).message).toBe('Node "Sheet", field "sheetName": the spreadsheet has no sheet with id 42');
    expect((await failure(run({ operation: 'read', filters: [{ column: 'Nope', value: 'x' }] }))).message).toContain('field "filters": the sheet has no column "Nope"');
    expect((await failure(run({ operation: 'update', columns: { Status: 'x' } }))).message).toContain('field "matchingColumns": is empty');
    expect((await failure(run({ operation: 'append', columns: { Nope: 1 } }))).message).toContain('field "columns": the sheet has no column "Nope"');
    expect((await failure(run({ operation: 'read' }, [{}], { googleApi: { email: EMAIL, privateKey: '' } }))).message).toBe('Node "Sheet", credential "googleApi": the private key is empty');
  });
});

describe.skipIf(!existsSync(N8N_CORPUS_DIR))('googleSheets node: imported corpus nodes run', () => {
  it('1572: reads the rows whose Status is Ready from the sheet picked by gid and appends a WhatsApp message', async () => {
    const doc = JSON.parse(readFileSync(path.join(N8N_CORPUS_DIR, '1572_Wait_Schedule_Automate_Scheduled.json'), 'utf8')) as unknown;
    const { graph } = importN8nWorkflow(doc);
    const params = (name: string) => ({ ...graph.nodes.find((n) => n.name === name)!.params, apiUrl: baseUrl });
    sheets.push({ sheetId: 1621824221, title: 'WA-messages', grid: [['UserPhone', 'UserName', 'UserMessage', 'ReplyText', 'Status'], ['+100', 'Ann', 'Hi', 'Hello Ann', 'Ready'], ['+200', 'Bo', 'Yo', '', 'New']] });
    // n8n's OAuth2 slot is kept: the runtime hands the node the googleSheetsOAuth2Api credential with its token.
    expect(graph.nodes.find((n) => n.name === 'Get new answers')!.params.authentication).toBe('oAuth2');
    const opts = { credentials: { googleSheetsOAuth2Api: { clientId: 'c', accessToken: 'ya29.oauth-a' } }, node: { name: 'Sheet' } };
    const read = await runNode(googleSheetsNode, { ...opts, params: params('Get new answers'), items: [{}] });
    expect(jsonOf(read)).toEqual([{ row_number: 2, UserPhone: '+100', UserName: 'Ann', UserMessage: 'Hi', ReplyText: 'Hello Ann', Status: 'Ready' }]);
    const webhook = { contacts: [{ profile: { name: 'Cy' } }], messages: [{ from: '+300', text: { body: 'Book me in' } }] };
    const appended = await runNode(googleSheetsNode, { ...opts, params: params('New message from the user'), items: [webhook] });
    expect(jsonOf(appended)).toEqual([{ Status: 'New', UserName: 'Cy', UserPhone: '+300', UserMessage: 'Book me in' }]);
    expect(sheets[2].grid.at(-1)).toEqual(['+300', 'Cy', 'Book me in', '', 'New']);
    expect(apiRequests.filter((r) => r.path.includes(':append')).map((r) => r.path)).toEqual([`/v4/spreadsheets/${CORPUS_DOC}/values/'WA-messages'!A1:append?valueInputOption=USER_ENTERED&insertDataOption=INSERT_ROWS`]);
    expect(new Set(apiRequests.map((r) => r.auth))).toEqual(new Set(['Bearer ya29.oauth-a']));
    expect(tokenRequests).toEqual([]);
  });
});

describe('googleSheets helpers', () => {
  it('parses ids and column letters', () => {
    expect(spreadsheetIdOf('https://docs.google.com/spreadsheets/d/1T-B0y_x/edit#gid=5')).toBe('1T-B0y_x');
    expect(sheetIdOf('gid=0')).toBe(0);
    expect(sheetIdOf('1621824221')).toBe(1621824221);
    expect(sheetIdOf('https://docs.google.com/spreadsheets/d/x/edit#gid=157558698')).toBe(157558698);
    expect(sheetIdOf('Sheet1')).toBeUndefined();
    expect([0, 25, 26, 701, 702].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'ZZ', 'AAA']);
  });
});
