/** The Google Docs node's parameters (n8n's v2 names; the update actions as n8n's actionsUi.actionFields); see index.ts. */
import { z } from '../sdk';

export const DOCS_SCOPE = 'https://www.googleapis.com/auth/documents https://www.googleapis.com/auth/drive';
export const DEFAULT_DOCS_URL = 'https://docs.googleapis.com';
export const DEFAULT_DRIVE_URL = 'https://www.googleapis.com';

const text = (fallback = '') => z.preprocess((v) => (typeof v === 'number' ? String(v) : v === null || v === undefined ? fallback : v), z.string()).default(fallback);
/** A whole number (n8n's number fields; an expression may give text), with n8n's default when absent. */
const int = (fallback: number) => z.preprocess((v) => (v === '' || v === null || v === undefined ? fallback : typeof v === 'string' && /^\s*-?\d+\s*$/.test(v) ? Number(v) : v), z.number().int());
const flag = (fallback: boolean) => z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean()).default(fallback);

export const DOCS_OBJECTS = ['text', 'pageBreak', 'table', 'tableColumn', 'tableRow', 'namedRange', 'paragraphBullets', 'positionedObject', 'header', 'footer', 'contentRange'] as const;
export const DOCS_ACTIONS = ['insert', 'replaceAll', 'delete', 'create'] as const;

/**
 * One update action (n8n's actionsUi.actionFields entry, n8n's field names and defaults); which fields count
 * depends on object and action. contentRange delete is Weft's own (n8n has no action deleting text).
 */
export const docsAction = z.looseObject({
  object: text('text'),
  action: text(),
  text: text(),
  replaceText: text(),
  matchCase: flag(false),
  insertSegment: text('body'),
  segmentId: text(),
  locationChoice: text('endOfSegmentLocation'),
  index: int(1),
  startIndex: int(0),
  endIndex: int(0),
  rows: int(0),
  columns: int(0),
  rowIndex: int(0),
  columnIndex: int(0),
  insertPosition: flag(true),
  name: text(),
  namedRangeReference: text('namedRangeId'),
  value: text(),
  bulletPreset: text('BULLET_DISC_CIRCLE_SQUARE'),
  objectId: text(),
  headerId: text(),
  footerId: text(),
});
export type DocsAction = z.output<typeof docsAction>;

export const googleDocsParams = z.object({
  authentication: z.enum(['oAuth2', 'serviceAccount']).default('oAuth2').describe('OAuth2 (googleDocsOAuth2Api) or a service account (googleApi)'),
  resource: z.enum(['document']).default('document').describe('What to work on'),
  operation: z.enum(['create', 'get', 'update']).default('create').describe('What to do'),
  title: text().describe('Create: the document title'),
  folderId: text().describe('Create: the Drive folder id or URL (empty, "default" or "root": My Drive)'),
  documentURL: text().describe('Get, update: the document id or URL'),
  simple: flag(true).describe('Get: the text only ({ documentId, content }); update: the first reply and documentId. Off: Google\'s whole answer'),
  actions: z.array(docsAction).default([]).describe('Update: the actions, in order (n8n\'s actionsUi.actionFields)'),
  writeControl: z.looseObject({ control: text('requiredRevisionId'), value: text() }).optional().describe('Update: only change this revision (control: requiredRevisionId | targetRevisionId)'),
  apiUrl: text(DEFAULT_DOCS_URL).describe('Google Docs API address (default https://docs.googleapis.com)'),
  driveApiUrl: text(DEFAULT_DRIVE_URL).describe('Google Drive API address, for create (default https://www.googleapis.com)'),
});

export type GoogleDocsParams = z.output<typeof googleDocsParams>;
