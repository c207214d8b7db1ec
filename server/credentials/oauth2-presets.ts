/**
 * n8n's service-specific OAuth2 credential types (googleSheetsOAuth2Api, slackOAuth2Api, ...) as presets of the
 * generic OAuth2 flow (./oauth2.ts): one row per type with the provider's authorization and token URLs, the
 * scopes the type asks for, extra authorization URL parameters, how the client authenticates at the token URL,
 * and the grant. The user supplies only what the provider issued to them (client ID and secret) and, where n8n
 * lets them, the scope. URLs and scopes are facts of each provider's OAuth2 API.
 *
 * Every preset form also has two optional, advanced fields, `authUrl` and `accessTokenUrl`: empty means the
 * preset's URL. They exist for providers with regional or self-hosted endpoints (GitHub Enterprise, Zoho's
 * regions, a Microsoft tenant) and let tests point a preset type at a fake provider on 127.0.0.1. A template
 * URL (`{url}`) takes the value of the credential's field of that name (Mautic's own server).
 *
 * Pure: zod only, so node plugins (through nodes/sdk.ts) and the editor's catalogue can read it.
 */
import { z } from 'zod';

export interface OAuth2Preset {
  authUrl: string;
  accessTokenUrl: string;
  /** The scopes the type requests (space- or comma-separated as the provider wants). */
  scope: string;
  /** 'optional': the form offers a scope field (empty: `scope`); 'required': the user must type it; 'fixed': no field. */
  scopeField?: 'optional' | 'required' | 'fixed';
  authQueryParameters?: string;
  /** Client ID and secret as a Basic auth header (default) or in the token request body. */
  authentication?: 'header' | 'body';
  grantType?: 'authorizationCode' | 'pkce';
  /** The token answer keeps the token the API takes in this member (Slack's user token: authed_user). */
  tokenPath?: string;
  /** Extra fields the user fills in (a server URL the template URLs name), each a described text field. */
  fields?: Record<string, { description: string; url?: boolean }>;
}

const GOOGLE_AUTH = 'https://accounts.google.com/o/oauth2/v2/auth';
const GOOGLE_TOKEN = 'https://oauth2.googleapis.com/token';
const MS_AUTH = 'https://login.microsoftonline.com/common/oauth2/v2.0/authorize';
const MS_TOKEN = 'https://login.microsoftonline.com/common/oauth2/v2.0/token';
const g = (...scopes: string[]) => scopes.map((s) => (s.startsWith('https://') ? s : `https://www.googleapis.com/auth/${s}`)).join(' ');
/** Google: offline access (a refresh token) and the consent screen every time (so a reconnect gets one too). */
const google = (scope: string, scopeField: OAuth2Preset['scopeField'] = 'optional'): OAuth2Preset => ({
  authUrl: GOOGLE_AUTH,
  accessTokenUrl: GOOGLE_TOKEN,
  scope,
  scopeField,
  authQueryParameters: 'access_type=offline&prompt=consent',
  authentication: 'body',
});
const microsoft = (scope: string, scopeField: OAuth2Preset['scopeField'] = 'optional'): OAuth2Preset => ({
  authUrl: MS_AUTH,
  accessTokenUrl: MS_TOKEN,
  scope: `openid offline_access ${scope}`.trim(),
  scopeField,
  authQueryParameters: 'response_mode=query',
  authentication: 'body',
});

export const OAUTH2_PRESETS = {
  // Google: one consent screen and token URL; the scope says which APIs.
  googleOAuth2Api: google('', 'required'),
  gmailOAuth2: google(g('gmail.labels', 'gmail.addons.current.action.compose', 'gmail.addons.current.message.action', 'https://mail.google.com/', 'gmail.modify', 'gmail.compose')),
  googleSheetsOAuth2Api: google(g('drive.file', 'spreadsheets', 'drive.metadata')),
  googleSheetsTriggerOAuth2Api: google(g('drive', 'drive.file', 'spreadsheets', 'drive.metadata')),
  googleDriveOAuth2Api: google(g('drive', 'drive.appdata', 'drive.photos.readonly')),
  googleCalendarOAuth2Api: google(g('calendar', 'calendar.events')),
  googleDocsOAuth2Api: google(g('documents', 'drive', 'drive.file')),
  googleSlidesOAuth2Api: google(g('drive.file', 'presentations')),
  googleTranslateOAuth2Api: google(g('cloud-translation')),
  googleCloudNaturalLanguageOAuth2Api: google(g('cloud-language', 'cloud-platform')),
  googleAnalyticsOAuth2: google(g('analytics', 'analytics.readonly')),
  googleContactsOAuth2Api: google(g('contacts')),
  googleTasksOAuth2Api: google(g('tasks')),
  youTubeOAuth2Api: google(g('youtube', 'youtubepartner', 'youtube.force-ssl', 'youtube.upload', 'youtubepartner-channel-audit')),
  // Microsoft identity platform (the "common" tenant; override the URLs for a single tenant).
  microsoftOAuth2Api: microsoft('', 'required'),
  microsoftOutlookOAuth2Api: microsoft(
    'Contacts.Read Contacts.ReadWrite Calendars.Read Calendars.Read.Shared Calendars.ReadWrite Mail.ReadWrite Mail.ReadWrite.Shared Mail.Send Mail.Send.Shared MailboxSettings.Read',
  ),
  microsoftOneDriveOAuth2Api: microsoft('Files.ReadWrite.All'),
  microsoftExcelOAuth2Api: microsoft('Files.ReadWrite'),
  microsoftTeamsOAuth2Api: microsoft('User.ReadWrite.All Group.ReadWrite.All Chat.ReadWrite ChannelMessage.Read.All'),
  microsoftToDoOAuth2Api: microsoft('Tasks.ReadWrite'),
  // Slack: user scopes go in user_scope; the user token comes back under authed_user.
  slackOAuth2Api: {
    authUrl: 'https://slack.com/oauth/v2/authorize',
    accessTokenUrl: 'https://slack.com/api/oauth.v2.access',
    scope: 'chat:write',
    scopeField: 'fixed',
    authQueryParameters:
      'user_scope=channels:read channels:write channels:history chat:write files:read files:write groups:read groups:history im:read im:history mpim:read mpim:history reactions:read reactions:write stars:read stars:write usergroups:read usergroups:write users.profile:read users.profile:write users:read search:read',
    authentication: 'body',
    tokenPath: 'authed_user',
  },
  hubspotOAuth2Api: {
    authUrl: 'https://app.hubspot.com/oauth/authorize',
    accessTokenUrl: 'https://api.hubapi.com/oauth/v1/token',
    scope:
      'crm.lists.read crm.lists.write crm.objects.companies.read crm.objects.companies.write crm.objects.contacts.read crm.objects.contacts.write crm.objects.deals.read crm.objects.deals.write crm.objects.owners.read crm.schemas.companies.read crm.schemas.contacts.read crm.schemas.deals.read forms oauth tickets',
    authentication: 'body',
  },
  githubOAuth2Api: {
    authUrl: 'https://github.com/login/oauth/authorize',
    accessTokenUrl: 'https://github.com/login/oauth/access_token',
    scope: 'repo,admin:repo_hook,admin:org,admin:org_hook,gist,notifications,user,write:packages,read:packages,delete:packages,workflow',
    scopeField: 'fixed',
    authentication: 'header',
  },
  notionOAuth2Api: {
    authUrl: 'https://api.notion.com/v1/oauth/authorize',
    accessTokenUrl: 'https://api.notion.com/v1/oauth/token',
    scope: '',
    scopeField: 'fixed',
    authQueryParameters: 'owner=user',
    authentication: 'header',
  },
  discordOAuth2Api: {
    authUrl: 'https://discord.com/api/oauth2/authorize',
    accessTokenUrl: 'https://discord.com/api/oauth2/token',
    scope: 'identify guilds guilds.join bot',
    authQueryParameters: 'permissions=1642758929655',
    authentication: 'body',
  },
  linkedInOAuth2Api: {
    authUrl: 'https://www.linkedin.com/oauth/v2/authorization',
    accessTokenUrl: 'https://www.linkedin.com/oauth/v2/accessToken',
    scope: 'openid profile email w_member_social',
    authentication: 'body',
  },
  twitterOAuth2Api: {
    authUrl: 'https://twitter.com/i/oauth2/authorize',
    accessTokenUrl: 'https://api.twitter.com/2/oauth2/token',
    scope: 'tweet.read users.read tweet.write offline.access like.read like.write follows.read follows.write mute.read mute.write block.read block.write list.read list.write space.read bookmark.read bookmark.write',
    grantType: 'pkce',
    authentication: 'header',
  },
  airtableOAuth2Api: {
    authUrl: 'https://airtable.com/oauth2/v1/authorize',
    accessTokenUrl: 'https://airtable.com/oauth2/v1/token',
    scope: 'schema.bases:read data.records:read data.records:write',
    grantType: 'pkce',
    authentication: 'header',
  },
  quickBooksOAuth2Api: {
    authUrl: 'https://appcenter.intuit.com/connect/oauth2',
    accessTokenUrl: 'https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer',
    scope: 'com.intuit.quickbooks.accounting',
    scopeField: 'fixed',
    authentication: 'header',
  },
  mondayComOAuth2Api: {
    authUrl: 'https://auth.monday.com/oauth2/authorize',
    accessTokenUrl: 'https://auth.monday.com/oauth2/token',
    scope: 'boards:write boards:read',
    authentication: 'body',
  },
  zoomOAuth2Api: { authUrl: 'https://zoom.us/oauth/authorize', accessTokenUrl: 'https://zoom.us/oauth/token', scope: '', authentication: 'header' },
  spotifyOAuth2Api: {
    authUrl: 'https://accounts.spotify.com/authorize',
    accessTokenUrl: 'https://accounts.spotify.com/api/token',
    scope:
      'user-read-playback-state playlist-read-collaborative user-modify-playback-state playlist-modify-public user-read-currently-playing playlist-read-private user-read-recently-played playlist-modify-private user-library-read user-follow-read',
    authentication: 'header',
  },
  typeformOAuth2Api: {
    authUrl: 'https://api.typeform.com/oauth/authorize',
    accessTokenUrl: 'https://api.typeform.com/oauth/token',
    scope: 'webhooks:write webhooks:read forms:read',
    authentication: 'body',
  },
  mailchimpOAuth2Api: {
    authUrl: 'https://login.mailchimp.com/oauth2/authorize',
    accessTokenUrl: 'https://login.mailchimp.com/oauth2/token',
    scope: '',
    scopeField: 'fixed',
    authentication: 'body',
  },
  goToWebinarOAuth2Api: {
    authUrl: 'https://api.getgo.com/oauth/v2/authorize',
    accessTokenUrl: 'https://api.getgo.com/oauth/v2/token',
    scope: '',
    scopeField: 'fixed',
    authentication: 'header',
  },
  zohoOAuth2Api: {
    authUrl: 'https://accounts.zoho.com/oauth/v2/auth',
    accessTokenUrl: 'https://accounts.zoho.com/oauth/v2/token',
    scope: 'ZohoCRM.modules.ALL,ZohoCRM.settings.all,ZohoCRM.users.all',
    authQueryParameters: 'access_type=offline',
    authentication: 'body',
  },
  // Mautic is self-hosted: its URLs are under the user's own server.
  mauticOAuth2Api: {
    authUrl: '{url}/oauth/v2/authorize',
    accessTokenUrl: '{url}/oauth/v2/token',
    scope: '',
    scopeField: 'fixed',
    authentication: 'body',
    fields: { url: { description: 'Mautic URL, e.g. https://mautic.example.com', url: true } },
  },
  dropboxOAuth2Api: {
    authUrl: 'https://www.dropbox.com/oauth2/authorize',
    accessTokenUrl: 'https://api.dropboxapi.com/oauth2/token',
    scope: 'files.content.write files.content.read sharing.read account_info.read',
    authQueryParameters: 'token_access_type=offline',
    authentication: 'header',
  },
  todoistOAuth2Api: {
    authUrl: 'https://todoist.com/oauth/authorize',
    accessTokenUrl: 'https://todoist.com/oauth/access_token',
    scope: 'data:read_write,data:delete',
    authentication: 'body',
  },
  asanaOAuth2Api: { authUrl: 'https://app.asana.com/-/oauth_authorize', accessTokenUrl: 'https://app.asana.com/-/oauth_token', scope: '', scopeField: 'fixed', authentication: 'body' },
  pipedriveOAuth2Api: { authUrl: 'https://oauth.pipedrive.com/oauth/authorize', accessTokenUrl: 'https://oauth.pipedrive.com/oauth/token', scope: '', scopeField: 'fixed', authentication: 'header' },
  boxOAuth2Api: { authUrl: 'https://account.box.com/api/oauth2/authorize', accessTokenUrl: 'https://api.box.com/oauth2/token', scope: '', scopeField: 'fixed', authentication: 'body' },
} as const satisfies Record<string, OAuth2Preset>;

export type OAuth2PresetType = keyof typeof OAUTH2_PRESETS;

export const OAUTH2_PRESET_TYPES = Object.keys(OAUTH2_PRESETS) as [OAuth2PresetType, ...OAuth2PresetType[]];

export function isOAuth2PresetType(type: string): type is OAuth2PresetType {
  return Object.hasOwn(OAUTH2_PRESETS, type);
}

/** The generic OAuth2 credential's type (n8n's oAuth2Api): every setting is the user's. */
export const GENERIC_OAUTH2_TYPE = 'oAuth2Api';

/** Whether a credential type gets its tokens from the OAuth2 flow: the generic type or a preset. */
export function isOAuth2FamilyType(type: string): boolean {
  return type === GENERIC_OAUTH2_TYPE || isOAuth2PresetType(type);
}

type Data = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** A template URL with `{field}` replaced by the credential's field (trailing slashes dropped). */
function fill(template: string, data: Data): string {
  return template.replace(/\{(\w+)\}/g, (_, f: string) => str(data[f]).replace(/\/+$/, ''));
}

/**
 * The settings the OAuth2 flow reads (grantType, authUrl, accessTokenUrl, scope, authQueryParameters,
 * authentication, tokenPath) for a credential of `type`: a preset's, with the user's non-empty fields winning
 * (scope only where the form offers it); the generic type's own data unchanged.
 */
export function resolveOAuth2Settings(type: string, data: Data): Data {
  if (!isOAuth2PresetType(type)) return data;
  const p: OAuth2Preset = OAUTH2_PRESETS[type];
  const scopeEditable = (p.scopeField ?? 'optional') !== 'fixed';
  return {
    ...data,
    grantType: p.grantType ?? 'authorizationCode',
    authUrl: str(data.authUrl) || fill(p.authUrl, data),
    accessTokenUrl: str(data.accessTokenUrl) || fill(p.accessTokenUrl, data),
    scope: (scopeEditable && str(data.scope)) || p.scope,
    authQueryParameters: p.authQueryParameters ?? '',
    authentication: p.authentication ?? 'header',
    ...(p.tokenPath ? { tokenPath: p.tokenPath } : {}),
  };
}

// ---- form schemas ---------------------------------------------------------------------------------------

const override = (what: string, preset: string) =>
  z
    .union([z.url(`must be a URL such as ${preset.includes('{') ? 'https://example.com/oauth' : preset}`), z.literal('')])
    .optional()
    .describe(`Advanced, optional: another ${what} (empty: ${preset})`);

/** The credential form of a preset type: client ID, client secret, the scope where editable, extra fields, URL overrides. */
function presetSchema(p: OAuth2Preset) {
  const pkce = p.grantType === 'pkce';
  const shape: Record<string, z.ZodType> = {
    clientId: z.string().min(1, 'Client ID is required').describe('Client ID'),
    clientSecret: pkce
      ? z.string().optional().meta({ secret: true }).describe('Client secret (may be empty: the grant uses PKCE)')
      : z.string().min(1, 'Client secret is required').meta({ secret: true }).describe('Client secret'),
  };
  for (const [name, f] of Object.entries(p.fields ?? {})) {
    shape[name] = (f.url ? z.url(`must be a URL (${f.description})`) : z.string().min(1, `${f.description} is required`)).describe(f.description);
  }
  const scopeField = p.scopeField ?? 'optional';
  if (scopeField === 'required') shape.scope = z.string().min(1, 'Scope is required').describe('Scope (space-separated)');
  if (scopeField === 'optional') shape.scope = z.string().optional().describe(`Scope (empty: ${p.scope})`);
  shape.authUrl = override('authorization URL', p.authUrl);
  shape.accessTokenUrl = override('access token URL', p.accessTokenUrl);
  return z.looseObject(shape);
}

export const oauth2PresetSchemas = Object.fromEntries(Object.entries(OAUTH2_PRESETS).map(([type, p]) => [type, presetSchema(p)])) as {
  [K in OAuth2PresetType]: ReturnType<typeof presetSchema>;
};
