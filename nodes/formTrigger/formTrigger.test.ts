/**
 * The form's pages and submissions, pure: escaping everywhere, every field type on the page, and the item a
 * submission becomes (types, choices checked, files, hidden fields) or the message for bad input.
 */
import { describe, expect, it } from 'vitest';
import { formTriggerParams } from './index';
import { escapeHtml, renderCompletionPage, renderFormPage } from './page';
import { buildSubmissionItem } from './submission';

const params = (values: unknown[], extra: Record<string, unknown> = {}) => formTriggerParams.parse({ path: 'p', formTitle: 'T', formFields: { values }, ...extra });
const now = new Date('2026-03-04T05:06:07Z');

describe('form page', () => {
  it('escapes titles, labels, options, values and messages', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    const p = params([{ fieldLabel: '"><img src=x onerror=alert(1)>', fieldType: 'radio', fieldOptions: { values: [{ option: '</label><script>' }] } }], {
      formTitle: '</title><script>alert(1)</script>',
      formDescription: 'line 1\n<b>line 2</b>',
    });
    const html = renderFormPage(p, { action: '/form/p"><x', error: '<err>', values: { 'field-0': '</label><script>' } });
    expect(html).not.toMatch(/<script|<img|<b>|<x|<err>/);
    expect(html).toContain('line 1<br>&lt;b&gt;line 2&lt;/b&gt;');
    expect(html).toContain('value="&lt;/label&gt;&lt;script&gt;" checked');
    expect(renderCompletionPage('<t>', '<m>')).toContain('<h1>&lt;t&gt;</h1><p class="desc">&lt;m&gt;</p>');
  });

  it('renders every field type with its input, and no password value kept', () => {
    const html = renderFormPage(
      params([
        { fieldLabel: 'P', fieldType: 'password' },
        { fieldLabel: 'D', fieldType: 'date' },
        { fieldLabel: 'C', fieldType: 'checkbox', fieldOptions: { values: [{ option: 'a' }, { option: 'b' }] } },
        { fieldLabel: 'F', fieldType: 'file', multipleFiles: true, acceptFileTypes: '.png, jpg' },
        { fieldLabel: 'H', fieldType: 'hiddenField', fieldName: 'src', fieldValue: 'ad"s' },
      ]),
      { action: '/form/p', values: { 'field-0': 'secret', 'field-2': ['b'] } },
    );
    expect(html).toMatch(/<input type="password" id="f0" name="field-0" >|<input type="password" id="f0" name="field-0">/);
    expect(html).not.toContain('secret');
    expect(html).toContain('<input type="date" id="f1" name="field-1" value=""');
    expect(html).toContain('name="field-2" value="b" checked');
    expect(html).toContain('<input type="file" id="f3" name="file-3-" multiple accept=".png,.jpg">');
    expect(html).toContain('<input type="hidden" name="field-4" value="ad&quot;s">');
    expect(html).toContain('enctype="multipart/form-data"');
  });
});

describe('submission', () => {
  it('shapes values as n8n does: numbers, lists for checkboxes and multiselect, hidden fields by name', () => {
    const p = params([
      { fieldLabel: 'N', fieldType: 'number' },
      { fieldLabel: 'C', fieldType: 'checkbox', fieldOptions: { values: [{ option: 'a' }, { option: 'b' }] } },
      { fieldLabel: 'R', fieldType: 'radio', fieldOptions: { values: [{ option: 'x' }] } },
      { fieldLabel: 'Empty', fieldType: 'number' },
      { fieldLabel: 'H', fieldType: 'hiddenField', fieldName: 'src', fieldValue: 'ads' },
      { fieldLabel: 'D', fieldType: 'dropdown', fieldOptions: { values: [{ option: 'one' }] } },
    ]);
    const r = buildSubmissionItem(p, { 'field-0': '4.5', 'field-1': ['a', 'b'], 'field-2': 'x', 'field-5': 'one' }, {}, { mode: 'test', now });
    expect(r).toEqual({
      ok: true,
      item: { json: { N: 4.5, C: ['a', 'b'], R: 'x', Empty: null, src: 'ads', D: 'one', submittedAt: '2026-03-04T05:06:07.000Z', formMode: 'test' } },
    });
  });

  it('rejects missing required fields, bad numbers and emails, and unknown choices, naming the field', () => {
    const p = params([
      { fieldLabel: 'Age', fieldType: 'number' },
      { fieldLabel: 'Mail', fieldType: 'email' },
      { fieldLabel: 'Pick', fieldType: 'radio', requiredField: true, fieldOptions: { values: [{ option: 'x' }] } },
    ]);
    expect(buildSubmissionItem(p, { 'field-0': 'old', 'field-2': 'x' }, {}, { mode: 'production' })).toEqual({ ok: false, error: '"Age" must be a number' });
    expect(buildSubmissionItem(p, { 'field-1': 'nope', 'field-2': 'x' }, {}, { mode: 'production' })).toEqual({ ok: false, error: '"Mail" must be an email address' });
    expect(buildSubmissionItem(p, {}, {}, { mode: 'production' })).toEqual({ ok: false, error: '"Pick" is required' });
    expect(buildSubmissionItem(p, { 'field-2': 'y' }, {}, { mode: 'production' })).toEqual({ ok: false, error: '"Pick": "y" is not one of the choices' });
  });

  it('keeps several files with numbered binary keys and ignores the empty part of an unused file input', () => {
    const p = params([
      { fieldLabel: 'Docs & more', fieldType: 'file', multipleFiles: true },
      { fieldLabel: 'Other', fieldType: 'file' },
    ]);
    const a = { data: 'YQ==', mimeType: 'text/plain', fileName: 'a.txt', fileSize: 1 };
    const b = { data: 'Yg==', mimeType: 'text/plain', fileName: 'b.txt', fileSize: 1 };
    const empty = { data: '', mimeType: 'application/octet-stream', fileName: '', fileSize: 0 };
    const r = buildSubmissionItem(p, {}, { 'file-0-': a, 'file-0-1': b, 'file-1-': empty }, { mode: 'production', now });
    expect(r.ok && r.item.json['Docs & more']).toEqual([
      { filename: 'a.txt', mimetype: 'text/plain', size: 1 },
      { filename: 'b.txt', mimetype: 'text/plain', size: 1 },
    ]);
    expect(r.ok && r.item.json.Other).toEqual([]);
    expect(r.ok && r.item.binary).toEqual({ Docs___more_0: a, Docs___more_1: b });
  });
});
