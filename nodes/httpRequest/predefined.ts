/**
 * "Predefined credential" authentication of the HTTP Request node (n8n's `predefinedCredentialType`): the
 * credential's type says how a request is signed. One row per type, named and with fields as n8n names them
 * (server/credentials/types.ts holds the same types' schemas). How each service authenticates is a fact of
 * its API: Bearer token, an API-key header, basic auth or a query parameter.
 * n8n's service OAuth2 types (googleOAuth2Api, hubspotOAuth2Api, ...: server/credentials/oauth2-presets.ts) are
 * predefined types too: the runtime hands the node a current access token, sent as a Bearer token (refreshed
 * once after a 401, see ./index.ts).
 */
import { isOAuth2PresetType, OAUTH2_PRESET_TYPES } from '../sdk';

export { isOAuth2PresetType };

/** How a type's credential is applied to a request; fields are keys of the stored credential. */
export type PredefinedAuth =
  | { kind: 'bearer'; field: string; scheme?: string; optionalHeaders?: Record<string, string> }
  | { kind: 'header'; header: string; field: string; extraHeaders?: Record<string, string> }
  | { kind: 'basic'; userField?: string; passwordField: string }
  | { kind: 'query'; param: string; field: string };

export const PREDEFINED_AUTH = {
  airtableTokenApi: { kind: 'bearer', field: 'accessToken' },
  todoistApi: { kind: 'bearer', field: 'apiKey' },
  whatsAppApi: { kind: 'bearer', field: 'accessToken' },
  slackApi: { kind: 'bearer', field: 'accessToken' },
  // OpenAI: the organization, when the credential names one, goes in its own header.
  openAiApi: { kind: 'bearer', field: 'apiKey', optionalHeaders: { 'openai-organization': 'organization' } },
  notionApi: { kind: 'bearer', field: 'apiKey' },
  githubApi: { kind: 'bearer', field: 'accessToken' },
  qdrantApi: { kind: 'header', header: 'api-key', field: 'apiKey' },
  clockifyApi: { kind: 'header', header: 'x-api-key', field: 'apiKey' },
  shopifyAccessTokenApi: { kind: 'header', header: 'x-shopify-access-token', field: 'accessToken' },
  // Anthropic's Messages API refuses requests without a version header; a header the user set wins.
  anthropicApi: { kind: 'header', header: 'x-api-key', field: 'apiKey', extraHeaders: { 'anthropic-version': '2023-06-01' } },
  wordpressApi: { kind: 'basic', userField: 'username', passwordField: 'password' },
  // lemlist: basic auth with an empty user name and the API key as the password.
  lemlistApi: { kind: 'basic', passwordField: 'apiKey' },
  googlePalmApi: { kind: 'query', param: 'key', field: 'apiKey' },
  // HubSpot: a private app token; the legacy API key went in the hapikey query parameter.
  hubspotAppToken: { kind: 'bearer', field: 'appToken' },
  hubspotApi: { kind: 'query', param: 'hapikey', field: 'apiKey' },
} as const satisfies Record<string, PredefinedAuth>;

export type KeyCredentialType = keyof typeof PREDEFINED_AUTH;
export type PredefinedCredentialType = KeyCredentialType | (typeof OAUTH2_PRESET_TYPES)[number];

/** The API key / token types (PREDEFINED_AUTH's). */
export const KEY_CREDENTIAL_TYPES = Object.keys(PREDEFINED_AUTH) as [KeyCredentialType, ...KeyCredentialType[]];
/** Every type the node applies: the key / token types, then the OAuth2 service types. */
export const PREDEFINED_TYPES = [...KEY_CREDENTIAL_TYPES, ...OAUTH2_PRESET_TYPES] as [PredefinedCredentialType, ...PredefinedCredentialType[]];

export function isPredefinedType(type: string): type is PredefinedCredentialType {
  return Object.hasOwn(PREDEFINED_AUTH, type) || isOAuth2PresetType(type);
}

/** For messages: the key types by name, the OAuth2 ones by count. */
export const PREDEFINED_TYPES_TEXT = `${KEY_CREDENTIAL_TYPES.join(', ')} and ${OAUTH2_PRESET_TYPES.length} OAuth2 types (${OAUTH2_PRESET_TYPES.slice(0, 3).join(', ')}, ...)`;

/** n8n names its OAuth2 credential types ...OAuth2Api (gmailOAuth2 too). */
export function isOAuth2Type(type: string): boolean {
  return /OAuth2/i.test(type);
}

/**
 * Signs the request with the credential. Errors name the type and the field, never a value.
 * Credential headers win over the node's own headers, as for the generic credentials.
 */
export function applyPredefinedAuth(
  type: string,
  cred: Record<string, unknown> | undefined,
  url: URL,
  headers: Headers,
  fail: (message: string, field: string) => Error,
): void {
  if (!isPredefinedType(type)) throw fail(`"${type}" is not a credential type the HTTP Request node can apply (it knows ${PREDEFINED_TYPES_TEXT})`, 'credentialType');
  const auth: PredefinedAuth = isOAuth2PresetType(type) ? { kind: 'bearer', field: 'accessToken' } : PREDEFINED_AUTH[type as KeyCredentialType];
  const need = (key: string) => {
    const v = cred?.[key];
    if (typeof v !== 'string' || !v) throw fail(`the ${type} credential has no "${key}"`, 'authentication');
    return v;
  };
  switch (auth.kind) {
    case 'bearer':
      headers.set('authorization', `${auth.scheme ?? 'Bearer'} ${need(auth.field)}`);
      for (const [name, key] of Object.entries(auth.optionalHeaders ?? {})) {
        const v = cred?.[key];
        if (typeof v === 'string' && v) headers.set(name, v);
      }
      return;
    case 'header':
      headers.set(auth.header, need(auth.field));
      for (const [name, value] of Object.entries(auth.extraHeaders ?? {})) if (!headers.has(name)) headers.set(name, value);
      return;
    case 'basic': {
      const user = auth.userField ? need(auth.userField) : '';
      headers.set('authorization', `Basic ${Buffer.from(`${user}:${need(auth.passwordField)}`).toString('base64')}`);
      return;
    }
    case 'query':
      url.searchParams.set(auth.param, need(auth.field));
      return;
  }
}
