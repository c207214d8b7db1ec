/**
 * Answers webhook requests. `publishWebhookResponse` is the runtime side of the Respond to Webhook node
 * (ctx.services.respondToWebhook): it stores the response on the Execution and publishes a 'webhook.response'
 * event on the execution's channel, where the web process holding the request is waiting.
 */
import type { ServerResponse } from 'node:http';
import type { Redis } from 'ioredis';
import type { Db } from '../db';
import type { WebhookResponse } from '../engine/node';
import { execChannel, type ExecutionEvent } from '../realtime/events';

export async function publishWebhookResponse(
  db: Db,
  redis: Redis,
  executionId: string,
  workflowId: string | null,
  response: WebhookResponse,
): Promise<void> {
  const clean = sanitiseResponse(response);
  const event: ExecutionEvent = { type: 'webhook.response', executionId, workflowId, at: Date.now(), response: clean };
  // Both at once: the waiting request is answered from the event; the stored copy serves a waiter that
  // missed the event (it reads it once the execution has finished, by which time this update is committed).
  await Promise.all([
    db.execution.update({ where: { id: executionId }, data: { response: clean as object } }),
    redis.publish(execChannel(executionId), JSON.stringify(event)),
  ]);
}

/** Keeps only what an HTTP answer can carry (a status code in range, string headers). */
export function sanitiseResponse(response: WebhookResponse): WebhookResponse {
  const statusCode = Number.isInteger(response.statusCode) && response.statusCode >= 100 && response.statusCode <= 599 ? response.statusCode : 200;
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(response.headers ?? {})) {
    // Header injection: names are tokens, values carry no line breaks.
    if (/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(k) && v !== undefined && v !== null) headers[k.toLowerCase()] = String(v).replace(/[\r\n]/g, ' ');
  }
  const out: WebhookResponse = { statusCode, headers };
  if (response.binary) out.binary = { data: response.binary.data, mimeType: response.binary.mimeType };
  else if (response.body !== undefined) out.body = response.body;
  return out;
}

/** Writes a WebhookResponse: binary bytes, text, or JSON. */
export function sendWebhookResponse(res: ServerResponse, response: WebhookResponse): void {
  if (res.headersSent) return;
  const { statusCode, headers = {}, body, binary } = sanitiseResponse(response);
  let payload: Buffer | string | undefined;
  const out: Record<string, string | number> = { ...headers };
  if (binary) {
    payload = Buffer.from(binary.data, 'base64');
    out['content-type'] ??= binary.mimeType;
  } else if (body !== undefined && body !== null && !(typeof body === 'string' && body === '' && statusCode === 204)) {
    if (typeof body === 'string') {
      payload = body;
      out['content-type'] ??= 'text/plain; charset=utf-8';
    } else {
      payload = JSON.stringify(body);
      out['content-type'] ??= 'application/json; charset=utf-8';
    }
  }
  if (statusCode === 204 || statusCode === 304) payload = undefined;
  out['content-length'] = payload === undefined ? 0 : Buffer.byteLength(payload);
  res.writeHead(statusCode, out);
  res.end(payload);
}

export function sendJson(res: ServerResponse, statusCode: number, body: unknown, headers: Record<string, string> = {}): void {
  sendWebhookResponse(res, { statusCode, headers, body });
}
