/**
 * What a chat shows for a finished chat execution (the editor's Chat panel, the public chat page), as n8n's
 * chat does: the `output` (or `text`) field of the first item of the last node that produced items; an
 * error's message when it failed.
 */
export interface ChatExecution {
  status: string;
  error?: unknown;
  nodeRuns: {
    nodeName: string;
    status: string;
    finishedAt: Date | string | null;
    outputItems: Record<string, { json: Record<string, unknown> }[]> | null;
    error?: { message?: string } | null;
  }[];
}

export type ChatReply = { kind: 'reply' | 'error'; text: string };

const time = (d: Date | string | null) => (d ? new Date(d).getTime() : 0);

function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
}

export function chatReply(ex: ChatExecution): ChatReply {
  if (ex.status === 'failed') {
    const failed = ex.nodeRuns.find((r) => r.status === 'failed' && r.error?.message);
    const message = failed ? `${failed.nodeName}: ${failed.error!.message}` : ((ex.error as { message?: string } | null)?.message ?? 'The workflow failed');
    return { kind: 'error', text: message };
  }
  if (ex.status === 'cancelled') return { kind: 'error', text: 'The execution was cancelled' };
  // Later finishers win; among equal times the later run in the list (runs are listed in queue order).
  const done = ex.nodeRuns
    .map((r, i) => ({ r, i }))
    .filter(({ r }) => r.status === 'succeeded' && Object.values(r.outputItems ?? {}).some((items) => items.length))
    .sort((a, b) => time(a.r.finishedAt) - time(b.r.finishedAt) || a.i - b.i);
  const last = done[done.length - 1]?.r;
  if (!last) return { kind: 'reply', text: '(the workflow finished without output)' };
  const json = Object.values(last.outputItems ?? {}).find((items) => items.length)![0].json;
  if (json.output !== undefined) return { kind: 'reply', text: show(json.output) };
  if (json.text !== undefined) return { kind: 'reply', text: show(json.text) };
  return { kind: 'reply', text: show(json) };
}
