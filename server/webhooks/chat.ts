/**
 * n8n's public hosted chat on the webhook machinery: a Chat Trigger with `public: true` in an active workflow
 * is a route stored under the method CHAT at `<workflowId>/<nodeId>`. GET /chat/<workflowId>/<nodeId> shows
 * the chat page (mode hostedChat); POST to the same URL with JSON { action: 'sendMessage', sessionId,
 * chatInput } (the page's script, or an embedded widget in mode webhook) starts an execution (mode chat)
 * and answers { output } with the last node's output once it finishes, as n8n's chat (responseMode lastNode).
 * `loadPreviousSession` answers { data: [] }. The execution runs as the workflow's owner, so an agent's
 * memory is the owner's, kept apart per session id.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { chatTriggerParams, chatMessageItem, type ChatTriggerParams } from '../../nodes/chatTrigger';
import { renderChatPage } from '../../nodes/chatTrigger/page';
import { chatReply, type ChatExecution } from '../../nodes/chatTrigger/reply';
import { renderMessagePage } from '../../nodes/formTrigger/page';
import { parseBody, readBody, WebhookHttpError } from './body';
import { sendJson, sendWebhookResponse } from './respond';
import { checkRateLimit } from './rateLimit';
import { requestPath } from './paths';
import { html } from './form';
import type { WebhookDeps } from './http';
import type { WebhookRoute } from './routes';
import { acceptFinished } from './waiter';
import { startAndWait } from './modes';

/** The Webhook row method under which public chats are stored: no HTTP request carries it. */
export const CHAT_ROUTE_METHOD = 'CHAT';
export const CHAT_PREFIX = '/chat/';
/** How long a message waits for the workflow's answer. */
export const CHAT_RESPONSE_TIMEOUT_MS = 120_000;

export function isChatPath(pathname: string): boolean {
  return pathname.startsWith(CHAT_PREFIX);
}

/** The path of a public chat: unique per workflow and node. */
export function chatRoutePath(workflowId: string, nodeId: string): string {
  return `${workflowId}/${nodeId}`;
}

function chatOf(route: WebhookRoute): ChatTriggerParams | null {
  const node = route.graph?.nodes.find((n) => n.id === route.nodeId);
  if (!node || node.type !== 'chatTrigger' || node.disabled) return null;
  const parsed = chatTriggerParams.safeParse(node.params ?? {});
  return parsed.success && parsed.data.public ? parsed.data : null;
}

const notFoundPage = () => html(404, renderMessagePage('Chat not found', 'There is no active chat at this address.'));

export async function handleChatRequest(deps: WebhookDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const pathname = q === -1 ? url : url.slice(0, q);
  const path = requestPath(pathname, CHAT_PREFIX);
  const method = (req.method ?? 'GET').toUpperCase();
  const match = path ? await deps.findRoute(CHAT_ROUTE_METHOD, path, false) : null;
  const chat = match ? chatOf(match.route) : null;
  if (!match || !chat) {
    if (method === 'POST') return sendJson(res, 404, { error: 'There is no active chat at this address' });
    return sendWebhookResponse(res, notFoundPage());
  }
  if (method === 'GET' || method === 'HEAD') {
    if (chat.mode !== 'hostedChat') return sendWebhookResponse(res, notFoundPage());
    return sendWebhookResponse(res, html(200, renderChatPage(chat, `${CHAT_PREFIX}${path}`)));
  }
  if (method !== 'POST') return sendJson(res, 405, { error: 'Use GET for the chat page and POST for messages' }, { allow: 'GET, POST' });

  const rl = await checkRateLimit(deps.redis, match.route.scope, chat);
  if (rl && !rl.allowed) {
    res.setHeader('connection', 'close');
    return sendJson(res, 429, { error: 'Too many messages; try again shortly' }, { 'retry-after': String(rl.retryAfterSeconds) });
  }
  const raw = await readBody(req, deps.maxBody);
  const { body } = await parseBody(req.headers['content-type'], raw, { limit: deps.maxBody });
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new WebhookHttpError(400, 'Send a JSON object { action, sessionId, chatInput }');
  const b = body as Record<string, unknown>;
  const action = typeof b.action === 'string' ? b.action : 'sendMessage';
  if (action === 'loadPreviousSession') return sendJson(res, 200, { data: [] });
  if (action !== 'sendMessage') return sendJson(res, 400, { error: `Unknown action "${action}" (use sendMessage)` });
  const sessionId = typeof b.sessionId === 'string' ? b.sessionId.trim() : '';
  const chatInput = typeof b.chatInput === 'string' ? b.chatInput : '';
  if (!sessionId || sessionId.length > 200) return sendJson(res, 400, { error: 'sessionId must be a text of 1 to 200 characters' });
  if (!chatInput.trim() || chatInput.length > 100_000) return sendJson(res, 400, { error: 'chatInput must be a non-empty text of at most 100000 characters' });

  const reply = await sendMessage(deps, match.route, sessionId, chatInput);
  sendJson(res, reply.statusCode, reply.body);
}

async function sendMessage(deps: WebhookDeps, route: WebhookRoute, sessionId: string, chatInput: string): Promise<{ statusCode: number; body: Record<string, unknown> }> {
  const { executionId, outcome } = await startAndWait(deps, route, chatMessageItem(sessionId, chatInput), 'chat', acceptFinished, CHAT_RESPONSE_TIMEOUT_MS);
  if (outcome.kind === 'timeout') return { statusCode: 202, body: { error: 'The workflow is still working on it', executionId } };
  return answerFor(deps, executionId);
}

/** The reply from the stored execution (the finishing event carries no items). */
async function answerFor(deps: WebhookDeps, executionId: string): Promise<{ statusCode: number; body: Record<string, unknown> }> {
  const ex = await deps.pool.query<{ status: string; error: unknown }>(`SELECT status, error FROM "Execution" WHERE id = $1`, [executionId]);
  const runs = await deps.pool.query<ChatExecution['nodeRuns'][number]>(
    `SELECT "nodeName", status, "finishedAt", "outputItems", error FROM "NodeRun" WHERE "executionId" = $1 ORDER BY "queuedAt", "runIndex"`,
    [executionId],
  );
  const reply = chatReply({ status: ex.rows[0]?.status ?? 'failed', error: ex.rows[0]?.error, nodeRuns: runs.rows });
  // A failure's details stay in the execution log: the public page only learns that it failed.
  if (reply.kind === 'error') return { statusCode: 500, body: { error: 'The workflow failed to answer', executionId } };
  return { statusCode: 200, body: { output: reply.text, executionId } };
}
