/**
 * Credential types Weft knows the shape of. Unknown types are accepted as a flat map of strings, so
 * imported n8n workflows can keep their credential slots; their test only checks that shape.
 * Types and field names follow n8n's where n8n has the type (an imported workflow's slot is named after
 * it), so an n8n user fills in the fields they know. Fields that hold a secret carry `.meta({ secret: true })`;
 * credentialTypeCatalogue() lists them so the editor masks exactly those. How the HTTP Request node applies
 * the service types (airtableTokenApi, qdrantApi, ...) is in nodes/httpRequest/predefined.ts.
 */
import { z } from 'zod';
import { isOAuth2FamilyType, oauth2PresetSchemas } from './oauth2-presets';

const nonEmpty = (field: string) => z.string().min(1, `${field} is required`);
const secret = (field: string) => nonEmpty(field).meta({ secret: true });
const optionalSecret = () => z.string().optional().meta({ secret: true });
const url = (example: string) => z.url(`must be a URL such as ${example}`);
const baseUrl = url('https://api.openai.com/v1').optional();
/** A yes/no field: the credential form sends text ('true' / 'false'). */
const flag = () => z.preprocess((v) => (v === 'true' ? true : v === 'false' || v === '' ? false : v), z.boolean()).default(false);

export const credentialSchemas = {
  openAiApi: z.looseObject({ apiKey: secret('API key'), baseUrl, organization: z.string().optional() }),
  anthropicApi: z.looseObject({ apiKey: secret('API key'), baseUrl }),
  httpHeaderAuth: z.looseObject({ name: nonEmpty('Header name'), value: secret('Header value') }),
  httpBasicAuth: z.looseObject({ user: nonEmpty('User'), password: secret('Password') }),
  httpBearerAuth: z.looseObject({ token: secret('Token') }),
  webhookHmac: z.looseObject({ secret: secret('Secret'), header: z.string().optional() }),
  httpQueryAuth: z.looseObject({ name: nonEmpty('Parameter name'), value: secret('Parameter value') }),
  // Services an n8n HTTP Request node reaches with a "predefined credential type" (API key or token ones).
  airtableTokenApi: z.looseObject({ accessToken: secret('Access token') }),
  airtableApi: z.looseObject({ apiKey: secret('API key (legacy; Airtable now issues personal access tokens)') }),
  todoistApi: z.looseObject({ apiKey: secret('API key') }),
  qdrantApi: z.looseObject({ apiKey: secret('API key'), qdrantUrl: url('https://xyz.cloud.qdrant.io:6333').describe('Qdrant URL') }),
  pineconeApi: z.looseObject({ apiKey: secret('API key') }),
  slackApi: z.looseObject({ accessToken: secret('Access token'), signatureSecret: optionalSecret() }),
  googlePalmApi: z.looseObject({ host: url('https://generativelanguage.googleapis.com').default('https://generativelanguage.googleapis.com'), apiKey: secret('API key') }),
  wordpressApi: z.looseObject({ username: nonEmpty('Username'), password: secret('Password (an application password)'), url: url('https://example.com').describe('WordPress URL') }),
  githubApi: z.looseObject({ server: url('https://api.github.com').default('https://api.github.com'), user: z.string().optional(), accessToken: secret('Access token') }),
  // HubSpot node (nodes/hubspot): a private app's access token (bearer), or the legacy API key (hapikey; retired by HubSpot).
  hubspotAppToken: z.looseObject({ appToken: secret('App token (a private app access token)') }),
  hubspotApi: z.looseObject({ apiKey: secret('API key (legacy; HubSpot now issues private app tokens)') }),
  lemlistApi: z.looseObject({ apiKey: secret('API key') }),
  shopifyAccessTokenApi: z.looseObject({
    shopSubdomain: nonEmpty('Shop subdomain').describe('Shop subdomain: the <subdomain> of https://<subdomain>.myshopify.com'),
    accessToken: secret('Access token'),
    appSecretKey: optionalSecret(),
  }),
  clockifyApi: z.looseObject({ apiKey: secret('API key') }),
  notionApi: z.looseObject({ apiKey: secret('API key (internal integration secret)') }),
  // Telegram node (nodes/telegram): the bot token goes into the URL path ({baseUrl}/bot<token>/<method>).
  telegramApi: z.looseObject({ accessToken: secret('Access token (the bot token from @BotFather)'), baseUrl: url('https://api.telegram.org').default('https://api.telegram.org') }),
  // Mattermost node (nodes/mattermost): the server's URL (REST API under <baseUrl>/api/v4) and a personal access or bot token.
  mattermostApi: z.looseObject({ accessToken: secret('Access token (a personal access token or a bot token)'), baseUrl: url('https://chat.example.com').describe('Base URL (the Mattermost server)') }),
  // WhatsApp Business Cloud node (nodes/whatsApp): a Meta system user or app access token (bearer).
  whatsAppApi: z.looseObject({ accessToken: secret('Access token'), businessAccountId: z.string().optional().describe('Business account ID') }),
  // Google service account (nodes/googleSheets): a JWT signed with the private key is exchanged for a token.
  googleApi: z.looseObject({
    email: nonEmpty('Service account email'),
    privateKey: secret('Private key (PEM, from the JSON key file)'),
    delegatedEmail: z.string().optional().describe('Impersonate this user (domain-wide delegation; optional)'),
    tokenUrl: z.union([url('https://oauth2.googleapis.com/token'), z.literal('')]).optional().describe('Token URL (default https://oauth2.googleapis.com/token)'),
  }),
  // Send Email node (nodes/emailSend): n8n's "smtp" credential.
  smtp: z.looseObject({
    user: z.string().optional().describe('User (empty: no login)'),
    password: optionalSecret(),
    host: nonEmpty('Host'),
    port: z.coerce.number().int().min(1).max(65535).default(465),
    secure: z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v === '' ? undefined : v), z.boolean()).default(true).describe('SSL/TLS from the start (port 465); off: plain, upgraded with STARTTLS when offered'),
    disableStartTls: flag().describe('With SSL/TLS off: never upgrade with STARTTLS'),
    hostName: z.string().optional().describe('Name sent in EHLO (empty: this machine\'s name)'),
  }),
  // Redis node (nodes/redis): n8n's "redis" credential.
  redis: z.looseObject({
    host: nonEmpty('Host').default('localhost'),
    port: z.coerce.number().int().min(1).max(65535).default(6379),
    database: z.coerce.number().int().min(0).default(0),
    user: z.string().optional().describe('User (Redis 6 ACL; empty: the default user)'),
    password: optionalSecret(),
    ssl: flag().describe('Connect over TLS'),
    disableTlsVerification: flag().describe('With SSL: accept self-signed certificates'),
  }),
  // Generic OAuth2 (server/credentials/oauth2.ts). Tokens are kept in the encrypted data as oauthTokenData,
  // written by the server only (client credentials at run time; "Connect" for authorization code / PKCE).
  oAuth2Api: z.looseObject({
    grantType: z.enum(['authorizationCode', 'clientCredentials', 'pkce']).default('authorizationCode').describe('Grant type'),
    authUrl: z.union([url('https://provider.example.com/oauth/authorize'), z.literal('')]).optional().describe('Authorization URL (authorization code, PKCE)'),
    accessTokenUrl: url('https://provider.example.com/oauth/token').describe('Access token URL'),
    clientId: nonEmpty('Client ID'),
    clientSecret: optionalSecret().describe('Client secret (may be empty with PKCE)'),
    scope: z.string().optional().describe('Scope (space-separated)'),
    authQueryParameters: z.string().optional().describe('Extra authorization URL parameters, e.g. access_type=offline&prompt=consent'),
    authentication: z.enum(['header', 'body']).default('header').describe('Send client ID and secret as a Basic auth header or in the body'),
  }),
  // n8n's service OAuth2 types (googleSheetsOAuth2Api, slackOAuth2Api, ...): the same flow with the provider's
  // URLs and scopes preset (./oauth2-presets.ts); the form asks for the client ID and secret.
  ...oauth2PresetSchemas,
} as const;

export type KnownCredentialType = keyof typeof credentialSchemas;

const genericSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]));

export function isKnownType(type: string): type is KnownCredentialType {
  return Object.hasOwn(credentialSchemas, type);
}

/** Fields that hold secrets are never sent back; everything else of a credential is not either. */
export function credentialSchemaFor(type: string): z.ZodType<Record<string, unknown>> {
  return (isKnownType(type) ? credentialSchemas[type] : genericSchema) as z.ZodType<Record<string, unknown>>;
}

/** The fields of a known type marked secret; undefined for unknown types (the editor guesses by name). */
export function secretFieldsOf(type: string): string[] | undefined {
  if (!isKnownType(type)) return undefined;
  const shape = credentialSchemas[type].shape as Record<string, z.ZodType>;
  return Object.entries(shape)
    .filter(([, field]) => field.meta()?.secret === true)
    .map(([name]) => name);
}

/**
 * The catalogue of known types for the editor's credential form (field names, JSON Schema, secret fields, and
 * whether the type connects through OAuth2, so the form shows the redirect URI to register).
 */
export function credentialTypeCatalogue() {
  return Object.entries(credentialSchemas).map(([type, schema]) => ({
    type,
    schema: z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>,
    secretFields: secretFieldsOf(type) ?? [],
    oauth2: isOAuth2FamilyType(type),
  }));
}
