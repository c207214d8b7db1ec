/**
 * The form's HTML pages: the form itself and the completion page. Plain server-rendered HTML with a little
 * inline CSS; no script, so it works without JavaScript. Every text that comes from the workflow or the
 * person (titles, labels, options, placeholders, submitted values, messages) goes through `escapeHtml`.
 */
import type { FormField, FormTriggerParams } from './index';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** A stored n8n-style expression without `{{ }}` ("=Title") is plain text; anything else shows as written. */
export function plainText(value: string | undefined): string {
  const v = value ?? '';
  return v.startsWith('=') && !v.includes('{{') ? v.slice(1) : v;
}

/** Text with line breaks kept (descriptions, messages). */
function paragraphs(text: string): string {
  return escapeHtml(text).replace(/\r?\n/g, '<br>');
}

/** The name a field posts under: its position, so labels with any characters are safe. */
export const fieldName = (index: number) => `field-${index}`;

/** File inputs post as `file-<index>-`; the body parser suffixes repeats of a name with a counter. */
export const fileInputName = (index: number) => `file-${index}-`;

const CSS = `
*{box-sizing:border-box}body{margin:0;font:15px/1.5 system-ui,-apple-system,Segoe UI,sans-serif;background:#f4f5f7;color:#1f2328}
main{max-width:560px;margin:40px auto;padding:28px 32px;background:#fff;border:1px solid #dfe2e6;border-radius:10px}
h1{font-size:22px;margin:0 0 8px}p.desc{color:#57606a;margin:0 0 20px}
label.f{display:block;font-weight:600;margin:16px 0 6px}.req{color:#cf222e}
input[type=text],input[type=email],input[type=number],input[type=password],input[type=date],textarea,select{width:100%;padding:8px 10px;border:1px solid #c9ced4;border-radius:6px;font:inherit}
textarea{min-height:96px}input[type=file]{display:block}.choice{display:block;font-weight:400;margin:4px 0}
button{display:block;margin-top:22px;padding:10px 18px;border:0;border-radius:6px;background:#4f46e5;color:#fff;font:inherit;font-weight:600;cursor:pointer}
.error{background:#ffebe9;border:1px solid #ff8182;color:#82071e;padding:10px 12px;border-radius:6px;margin-bottom:12px}
`;

function document(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><style>${CSS}</style></head><body><main>${body}</main></body></html>`;
}

export interface FormPageState {
  /** Where the form posts (the URL it was served from). */
  action: string;
  /** A message above the fields (bad input). */
  error?: string;
  /** Values to show again after bad input, by field name. */
  values?: Record<string, string | string[]>;
  /** This page's submission id (a hidden field): a second POST of the same page replays the first answer. */
  submissionId?: string;
}

/** The hidden field that carries the submission id. */
export const SUBMISSION_FIELD = '__submission';

function optionsOf(field: FormField): string[] {
  return (field.fieldOptions?.values ?? []).map((o) => o.option);
}

function acceptAttr(field: FormField): string {
  const types = (field.acceptFileTypes ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean)
    .map((t) => (t.startsWith('.') || t.includes('/') ? t : `.${t}`));
  return types.length ? ` accept="${escapeHtml(types.join(','))}"` : '';
}

function renderField(field: FormField, index: number, values: Record<string, string | string[]>): string {
  const name = fieldName(index);
  const id = `f${index}`;
  const label = plainText(field.fieldLabel);
  const required = field.requiredField ? ' required' : '';
  const mark = field.requiredField ? ' <span class="req">*</span>' : '';
  const placeholder = field.placeholder ? ` placeholder="${escapeHtml(plainText(field.placeholder))}"` : '';
  const raw = values[name];
  const value = Array.isArray(raw) ? raw[0] ?? '' : raw ?? '';
  const chosen = new Set(Array.isArray(raw) ? raw : raw ? [raw] : []);
  const head = `<label class="f" for="${id}">${escapeHtml(label)}${mark}</label>`;
  switch (field.fieldType) {
    case 'hiddenField':
      return `<input type="hidden" name="${name}" value="${escapeHtml(field.fieldValue ?? '')}">`;
    case 'textarea':
      return `${head}<textarea id="${id}" name="${name}"${placeholder}${required}>${escapeHtml(value)}</textarea>`;
    case 'dropdown': {
      const multiple = field.multiselect ? ' multiple' : '';
      const blank = field.multiselect ? '' : `<option value="">${escapeHtml(plainText(field.placeholder) || 'Select an option')}</option>`;
      const opts = optionsOf(field)
        .map((o) => `<option value="${escapeHtml(o)}"${chosen.has(o) ? ' selected' : ''}>${escapeHtml(o)}</option>`)
        .join('');
      return `${head}<select id="${id}" name="${name}"${multiple}${required}>${blank}${opts}</select>`;
    }
    case 'checkbox':
    case 'radio': {
      const type = field.fieldType;
      const choices = optionsOf(field)
        .map(
          (o, i) =>
            `<label class="choice"><input type="${type}" id="${id}-${i}" name="${name}" value="${escapeHtml(o)}"${chosen.has(o) ? ' checked' : ''}${type === 'radio' ? required : ''}> ${escapeHtml(o)}</label>`,
        )
        .join('');
      return `<fieldset style="border:0;padding:0;margin:0"><legend class="f" style="font-weight:600;margin-top:16px">${escapeHtml(label)}${mark}</legend>${choices}</fieldset>`;
    }
    case 'file':
      return `${head}<input type="file" id="${id}" name="${fileInputName(index)}"${field.multipleFiles ? ' multiple' : ''}${acceptAttr(field)}${required}>`;
    default: {
      const type = field.fieldType === 'text' ? 'text' : field.fieldType;
      const keep = type === 'password' ? '' : ` value="${escapeHtml(value)}"`;
      const step = type === 'number' ? ' step="any"' : '';
      return `${head}<input type="${type}" id="${id}" name="${name}"${keep}${placeholder}${step}${required}>`;
    }
  }
}

export function hasFileField(params: FormTriggerParams): boolean {
  return params.formFields.values.some((f) => f.fieldType === 'file');
}

export function renderFormPage(params: FormTriggerParams, state: FormPageState): string {
  const title = plainText(params.formTitle) || 'Form';
  const description = plainText(params.formDescription);
  const enctype = hasFileField(params) ? 'multipart/form-data' : 'application/x-www-form-urlencoded';
  const fields = params.formFields.values.map((f, i) => renderField(f, i, state.values ?? {})).join('\n');
  const button = plainText(params.options.buttonLabel) || 'Submit';
  const body = [
    `<h1>${escapeHtml(title)}</h1>`,
    description ? `<p class="desc">${paragraphs(description)}</p>` : '',
    state.error ? `<div class="error" role="alert">${escapeHtml(state.error)}</div>` : '',
    `<form method="post" action="${escapeHtml(state.action)}" enctype="${enctype}">`,
    state.submissionId ? `<input type="hidden" name="${SUBMISSION_FIELD}" value="${escapeHtml(state.submissionId)}">` : '',
    fields,
    `<button type="submit">${escapeHtml(button)}</button>`,
    `</form>`,
  ].join('\n');
  return document(title, body);
}

export function renderCompletionPage(title: string, message: string): string {
  const t = title || 'Form submitted';
  return document(t, `<h1>${escapeHtml(t)}</h1>${message ? `<p class="desc">${paragraphs(message)}</p>` : ''}`);
}

/** A short page for problems after the form was accepted (the workflow failed, or is still running). */
export function renderMessagePage(title: string, message: string): string {
  return renderCompletionPage(title, message);
}
