/**
 * n8n's "send and wait for response" operation (Slack, Telegram, Send Email) into the fields of
 * nodes/send-and-wait.ts, and back (used by ./slack.ts, ./messaging.ts and their reverse mappers).
 * n8n's names are kept: message, responseType, approvalOptions, formFields; n8n's `options` of the operation
 * become `sendAndWaitOptions` (limitWaitTime, messageButtonLabel, responseForm*, appendAttribution). n8n appends
 * its attribution unless appendAttribution is off, so the import turns Weft's on where n8n would. A custom form
 * defined as JSON (defineForm: json) is not supported.
 */
import { obj, str, type Params } from './util';

const KNOWN_OPTIONS = ['limitWaitTime', 'messageButtonLabel', 'responseFormTitle', 'responseFormDescription', 'responseFormButtonLabel', 'appendAttribution'];

/** n8n's sendAndWait parameters -> Weft's, or the reason they cannot map. */
export function importSendAndWait(p: Params, warn: (message: string) => void): Params | { unsupported: string } {
  const responseType = str(p.responseType, 'approval');
  if (!['approval', 'freeText', 'customForm'].includes(responseType)) return { unsupported: `send and wait response type "${responseType}" is not supported` };
  const params: Params = { message: p.message ?? '', responseType };
  if (responseType === 'approval' && p.approvalOptions !== undefined) params.approvalOptions = p.approvalOptions;
  if (responseType === 'customForm') {
    if (str(p.defineForm, 'fields') !== 'fields') return { unsupported: 'send and wait with a custom form defined as JSON (defineForm: json) is not supported; define its fields instead' };
    params.formFields = p.formFields ?? { values: [] };
  }
  const options = obj(p.options);
  const sendAndWaitOptions: Params = {};
  for (const [key, value] of Object.entries(options)) {
    if (KNOWN_OPTIONS.includes(key)) sendAndWaitOptions[key] = value;
    else warn(`send and wait option "${key}" is not supported and was left out`);
  }
  sendAndWaitOptions.appendAttribution = options.appendAttribution ?? true;
  params.sendAndWaitOptions = sendAndWaitOptions;
  return params;
}

/** Weft's sendAndWait fields -> n8n's, values at n8n's default left out (appendAttribution: false is written). */
export function exportSendAndWait(p: Params): Params {
  const out: Params = { message: str(p.message) };
  const responseType = str(p.responseType, 'approval');
  if (responseType !== 'approval') out.responseType = responseType;
  if (responseType === 'approval' && p.approvalOptions !== undefined) out.approvalOptions = p.approvalOptions;
  if (responseType === 'customForm') out.formFields = p.formFields ?? { values: [] };
  const options: Params = {};
  for (const [key, value] of Object.entries(obj(p.sendAndWaitOptions))) {
    if (key === 'appendAttribution' || value === undefined) continue;
    if (key === 'messageButtonLabel' && (value === 'Respond' || responseType === 'approval')) continue; // n8n's default / not shown
    options[key] = value;
  }
  if (obj(p.sendAndWaitOptions).appendAttribution !== true) options.appendAttribution = false;
  out.options = options;
  return out;
}
