import { z } from 'zod';
import { graphSchema } from '../workflow/workflow.schema';

const id = z.string().min(1).max(64);

export const executionStatus = z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled', 'waiting']);

/** Manual input: a list of JSON objects (each becomes an item's json), or a single object. */
const inputItems = z
  .union([z.array(z.record(z.string(), z.unknown())), z.record(z.string(), z.unknown())])
  .transform((v) => (Array.isArray(v) ? v : [v]));

export const runInput = z.object({
  workflowId: id,
  /** The editor's unsaved draft; when absent the workflow's saved graph runs. */
  graph: graphSchema.optional(),
  input: inputItems.optional(),
  /** Which trigger node starts the run (defaults to the manual trigger). */
  triggerNodeId: z.string().min(1).optional(),
});

/** A message sent in the editor's Chat panel: starts the workflow at its Chat Trigger. */
export const chatInput = z.object({
  workflowId: id,
  graph: graphSchema.optional(),
  /** The Chat Trigger to start from (default: the first enabled one). */
  triggerNodeId: z.string().min(1).optional(),
  /** Stays the same for one conversation of the panel; an agent's memory is keyed by it. */
  sessionId: z.string().min(1).max(200),
  message: z.string().min(1, 'Type a message').max(100_000),
});

export const listInput = z.object({
  workflowId: id.optional(),
  status: z.union([executionStatus, z.array(executionStatus)]).optional(),
  /** Executions whose saved data (Execution Data node) has this key, with this exact value when given. */
  data: z.object({ key: z.string().min(1).max(50), value: z.string().max(255).optional() }).optional(),
  cursor: id.nullish(),
  limit: z.number().int().min(1).max(100).default(25),
});

export const byId = z.object({ id });

export type RunInput = z.infer<typeof runInput>;
export type ChatInput = z.infer<typeof chatInput>;
export type ListInput = z.infer<typeof listInput>;
