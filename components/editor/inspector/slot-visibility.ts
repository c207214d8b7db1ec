/**
 * Which of a node's credential slots the inspector shows: a slot with `shownWhen` only while the node's
 * params match it (the HTTP Request node has a slot per authentication kind and predefined type, and shows
 * the one in use). A slot that holds a credential stays visible so it can be cleared; an expression in a
 * param the condition reads may pick any slot, so all are shown then.
 */
export interface ConditionalSlot {
  name: string;
  shownWhen?: Record<string, string[]>;
}

export function visibleSlots<S extends ConditionalSlot>(
  slots: readonly S[],
  params: Record<string, unknown>,
  defaults: Record<string, unknown>,
  chosen: Record<string, unknown> | undefined,
): S[] {
  return slots.filter((slot) => {
    if (!slot.shownWhen || chosen?.[slot.name]) return true;
    return Object.entries(slot.shownWhen).every(([param, values]) => {
      const value = params[param] ?? defaults[param];
      return (typeof value === 'string' && value.startsWith('=')) || values.includes(String(value));
    });
  });
}

/** An agent's node tool as stored in its params (nodes/agent/params.ts nodeTools). */
interface NodeToolParams {
  name?: unknown;
  nodeType?: unknown;
  params?: unknown;
}

/**
 * The credential slots of an agent's node tools: each tool node's own slots (shown as its params select),
 * named "<tool name>/<slot>" on the agent, which is where the runtime looks for them.
 */
export function nodeToolSlots<S extends ConditionalSlot>(
  params: Record<string, unknown>,
  slotsOf: (nodeType: string) => { slots: readonly S[]; defaults: Record<string, unknown> } | undefined,
  chosen: Record<string, unknown> | undefined,
): (S & { tool: string })[] {
  const tools = Array.isArray(params.nodeTools) ? (params.nodeTools as NodeToolParams[]) : [];
  return tools.flatMap((t) => {
    if (typeof t?.name !== 'string' || typeof t.nodeType !== 'string') return [];
    const def = slotsOf(t.nodeType);
    if (!def) return [];
    const toolParams = t.params && typeof t.params === 'object' ? (t.params as Record<string, unknown>) : {};
    const prefixed = Object.fromEntries(Object.entries(chosen ?? {}).filter(([k]) => k.startsWith(`${t.name}/`)).map(([k, v]) => [k.slice(String(t.name).length + 1), v]));
    return visibleSlots(def.slots, toolParams, def.defaults, prefixed).map((slot) => ({ ...slot, name: `${t.name}/${slot.name}`, tool: String(t.name) }));
  });
}
