/**
 * n8n's Telegram node (v1, 1.1, 1.2) into nodes/telegram and Send Email (v1, v2, v2.1) into nodes/emailSend.
 * The Weft params keep n8n's names; n8n's `additionalFields` (Telegram) and `options` (Send Email) become flat
 * params, an unknown one is left out with a warning. Where n8n's behaviour depends on the version, the
 * mapper writes it out: Telegram v1.1+ and Send Email v2.1 append an attribution line unless told not to,
 * and Telegram v1.2 sends messages without link previews unless told otherwise.
 * Credential slots keep n8n's names, `telegramApi` and `smtp`. The reverse mappers (../reverse/messaging.ts)
 * read the same tables. Both nodes' sendAndWait (send and wait for response) maps through ./send-and-wait.ts.
 */
import type { Mapper } from './types';
import { obj, str, type Params } from './util';
import { importSendAndWait } from './send-and-wait';
import { TELEGRAM_ADDITIONAL_FIELDS, TELEGRAM_OPERATIONS_OF, TELEGRAM_RESOURCES } from '../../../nodes/telegram';

/** Telegram's top-level parameters that carry over unchanged (each only where n8n's export has it). */
export const TELEGRAM_FIELDS = [
  'chatId', 'text', 'messageId', 'messageType', 'inlineMessageId', 'action', 'file', 'binaryData', 'binaryPropertyName', 'fileId', 'download',
  'replyMarkup', 'inlineKeyboard', 'replyKeyboard', 'replyKeyboardOptions', 'forceReply', 'replyKeyboardRemove',
] as const;

/** n8n's default operation of each resource (what an export leaves out). */
export const TELEGRAM_DEFAULT_OPERATION: Record<string, string> = { message: 'sendMessage', chat: 'get', file: 'get', callback: 'answerQuery' };

const KNOWN_ADDITIONAL = new Set<string>(TELEGRAM_ADDITIONAL_FIELDS);

export const telegram: Mapper = ({ params: p, version, warn }) => {
  const resource = str(p.resource, 'message');
  const operation = str(p.operation, TELEGRAM_DEFAULT_OPERATION[resource] ?? '');
  if (operation === 'sendAndWait') {
    const reply = importSendAndWait(p, warn);
    if ('unsupported' in reply) return { unsupported: `Telegram ${String(reply.unsupported)}` };
    return { type: 'telegram', params: { resource: 'message', operation, chatId: p.chatId ?? '', ...reply } };
  }
  if (!(TELEGRAM_RESOURCES as readonly string[]).includes(resource) || !TELEGRAM_OPERATIONS_OF[resource as keyof typeof TELEGRAM_OPERATIONS_OF].includes(operation)) {
    return { unsupported: `Telegram ${resource} operation "${operation}" is not supported (Weft has message send/edit/delete/pin/chat action, chat get/administrators, file get)` };
  }
  const params: Params = { resource, operation };
  for (const field of TELEGRAM_FIELDS) if (p[field] !== undefined) params[field] = p[field];
  const additional = obj(p.additionalFields);
  for (const [key, value] of Object.entries(additional)) {
    if (KNOWN_ADDITIONAL.has(key)) params[key] = value;
    else warn(`Telegram additional field "${key}" is not supported and was left out`);
  }
  if (operation === 'sendMessage') {
    params.appendAttribution = additional.appendAttribution ?? version >= 1.1;
    // From v1.2 n8n turns link previews off unless the field says otherwise.
    if (version >= 1.2 && additional.disable_web_page_preview === undefined) params.disable_web_page_preview = true;
  } else delete params.appendAttribution;
  return { type: 'telegram', params };
};

/** Send Email options that become flat params, by version. */
export const EMAIL_OPTIONS_V1 = ['allowUnauthorizedCerts'] as const;
export const EMAIL_OPTIONS_V2 = ['ccEmail', 'bccEmail', 'attachments', 'replyTo', 'allowUnauthorizedCerts', 'appendAttribution'] as const;

export const emailSend: Mapper = ({ params: p, version, warn }) => {
  if (str(p.operation, 'send') === 'sendAndWait') {
    const reply = importSendAndWait(p, warn);
    if ('unsupported' in reply) return { unsupported: `Send Email ${String(reply.unsupported)}` };
    // n8n's Send Email names the recipient toEmail; a sendTo (as Gmail's) is read too.
    const params: Params = { operation: 'sendAndWait', fromEmail: p.fromEmail ?? '', toEmail: p.toEmail ?? p.sendTo ?? '', subject: p.subject ?? '', ...reply };
    return { type: 'emailSend', params };
  }
  const params: Params = {};
  for (const field of ['fromEmail', 'toEmail', 'subject'] as const) params[field] = p[field] ?? '';
  const options = obj(p.options);
  const known: readonly string[] = version >= 2 ? EMAIL_OPTIONS_V2 : EMAIL_OPTIONS_V1;
  for (const [key, value] of Object.entries(options)) {
    if (known.includes(key)) params[key] = value;
    else warn(`Send Email option "${key}" is not supported and was left out`);
  }
  if (version >= 2) {
    params.emailFormat = p.emailFormat ?? (version >= 2.1 ? 'html' : 'text'); // n8n's defaults: v2 text, v2.1 html
    if (params.emailFormat !== 'html' && p.text !== undefined) params.text = p.text;
    if (params.emailFormat !== 'text' && p.html !== undefined) params.html = p.html;
    params.appendAttribution = options.appendAttribution ?? version >= 2.1;
  } else {
    // v1 sends each body that is set.
    const hasText = typeof p.text === 'string' && p.text !== '';
    const hasHtml = typeof p.html === 'string' && p.html !== '';
    params.emailFormat = hasText && hasHtml ? 'both' : hasHtml ? 'html' : 'text';
    if (p.text !== undefined) params.text = p.text;
    if (p.html !== undefined) params.html = p.html;
    for (const field of ['ccEmail', 'bccEmail', 'attachments'] as const) if (p[field] !== undefined) params[field] = p[field];
    params.appendAttribution = false;
  }
  return { type: 'emailSend', params };
};
