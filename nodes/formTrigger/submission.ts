/**
 * A form submission -> the trigger's item, as n8n shapes it: one key per field label (numbers as numbers,
 * multi-choice fields as lists, files as `[{ filename, mimetype, size }]` with the bytes in binary data under
 * the label with non-word characters as `_`), plus `submittedAt` and `formMode`. Pure; bad input comes back
 * as a message for the person, naming the field.
 */
import { DateTime } from 'luxon';
import type { BinaryData, Item, JsonObject } from '../sdk';
import type { FormField, FormTriggerParams } from './index';
import { fieldName, plainText } from './page';

export { fileInputName } from './page';

export type SubmittedValues = Record<string, string | string[]>;

export type SubmissionResult = { ok: true; item: Item } | { ok: false; error: string };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function list(v: string | string[] | undefined): string[] {
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).filter((s) => s !== '');
}

function filesOf(index: number, binary: Record<string, BinaryData>): BinaryData[] {
  const pattern = new RegExp(`^file-${index}-\\d*$`);
  // Browsers send an empty part for a file input left empty: not a file.
  return Object.entries(binary)
    .filter(([k, b]) => pattern.test(k) && (b.fileSize ?? 0) > 0 && !!b.fileName)
    .map(([, b]) => b);
}

function binaryKey(label: string): string {
  return label.replace(/\W/g, '_') || 'file';
}

interface FieldOutcome {
  value?: unknown;
  files?: BinaryData[];
  error?: string;
}

function readField(field: FormField, index: number, values: SubmittedValues, binary: Record<string, BinaryData>): FieldOutcome {
  const label = plainText(field.fieldLabel).trim() || `Field ${index + 1}`;
  const raw = values[fieldName(index)];
  const missing = `"${label}" is required`;
  const options = (field.fieldOptions?.values ?? []).map((o) => o.option);
  switch (field.fieldType) {
    case 'hiddenField':
      return { value: field.fieldValue ?? '' };
    case 'file': {
      const files = filesOf(index, binary);
      if (field.requiredField && !files.length) return { error: missing };
      return { files: field.multipleFiles ? files : files.slice(0, 1) };
    }
    case 'dropdown':
    case 'checkbox': {
      const picked = list(raw);
      if (field.requiredField && !picked.length) return { error: missing };
      const unknown = picked.find((p) => !options.includes(p));
      if (unknown !== undefined) return { error: `"${label}": "${unknown}" is not one of the choices` };
      if (field.fieldType === 'checkbox' || field.multiselect) return { value: picked };
      return { value: picked[0] ?? '' };
    }
    case 'radio': {
      const v = list(raw)[0] ?? '';
      if (field.requiredField && !v) return { error: missing };
      if (v && !options.includes(v)) return { error: `"${label}": "${v}" is not one of the choices` };
      return { value: v };
    }
    default: {
      const v = (Array.isArray(raw) ? raw[0] : raw) ?? '';
      if (field.requiredField && !v.trim()) return { error: missing };
      if (field.fieldType === 'number') {
        if (!v.trim()) return { value: null };
        const n = Number(v);
        return Number.isFinite(n) ? { value: n } : { error: `"${label}" must be a number` };
      }
      if (field.fieldType === 'email' && v && !EMAIL.test(v.trim())) return { error: `"${label}" must be an email address` };
      return { value: v };
    }
  }
}

export function buildSubmissionItem(
  params: FormTriggerParams,
  values: SubmittedValues,
  binary: Record<string, BinaryData>,
  opts: { mode: 'test' | 'production'; now?: Date; timezone?: string },
): SubmissionResult {
  const json: JsonObject = {};
  const outBinary: Record<string, BinaryData> = {};
  for (const [index, field] of params.formFields.values.entries()) {
    const r = readField(field, index, values, binary);
    if (r.error) return { ok: false, error: r.error };
    const label = field.fieldType === 'hiddenField' && field.fieldName ? field.fieldName : plainText(field.fieldLabel);
    if (r.files) {
      json[label] = r.files.map((f) => ({ filename: f.fileName ?? '', mimetype: f.mimeType, size: f.fileSize ?? 0 }));
      const key = binaryKey(label);
      r.files.forEach((f, i) => {
        outBinary[field.multipleFiles ? `${key}_${i}` : key] = f;
      });
    } else {
      json[label] = r.value as never;
    }
  }
  json.submittedAt = submittedAt(opts.now ?? new Date(), params.options.useWorkflowTimezone ? opts.timezone : undefined);
  json.formMode = opts.mode;
  const item: Item = { json };
  if (Object.keys(outBinary).length) item.binary = outBinary;
  return { ok: true, item };
}

/** ISO time of the submission: UTC, or with the workflow timezone's offset when the form asks for it. */
function submittedAt(now: Date, timezone: string | undefined): string {
  if (!timezone) return now.toISOString();
  const zoned = DateTime.fromJSDate(now, { zone: timezone });
  return zoned.isValid ? zoned.toISO()! : now.toISOString();
}
