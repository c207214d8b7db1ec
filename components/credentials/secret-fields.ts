/**
 * Which credential fields the form masks: the fields a known type marks secret (credential.types'
 * secretFields, from the zod schema's `.meta({ secret: true })`); for a type the server does not know,
 * a guess by name.
 */
const SECRET = /key|secret|password|token|value/i;

/** Secret when the known type says so; for unknown types (secretFields undefined) a guess by name. */
export function isSecretField(name: string, secretFields?: readonly string[]): boolean {
  return secretFields ? secretFields.includes(name) : SECRET.test(name);
}
