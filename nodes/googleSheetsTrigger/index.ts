/**
 * googleSheetsTrigger: n8n's Google Sheets Trigger (n8n-nodes-base.googleSheetsTrigger v1), event "rowAdded".
 * While the workflow is active Weft polls the sheet on `pollTimes` (server/triggers/polls.ts) with the Google
 * Sheets node's own read (nodes/googleSheets: the sheet by name, id or URL, the header row, row_number) and
 * starts one execution with the rows below the last row seen, one item per row keyed by the header. The first
 * poll after activation only records the last row. State: { lastRow }.
 *
 * Rows are told apart by their row number, as the sheet gives them: deleting rows above the last one seen makes
 * rows added later count as new only once they reach past it. The "rowUpdate" and "anyUpdate" events are not
 * supported (the n8n import leaves such a trigger unsupported). A manual run (the editor's "test") emits the
 * last row.
 *
 * Params: authentication ('oAuth2': n8n's googleSheetsTriggerOAuth2Api slot, or 'serviceAccount': googleApi),
 * documentId, sheetName, sheetBy ('name' | 'id' | 'url'), event, headerRow, firstDataRow, valueRenderMode,
 * pollTimes; Weft: apiUrl.
 */
import { defineNode, NodeError, z, type Item, type JsonObject, type NodeContext, type PollResult } from '../sdk';
import { googleSheetsNode, googleSheetsParams } from '../googleSheets';
import { DEFAULT_SHEETS_URL } from '../googleSheets/api';
import { pollTimesSchema } from '../../server/triggers/poll-times';

const text = (fallback = '') => z.preprocess((v) => (typeof v === 'number' ? String(v) : v === null || v === undefined ? fallback : v), z.string()).default(fallback);
const rowNumber = (fallback: number) => z.preprocess((v) => (v === '' || v === null ? undefined : v), z.coerce.number().int().min(1).default(fallback));

/** n8n's credential type for this trigger; the Sheets node's read asks for its own slot, which maps onto it. */
export const SHEETS_TRIGGER_SLOT = 'googleSheetsTriggerOAuth2Api';

export const googleSheetsTriggerParams = z.object({
  authentication: z.enum(['oAuth2', 'serviceAccount']).default('oAuth2').describe('OAuth2 (googleSheetsTriggerOAuth2Api) or a service account (googleApi)'),
  documentId: text().describe('The spreadsheet: its id or URL'),
  sheetName: text().describe('The sheet: its name, id (gid) or URL'),
  sheetBy: z.enum(['name', 'id', 'url']).default('id').describe('How sheetName names the sheet'),
  event: z.literal('rowAdded').default('rowAdded').describe('Start on rows added'),
  headerRow: rowNumber(1).describe('Row holding the column names'),
  firstDataRow: rowNumber(2).describe('First row holding data'),
  valueRenderMode: z.enum(['UNFORMATTED_VALUE', 'FORMATTED_VALUE', 'FORMULA']).default('UNFORMATTED_VALUE').describe('How cells are read'),
  pollTimes: pollTimesSchema.describe('When to check the sheet'),
  apiUrl: text(DEFAULT_SHEETS_URL).describe('Sheets API address (default https://sheets.googleapis.com)'),
});
type Params = z.output<typeof googleSheetsTriggerParams>;

/** Every data row, through the Google Sheets node's read (one input item, the trigger's credentials). */
async function readRows(ctx: NodeContext<Params>): Promise<JsonObject[]> {
  const p = ctx.params(0);
  const read = googleSheetsParams.parse({
    authentication: p.authentication,
    operation: 'read',
    documentId: p.documentId,
    sheetName: p.sheetName,
    sheetBy: p.sheetBy,
    headerRow: p.headerRow,
    firstDataRow: p.firstDataRow,
    rowNumbers: true,
    valueRenderMode: p.valueRenderMode,
    apiUrl: p.apiUrl,
  });
  const one: Item[] = [{ json: {} }];
  const readCtx = {
    ...ctx,
    items: one,
    inputs: { main: one },
    params: () => read,
    credentials: (slot: string, opts?: Parameters<NodeContext['credentials']>[1]) => ctx.credentials(slot === 'googleSheetsOAuth2Api' ? SHEETS_TRIGGER_SLOT : slot, opts),
    // A failed read fails the poll (the trigger has no error output).
    node: { ...ctx.node, onError: undefined },
  } as unknown as Parameters<typeof googleSheetsNode.execute>[0];
  const out = await googleSheetsNode.execute(readCtx);
  return (out.main ?? []).map((i) => i.json);
}

const rowOf = (row: JsonObject): number => (typeof row.row_number === 'number' ? row.row_number : 0);

export async function pollSheet(ctx: NodeContext<Params>, state: JsonObject | undefined, opts: { manual: boolean }): Promise<PollResult> {
  if (!ctx.params(0).documentId.trim()) throw new NodeError(`Node "${ctx.node.name}", field "documentId": is empty; give the spreadsheet id or URL`, { field: 'documentId' });
  const rows = await readRows(ctx);
  const lastSeen = typeof state?.lastRow === 'number' ? state.lastRow : undefined;
  const lastRow = rows.reduce((max, r) => Math.max(max, rowOf(r)), lastSeen ?? 0);
  if (opts.manual) return { items: rows.slice(-1).map((json) => ({ json })), state: state ?? {} };
  const fresh = lastSeen === undefined ? [] : rows.filter((r) => rowOf(r) > lastSeen);
  return { items: fresh.map((json) => ({ json })), state: { lastRow } };
}

export const googleSheetsTriggerNode = defineNode({
  type: 'googleSheetsTrigger',
  version: 1,
  displayName: 'Google Sheets Trigger',
  description: 'Starts the workflow when rows are added to a Google Sheet (polled on a schedule)',
  category: 'trigger',
  icon: 'table',
  trigger: true,
  inputs: [],
  outputs: [{ name: 'main' }],
  params: googleSheetsTriggerParams,
  credentials: [
    { name: SHEETS_TRIGGER_SLOT, type: SHEETS_TRIGGER_SLOT, types: [SHEETS_TRIGGER_SLOT, 'googleSheetsOAuth2Api', 'googleOAuth2Api', 'oAuth2Api'], shownWhen: { authentication: ['oAuth2'] } },
    { name: 'googleApi', type: 'googleApi', shownWhen: { authentication: ['serviceAccount'] } },
  ],
  poll: pollSheet,
  async execute(ctx) {
    const data = ctx.triggerData;
    // Started by a poll (or a retry of one): the rows it found. Otherwise a manual run: the last row.
    if (data && Array.isArray(data.items) && data.items.length) return { main: data.items as unknown as Item[] };
    return { main: (await pollSheet(ctx, undefined, { manual: true })).items };
  },
});

export default googleSheetsTriggerNode;
