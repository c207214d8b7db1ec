/**
 * nodes/telegram back into n8n's Telegram node v1.2 and nodes/emailSend into Send Email v2.1: the flat params
 * go back into n8n's `additionalFields` / `options`, values at n8n's default are left out. The attribution
 * line is on by default in both n8n versions, so `appendAttribution: false` is written out and `true` is not;
 * likewise Telegram 1.2 hides link previews by default, so only `disable_web_page_preview: false` is written.
 */
import { setIf, type Params, type ReverseMapper } from './types';
import { TELEGRAM_DEFAULT_OPERATION, TELEGRAM_FIELDS } from '../mappers/messaging';
import { TELEGRAM_ADDITIONAL_FIELDS } from '../../../nodes/telegram';
import { exportSendAndWait } from '../mappers/send-and-wait';

/** n8n's defaults of the Telegram top-level parameters. */
const TELEGRAM_DEFAULTS: Record<string, unknown> = {
  chatId: '', text: '', messageId: '', messageType: 'message', inlineMessageId: '', action: 'typing', file: '', binaryData: false,
  binaryPropertyName: 'data', fileId: '', download: true, replyMarkup: 'none',
};

/** Fields each operation shows in n8n (others are not exported). */
function telegramFieldsOf(resource: string, operation: string): readonly string[] {
  if (resource === 'file') return ['fileId', 'download'];
  if (resource === 'chat') return ['chatId'];
  switch (operation) {
    case 'sendMessage':
      return ['chatId', 'text', 'replyMarkup', 'inlineKeyboard', 'replyKeyboard', 'replyKeyboardOptions', 'forceReply', 'replyKeyboardRemove'];
    case 'editMessageText':
      return ['messageType', 'chatId', 'messageId', 'inlineMessageId', 'text', 'replyMarkup', 'inlineKeyboard'];
    case 'deleteMessage':
    case 'pinChatMessage':
    case 'unpinChatMessage':
      return ['chatId', 'messageId'];
    case 'sendChatAction':
      return ['chatId', 'action'];
    default:
      return ['chatId', 'binaryData', 'binaryPropertyName', 'file', 'replyMarkup', 'inlineKeyboard', 'replyKeyboard', 'replyKeyboardOptions', 'forceReply', 'replyKeyboardRemove'];
  }
}

export const telegram: ReverseMapper = ({ params: p }) => {
  const resource = typeof p.resource === 'string' ? p.resource : 'message';
  const operation = typeof p.operation === 'string' ? p.operation : TELEGRAM_DEFAULT_OPERATION[resource];
  if (operation === 'sendAndWait') return { type: 'n8n-nodes-base.telegram', typeVersion: 1.2, parameters: { operation, chatId: p.chatId ?? '', ...exportSendAndWait(p) } };
  const parameters: Params = {};
  setIf(parameters, 'resource', resource, 'message');
  setIf(parameters, 'operation', operation, TELEGRAM_DEFAULT_OPERATION[resource]);
  const shown = new Set(telegramFieldsOf(resource, operation));
  for (const field of TELEGRAM_FIELDS) if (shown.has(field)) setIf(parameters, field, p[field], TELEGRAM_DEFAULTS[field] ?? undefined);
  const additionalFields: Params = {};
  for (const key of TELEGRAM_ADDITIONAL_FIELDS) {
    if (key === 'appendAttribution') continue;
    const value = p[key];
    if (value !== undefined && value !== '') additionalFields[key] = value;
  }
  if (operation === 'sendMessage') {
    if (p.appendAttribution !== true) additionalFields.appendAttribution = false;
    // Telegram 1.2 turns link previews off by default: only an explicit "show them" is written.
    if (p.disable_web_page_preview === true) delete additionalFields.disable_web_page_preview;
    else additionalFields.disable_web_page_preview = false;
  }
  if (resource === 'message' || Object.keys(additionalFields).length) parameters.additionalFields = additionalFields;
  return { type: 'n8n-nodes-base.telegram', typeVersion: 1.2, parameters };
};

export const emailSend: ReverseMapper = ({ params: p, warn }) => {
  if (p.operation === 'sendAndWait') {
    const parameters = { operation: 'sendAndWait', fromEmail: p.fromEmail ?? '', toEmail: p.toEmail ?? '', subject: p.subject ?? '', ...exportSendAndWait(p) };
    return { type: 'n8n-nodes-base.emailSend', typeVersion: 2.1, parameters };
  }
  const format = typeof p.emailFormat === 'string' ? p.emailFormat : 'html';
  const parameters: Params = { fromEmail: p.fromEmail ?? '', toEmail: p.toEmail ?? '', subject: p.subject ?? '' };
  setIf(parameters, 'emailFormat', format, 'html');
  if (format !== 'html') parameters.text = p.text ?? '';
  if (format !== 'text') parameters.html = p.html ?? '';
  const options: Params = {};
  for (const key of ['ccEmail', 'bccEmail', 'attachments', 'replyTo'] as const) setIf(options, key, p[key], '');
  setIf(options, 'allowUnauthorizedCerts', p.allowUnauthorizedCerts, false);
  if (p.appendAttribution !== true) options.appendAttribution = false;
  parameters.options = options;
  if (p.connectTimeoutMs !== undefined && p.connectTimeoutMs !== 10_000) warn('The SMTP connect timeout has no n8n equivalent');
  return { type: 'n8n-nodes-base.emailSend', typeVersion: 2.1, parameters };
};
