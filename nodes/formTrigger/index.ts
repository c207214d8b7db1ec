/**
 * Form Trigger: GET /form/<path> (active workflow) shows a server-rendered HTML form; POST submits it and
 * starts the workflow with one item, field labels as keys (n8n's shape). The HTTP side lives in
 * server/webhooks/form.ts on top of the webhook machinery; this plugin declares the parameters (the single
 * source that handler parses too) and emits the submission.
 */
import { defineNode, z, type Item, type JsonObject } from '../sdk';

export const FORM_FIELD_TYPES = [
  'text',
  'textarea',
  'email',
  'number',
  'password',
  'date',
  'dropdown',
  'checkbox',
  'radio',
  'file',
  'hiddenField',
] as const;

export const formFieldSchema = z.looseObject({
  fieldLabel: z.string().default(''),
  fieldType: z.enum(FORM_FIELD_TYPES).default('text'),
  placeholder: z.string().optional(),
  requiredField: z.boolean().default(false),
  /** dropdown / checkbox / radio: the choices. */
  fieldOptions: z.object({ values: z.array(z.object({ option: z.string() })).default([]) }).optional(),
  /** dropdown: several choices may be picked (the value becomes a list). */
  multiselect: z.boolean().optional(),
  /** file: several files may be uploaded. */
  multipleFiles: z.boolean().optional(),
  /** file: accepted extensions, comma separated (".pdf, .png" or "pdf"). */
  acceptFileTypes: z.string().optional(),
  /** hiddenField: its name and the value it submits. */
  fieldName: z.string().optional(),
  fieldValue: z.string().optional(),
});
export type FormField = z.output<typeof formFieldSchema>;

export const formTriggerParams = z.object({
  /** Path after /form/ (no `:params`). */
  path: z.string().default(''),
  formTitle: z.string().default(''),
  formDescription: z.string().default(''),
  formFields: z.object({ values: z.array(formFieldSchema).default([]) }).default({ values: [] }),
  /**
   * onReceived: the completion page as soon as the execution is persisted; lastNode: once the workflow
   * finishes; responseNode: what a Respond to Webhook node sends. A Form node (completion) in the graph
   * always answers when it runs, whatever this says (n8n's behaviour).
   */
  responseMode: z.enum(['onReceived', 'lastNode', 'responseNode']).default('onReceived'),
  /** Seconds to wait for the workflow (lastNode, responseNode, completion node) before saying it is still running. */
  responseTimeout: z.number().positive().max(600).default(120),
  /** Submissions per minute accepted (as the Webhook's rateLimit, same limiter); 0 = unlimited. Weft only. */
  rateLimit: z.number().int().min(0).default(0),
  /** fixed: a counter per clock minute; sliding: the last 60 s, submission by submission. */
  rateLimitWindow: z.enum(['fixed', 'sliding']).default('fixed'),
  options: z
    .looseObject({
      buttonLabel: z.string().optional(),
      /** The completion page's message (onReceived / lastNode). */
      formSubmittedText: z.string().optional(),
      /** Redirect after submitting instead of the completion page. */
      redirectUrl: z.string().optional(),
      appendAttribution: z.boolean().optional(),
      ignoreBots: z.boolean().optional(),
      useWorkflowTimezone: z.boolean().optional(),
    })
    .default({}),
});

export type FormTriggerParams = z.output<typeof formTriggerParams>;

export const DEFAULT_SUBMITTED_TEXT = 'Your response has been recorded';

export default defineNode({
  type: 'formTrigger',
  version: [2, 2.1, 2.2],
  displayName: 'Form Trigger',
  description: 'Shows a web form at /form/<path>; each submission starts the workflow',
  category: 'trigger',
  icon: 'send',
  trigger: true,
  inputs: [],
  outputs: [{ name: 'main' }],
  params: formTriggerParams,
  async execute(ctx) {
    return { main: triggerItems(ctx.triggerData, ctx.execution.mode === 'manual') };
  },
});

/** The runtime records the submission as this node's output; `execute` only runs when it did not (a manual run). */
function triggerItems(data: JsonObject | undefined, manual: boolean): Item[] {
  if (data && Array.isArray(data.items)) return data.items as Item[];
  if (data && typeof data === 'object' && 'submittedAt' in data) return [{ json: data }];
  return [{ json: { submittedAt: new Date().toISOString(), formMode: manual ? 'test' : 'production', ...(data ?? {}) } }];
}
