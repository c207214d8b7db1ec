/**
 * Resume URLs of waiting executions ($execution.resumeUrl, $execution.resumeFormUrl; server/runtime/resume-urls.ts):
 * - /webhook-waiting/<execution id>[/<suffix>]?signature=...: a Wait node "on webhook call" with that suffix
 *   takes the request (its method and authentication, the body parsed as webhooks parse it) and continues with
 *   it; the answer follows the node's response mode, as a Webhook trigger's does (server/webhooks/modes.ts).
 * - /form-waiting/<execution id>?signature=...: GET shows the form the execution waits at (a Form page, or a Wait
 *   node "on form submitted"); POST submits it and continues. The submitter then sees the next page (303 back
 *   here), a Form Ending's answer, or the form's completion text.
 * Without a valid signature, or for an execution that does not exist, the answer is a bare 404.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WebhookResponse } from '../engine/node';
import type { Item } from '../engine/types';
import { webhookParams, type WebhookParams } from '../../nodes/webhook';
import { formTriggerParams, type FormTriggerParams } from '../../nodes/formTrigger';
import { renderFormPage, renderMessagePage } from '../../nodes/formTrigger/page';
import { buildSubmissionItem } from '../../nodes/formTrigger/submission';
import { FORM_WAITING_PREFIX, verifyResumeSignature, WEBHOOK_WAITING_PREFIX } from '../runtime/resume-urls';
import { resumeWaitingRun, type WaitingRun, waitingRuns } from '../runtime/store';
import { enqueueResumed } from '../runtime/queues';
import { triggerLog } from '../triggers/log';
import { checkWebhookAuth, secretHeaderName } from './auth';
import { formToObject, parseBody, readBody, WebhookHttpError } from './body';
import { routeCredential } from './credentials';
import { answerFor, html, isBot, submittedValues } from './form';
import type { WebhookDeps } from './http';
import { answerForMode } from './modes';
import { requestHeaders } from './request';
import { sendJson, sendWebhookResponse } from './respond';
import type { WebhookRoute } from './routes';
import { acceptFormOutcome } from './waiter';

export function isWaitingPath(pathname: string): boolean {
  return pathname.startsWith(WEBHOOK_WAITING_PREFIX) || pathname.startsWith(FORM_WAITING_PREFIX);
}

function notFound(res: ServerResponse): void {
  res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'content-length': 9 });
  res.end('Not Found');
}

export async function handleWaitingRequest(deps: WebhookDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://weft.local');
  const form = url.pathname.startsWith(FORM_WAITING_PREFIX);
  const rest = url.pathname.slice((form ? FORM_WAITING_PREFIX : WEBHOOK_WAITING_PREFIX).length);
  const slash = rest.indexOf('/');
  const executionId = decodeURIComponent(slash === -1 ? rest : rest.slice(0, slash));
  const suffix = slash === -1 ? '' : decodeURIComponent(rest.slice(slash + 1)).replace(/^\/+|\/+$/g, '');
  if (!executionId || !verifyResumeSignature(executionId, url.searchParams.get('signature'))) return notFound(res);
  if (form) return handleForm(deps, req, res, executionId, `${url.pathname}${url.search}`);
  return handleWebhook(deps, req, res, executionId, suffix, url);
}

/** The route a waiting run answers like: the Wait node's own webhook settings and credentials. */
function routeOf(run: WaitingRun, params: WebhookParams): WebhookRoute {
  const node = run.graph.nodes.find((n) => n.id === run.nodeId);
  return {
    scope: `${run.workflowId ?? run.executionId}:${run.nodeId}:wait`,
    workflowId: run.workflowId ?? '',
    versionId: null,
    ownerId: run.ownerId,
    nodeId: run.nodeId,
    nodeName: run.nodeName,
    method: params.httpMethod as string,
    path: '',
    params,
    credentials: (node?.credentials ?? {}) as WebhookRoute['credentials'],
    graph: run.graph,
  };
}

/** Takes the run out of waiting with the request's item and puts it on the queue; 409 when someone was first. */
async function resume(deps: WebhookDeps, run: WaitingRun, kind: 'webhook' | 'form', item: Item): Promise<string> {
  const jobId = `${run.id}-resume${Date.now().toString(36)}`;
  const resumed = await resumeWaitingRun(deps.pool, { executionId: run.executionId, nodeRunId: run.id, jobId, resume: { kind, item } });
  if (!resumed) throw new WebhookHttpError(409, 'The execution is no longer waiting for this');
  // Committed before enqueueing: if the job is lost here, the recovery sweep finds the queued run.
  await enqueueResumed({ executionId: run.executionId, nodeRunId: run.id }, jobId).catch((err) =>
    triggerLog.error('resumed run not enqueued (the recovery sweep will)', { executionId: run.executionId, error: (err as Error).message }),
  );
  return run.executionId;
}

async function handleWebhook(deps: WebhookDeps, req: IncomingMessage, res: ServerResponse, executionId: string, suffix: string, url: URL): Promise<void> {
  const runs = (await waitingRuns(deps.pool, executionId, 'webhook')).filter((r) => String(r.wait.config?.suffix ?? '') === suffix);
  if (!runs.length) return sendJson(res, 409, { message: 'This execution is not waiting for a webhook call here' });
  const run = runs[0];
  const params = webhookParams.parse({ ...((run.wait.config?.webhook as object | undefined) ?? {}), path: '' });
  const method = (req.method ?? 'GET').toUpperCase();
  if (method !== params.httpMethod) return sendJson(res, 405, { message: `This resume URL takes ${params.httpMethod} requests` }, { allow: String(params.httpMethod) });
  const route = routeOf(run, params);
  const raw = await readBody(req, deps.maxBody);
  if (run.wait.config?.reply === 'approval') return answerApproval(deps, req, res, run, url);
  const credential = await routeCredential(deps.db, route);
  checkWebhookAuth(params, credential, req.headers, raw);
  const parsed = await parseBody(req.headers['content-type'], raw, { binaryPropertyName: params.options.binaryPropertyName, rawBody: params.options.rawBody, limit: deps.maxBody });
  const item: Item = {
    json: {
      headers: requestHeaders(req, secretHeaderName(params, credential)),
      params: {},
      query: formToObject(url.searchParams),
      body: parsed.body,
    },
  };
  delete (item.json.query as Record<string, unknown>).signature;
  if (parsed.binary) item.binary = parsed.binary;
  const answer = await answerForMode(deps, route, { newId: () => executionId, start: () => resume(deps, run, 'webhook', item) });
  sendWebhookResponse(res, answer.response);
}

/**
 * An approve/decline link of a "send and wait" message (nodes/send-and-wait.ts): a person's click resumes the
 * run and sees a short page. Link previewers and crawlers fetch such links too: they resume nothing.
 */
async function answerApproval(deps: WebhookDeps, req: IncomingMessage, res: ServerResponse, run: WaitingRun, url: URL): Promise<void> {
  if (isBot(req.headers['user-agent'])) {
    return sendWebhookResponse(res, html(403, renderMessagePage('Not recorded', 'Open this link in a browser to answer.')));
  }
  const approved = url.searchParams.get('approved');
  const item: Item = { json: { headers: requestHeaders(req, null), params: {}, query: approved === null ? {} : { approved }, body: {} } };
  await resume(deps, run, 'webhook', item);
  sendWebhookResponse(res, html(200, renderMessagePage('Response recorded', 'Thank you. You can close this page.')));
}

async function handleForm(deps: WebhookDeps, req: IncomingMessage, res: ServerResponse, executionId: string, action: string): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  const run = (await waitingRuns(deps.pool, executionId, 'form'))[0];
  const parsedForm = run ? formTriggerParams.safeParse({ ...((run.wait.config?.form as object | undefined) ?? {}), path: '' }) : undefined;
  const form = parsedForm?.success ? parsedForm.data : undefined;
  if (method === 'GET' || method === 'HEAD') {
    if (form) return sendWebhookResponse(res, html(200, renderFormPage(form, { action })));
    return sendWebhookResponse(res, await notWaitingPage(deps, executionId));
  }
  if (method !== 'POST') return sendWebhookResponse(res, html(405, renderMessagePage('Method not allowed', 'Open the form and submit it.'), { allow: 'GET, POST' }));
  if (!run || !form) return sendWebhookResponse(res, await notWaitingPage(deps, executionId));

  const raw = await readBody(req, deps.maxBody);
  if (form.options.ignoreBots && isBot(req.headers['user-agent'])) {
    return sendWebhookResponse(res, html(403, renderMessagePage('Not submitted', 'Automated clients cannot submit this form.')));
  }
  const parsed = await parseBody(req.headers['content-type'], raw, { limit: deps.maxBody });
  const values = submittedValues(parsed.body);
  if (!values) throw new WebhookHttpError(415, 'Submit the form as application/x-www-form-urlencoded or multipart/form-data');
  const timezone = typeof run.graph.settings?.timezone === 'string' ? run.graph.settings.timezone : undefined;
  const result = buildSubmissionItem(form, values, parsed.binary ?? {}, { mode: 'production', timezone });
  if (!result.ok) {
    const keep = { ...values };
    form.formFields.values.forEach((f, i) => f.fieldType === 'password' && delete keep[`field-${i}`]);
    return sendWebhookResponse(res, html(400, renderFormPage(form, { action, error: result.error, values: keep })));
  }
  // Listen before resuming: the next page, a Form Ending or the end may come before resume() returns.
  const listener = await deps.waiter.listen(executionId, acceptFormOutcome);
  try {
    await resume(deps, run, 'form', result.item);
  } catch (err) {
    listener.cancel();
    throw err;
  }
  const outcome = await listener.wait(formTimeoutMs(form));
  sendWebhookResponse(res, await answerFor(deps, form, executionId, outcome));
}

function formTimeoutMs(form: FormTriggerParams): number {
  return form.responseTimeout * 1000;
}

/** The execution is not waiting at a form: it is still working (look again shortly), waits for something else, or is over. */
async function notWaitingPage(deps: WebhookDeps, executionId: string): Promise<WebhookResponse> {
  const { rows } = await deps.pool.query<{ status: string; response: WebhookResponse | null }>(`SELECT status::text AS status, response FROM "Execution" WHERE id = $1`, [executionId]);
  const ex = rows[0];
  if (!ex) return html(404, renderMessagePage('Form not found', 'There is no form at this address.'));
  if (ex.status === 'queued' || ex.status === 'running') {
    return html(200, renderMessagePage('One moment', 'Your answers are being processed. This page refreshes by itself.'), { refresh: '1' });
  }
  if (ex.status === 'waiting') return html(200, renderMessagePage('Form submitted', 'Your response has been recorded. The workflow continues later.'));
  if (ex.response && ex.status === 'succeeded') return ex.response;
  if (ex.status === 'succeeded') return html(200, renderMessagePage('Form submitted', 'Your response has been recorded.'));
  return html(410, renderMessagePage('Form closed', 'This form is no longer available.'));
}
