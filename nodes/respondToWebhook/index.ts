/**
 * Respond to Webhook: answers the request that started the execution (webhook responseMode 'responseNode'),
 * then passes its input items through. Answers once, with the first item, as n8n does.
 */
import { defineNode, NodeError, z, type Item, type WebhookResponse } from '../sdk';

const headerEntries = z
  .object({ entries: z.array(z.object({ name: z.string(), value: z.string() })).default([]) })
  .optional();

export const respondToWebhookParams = z.object({
  respondWith: z
    .enum(['firstIncomingItem', 'allIncomingItems', 'json', 'text', 'binary', 'redirect', 'noData'])
    .default('firstIncomingItem'),
  /** json: an object, a JSON string or an expression; text: the text. */
  responseBody: z.unknown().optional(),
  redirectURL: z.string().default(''),
  /** binary: which binary property of the first item to send. */
  inputFieldName: z.string().default('data'),
  options: z
    .looseObject({
      responseCode: z.number().int().min(100).max(599).optional(),
      responseHeaders: headerEntries,
      /** firstIncomingItem/allIncomingItems: wrap the answer under this key. */
      responseKey: z.string().optional(),
    })
    .default({}),
});

export type RespondToWebhookParams = z.output<typeof respondToWebhookParams>;

export default defineNode({
  type: 'respondToWebhook',
  version: [1, 1.1, 1.2, 1.3],
  displayName: 'Respond to Webhook',
  description: 'Answers the webhook request that started the workflow',
  category: 'utility',
  icon: 'reply',
  inputs: [{ name: 'main' }],
  outputs: [{ name: 'main' }],
  params: respondToWebhookParams,
  async execute(ctx) {
    const items = ctx.items;
    const params = ctx.params(0);
    const response = buildWebhookResponse(params, items, ctx.node.name);
    if (ctx.services.respondToWebhook) {
      await ctx.services.respondToWebhook(response);
    } else {
      ctx.log.debug('No webhook request is waiting for this execution (not started by a webhook in "responseNode" mode)', {
        statusCode: response.statusCode,
      });
    }
    return { main: items };
  },
});

function headersOf(params: RespondToWebhookParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { name, value } of params.options.responseHeaders?.entries ?? []) {
    if (name) out[name.toLowerCase()] = value;
  }
  return out;
}

/** Pure: the response a Respond to Webhook node sends for its input items. */
export function buildWebhookResponse(params: RespondToWebhookParams, items: Item[], nodeName: string): WebhookResponse {
  const headers = headersOf(params);
  const code = params.options.responseCode;
  const wrap = (value: unknown) => (params.options.responseKey ? { [params.options.responseKey]: value } : value);
  switch (params.respondWith) {
    case 'firstIncomingItem':
      return { statusCode: code ?? 200, headers, body: wrap(items[0]?.json ?? {}) };
    case 'allIncomingItems':
      return { statusCode: code ?? 200, headers, body: wrap(items.map((i) => i.json)) };
    case 'json': {
      let body = params.responseBody;
      if (typeof body === 'string') {
        const text = body.trim();
        if (text === '') body = {};
        else {
          try {
            body = JSON.parse(text);
          } catch {
            throw new NodeError(`The response body of "${nodeName}" is not valid JSON`, {
              field: 'responseBody',
              description: 'Write a JSON value, or an expression that returns an object.',
            });
          }
        }
      }
      return { statusCode: code ?? 200, headers, body: body ?? {} };
    }
    case 'text': {
      const body = params.responseBody;
      const text = typeof body === 'string' ? body : body === undefined || body === null ? '' : JSON.stringify(body);
      return { statusCode: code ?? 200, headers: { 'content-type': 'text/plain; charset=utf-8', ...headers }, body: text };
    }
    case 'binary': {
      const bin = items[0]?.binary?.[params.inputFieldName];
      if (!bin) {
        throw new NodeError(`"${nodeName}" found no binary property "${params.inputFieldName}" on its first item`, {
          field: 'inputFieldName',
        });
      }
      return {
        statusCode: code ?? 200,
        headers: { 'content-type': bin.mimeType, ...headers },
        binary: { data: bin.data, mimeType: bin.mimeType },
      };
    }
    case 'redirect': {
      if (!params.redirectURL) {
        throw new NodeError(`"${nodeName}" needs a redirect URL`, { field: 'redirectURL' });
      }
      return { statusCode: code ?? 307, headers: { ...headers, location: params.redirectURL } };
    }
    case 'noData':
      return { statusCode: code ?? 200, headers };
  }
}
