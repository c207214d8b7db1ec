/**
 * OAuth2 service presets: each type resolves to its provider's URLs and scopes, the user's scope only where the
 * form offers it, URL overrides win, template URLs take the user's server; the forms ask for client ID and
 * secret (masked) and show enums as choices in the catalogue.
 */
import { describe, expect, it } from 'vitest';
import { isOAuth2FamilyType, OAUTH2_PRESETS, OAUTH2_PRESET_TYPES, resolveOAuth2Settings } from './oauth2-presets';
import { credentialSchemaFor, credentialTypeCatalogue, secretFieldsOf } from './types';

const GOOGLE_TOKEN = 'https://oauth2.googleapis.com/token';

describe('OAuth2 presets', () => {
  it('covers the n8n types the corpus and the brief name, each with https URLs', () => {
    for (const t of ['googleOAuth2Api', 'gmailOAuth2', 'googleSheetsOAuth2Api', 'googleDriveOAuth2Api', 'googleCalendarOAuth2Api', 'googleDocsOAuth2Api', 'youTubeOAuth2Api',
      'slackOAuth2Api', 'hubspotOAuth2Api', 'microsoftOAuth2Api', 'microsoftOutlookOAuth2Api', 'githubOAuth2Api', 'notionOAuth2Api', 'discordOAuth2Api', 'linkedInOAuth2Api',
      'twitterOAuth2Api', 'quickBooksOAuth2Api', 'mondayComOAuth2Api']) {
      expect(OAUTH2_PRESET_TYPES, t).toContain(t);
    }
    for (const [type, p] of Object.entries(OAUTH2_PRESETS)) {
      if (type === 'mauticOAuth2Api') continue; // self-hosted: a template on the user's URL
      expect(new URL(p.authUrl).protocol, type).toBe('https:');
      expect(new URL(p.accessTokenUrl).protocol, type).toBe('https:');
    }
    expect(isOAuth2FamilyType('oAuth2Api')).toBe(true);
    expect(isOAuth2FamilyType('gmailOAuth2')).toBe(true);
    expect(isOAuth2FamilyType('googleApi')).toBe(false);
    expect(isOAuth2FamilyType('salesforceOAuth2Api')).toBe(false);
  });

  it('resolves a Google type to Google\'s URLs, its scopes, offline access, and the user\'s scope when given', () => {
    const data = { clientId: 'id', clientSecret: 's' };
    const sheets = resolveOAuth2Settings('googleSheetsOAuth2Api', data);
    expect(sheets).toMatchObject({
      grantType: 'authorizationCode',
      authUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
      accessTokenUrl: GOOGLE_TOKEN,
      authQueryParameters: 'access_type=offline&prompt=consent',
      authentication: 'body',
      clientId: 'id',
    });
    expect(String(sheets.scope).split(' ')).toEqual([
      'https://www.googleapis.com/auth/drive.file',
      'https://www.googleapis.com/auth/spreadsheets',
      'https://www.googleapis.com/auth/drive.metadata',
    ]);
    expect(String(resolveOAuth2Settings('gmailOAuth2', data).scope)).toContain('https://mail.google.com/');
    expect(resolveOAuth2Settings('googleSheetsOAuth2Api', { ...data, scope: 'https://www.googleapis.com/auth/spreadsheets.readonly' }).scope).toBe(
      'https://www.googleapis.com/auth/spreadsheets.readonly',
    );
    // googleOAuth2Api: the user says which APIs.
    expect(resolveOAuth2Settings('googleOAuth2Api', { ...data, scope: 'https://www.googleapis.com/auth/tasks' }).scope).toBe('https://www.googleapis.com/auth/tasks');
  });

  it('keeps a fixed scope, applies URL overrides, fills template URLs, and leaves oAuth2Api as stored', () => {
    const slack = resolveOAuth2Settings('slackOAuth2Api', { clientId: 'c', clientSecret: 's', scope: 'admin' });
    expect(slack.scope).toBe('chat:write');
    expect(slack.tokenPath).toBe('authed_user');
    expect(new URLSearchParams(String(slack.authQueryParameters)).get('user_scope')).toContain('chat:write');
    const overridden = resolveOAuth2Settings('slackOAuth2Api', { clientId: 'c', clientSecret: 's', authUrl: 'http://127.0.0.1:9/authorize', accessTokenUrl: 'http://127.0.0.1:9/token' });
    expect(overridden).toMatchObject({ authUrl: 'http://127.0.0.1:9/authorize', accessTokenUrl: 'http://127.0.0.1:9/token' });
    expect(resolveOAuth2Settings('mauticOAuth2Api', { url: 'https://crm.example.com/' })).toMatchObject({
      authUrl: 'https://crm.example.com/oauth/v2/authorize',
      accessTokenUrl: 'https://crm.example.com/oauth/v2/token',
    });
    expect(resolveOAuth2Settings('twitterOAuth2Api', {}).grantType).toBe('pkce');
    const generic = { grantType: 'clientCredentials', accessTokenUrl: 'https://x.example.com/token', clientId: 'c' };
    expect(resolveOAuth2Settings('oAuth2Api', generic)).toBe(generic);
  });

  it('asks for client ID and secret (masked), the scope only where n8n lets the user, URLs only as optional overrides', () => {
    expect(credentialSchemaFor('slackOAuth2Api').safeParse({ clientId: 'c' }).success).toBe(false);
    expect(credentialSchemaFor('slackOAuth2Api').safeParse({ clientId: 'c', clientSecret: 's' }).success).toBe(true);
    expect(credentialSchemaFor('slackOAuth2Api').safeParse({ clientId: 'c', clientSecret: 's', authUrl: 'not a url' }).success).toBe(false);
    expect(credentialSchemaFor('googleOAuth2Api').safeParse({ clientId: 'c', clientSecret: 's' }).success).toBe(false); // scope required
    expect(credentialSchemaFor('twitterOAuth2Api').safeParse({ clientId: 'c' }).success).toBe(true); // PKCE: no secret needed
    expect(credentialSchemaFor('mauticOAuth2Api').safeParse({ clientId: 'c', clientSecret: 's' }).success).toBe(false); // its URL
    for (const type of OAUTH2_PRESET_TYPES) expect(secretFieldsOf(type), type).toEqual(['clientSecret']);

    const byType = Object.fromEntries(credentialTypeCatalogue().map((t) => [t.type, t]));
    const slack = byType.slackOAuth2Api!.schema as { properties: Record<string, unknown>; required: string[] };
    expect(Object.keys(slack.properties)).toEqual(['clientId', 'clientSecret', 'authUrl', 'accessTokenUrl']);
    expect(slack.required).toEqual(['clientId', 'clientSecret']);
    const sheets = byType.googleSheetsOAuth2Api!.schema as { properties: Record<string, unknown> };
    expect(Object.keys(sheets.properties)).toEqual(['clientId', 'clientSecret', 'scope', 'authUrl', 'accessTokenUrl']);
    // OAuth2 types are flagged (the form shows the redirect URI to register); others are not.
    expect(byType.slackOAuth2Api!.oauth2).toBe(true);
    expect(byType.oAuth2Api!.oauth2).toBe(true);
    expect(byType.slackApi!.oauth2).toBe(false);
    // Enums reach the form as choices (rendered as dropdowns).
    const generic = byType.oAuth2Api!.schema as { properties: Record<string, { enum?: string[]; default?: string }> };
    expect(generic.properties.grantType).toMatchObject({ enum: ['authorizationCode', 'clientCredentials', 'pkce'], default: 'authorizationCode' });
    expect(generic.properties.authentication?.enum).toEqual(['header', 'body']);
  });
});
