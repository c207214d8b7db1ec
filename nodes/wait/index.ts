/**
 * Wait: pauses the execution, then continues (n8n's Wait node).
 *
 * Params (n8n's names):
 * - resume: 'timeInterval' | 'specificTime' | 'webhook' | 'form'   (default 'timeInterval')
 * - amount + unit ('seconds'|'minutes'|'hours'|'days'): resume 'timeInterval'
 * - dateTime: resume 'specificTime' (ISO 8601 or another common format; without an offset it is read in the
 *   workflow's timezone; a moment in the past continues at once)
 * - webhook: httpMethod, authentication ('none'|'basicAuth'|'headerAuth' with the httpBasicAuth /
 *   httpHeaderAuth credential), responseMode ('onReceived'|'lastNode'|'responseNode'), responseData,
 *   responseCode, options (webhookSuffix, responseHeaders, rawBody, binaryPropertyName, noResponseBody)
 * - form: formTitle, formDescription, formFields, options (buttonLabel, formSubmittedText)
 * - limitWaitTime + limitType ('afterTimeInterval' with resumeAmount/resumeUnit | 'atSpecifiedTime' with
 *   maxDateAndTime): webhook and form waits give up at that time and continue with the input items.
 *
 * Short waits (up to WEFT_WAIT_IN_PROCESS_SECONDS, 65 s by default, as in n8n) sleep in the worker. Longer
 * ones, and every webhook or form wait, park the execution (ctx.wait): the run is stored as 'waiting' in
 * Postgres, the worker moves on, and the run continues on whichever worker takes its timer job, or when a
 * request reaches $execution.resumeUrl (/webhook-waiting/<execution id>) or $execution.resumeFormUrl
 * (/form-waiting/<execution id>), served by server/webhooks/waiting.ts. A resumed webhook wait emits the
 * request (headers, params, query, body, binary files); a form wait emits the submitted fields.
 * Like n8n, the parameters are read for the first item and the whole batch waits once.
 */
import { abortableSleep, defineNode, NodeError, z } from '../sdk';
import type { Item, JsonObject, NodeContext } from '../sdk';
import { parseDate } from '../dateTime/parse-date';
import { formFieldSchema } from '../formTrigger';
import { WEBHOOK_METHODS } from '../webhook';

export const WAIT_IN_PROCESS_DEFAULT_SECONDS = 65;

const unitMs = { seconds: 1000, minutes: 60_000, hours: 3_600_000, days: 86_400_000 } as const;
const unit = z.enum(['seconds', 'minutes', 'hours', 'days']);
const text = z.preprocess((v) => (v === null || v === undefined ? '' : String(v)), z.string());

export const waitParams = z.object({
  resume: z.enum(['timeInterval', 'specificTime', 'webhook', 'form']).default('timeInterval').describe('When to continue'),
  amount: z.coerce.number().min(0).default(1).describe('How long to wait (resume: timeInterval)'),
  unit: unit.default('seconds').describe('Unit of the amount (resume: timeInterval)'),
  dateTime: text.default('').describe('When to continue, e.g. 2025-01-31T09:00:00 (resume: specificTime)'),
  // On webhook call
  httpMethod: z.enum(WEBHOOK_METHODS).default('GET').describe('HTTP method of the request to $execution.resumeUrl (resume: webhook)'),
  authentication: z.enum(['none', 'basicAuth', 'headerAuth']).default('none').describe('How the resume request authenticates (resume: webhook)'),
  responseMode: z.enum(['onReceived', 'lastNode', 'responseNode']).default('onReceived').describe('When to answer the resume request (resume: webhook)'),
  responseData: z.enum(['firstEntryJson', 'allEntries', 'noData']).default('firstEntryJson').describe('What to answer with when the last node finishes (responseMode: lastNode)'),
  responseCode: z.coerce.number().int().min(100).max(599).optional().describe('Status code of the answer (resume: webhook)'),
  // On form submitted
  formTitle: text.default('').describe('Title of the form at $execution.resumeFormUrl (resume: form)'),
  formDescription: text.default('').describe('Text under the title (resume: form)'),
  formFields: z.object({ values: z.array(formFieldSchema).default([]) }).default({ values: [] }).describe('Fields of the form (resume: form)'),
  // Time limit of webhook and form waits
  limitWaitTime: z.boolean().default(false).describe('Webhook and form waits: give up after a while and continue with the input items'),
  limitType: z.enum(['afterTimeInterval', 'atSpecifiedTime']).default('afterTimeInterval').describe('How the limit is given (limitWaitTime: true)'),
  resumeAmount: z.coerce.number().min(0).default(1).describe('Give up after this long (limitType: afterTimeInterval)'),
  resumeUnit: unit.default('hours').describe('Unit of the limit (limitType: afterTimeInterval)'),
  maxDateAndTime: text.default('').describe('Give up at this time (limitType: atSpecifiedTime)'),
  options: z
    .looseObject({
      webhookSuffix: z.string().optional().describe('Extra path after the resume URL, e.g. "approve"'),
      binaryPropertyName: z.string().optional(),
      rawBody: z.boolean().optional(),
      responseHeaders: z.object({ entries: z.array(z.object({ name: z.string(), value: z.string() })).default([]) }).optional(),
      noResponseBody: z.boolean().optional(),
      responseData: z.string().optional(),
      responseContentType: z.string().optional(),
      buttonLabel: z.string().optional(),
      formSubmittedText: z.string().optional(),
      ignoreBots: z.boolean().optional(),
    })
    .default({}),
});

export type WaitParams = z.output<typeof waitParams>;

export const waitNode = defineNode({
  type: 'wait',
  version: 1,
  displayName: 'Wait',
  description: 'Pause for a while, until a moment, or until a webhook call or a form submission, then continue',
  category: 'flow',
  icon: 'hourglass',
  inputs: [{ name: 'main' }],
  outputs: [{ name: 'main' }],
  params: waitParams,
  credentials: [
    { name: 'httpBasicAuth', type: 'httpBasicAuth', shownWhen: { authentication: ['basicAuth'] } },
    { name: 'httpHeaderAuth', type: 'httpHeaderAuth', shownWhen: { authentication: ['headerAuth'] } },
  ],
  async execute(ctx) {
    const passOn = () => ({ main: ctx.items.map((item, i) => ({ ...item, pairedItem: { item: i } })) });
    if (ctx.resume) {
      // Time came (or a webhook/form wait's limit passed): the input items go on; a request's data replaces them.
      if (ctx.resume.kind === 'time' || !ctx.resume.item) return passOn();
      return { main: [{ ...ctx.resume.item, pairedItem: { item: 0 } } as Item] };
    }
    const p = ctx.params(0);
    if (p.resume === 'webhook' || p.resume === 'form') {
      return ctx.wait({ kind: p.resume, resumeAt: limitOf(ctx, p), config: p.resume === 'webhook' ? webhookConfig(p) : formConfig(p) });
    }
    const ms = p.resume === 'timeInterval' ? Math.round(p.amount * unitMs[p.unit]) : msUntil(ctx, p.dateTime, 'dateTime');
    if (ms > inProcessLimitMs()) return ctx.wait({ kind: 'time', resumeAt: Date.now() + ms });
    if (ms > 0) await abortableSleep(ms, ctx.signal);
    return passOn();
  },
});

export default waitNode;

function msUntil(ctx: NodeContext<WaitParams>, value: string, field: string): number {
  const at = parseDate(value, ctx.workflow.timezone || 'UTC');
  if (!at) throw new NodeError(`Node "${ctx.node.name}", field "${field}": "${value}" is not a date Weft can read`, { field });
  return Math.max(0, at.toMillis() - Date.now());
}

function limitOf(ctx: NodeContext<WaitParams>, p: WaitParams): number | undefined {
  if (!p.limitWaitTime) return undefined;
  if (p.limitType === 'atSpecifiedTime') return Date.now() + msUntil(ctx, p.maxDateAndTime, 'maxDateAndTime');
  return Date.now() + Math.round(p.resumeAmount * unitMs[p.resumeUnit]);
}

/** What server/webhooks/waiting.ts needs to accept and answer the resume request (webhook params' shape). */
function webhookConfig(p: WaitParams): JsonObject {
  const { webhookSuffix, binaryPropertyName, rawBody, responseHeaders, noResponseBody, responseData, responseContentType } = p.options;
  return {
    suffix: (webhookSuffix ?? '').replace(/^\/+|\/+$/g, ''),
    webhook: {
      httpMethod: p.httpMethod,
      authentication: p.authentication,
      responseMode: p.responseMode,
      responseData: p.responseData,
      ...(p.responseCode !== undefined ? { responseCode: p.responseCode } : {}),
      options: JSON.parse(JSON.stringify({ binaryPropertyName, rawBody, responseHeaders, noResponseBody, responseData, responseContentType })),
    },
  };
}

/** The form the resume URL shows (Form Trigger params' shape), with expressions already resolved. */
function formConfig(p: WaitParams): JsonObject {
  return {
    form: JSON.parse(
      JSON.stringify({
        formTitle: p.formTitle,
        formDescription: p.formDescription,
        formFields: p.formFields,
        options: { buttonLabel: p.options.buttonLabel, formSubmittedText: p.options.formSubmittedText, ignoreBots: p.options.ignoreBots },
      }),
    ),
  };
}

export function inProcessLimitMs(): number {
  const fromEnv = Number(process.env.WEFT_WAIT_IN_PROCESS_SECONDS);
  return (Number.isFinite(fromEnv) && fromEnv >= 0 && process.env.WEFT_WAIT_IN_PROCESS_SECONDS !== '' ? fromEnv : WAIT_IN_PROCESS_DEFAULT_SECONDS) * 1000;
}
