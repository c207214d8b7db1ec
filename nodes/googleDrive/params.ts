/** The Google Drive node's parameters (n8n's v3 names) and operations; see index.ts. */
import { z } from '../sdk';

export const DRIVE_SCOPE = 'https://www.googleapis.com/auth/drive';
export const DEFAULT_DRIVE_URL = 'https://www.googleapis.com';
export const MY_DRIVE = 'My Drive';
export const FOLDER_MIME = 'application/vnd.google-apps.folder';
export const DRIVE_OPERATIONS = {
  file: ['upload', 'download', 'copy', 'move', 'deleteFile', 'share', 'update', 'createFromText'],
  fileFolder: ['search'],
  folder: ['create', 'deleteFolder', 'share'],
} as const;
const ALL_OPERATIONS = [...new Set(Object.values(DRIVE_OPERATIONS).flat())] as [string, ...string[]];

const text = (fallback = '') => z.preprocess((v) => (typeof v === 'number' ? String(v) : v === null || v === undefined ? fallback : v), z.string()).default(fallback);
const list = () => z.preprocess((v) => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : []), z.array(z.string())).default([]);

export const googleDriveParams = z.object({
  authentication: z.enum(['oAuth2', 'serviceAccount', 'accessToken']).default('oAuth2').describe('OAuth2 (googleDriveOAuth2Api), a service account (googleApi) or a bearer token'),
  resource: z.enum(['file', 'fileFolder', 'folder']).default('file').describe('What to work on'),
  operation: z.enum(ALL_OPERATIONS).default('upload').describe('What to do'),
  fileId: text().describe('The file: its id or URL'),
  folderNoRootId: text().describe('Folder delete / share: the folder\'s id or URL'),
  name: text().describe('Upload, create from text, copy, folder create: the new name (upload: empty keeps the binary file name)'),
  driveId: text(MY_DRIVE).describe('The drive: "My Drive" or a shared drive id'),
  folderId: text('root').describe('The parent folder: "root" or a folder id or URL'),
  inputDataFieldName: text('data').describe('Upload, update: the binary property holding the file'),
  content: text().describe('Create from text: the file\'s text'),
  convertToGoogleDocument: z.boolean().default(false).describe('Create from text: make it a Google Doc'),
  binaryPropertyName: text('data').describe('Download: the binary property to put the file in'),
  fileName: text().describe('Download: the file name (empty: the Drive name)'),
  docsToFormat: text('application/vnd.openxmlformats-officedocument.wordprocessingml.document').describe('Download: Google Docs exported as'),
  sheetsToFormat: text('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').describe('Download: Google Sheets exported as'),
  slidesToFormat: text('application/vnd.openxmlformats-officedocument.presentationml.presentation').describe('Download: Google Slides exported as'),
  drawingsToFormat: text('image/jpeg').describe('Download: Google Drawings exported as'),
  sameFolder: z.boolean().default(true).describe('Copy: into the same folder (off: into folderId)'),
  description: text().describe('Copy: the copy\'s description'),
  copyRequiresWriterPermission: z.boolean().optional().describe('Copy: readers cannot copy, print or download'),
  deletePermanently: z.boolean().default(false).describe('Delete: skip the trash'),
  permissions: z
    .object({
      role: z.enum(['owner', 'organizer', 'fileOrganizer', 'writer', 'commenter', 'reader']).default('reader'),
      type: z.enum(['user', 'group', 'domain', 'anyone']).default('user'),
      emailAddress: text(),
      domain: text(),
      allowFileDiscovery: z.boolean().optional(),
    })
    .default({ role: 'reader', type: 'user', emailAddress: '', domain: '' })
    .describe('Share: who gets which role'),
  emailMessage: text().describe('Share: a message in the notification email'),
  sendNotificationEmail: z.boolean().optional().describe('Share: notify the people'),
  transferOwnership: z.boolean().optional().describe('Share (owner role): transfer the ownership'),
  moveToNewOwnersRoot: z.boolean().optional().describe('Share: move the file to the new owner\'s My Drive'),
  changeFileContent: z.boolean().default(false).describe('Update: replace the content with the binary property'),
  newUpdatedFileName: text().describe('Update: the new name (empty: unchanged)'),
  searchMethod: z.enum(['name', 'query']).default('name').describe('Search: name contains queryString, or queryString is a Drive query'),
  queryString: text().describe('Search: the text or query'),
  filter: z
    .object({
      driveId: text(),
      folderId: text(),
      whatToSearch: z.enum(['all', 'files', 'folders']).default('all'),
      fileTypes: list(),
      includeTrashed: z.boolean().default(false),
    })
    .default({ driveId: '', folderId: '', whatToSearch: 'all', fileTypes: [], includeTrashed: false })
    .describe('Search: where and what'),
  returnAll: z.boolean().default(false).describe('Search: every result'),
  limit: z.coerce.number().int().positive().default(50).describe('Search: at most this many'),
  fields: list().describe('Search: the file fields to return (empty: id and name; * for all)'),
  folderColorRgb: text().describe('Folder create: the color (#RRGGBB)'),
  apiUrl: text(DEFAULT_DRIVE_URL).describe('Google API address (default https://www.googleapis.com)'),
});

export type GoogleDriveParams = z.output<typeof googleDriveParams>;
