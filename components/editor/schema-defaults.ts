/** Default parameter values from a node's JSON Schema (the zod schema's defaults). */
import type { JsonSchema } from './types';

export function unwrap(schema: JsonSchema | undefined): JsonSchema | undefined {
  if (!schema) return schema;
  const alts = schema.anyOf ?? schema.oneOf;
  if (alts && alts.length) {
    const nonNull = alts.filter((a) => a.type !== 'null');
    if (nonNull.length === 1) return { ...nonNull[0], default: schema.default ?? nonNull[0]!.default, description: schema.description ?? nonNull[0]!.description };
  }
  return schema;
}

export function defaultParams(schema: JsonSchema | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(schema?.properties ?? {})) {
    const prop = unwrap(raw);
    if (prop?.default !== undefined) out[key] = structuredClone(prop.default);
  }
  return out;
}
