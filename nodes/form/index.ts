/**
 * Form node (n8n's `n8n-nodes-base.form`), after a Form Trigger:
 * - operation `page` ("Next Form Page"): parks the execution (ctx.wait, kind 'form') with the page's fields;
 *   the person's browser is sent to /form-waiting/<execution id> (server/webhooks/waiting.ts), which shows
 *   the page; submitting it resumes the run, which emits the submitted fields (the Form Trigger's shape).
 *   Fields come from `formFields` or, with defineForm 'json', from `jsonOutput` (a JSON array of fields,
 *   often built with an expression).
 * - operation `completion` ("Form Ending"): answers the person with a completion page (title and message)
 *   or a redirect, when the run reaches it.
 */
import { defineNode, NodeError, z, type Item, type JsonObject, type NodeContext, type WebhookResponse } from '../sdk';
import { formFieldSchema, type FormField } from '../formTrigger';
import { plainText, renderCompletionPage } from '../formTrigger/page';

export const formParams = z.object({
  /** Weft's default stays 'completion' (graphs saved before pages existed); n8n import always sets it. */
  operation: z.enum(['page', 'completion']).default('completion').describe('page: a next page of fields; completion: the Form Ending'),
  /** page: where the fields come from. */
  defineForm: z.enum(['fields', 'json']).default('fields').describe('Where the page\'s fields come from (operation: page)'),
  formFields: z.object({ values: z.array(formFieldSchema).default([]) }).default({ values: [] }).describe('Fields of the page, unless defined by JSON (operation: page)'),
  /** page with defineForm 'json': the fields as a JSON array (text or an expression's array). */
  jsonOutput: z.unknown().optional().describe('The fields as a JSON array (defineForm: json)'),
  respondWith: z.enum(['text', 'redirect']).default('text').describe('Show a completion page or redirect (operation: completion)'),
  completionTitle: z.string().default('').describe('Completion page title (operation: completion)'),
  completionMessage: z.string().default('').describe('Completion page message (operation: completion)'),
  redirectUrl: z.string().default('').describe('Where to send the person (respondWith: redirect)'),
  options: z.looseObject({ formTitle: z.string().optional(), formDescription: z.string().optional(), buttonLabel: z.string().optional() }).default({}),
});

export type FormParams = z.output<typeof formParams>;

/** Pure: the answer the form's submitter gets. */
export function completionResponse(p: FormParams, nodeName: string): WebhookResponse {
  if (p.respondWith === 'redirect') {
    const url = p.redirectUrl.trim();
    if (!/^https?:\/\//i.test(url) && !url.startsWith('/')) {
      throw new NodeError(`"${nodeName}" needs a redirect URL starting with http://, https:// or /`, { field: 'redirectUrl' });
    }
    return { statusCode: 302, headers: { location: url } };
  }
  const title = plainText(p.completionTitle);
  // The page's <title> may differ from the heading (n8n's "Completion Page Title" option); the heading wins.
  const html = renderCompletionPage(title || plainText(p.options.formTitle), plainText(p.completionMessage));
  return { statusCode: 200, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }, body: html };
}

export default defineNode({
  type: 'form',
  version: [1],
  displayName: 'Form',
  description: 'Shows the form submitter a next page of fields, or a completion page, or sends them to a URL',
  category: 'utility',
  icon: 'reply',
  inputs: [{ name: 'main' }],
  outputs: [{ name: 'main' }],
  params: formParams,
  async execute(ctx) {
    const p = ctx.params(0);
    if (p.operation === 'page') {
      if (ctx.resume?.item) return { main: [{ ...ctx.resume.item, pairedItem: { item: 0 } } as Item] };
      return ctx.wait({ kind: 'form', config: { form: pageForm(ctx, p) } });
    }
    const response = completionResponse(p, ctx.node.name);
    if (ctx.services.respondToWebhook) await ctx.services.respondToWebhook(response);
    else ctx.log.debug('No form submission is waiting for this execution (not started by a Form Trigger)');
    return { main: ctx.items };
  },
});

/** The page the resume URL shows (Form Trigger params' shape), with its fields resolved now. */
function pageForm(ctx: NodeContext<FormParams>, p: FormParams): JsonObject {
  const fields = p.defineForm === 'json' ? jsonFields(ctx, p.jsonOutput) : p.formFields.values;
  return JSON.parse(
    JSON.stringify({
      formTitle: p.options.formTitle ?? '',
      formDescription: p.options.formDescription ?? '',
      formFields: { values: fields },
      options: { buttonLabel: p.options.buttonLabel },
    }),
  );
}

function jsonFields(ctx: NodeContext<FormParams>, value: unknown): FormField[] {
  let list = value;
  if (typeof value === 'string') {
    try {
      list = JSON.parse(value);
    } catch (err) {
      throw new NodeError(`Node "${ctx.node.name}", field "jsonOutput": the form fields are not valid JSON (${(err as Error).message})`, { field: 'jsonOutput' });
    }
  }
  if (!Array.isArray(list)) throw new NodeError(`Node "${ctx.node.name}", field "jsonOutput": expected a JSON array of fields`, { field: 'jsonOutput' });
  return list.map((raw, i) => {
    const parsed = formFieldSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new NodeError(`Node "${ctx.node.name}", field "jsonOutput[${i}].${issue.path.join('.')}": ${issue.message}`, { field: 'jsonOutput' });
    }
    return parsed.data;
  });
}
