/**
 * Bridge to the triggers engineer's server/triggers/activation.ts. Activation registers webhooks and
 * schedules in every web process; the flag alone is persisted here when that module is absent.
 */
type ActivationModule = {
  activateWorkflow(id: string): Promise<unknown>;
  deactivateWorkflow(id: string): Promise<unknown>;
};

async function loadActivation(): Promise<ActivationModule | null> {
  try {
    return (await import('../../../triggers/activation')) as unknown as ActivationModule;
  } catch (err) {
    if (isModuleMissing(err)) return null;
    throw err;
  }
}

function isModuleMissing(err: unknown): boolean {
  const code = (err as { code?: string })?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}

/** Returns false when the triggers module is not installed (only the flag was changed). */
export async function registerTriggers(workflowId: string): Promise<boolean> {
  const mod = await loadActivation();
  if (!mod) return false;
  await mod.activateWorkflow(workflowId);
  return true;
}

export async function unregisterTriggers(workflowId: string): Promise<boolean> {
  const mod = await loadActivation();
  if (!mod) return false;
  await mod.deactivateWorkflow(workflowId);
  return true;
}
