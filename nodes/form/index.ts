/**
 * Form node, "Form Ending" (n8n's operation `completion`): answers the person who submitted the Form
 * Trigger's form with a completion page (title and message) or a redirect, when the run reaches it.
 * Multi-page forms (n8n's other Form node operation) need an execution that waits for the next
 * submission; Weft has no such wait yet, so only `completion` exists.
 */
import { defineNode, NodeError, z, type WebhookResponse } from '../sdk';
import { plainText, renderCompletionPage } from '../formTrigger/page';

export const formParams = z.object({
  operation: z.literal('completion').default('completion'),
  respondWith: z.enum(['text', 'redirect']).default('text'),
  completionTitle: z.string().default(''),
  completionMessage: z.string().default(''),
  redirectUrl: z.string().default(''),
  options: z.looseObject({ formTitle: z.string().optional() }).default({}),
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
  displayName: 'Form Ending',
  description: 'Shows the form submitter a completion page or sends them to a URL',
  category: 'utility',
  icon: 'reply',
  inputs: [{ name: 'main' }],
  outputs: [{ name: 'main' }],
  params: formParams,
  async execute(ctx) {
    const response = completionResponse(ctx.params(0), ctx.node.name);
    if (ctx.services.respondToWebhook) await ctx.services.respondToWebhook(response);
    else ctx.log.debug('No form submission is waiting for this execution (not started by a Form Trigger)');
    return { main: ctx.items };
  },
});
