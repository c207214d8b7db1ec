/**
 * Credential storage: data is validated by type, encrypted with server/crypto.ts (AES-256-GCM) and
 * only ever decrypted on the server (workers resolving ctx.credentials, the API's test). Nothing here
 * returns decrypted data to a caller that answers a browser.
 */
import type { Db } from '../db';
import { decryptCredential, encryptCredential } from '../crypto';
import { credentialSchemaFor } from './types';
import { isOAuth2FamilyType, oauth2Status } from './oauth2';
import { testCredential, type CredentialTestResult } from './test-connection';

export interface CredentialSummary {
  id: string;
  name: string;
  type: string;
  ownerId: string;
  /** Names of the stored fields (never their values), so the form can show "set" markers. */
  fields: string[];
  /** OAuth2 types only (oAuth2Api, googleSheetsOAuth2Api, ...): whether a token is stored (never the token). */
  oauth2?: { connected: boolean; grantType: string; expiresAt?: number };
  createdAt: Date;
  updatedAt: Date;
}

export class CredentialDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CredentialDataError';
  }
}

function validate(type: string, data: Record<string, unknown>): Record<string, unknown> {
  const parsed = credentialSchemaFor(type).safeParse(data);
  if (!parsed.success) {
    throw new CredentialDataError(
      `The ${type} credential is incomplete: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'data'}: ${i.message}`).join('; ')}`,
    );
  }
  // Empty optional fields are dropped rather than stored as "".
  return Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== '' && v !== undefined));
}

type Row = { id: string; name: string; type: string; ownerId: string; data: string; createdAt: Date; updatedAt: Date };

export function summarise(row: Row): CredentialSummary {
  let fields: string[] = [];
  let oauth2: CredentialSummary['oauth2'];
  try {
    const data = decryptCredentialData(row.data);
    fields = Object.keys(data).filter((k) => k !== 'oauthTokenData');
    if (isOAuth2FamilyType(row.type)) oauth2 = oauth2Status(data, row.type);
  } catch {
    fields = []; // undecryptable (key rotated): still listed so it can be replaced or deleted
  }
  return { id: row.id, name: row.name, type: row.type, ownerId: row.ownerId, fields, ...(oauth2 ? { oauth2 } : {}), createdAt: row.createdAt, updatedAt: row.updatedAt };
}

export function decryptCredentialData(data: string): Record<string, unknown> {
  return decryptCredential(data);
}

export async function createCredential(
  db: Db,
  args: { ownerId: string; name: string; type: string; data: Record<string, unknown> },
): Promise<CredentialSummary> {
  const data = validate(args.type, args.data);
  const row = await db.credential.create({
    data: { ownerId: args.ownerId, name: args.name, type: args.type, data: encryptCredential(data) },
  });
  return summarise(row);
}

/** Updates name and/or data. Data fields given replace stored ones; fields left out keep their value. */
export async function updateCredential(
  db: Db,
  row: Row,
  args: { name?: string; data?: Record<string, unknown>; replace?: boolean },
): Promise<CredentialSummary> {
  let encrypted: string | undefined;
  if (args.data) {
    const previous = args.replace ? {} : decryptCredentialData(row.data);
    // OAuth2: new provider settings (client, URLs, scope) make the stored tokens stale: connect again.
    if (isOAuth2FamilyType(row.type) && Object.keys(args.data).some((k) => k !== 'oauthTokenData')) delete previous.oauthTokenData;
    encrypted = encryptCredential(validate(row.type, { ...previous, ...args.data }));
  }
  const updated = await db.credential.update({
    where: { id: row.id },
    data: { ...(args.name ? { name: args.name } : {}), ...(encrypted ? { data: encrypted } : {}) },
  });
  return summarise(updated);
}

/** Tests stored data, optionally overlaid with unsaved changes from the form. */
export async function testStoredCredential(row: Row, overlay?: Record<string, unknown>): Promise<CredentialTestResult> {
  let stored: Record<string, unknown>;
  try {
    stored = decryptCredentialData(row.data);
  } catch {
    return { ok: false, message: 'The stored data cannot be decrypted (was WEFT_ENCRYPTION_KEY changed?). Enter it again.' };
  }
  return testCredential(row.type, { ...stored, ...(overlay ?? {}) });
}
