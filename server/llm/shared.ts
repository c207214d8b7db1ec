/** Bits both providers need. */

/** Tool parameter schemas must be object schemas for both APIs; MCP servers sometimes omit the obvious. */
export function toolParameters(schema: Record<string, unknown> | undefined): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = schema ?? {};
  return { ...rest, type: 'object', properties: (rest.properties as object | undefined) ?? {} };
}

/** What a model is told when the API has no native structured output (Anthropic, or servers that reject it). */
export function jsonInstruction(schema: Record<string, unknown>): string {
  return `Respond with a single JSON value and nothing else (no prose, no code fences). It must match this JSON Schema:\n${JSON.stringify(schema)}`;
}
