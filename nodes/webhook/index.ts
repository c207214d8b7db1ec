/**
 * Webhook trigger: an HTTP request to /webhook/<path> (active workflow) or /webhook-test/<path> (editor listening)
 * starts the workflow. The HTTP side lives in server/webhooks/; this plugin declares the parameters (the single
 * source the HTTP handler parses too) and emits the request as n8n shapes it.
 */
import { defineNode, z, type Item, type JsonObject } from '../sdk';

export const WEBHOOK_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'] as const;
export type WebhookMethod = (typeof WEBHOOK_METHODS)[number];

const method = z.enum(WEBHOOK_METHODS);

/** n8n's `{ entries: [{ name, value }] }` header lists. */
const headerEntries = z
  .object({ entries: z.array(z.object({ name: z.string(), value: z.string() })).default([]) })
  .optional();

export const webhookParams = z.object({
  /** Path after /webhook/; may contain `:params` segments (`orders/:id`). */
  path: z.string().default(''),
  /** One method, or several (n8n's "Allow Multiple HTTP Methods" keeps a list in `httpMethod`). */
  httpMethod: z.union([method, z.array(method).min(1)]).default('GET'),
  authentication: z.enum(['none', 'headerAuth', 'basicAuth', 'hmac']).default('none'),
  /** HMAC: header carrying the signature and how it is written. `github` = `sha256=<hex>`. */
  hmacHeader: z.string().default('X-Hub-Signature-256'),
  hmacEncoding: z.enum(['github', 'hex', 'base64']).default('github'),
  responseMode: z.enum(['onReceived', 'lastNode', 'responseNode']).default('onReceived'),
  /** lastNode: what to answer with. */
  responseData: z.enum(['firstEntryJson', 'allEntries', 'noData']).default('firstEntryJson'),
  /** Status code for onReceived / lastNode answers; unset = 202 with the execution id (onReceived) or 200 (lastNode). */
  responseCode: z.number().int().min(100).max(599).optional(),
  /** lastNode / responseNode: seconds to wait before answering 202 with the execution id. */
  responseTimeout: z.number().positive().max(600).default(30),
  /** Header whose value deduplicates deliveries (e.g. X-GitHub-Delivery); empty disables. */
  idempotencyHeader: z.string().default('Idempotency-Key'),
  /** Requests per minute accepted for this webhook; 0 = unlimited. */
  rateLimit: z.number().int().min(0).default(0),
  /** fixed: a counter per clock minute (cheapest); sliding: the last 60 s, request by request. */
  rateLimitWindow: z.enum(['fixed', 'sliding']).default('fixed'),
  options: z
    .looseObject({
      /** Keep the raw body as binary data as well as the parsed body. */
      rawBody: z.boolean().optional(),
      /** Binary property for uploaded files / raw bodies (multipart: the first file; others get suffixes). */
      binaryPropertyName: z.string().optional(),
      /** onReceived: body to answer with (text; JSON if it parses). */
      responseData: z.string().optional(),
      responseContentType: z.string().optional(),
      responseHeaders: headerEntries,
      noResponseBody: z.boolean().optional(),
    })
    .default({}),
});

export type WebhookParams = z.output<typeof webhookParams>;

export function webhookMethods(p: Pick<WebhookParams, 'httpMethod'>): WebhookMethod[] {
  return Array.isArray(p.httpMethod) ? [...new Set(p.httpMethod)] : [p.httpMethod];
}

/** The request as the trigger emits it (n8n's shape). Built by server/webhooks/http.ts. */
export interface WebhookRequestJson extends JsonObject {
  headers: Record<string, string>;
  params: Record<string, string>;
  query: Record<string, string | string[]>;
  body: unknown;
  webhookUrl: string;
  executionMode: 'test' | 'production';
}

export default defineNode({
  type: 'webhook',
  version: [1, 2],
  displayName: 'Webhook',
  description: 'Starts the workflow when an HTTP request arrives at its URL',
  category: 'trigger',
  icon: 'webhook',
  trigger: true,
  inputs: [],
  outputs: [{ name: 'main' }],
  params: webhookParams,
  credentials: [
    { name: 'httpHeaderAuth', type: 'httpHeaderAuth' },
    { name: 'httpBasicAuth', type: 'httpBasicAuth' },
    { name: 'webhookHmac', type: 'webhookHmac' },
  ],
  async execute(ctx) {
    return { main: triggerItems(ctx.triggerData, ctx.execution.mode === 'manual') };
  },
});

/**
 * The runtime records the request as this node's output when it starts the execution; `execute` only runs
 * when it did not (a manual run, a retry of old data): it turns trigger data back into items.
 */
function triggerItems(data: JsonObject | undefined, manual: boolean): Item[] {
  if (data && Array.isArray(data.items)) return data.items as Item[];
  if (data && typeof data === 'object' && 'headers' in data) return [{ json: data }];
  const empty: WebhookRequestJson = {
    headers: {},
    params: {},
    query: {},
    body: {},
    webhookUrl: '',
    executionMode: manual ? 'test' : 'production',
  };
  return [{ json: { ...empty, ...(data ?? {}) } }];
}
