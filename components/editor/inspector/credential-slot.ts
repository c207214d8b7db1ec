/**
 * Which stored credentials fit a node's credential slot: any of the slot's `types` (or just its `type`);
 * and the params a picked credential implies (an Anthropic key makes the agent's provider Anthropic).
 */
import { unwrap } from '../schema-defaults';
import type { JsonSchema } from '../types';

export interface SlotTypes {
  type: string;
  types?: string[];
}

export function slotTypes(slot: SlotTypes): string[] {
  return slot.types?.length ? slot.types : [slot.type];
}

/** The credential list query input: filter on the server when one type fits, else list all and filter here. */
export function slotListInput(slot: SlotTypes): { type: string } | undefined {
  const types = slotTypes(slot);
  return types.length === 1 ? { type: types[0]! } : undefined;
}

export function credentialsForSlot<R extends { type: string }>(rows: readonly R[], slot: SlotTypes): R[] {
  const types = new Set(slotTypes(slot));
  return rows.filter((r) => types.has(r.type));
}

/** The `provider` param value each LLM credential type implies (the agent's provider enum). */
const PROVIDER_OF_CREDENTIAL: Record<string, string> = { openAiApi: 'openai', anthropicApi: 'anthropic' };

/**
 * The node's params after picking a credential of `credentialType`, or null when nothing changes: a node
 * whose schema has a `provider` choice gets the provider the credential is for, unless the provider is
 * an expression (decided per item, left alone) or already right.
 */
export function paramsForCredential(
  schema: JsonSchema | undefined,
  params: Record<string, unknown>,
  credentialType: string | undefined,
): Record<string, unknown> | null {
  const provider = credentialType ? PROVIDER_OF_CREDENTIAL[credentialType] : undefined;
  const field = unwrap(schema?.properties?.provider);
  if (!provider || !field?.enum?.includes(provider)) return null;
  const current = params.provider ?? field.default;
  if (current === provider || (typeof current === 'string' && current.startsWith('='))) return null;
  return { ...params, provider };
}
