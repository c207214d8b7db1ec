/**
 * Inputs of the workflow router. The graph is checked for its shape here; the engine's validator
 * (server/engine/validate.ts) then checks it against the node registry on save.
 */
import { z } from 'zod';
import type { WorkflowGraph } from '../../../engine/types';

const id = z.string().min(1).max(64);

const graphNode = z.looseObject({
  id: z.string().min(1),
  name: z.string(),
  type: z.string().min(1),
  typeVersion: z.number(),
  params: z.record(z.string(), z.unknown()),
  position: z.tuple([z.number(), z.number()]),
});

const endpoint = z.object({ node: z.string().min(1), port: z.string().min(1) });

/** The workflow graph (docs/workflow-format.md). Extra keys are kept as the editor and importers send them. */
export const graphSchema = z
  .looseObject({
    nodes: z.array(graphNode).max(5000),
    connections: z.array(z.object({ from: endpoint, to: endpoint })).max(20000),
    notes: z.array(z.looseObject({ id: z.string(), content: z.string(), position: z.tuple([z.number(), z.number()]) })).optional(),
    settings: z.record(z.string(), z.unknown()).optional(),
    pinData: z.record(z.string(), z.array(z.any())).optional(),
    meta: z.record(z.string(), z.unknown()).optional(),
  })
  .transform((g) => g as unknown as WorkflowGraph);

export const emptyGraph = (): WorkflowGraph => ({ nodes: [], connections: [] });

const name = z.string().trim().min(1, 'Name the workflow').max(200);

export const listInput = z.object({
  search: z.string().trim().max(200).optional(),
  active: z.boolean().optional(),
  cursor: id.nullish(),
  limit: z.number().int().min(1).max(100).default(25),
});

export const byId = z.object({ id });

export const createInput = z.object({
  name,
  description: z.string().max(2000).optional(),
  graph: graphSchema.optional(),
});

export const saveInput = z.object({
  id,
  graph: graphSchema,
  name: name.optional(),
  description: z.string().max(2000).nullish(),
});

export const renameInput = z.object({ id, name });
export const duplicateInput = z.object({ id, name: name.optional() });
export const setActiveInput = z.object({ id, active: z.boolean() });
export const restoreInput = z.object({ id, versionId: id });

export type ListInput = z.infer<typeof listInput>;
export type CreateInput = z.infer<typeof createInput>;
export type SaveInput = z.infer<typeof saveInput>;
