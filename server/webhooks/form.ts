/**
 * The Form Trigger over HTTP, on the webhook machinery (routes, body parsing, the execution waiter):
 * GET /form/<path> renders the form of an active workflow, POST submits it. /form-test/<path> does the same
 * for the editor's draft while it listens (one submission). Bad input re-renders the form with a message
 * (400) and starts nothing. After a valid submission the answer follows "respond when": the completion page
 * at once (onReceived), once the workflow finishes (lastNode), or whatever a Form Ending / Respond to
 * Webhook node sends (such a node answers in every mode, as in n8n). Submissions count against the trigger's
 * rateLimit like a webhook's requests (429 page with Retry-After); showing the form does not. Each rendered
 * page carries a submission id: posting the same page again replays the first answer and starts nothing.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { WebhookResponse } from '../engine/node';
import type { Item, WorkflowGraph } from '../engine/types';
import { formTriggerParams, DEFAULT_SUBMITTED_TEXT, type FormTriggerParams } from '../../nodes/formTrigger';
import { plainText, renderCompletionPage, renderFormPage, renderMessagePage, SUBMISSION_FIELD } from '../../nodes/formTrigger/page';
import { buildSubmissionItem, type SubmittedValues } from '../../nodes/formTrigger/submission';
import { parseBody, readBody, WebhookHttpError } from './body';
import { sendWebhookResponse } from './respond';
import { checkRateLimit } from './rateLimit';
import { awaitFirstAnswer, claimIdempotencyKey, recordIdempotentAnswer, releaseIdempotencyKey } from './idempotency';
import { requestPath } from './paths';
import type { WebhookDeps } from './http';
import type { WebhookRoute } from './routes';
import { startRouteExecution } from './modes';
import { claimTestSession } from './testWebhooks';
import { acceptFinished, acceptFormOutcome, type WaitOutcome } from './waiter';
import { FORM_WAITING_PREFIX, resumeSignature } from '../runtime/resume-urls';

/** The Webhook row method under which form routes are stored: no HTTP request carries it. */
export const FORM_ROUTE_METHOD = 'FORM';

export function isFormPath(pathname: string): boolean {
  return pathname.startsWith('/form/') || pathname.startsWith('/form-test/');
}

export function html(statusCode: number, body: string, headers: Record<string, string> = {}): WebhookResponse {
  return { statusCode, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...headers }, body };
}

const notFoundPage = () => html(404, renderMessagePage('Form not found', 'There is no active form at this address.'));

/** The trigger node's form parameters, read from the graph the route runs. */
function formOf(route: WebhookRoute): FormTriggerParams | null {
  const node = route.graph?.nodes.find((n) => n.id === route.nodeId);
  if (!node || node.type !== 'formTrigger') return null;
  const parsed = formTriggerParams.safeParse(node.params ?? {});
  return parsed.success ? parsed.data : null;
}

export async function handleFormRequest(deps: WebhookDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const pathname = q === -1 ? url : url.slice(0, q);
  const test = pathname.startsWith('/form-test/');
  const path = requestPath(pathname, test ? '/form-test/' : '/form/');
  const method = (req.method ?? 'GET').toUpperCase();
  const match = path ? await deps.findRoute(FORM_ROUTE_METHOD, path, test) : null;
  const form = match ? formOf(match.route) : null;
  if (!match || !form) return sendWebhookResponse(res, notFoundPage());
  const action = pathname;
  if (method === 'GET' || method === 'HEAD') {
    return sendWebhookResponse(res, html(200, renderFormPage(form, { action, submissionId: randomUUID() })));
  }
  if (method !== 'POST') {
    return sendWebhookResponse(res, html(405, renderMessagePage('Method not allowed', 'Open the form and submit it.'), { allow: 'GET, POST' }));
  }

  // The webhook's per-route limit, counted before the body is read (n8n has none for forms).
  const rl = await checkRateLimit(deps.redis, match.route.scope, form);
  if (rl && !rl.allowed) {
    res.setHeader('connection', 'close');
    const wait = `${rl.retryAfterSeconds} second${rl.retryAfterSeconds === 1 ? '' : 's'}`;
    return sendWebhookResponse(res, html(429, renderMessagePage('Too many submissions', `This form is receiving too many submissions. Try again in ${wait}.`), { 'retry-after': String(rl.retryAfterSeconds) }));
  }
  const raw = await readBody(req, deps.maxBody);
  // Link previewers and crawlers that follow a form's POST must not start the workflow (n8n's "ignore bots").
  if (form.options.ignoreBots && isBot(req.headers['user-agent'])) {
    return sendWebhookResponse(res, html(403, renderMessagePage('Not submitted', 'Automated clients cannot submit this form.')));
  }
  const parsed = await parseBody(req.headers['content-type'], raw, { limit: deps.maxBody });
  const values = submittedValues(parsed.body);
  if (!values) throw new WebhookHttpError(415, 'Submit the form as application/x-www-form-urlencoded or multipart/form-data');
  const timezone = typeof match.route.graph?.settings?.timezone === 'string' ? match.route.graph.settings.timezone : undefined;
  const result = buildSubmissionItem(form, values, parsed.binary ?? {}, { mode: test ? 'test' : 'production', timezone });
  if (!result.ok) {
    const keep = { ...values };
    form.formFields.values.forEach((f, i) => f.fieldType === 'password' && delete keep[`field-${i}`]);
    const again = submissionIdOf(values);
    return sendWebhookResponse(res, html(400, renderFormPage(form, { action, error: result.error, values: keep, ...(again ? { submissionId: again } : {}) })));
  }
  const submissionId = submissionIdOf(values);
  if (submissionId) return sendWebhookResponse(res, await answerOnce(deps, match.route, form, result.item, submissionId));
  const answer = await claimAndStart(deps, match.route, form, result.item);
  sendWebhookResponse(res, answer.response);
}

/** The page's submission id, when it is one Weft could have made. */
function submissionIdOf(values: SubmittedValues): string | undefined {
  const v = values[SUBMISSION_FIELD];
  return typeof v === 'string' && /^[\w-]{8,100}$/.test(v) ? v : undefined;
}

async function claimAndStart(deps: WebhookDeps, route: WebhookRoute, form: FormTriggerParams, item: Item): Promise<{ executionId: string | null; response: WebhookResponse }> {
  if (route.test && !(await claimTestSession(deps.redis, route.test.listenId))) return { executionId: null, response: notFoundPage() };
  return startAndAnswer(deps, route, form, item);
}

/**
 * A page submitted twice (a double click, a reload that posts again) starts one execution: the second POST
 * gets the first one's answer, as the webhook's idempotency keys do (server/webhooks/idempotency.ts).
 */
async function answerOnce(deps: WebhookDeps, route: WebhookRoute, form: FormTriggerParams, item: Item, submissionId: string): Promise<WebhookResponse> {
  const key = `form:${submissionId}`;
  if (!(await claimIdempotencyKey(deps.pool, route.scope, key))) {
    const first = await awaitFirstAnswer(deps.pool, route.scope, key, Math.min(form.responseTimeout * 1000, 10_000));
    if (first?.response) return first.response;
    if (first?.executionId) return submittedPage(form);
    return html(409, renderMessagePage('Already submitted', 'This form was already submitted and is still being processed.'));
  }
  let answer: { executionId: string | null; response: WebhookResponse } | undefined;
  try {
    answer = await claimAndStart(deps, route, form, item);
  } finally {
    if (!answer?.executionId) await releaseIdempotencyKey(deps.pool, route.scope, key).catch(() => {});
  }
  if (answer.executionId) await recordIdempotentAnswer(deps.pool, route.scope, key, answer.executionId, answer.response).catch(() => {});
  return answer.response;
}

const BOT = /bot\b|crawler|spider|slurp|facebookexternalhit|embedly|whatsapp|curl\/|wget\//i;

export function isBot(userAgent: string | undefined): boolean {
  return !!userAgent && BOT.test(userAgent);
}

export function submittedValues(body: unknown): SubmittedValues | null {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return null;
  const out: SubmittedValues = {};
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    if (typeof v === 'string') out[k] = v;
    else if (Array.isArray(v)) out[k] = v.map(String);
  }
  return out;
}

/** A Form Ending node anywhere in the graph answers the submitter, so the request waits for it. */
function hasFormEnding(graph: WorkflowGraph | undefined): boolean {
  return !!graph?.nodes.some((n) => n.type === 'form' && !n.disabled);
}

export function submittedPage(form: FormTriggerParams): WebhookResponse {
  const redirect = plainText(form.options.redirectUrl).trim();
  if (/^https?:\/\//i.test(redirect)) return { statusCode: 302, headers: { location: redirect } };
  const message = plainText(form.options.formSubmittedText) || DEFAULT_SUBMITTED_TEXT;
  return html(200, renderCompletionPage('Form submitted', message));
}

async function startAndAnswer(deps: WebhookDeps, route: WebhookRoute, form: FormTriggerParams, item: Item): Promise<{ executionId: string; response: WebhookResponse }> {
  const start = (executionId: string) => startRouteExecution(deps.startExecution, route, item, executionId, 'form');
  const proposed = randomUUID().replace(/-/g, '');
  const ending = hasFormEnding(route.graph);
  if (form.responseMode === 'onReceived' && !ending) {
    return { executionId: await start(proposed), response: submittedPage(form) };
  }
  const accept = form.responseMode === 'lastNode' && !ending ? acceptFinished : acceptFormOutcome;
  // Subscribe before starting: the workflow may answer before the start call returns.
  let listener = await deps.waiter.listen(proposed, accept);
  let executionId: string;
  try {
    executionId = await start(proposed);
  } catch (err) {
    listener.cancel();
    throw err;
  }
  if (executionId !== proposed) {
    listener.cancel();
    listener = await deps.waiter.listen(executionId, accept);
  }
  const outcome = await listener.wait(form.responseTimeout * 1000);
  return { executionId, response: await answerFor(deps, form, executionId, outcome) };
}

/** Where the submitter goes when the execution parks at a form: the next page (server/webhooks/waiting.ts). */
export function nextPageRedirect(executionId: string): WebhookResponse {
  return { statusCode: 303, headers: { location: `${FORM_WAITING_PREFIX}${executionId}?signature=${resumeSignature(executionId) ?? ''}`, 'cache-control': 'no-store' } };
}

export async function answerFor(deps: WebhookDeps, form: FormTriggerParams, executionId: string, outcome: WaitOutcome): Promise<WebhookResponse> {
  if (outcome.kind === 'response') return outcome.response;
  if (outcome.kind === 'waitingForForm') return nextPageRedirect(executionId);
  if (outcome.kind === 'timeout') {
    return html(202, renderMessagePage('Form submitted', 'Your response has been recorded. The workflow is still working on it.'));
  }
  // The answer event may have been missed (a Redis hiccup): it is also stored on the execution.
  const stored = await deps.pool.query<{ response: WebhookResponse | null }>(`SELECT "response" FROM "Execution" WHERE "id" = $1`, [executionId]);
  const response = stored.rows[0]?.response;
  if (response) return response;
  if (outcome.status !== 'succeeded') {
    return html(500, renderMessagePage('Problem submitting response', 'The form was received, but the workflow that handles it failed.'));
  }
  return submittedPage(form);
}
