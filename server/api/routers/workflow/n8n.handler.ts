/**
 * n8n import and export for the editor (workflow.previewN8n / importN8n / exportN8n): preview an import
 * (graph + report, nothing saved), import as a new workflow, export a workflow as n8n JSON. The mapping
 * itself lives in server/n8n.
 */
import { z } from 'zod';
import { TRPCError } from '@trpc/server';
import { exportN8n, importN8nWorkflow, N8nImportError } from '../../../n8n';
import type { WorkflowGraph } from '../../../engine/types';
import { requireWorkflow, type AuthedContext } from '../../trpc';
import { createWorkflow } from './workflow.handler';

type H<I> = { ctx: AuthedContext; input: I };

/** The pasted or uploaded file: JSON text or the parsed object. */
const source = z.union([z.string().max(20_000_000, 'The file is larger than 20 MB'), z.record(z.string(), z.unknown()), z.array(z.unknown())]);
export const previewN8nInput = z.object({ source });
export const importN8nInput = z.object({ source, name: z.string().trim().min(1).max(200).optional() });
export const exportN8nInput = z.object({ id: z.string().min(1).max(64) });

function importOrExplain(input: unknown) {
  try {
    return importN8nWorkflow(input);
  } catch (err) {
    if (err instanceof N8nImportError) throw new TRPCError({ code: 'BAD_REQUEST', message: err.message });
    throw err;
  }
}

function nameOf(doc: unknown, fallback: string): string {
  const parsed = typeof doc === 'string' ? safeParse(doc) : doc;
  const name = (parsed as { name?: unknown } | null)?.name;
  return typeof name === 'string' && name.trim() ? name.trim().slice(0, 200) : fallback;
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** What an import would produce, for the report dialog and for pasting onto the canvas. */
export function previewN8n({ input }: { input: z.infer<typeof previewN8nInput> }) {
  const { graph, report } = importOrExplain(input.source);
  return { graph: graph as WorkflowGraph, report };
}

/** Imports as a new workflow (version 1) and returns its id with the report. */
export async function importN8n({ ctx, input }: H<z.infer<typeof importN8nInput>>) {
  const { graph, report } = importOrExplain(input.source);
  const { id: _id, name: _name, ...rest } = graph as WorkflowGraph & { id?: string; name?: string };
  const workflow = await createWorkflow({
    ctx,
    input: { name: input.name ?? nameOf(input.source, 'Imported workflow'), graph: rest as WorkflowGraph },
  });
  return { workflowId: workflow.id, report };
}

/** The workflow (its saved draft) as n8n JSON. */
export async function exportN8nWorkflowJson({ ctx, input }: H<z.infer<typeof exportN8nInput>>) {
  const wf = await requireWorkflow(ctx, input.id);
  const { workflow, warnings } = exportN8n(wf.graph as unknown as WorkflowGraph, { name: wf.name });
  return { workflow, warnings };
}
