/**
 * Credential types: the secret fields each type marks (what the editor masks), and that every type the HTTP
 * Request node applies as a predefined credential has a schema with the fields it reads.
 */
import { describe, expect, it } from 'vitest';
import { credentialSchemaFor, credentialSchemas, credentialTypeCatalogue, secretFieldsOf } from './types';
import { PREDEFINED_AUTH, type PredefinedAuth } from '../../nodes/httpRequest/predefined';

describe('credential types', () => {
  it('marks the secret fields in the schema and lists them in the catalogue', () => {
    const byType = Object.fromEntries(credentialTypeCatalogue().map((t) => [t.type, t]));
    expect(byType.httpHeaderAuth.secretFields).toEqual(['value']);
    expect(byType.httpBasicAuth.secretFields).toEqual(['password']);
    expect(byType.openAiApi.secretFields).toEqual(['apiKey']);
    expect(byType.wordpressApi.secretFields).toEqual(['password']);
    expect(byType.shopifyAccessTokenApi.secretFields).toEqual(['accessToken', 'appSecretKey']);
    expect(byType.qdrantApi.secretFields).toEqual(['apiKey']);
    // Not secret: names, user names, URLs, subdomains.
    for (const t of Object.values(byType)) {
      for (const f of ['name', 'user', 'username', 'url', 'baseUrl', 'qdrantUrl', 'host', 'server', 'shopSubdomain']) expect(t.secretFields, `${t.type}.${f}`).not.toContain(f);
    }
    expect(secretFieldsOf('someUnknownApi')).toBeUndefined();
  });

  it('has a schema, with n8n\'s field names, for every predefined type the HTTP Request node applies', () => {
    for (const [type, auth] of Object.entries(PREDEFINED_AUTH) as [string, PredefinedAuth][]) {
      expect(credentialSchemas, type).toHaveProperty(type);
      const fields = Object.keys(credentialSchemas[type as keyof typeof credentialSchemas].shape);
      const used = auth.kind === 'basic' ? [auth.userField, auth.passwordField].filter((f): f is string => !!f) : [auth.field];
      for (const f of used) expect(fields, `${type}.${f}`).toContain(f);
      // The field that carries the key or password is masked.
      const secretField = auth.kind === 'basic' ? auth.passwordField : auth.field;
      expect(secretFieldsOf(type), type).toContain(secretField);
    }
  });

  it('checks base URL fields and fills documented defaults', () => {
    expect(credentialSchemaFor('qdrantApi').safeParse({ apiKey: 'k' }).success).toBe(false);
    expect(credentialSchemaFor('qdrantApi').safeParse({ apiKey: 'k', qdrantUrl: 'not a url' }).success).toBe(false);
    expect(credentialSchemaFor('qdrantApi').safeParse({ apiKey: 'k', qdrantUrl: 'https://q.example.com:6333' }).success).toBe(true);
    expect(credentialSchemaFor('googlePalmApi').parse({ apiKey: 'k' })).toEqual({ apiKey: 'k', host: 'https://generativelanguage.googleapis.com' });
    expect(credentialSchemaFor('wordpressApi').safeParse({ username: 'ada', password: 'pw' }).success).toBe(false);
    expect(credentialSchemaFor('shopifyAccessTokenApi').safeParse({ shopSubdomain: 'acme', accessToken: 't' }).success).toBe(true);
  });

  it('has n8n\'s redis credential: password secret, the form\'s text read as numbers and yes/no', () => {
    expect(secretFieldsOf('redis')).toEqual(['password']);
    expect(credentialSchemaFor('redis').parse({ host: 'cache.internal', port: '6380', database: '2', password: 'pw', ssl: 'true' })).toEqual({
      host: 'cache.internal', port: 6380, database: 2, password: 'pw', ssl: true, disableTlsVerification: false,
    });
    expect(credentialSchemaFor('redis').parse({})).toEqual({ host: 'localhost', port: 6379, database: 0, ssl: false, disableTlsVerification: false });
    expect(credentialSchemaFor('redis').safeParse({ port: 'abc' }).success).toBe(false);
    expect(credentialSchemaFor('redis').safeParse({ port: 70000 }).success).toBe(false);
  });
});
