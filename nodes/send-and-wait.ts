/**
 * n8n's "send and wait for response" operation (Slack, Telegram, Send Email, ...), shared by the nodes that
 * have it: the node sends a message with links, then parks the execution (ctx.wait) until the person answers.
 *
 * - responseType 'approval': one link ("Approve") or two ("Approve" / "Decline", approvalType 'double') to
 *   $execution.resumeUrl with `approved=true|false`; a GET there (server/webhooks/waiting.ts) shows a small
 *   "response recorded" page and resumes the run. Link previewers and crawlers (by User-Agent) resume nothing.
 *   Output: { data: { approved } }.
 * - responseType 'freeText': one link to $execution.resumeFormUrl, a form with one required "Response"
 *   textarea. Output: { data: { text } }.
 * - responseType 'customForm': the same with the node's formFields. Output: { data: { <label>: value, ... } }.
 * - options.limitWaitTime: give up at that time and pass the input items on, as the Wait node does.
 * The message is sent once, for the first item (n8n's behaviour), and one item comes out.
 */
import { NodeError, z, type Item, type JsonObject, type NodeContext } from './sdk';
import { formFieldSchema, type FormField } from './formTrigger';

const text = (fallback = '') => z.preprocess((v) => (v === null || v === undefined ? fallback : typeof v === 'number' ? String(v) : v), z.string()).default(fallback);
const unitMs = { seconds: 1000, minutes: 60_000, hours: 3_600_000, days: 86_400_000 } as const;

export const RESPONSE_TYPES = ['approval', 'freeText', 'customForm'] as const;

/** The params the operation adds to a node (n8n's names). */
export const sendAndWaitFields = {
  message: text().describe('The message (send and wait)'),
  subject: text().describe('Email subject (send and wait)'),
  responseType: z.enum(RESPONSE_TYPES).default('approval').describe('What the person answers: approve/decline, free text, or a form (send and wait)'),
  approvalOptions: z
    .object({
      values: z
        .looseObject({
          approvalType: z.enum(['single', 'double']).default('single'),
          approveLabel: text('Approve'),
          disapproveLabel: text('Decline'),
        })
        .default({ approvalType: 'single', approveLabel: 'Approve', disapproveLabel: 'Decline' }),
    })
    .default({ values: { approvalType: 'single', approveLabel: 'Approve', disapproveLabel: 'Decline' } })
    .describe('Approval buttons (responseType: approval)'),
  formFields: z.object({ values: z.array(formFieldSchema).default([]) }).default({ values: [] }).describe('The form (responseType: customForm)'),
  sendAndWaitOptions: z
    .looseObject({
      limitWaitTime: z
        .object({
          values: z.looseObject({
            limitType: z.enum(['afterTimeInterval', 'atSpecifiedTime']).default('afterTimeInterval'),
            resumeAmount: z.coerce.number().min(0).default(45),
            resumeUnit: z.enum(['seconds', 'minutes', 'hours', 'days']).default('minutes'),
            maxDateAndTime: text(),
          }),
        })
        .optional(),
      messageButtonLabel: text('Respond'),
      responseFormTitle: z.string().optional(),
      responseFormDescription: z.string().optional(),
      responseFormButtonLabel: z.string().optional(),
      appendAttribution: z.boolean().optional(),
    })
    .default({ messageButtonLabel: 'Respond' })
    .describe('Send and wait options (n8n\'s `options` of that operation)'),
};

const shape = z.object(sendAndWaitFields);
export type SendAndWaitParams = z.output<typeof shape>;

export interface ReplyLink {
  label: string;
  url: string;
  /** The approve link (styled as the primary button where the channel can). */
  primary: boolean;
}

/** The links the message carries; throws a clear error when the server cannot sign resume URLs. */
export function replyLinks(ctx: NodeContext<unknown>, p: SendAndWaitParams): ReplyLink[] {
  const { resumeUrl, resumeFormUrl } = ctx.execution;
  if (!resumeUrl || !resumeFormUrl) {
    throw new NodeError(`Node "${ctx.node.name}": send and wait needs resume URLs, which need WEFT_ENCRYPTION_KEY or AUTH_SECRET on the worker`, { field: 'operation' });
  }
  if (p.responseType !== 'approval') return [{ label: p.sendAndWaitOptions.messageButtonLabel || 'Respond', url: resumeFormUrl, primary: true }];
  const v = p.approvalOptions.values;
  const link = (approved: boolean) => `${resumeUrl}${resumeUrl.includes('?') ? '&' : '?'}approved=${approved}`;
  const links = [{ label: v.approveLabel || 'Approve', url: link(true), primary: true }];
  if (v.approvalType === 'double') links.push({ label: v.disapproveLabel || 'Decline', url: link(false), primary: false });
  return links;
}

/** A custom form needs fields: nodes check this before sending, so a bad node sends nothing. */
export function noEmptyForm(ctx: NodeContext<unknown>, p: SendAndWaitParams): void {
  if (p.responseType === 'customForm' && p.formFields.values.length === 0) {
    throw new NodeError(`Node "${ctx.node.name}", field "formFields": a custom form needs at least one field`, { field: 'formFields' });
  }
}

/** Parks the execution until the person answers (or the time limit passes). Does not return. */
export function waitForReply(ctx: NodeContext<unknown>, p: SendAndWaitParams): never {
  const limit = p.sendAndWaitOptions.limitWaitTime?.values;
  let resumeAt: number | undefined;
  if (limit) {
    if (limit.limitType === 'atSpecifiedTime') {
      const at = Date.parse(limit.maxDateAndTime);
      if (Number.isNaN(at)) throw new NodeError(`Node "${ctx.node.name}", field "options.limitWaitTime.maxDateAndTime": "${limit.maxDateAndTime}" is not a date`, { field: 'options' });
      resumeAt = at;
    } else {
      resumeAt = Date.now() + Math.round(limit.resumeAmount * unitMs[limit.resumeUnit]);
    }
  }
  if (p.responseType === 'approval') {
    return ctx.wait({ kind: 'webhook', resumeAt, config: { suffix: '', reply: 'approval', webhook: { httpMethod: 'GET', responseMode: 'onReceived' } } });
  }
  const o = p.sendAndWaitOptions;
  const fields: FormField[] =
    p.responseType === 'freeText' ? [formFieldSchema.parse({ fieldLabel: 'Response', fieldType: 'textarea', requiredField: true })] : p.formFields.values;
  noEmptyForm(ctx, p);
  const form = {
    formTitle: o.responseFormTitle ?? '',
    formDescription: o.responseFormDescription ?? '',
    formFields: { values: fields },
    options: { buttonLabel: o.responseFormButtonLabel || 'Submit', formSubmittedText: 'Your response has been recorded' },
  };
  return ctx.wait({ kind: 'form', resumeAt, config: { reply: p.responseType, form: JSON.parse(JSON.stringify(form)) as JsonObject } });
}

/** The output once resumed: the person's answer, or the input items when the time limit passed first. */
export function replyOutput(ctx: NodeContext<unknown>, p: SendAndWaitParams): { main: Item[] } {
  const resumed = ctx.resume;
  if (!resumed?.item) return { main: ctx.items.map((item, i) => ({ ...item, pairedItem: { item: i } })) };
  const json = resumed.item.json as Record<string, unknown>;
  let data: JsonObject;
  if (p.responseType === 'approval') {
    data = { approved: String((json.query as Record<string, unknown> | undefined)?.approved) === 'true' };
  } else {
    const { submittedAt: _s, formMode: _m, ...fields } = json;
    data = p.responseType === 'freeText' ? { text: String(fields.Response ?? '') } : (fields as JsonObject);
  }
  const item: Item = { json: { data }, pairedItem: { item: 0 } };
  if (resumed.item.binary) item.binary = resumed.item.binary;
  return { main: [item] };
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

const HAS_TAG = /<\/?[a-z][\w-]*(\s[^>]*)?>/i;

/**
 * An HTML email body: the message, then the links as buttons. As in n8n, an email's message is HTML written
 * by the workflow's author (tags render); a message without any tag is plain text (escaped, line breaks kept).
 */
export function replyHtml(message: string, links: ReplyLink[]): string {
  const buttons = links
    .map(
      (l) =>
        `<a href="${escape(l.url)}" style="display:inline-block;margin:4px 8px 4px 0;padding:10px 18px;border-radius:6px;text-decoration:none;${l.primary ? 'background:#2563eb;color:#ffffff' : 'background:#e5e7eb;color:#111827'}">${escape(l.label)}</a>`,
    )
    .join('');
  const body = HAS_TAG.test(message) ? message : escape(message).replace(/\n/g, '<br>');
  return `<div style="font-family:sans-serif;font-size:15px"><div>${body}</div><p>${buttons}</p></div>`;
}

/** A plain-text rendering: the message (tags of an HTML message removed), then "label: url" lines. */
export function replyText(message: string, links: ReplyLink[]): string {
  const text = HAS_TAG.test(message) ? message.replace(/<br\s*\/?>/gi, '\n').replace(/<\/(p|div|h\d|li)>/gi, '\n').replace(/<[^>]+>/g, '').replace(/&nbsp;/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&').trim() : message;
  return `${text}\n\n${links.map((l) => `${l.label}: ${l.url}`).join('\n')}`;
}
