/**
 * Credential types Weft knows the shape of. Unknown types are accepted as a flat map of strings, so
 * imported n8n workflows can keep their credential slots; their test only checks that shape.
 */
import { z } from 'zod';

const nonEmpty = (field: string) => z.string().min(1, `${field} is required`);
const baseUrl = z.url('Base URL must be a URL such as https://api.openai.com/v1').optional();

export const credentialSchemas = {
  openAiApi: z.looseObject({ apiKey: nonEmpty('API key'), baseUrl, organization: z.string().optional() }),
  anthropicApi: z.looseObject({ apiKey: nonEmpty('API key'), baseUrl }),
  httpHeaderAuth: z.looseObject({ name: nonEmpty('Header name'), value: nonEmpty('Header value') }),
  httpBasicAuth: z.looseObject({ user: nonEmpty('User'), password: nonEmpty('Password') }),
  httpBearerAuth: z.looseObject({ token: nonEmpty('Token') }),
  webhookHmac: z.looseObject({ secret: nonEmpty('Secret'), header: z.string().optional() }),
  httpQueryAuth: z.looseObject({ name: nonEmpty('Parameter name'), value: nonEmpty('Parameter value') }),
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

/** The catalogue of known types for the editor's credential form (field names and JSON Schema). */
export function credentialTypeCatalogue() {
  return Object.entries(credentialSchemas).map(([type, schema]) => ({
    type,
    schema: z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>,
  }));
}
