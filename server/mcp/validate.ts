/**
 * JSON Schema validation of tool arguments (and of agent JSON output), with the ajv-backed validator the
 * MCP SDK ships (`@modelcontextprotocol/sdk/validation/ajv`), so Weft does not depend on ajv directly.
 */
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import type { JsonSchemaType, JsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/types';

const provider = new AjvJsonSchemaValidator();
// Compiled validators by schema text; tool schemas repeat across calls, so compile each once.
const compiled = new Map<string, JsonSchemaValidator<unknown>>();
const MAX_CACHED = 500;

function validatorFor(schema: Record<string, unknown>): JsonSchemaValidator<unknown> {
  const key = JSON.stringify(schema);
  let fn = compiled.get(key);
  if (!fn) {
    if (compiled.size >= MAX_CACHED) compiled.delete(compiled.keys().next().value as string);
    fn = provider.getValidator(schema as JsonSchemaType);
    compiled.set(key, fn);
  }
  return fn;
}

/**
 * Returns undefined when `value` matches `schema`, else ajv's message with the root named `rootName`
 * (e.g. "arguments must have required property 'b', arguments/a must be number").
 * A schema ajv cannot compile is reported as such rather than thrown.
 */
export function validateAgainstSchema(schema: Record<string, unknown> | undefined, value: unknown, rootName = 'arguments'): string | undefined {
  if (!schema || Object.keys(schema).length === 0) return undefined;
  let fn: JsonSchemaValidator<unknown>;
  try {
    fn = validatorFor(schema);
  } catch (err) {
    return `the JSON Schema itself is invalid: ${(err as Error).message}`;
  }
  const result = fn(value);
  if (result.valid) return undefined;
  return result.errorMessage.replace(/(^|, )data(?=[/ ]|$)/g, `$1${rootName}`);
}
