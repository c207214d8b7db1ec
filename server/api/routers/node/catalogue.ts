/**
 * The node catalogue for the palette and the inspector: metadata, ports and the parameter JSON Schema
 * generated from each plugin's zod schema. Built once per process; the registry does not change at runtime.
 */
import { z } from 'zod';
import { registry } from '../../../../nodes/registry';
import { latestVersion, resolvePorts, type NodeDefinition, type PortSpec } from '../../../engine/node';

export interface NodeCatalogueEntry {
  type: string;
  version: number;
  versions: number[];
  displayName: string;
  description: string;
  category: NodeDefinition['category'];
  icon: string;
  trigger: boolean;
  loop: boolean;
  /** Ports for the default parameters; `dynamic*` says they change with the parameters (switch). */
  inputs: PortSpec[];
  outputs: PortSpec[];
  dynamicInputs: boolean;
  dynamicOutputs: boolean;
  /** `types`: every credential type that fits the slot (`type` first); just `[type]` for most slots. */
  credentials: { name: string; type: string; types: string[]; required: boolean; shownWhen?: Record<string, string[]> }[];
  /** JSON Schema (draft 2020-12) of the parameters, input side (what a person types). */
  paramsSchema: Record<string, unknown>;
  /** The parameters a new node starts with (the schema's defaults). */
  defaults: Record<string, unknown>;
}

function jsonSchemaOf(def: NodeDefinition): Record<string, unknown> {
  try {
    return z.toJSONSchema(def.params, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  } catch (err) {
    return { type: 'object', description: `Schema not representable: ${(err as Error).message}` };
  }
}

function defaultsOf(def: NodeDefinition): Record<string, unknown> {
  const parsed = def.params.safeParse({});
  return parsed.success && parsed.data && typeof parsed.data === 'object' ? (parsed.data as Record<string, unknown>) : {};
}

export function describeNode(def: NodeDefinition): NodeCatalogueEntry {
  const defaults = defaultsOf(def);
  const safePorts = (p: NodeDefinition['inputs']) => {
    try {
      return resolvePorts(p, defaults);
    } catch {
      return [];
    }
  };
  return {
    type: def.type,
    version: latestVersion(def),
    versions: Array.isArray(def.version) ? [...def.version] : [def.version],
    displayName: def.displayName,
    description: def.description,
    category: def.category,
    icon: def.icon,
    trigger: Boolean(def.trigger),
    loop: Boolean(def.loop),
    inputs: safePorts(def.inputs),
    outputs: safePorts(def.outputs),
    dynamicInputs: typeof def.inputs === 'function',
    dynamicOutputs: typeof def.outputs === 'function',
    credentials: (def.credentials ?? []).map((c) => ({
      name: c.name,
      type: c.type,
      types: c.types?.length ? [...c.types] : [c.type],
      required: c.required ?? false,
      ...(c.shownWhen ? { shownWhen: c.shownWhen } : {}),
    })),
    paramsSchema: jsonSchemaOf(def),
    defaults,
  };
}

let cached: NodeCatalogueEntry[] | undefined;

export function nodeCatalogue(): NodeCatalogueEntry[] {
  cached ??= [...registry.values()].map(describeNode).sort((a, b) => a.displayName.localeCompare(b.displayName));
  return cached;
}
