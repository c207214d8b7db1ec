/**
 * n8n's Form Trigger (v2–2.2) and the Form node: "Next Form Page" (operation `page`, n8n's default: the
 * execution waits at /form-waiting/<id> for the page's submission) and "Form Ending" (operation `completion`).
 */
import type { Mapper } from './types';
import { arr, bool, obj, str, type Params } from './util';

const FIELD_TYPES = new Set(['text', 'textarea', 'email', 'number', 'password', 'date', 'dropdown', 'checkbox', 'radio', 'file', 'hiddenField']);
const FIELD_KEYS = ['fieldLabel', 'fieldType', 'placeholder', 'requiredField', 'fieldOptions', 'multiselect', 'multipleFiles', 'acceptFileTypes', 'fieldName', 'fieldValue'];

function mapField(field: Params, warn: (m: string) => void): Params | null {
  const type = str(field.fieldType, 'text');
  const label = str(field.fieldLabel);
  if (!FIELD_TYPES.has(type)) {
    warn(`Form field "${label}" of type "${type}" is not supported by Weft's form and was left out`);
    return null;
  }
  const out: Params = {};
  for (const k of FIELD_KEYS) if (field[k] !== undefined) out[k] = field[k];
  out.fieldLabel = label;
  out.fieldType = type;
  out.requiredField = bool(field.requiredField, false);
  if (out.fieldOptions !== undefined) {
    out.fieldOptions = { values: arr<Params>(obj(field.fieldOptions).values).map((o) => ({ option: str(o.option) })) };
  }
  if (type === 'date' && field.formatDate) warn(`Form field "${label}": the date format "${str(field.formatDate)}" is not applied; Weft keeps YYYY-MM-DD`);
  return out;
}

export const formTrigger: Mapper = ({ params: p, node, version, warn }) => {
  const options = obj(p.options);
  if (str(p.authentication, 'none') !== 'none') return { unsupported: `Form Trigger authentication "${str(p.authentication)}" is not supported` };
  let fields: Params[];
  if (str(p.defineForm, 'fields') === 'json') {
    try {
      fields = arr<Params>(JSON.parse(str(p.jsonOutput)));
    } catch {
      return { unsupported: 'Form Trigger fields defined by a JSON expression are not supported; define them as fields' };
    }
  } else {
    fields = arr<Params>(obj(p.formFields).values);
  }
  const respond = obj(obj(options.respondWithOptions).values);
  const submittedText = respond.formSubmittedText ?? options.formSubmittedText;
  const out: Params = {};
  for (const k of ['buttonLabel', 'appendAttribution', 'ignoreBots', 'useWorkflowTimezone']) if (options[k] !== undefined) out[k] = options[k];
  if (submittedText !== undefined) out.formSubmittedText = str(submittedText);
  if (str(respond.respondWith) === 'redirect' && respond.redirectUrl !== undefined) out.redirectUrl = str(respond.redirectUrl);
  const responseMode = str(p.responseMode, 'onReceived');
  if (!['onReceived', 'lastNode', 'responseNode'].includes(responseMode)) {
    warn(`Form Trigger "respond when" "${responseMode}" is not known to Weft; it answers when the form is submitted`);
  }
  return {
    type: 'formTrigger',
    typeVersion: version >= 2.2 ? 2.2 : version >= 2.1 ? 2.1 : 2,
    params: {
      path: str(options.path) || str(p.path) || str(node.webhookId),
      formTitle: str(p.formTitle),
      formDescription: str(p.formDescription),
      formFields: { values: fields.map((f) => mapField(f, warn)).filter((f): f is Params => f !== null) },
      responseMode: ['onReceived', 'lastNode', 'responseNode'].includes(responseMode) ? responseMode : 'onReceived',
      options: out,
    },
  };
};

export const form: Mapper = ({ params: p, warn }) => {
  const operation = str(p.operation, 'page');
  if (operation === 'page') return formPage(p, warn);
  if (operation !== 'completion') return { unsupported: `Form operation "${operation}" is not supported` };
  const respondWith = str(p.respondWith, 'text');
  if (respondWith !== 'text' && respondWith !== 'redirect') {
    return { unsupported: `Form Ending "respond with" "${respondWith}" is not supported (only a completion screen or a redirect)` };
  }
  const options = obj(p.options);
  return {
    type: 'form',
    typeVersion: 1,
    params: {
      operation: 'completion',
      respondWith,
      completionTitle: str(p.completionTitle),
      completionMessage: str(p.completionMessage),
      redirectUrl: str(p.redirectUrl),
      options: options.formTitle !== undefined ? { formTitle: str(options.formTitle) } : {},
    },
  };
};

/** A Form page: fields as in the trigger (or a JSON array, often an expression, kept as is for run time). */
export function mapFormFields(p: Params, warn: (m: string) => void): Params[] {
  return arr<Params>(obj(p.formFields).values).map((f) => mapField(f, warn)).filter((f): f is Params => f !== null);
}

function formPage(p: Params, warn: (m: string) => void) {
  const options = obj(p.options);
  const out: Params = {};
  for (const k of ['formTitle', 'formDescription', 'buttonLabel']) if (options[k] !== undefined) out[k] = str(options[k]);
  for (const k of Object.keys(options)) if (!['formTitle', 'formDescription', 'buttonLabel'].includes(k)) warn(`Form page option "${k}" is not supported and was left out`);
  const json = str(p.defineForm, 'fields') === 'json';
  return {
    type: 'form',
    typeVersion: 1,
    params: {
      operation: 'page',
      ...(json ? { defineForm: 'json', jsonOutput: p.jsonOutput ?? '[]' } : { formFields: { values: mapFormFields(p, warn) } }),
      options: out,
    },
  };
}
