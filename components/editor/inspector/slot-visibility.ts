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
