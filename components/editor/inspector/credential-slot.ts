/** Which stored credentials fit a node's credential slot: any of the slot's `types` (or just its `type`). */
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
