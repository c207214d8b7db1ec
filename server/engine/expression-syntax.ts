/** The one rule for what counts as an expression value: a string starting with '=' (n8n's convention). */
export function isExpressionValue(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith('=');
}
