/**
 * The editor's "listen for a test event": registers the draft graph's webhook nodes at /webhook-test/<path>
 * for one request, up to two minutes (server/webhooks/testWebhooks.ts). The resulting execution carries the
 * workflow id, so it shows live on the canvas through the normal execution events.
 */
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import type { WorkflowGraph } from '../../../engine/types';
import { env } from '../../../env';
import { redis } from '../../../redis';
import { listenForTestWebhook, stopListeningForTestWebhook, TestWebhookError } from '../../../webhooks/testWebhooks';
import { requireWorkflow, type AuthedContext } from '../../trpc';

export const listenTestWebhookInput = z.object({
  id: z.string(),
  /** The editor's unsaved draft; the saved draft when left out. */
  graph: z.record(z.string(), z.unknown()).optional(),
});
export const stopTestWebhookInput = z.object({ id: z.string(), listenId: z.string() });

type H<I> = { ctx: AuthedContext; input: I };

export async function listenTestWebhook({ ctx, input }: H<z.infer<typeof listenTestWebhookInput>>) {
  const wf = await requireWorkflow(ctx, input.id);
  const graph = (input.graph ?? wf.graph) as unknown as WorkflowGraph;
  try {
    return await listenForTestWebhook(redis(), wf.id, graph, { ownerId: wf.ownerId, publicUrl: env().WEFT_PUBLIC_URL ?? '' });
  } catch (err) {
    if (err instanceof TestWebhookError) throw new TRPCError({ code: 'BAD_REQUEST', message: err.message });
    throw err;
  }
}

export async function stopTestWebhook({ ctx, input }: H<z.infer<typeof stopTestWebhookInput>>) {
  await requireWorkflow(ctx, input.id);
  await stopListeningForTestWebhook(redis(), input.listenId, input.id);
  return { ok: true };
}
