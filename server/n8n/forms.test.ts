/**
 * n8n's Form Trigger and Form node in the corpus: every Form Trigger (v2–2.2) maps onto nodes/formTrigger with
 * its path, fields and "respond when"; Form Endings (operation completion) and Form pages (multi-page forms) map
 * onto nodes/form; edited nodes export through the reverse mappers and import back to
 * the same params; and the mapped trigger's params build the form page and the submission item.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportN8n, importN8nWorkflow } from './index';
import { N8N_CORPUS_DIR } from '../testing/corpus';
import { formTriggerParams } from '../../nodes/formTrigger';
import { renderFormPage } from '../../nodes/formTrigger/page';
import { buildSubmissionItem } from '../../nodes/formTrigger/submission';
import { completionResponse, formParams } from '../../nodes/form';
import { edited, node } from './test-corpus';

type N8nDoc = { nodes: { name: string; type: string; typeVersion: number; webhookId?: string; parameters: Record<string, unknown> }[] };
const corpusDir = N8N_CORPUS_DIR;
const haveCorpus = existsSync(path.join(corpusDir, '0646_Extractfromfile_Form_Export_Webhook.json'));
const load = (f: string) => JSON.parse(readFileSync(path.join(corpusDir, f), 'utf8')) as N8nDoc;

function corpusWith(type: string): string[] {
  return readdirSync(corpusDir).filter((f) => f.endsWith('.json') && load(f).nodes.some((n) => n.type === type));
}

describe.skipIf(!haveCorpus)('n8n import: forms in the corpus', () => {
  it('maps all 22 Form Triggers with a path, fields and a valid param set', () => {
    let count = 0;
    for (const f of corpusWith('n8n-nodes-base.formTrigger')) {
      const doc = load(f);
      const { graph, report } = importN8nWorkflow(doc);
      for (const n of doc.nodes.filter((x) => x.type === 'n8n-nodes-base.formTrigger')) {
        count++;
        expect(report.nodes.find((r) => r.name === n.name), `${f}: ${n.name}`).toMatchObject({ status: 'mapped', weftType: 'formTrigger' });
        const g = node(graph, n.name);
        expect([2, 2.1, 2.2]).toContain(g.typeVersion);
        const p = formTriggerParams.parse(g.params);
        expect(p.path, `${f}: ${n.name}`).toBe(String((n.parameters.options as { path?: string })?.path || n.parameters.path || n.webhookId));
        expect(p.formFields.values.length).toBe((n.parameters.formFields as { values: unknown[] }).values.length);
      }
    }
    expect(count).toBe(22);
  });

  it('keeps path, title, fields, respond when and the submitted text of real triggers', () => {
    const cv = node(importN8nWorkflow(load('0646_Extractfromfile_Form_Export_Webhook.json')).graph, 'Step 1 of 2 - Upload CV');
    const p = formTriggerParams.parse(cv.params);
    expect(p).toMatchObject({ path: 'job-application-step1of2', formTitle: 'Step 1 of 2: Submit Your CV', options: { buttonLabel: 'Submit' } });
    expect(p.formFields.values[1]).toMatchObject({ fieldType: 'file', fieldLabel: 'File Upload', requiredField: true, acceptFileTypes: 'pdf' });
    expect(p.formFields.values[2]).toMatchObject({ fieldType: 'dropdown', multiselect: true, fieldOptions: { values: [{ option: 'I agree to the terms & conditions' }] } });

    const signup = node(importN8nWorkflow(load('0648_Form_GoogleSheets_Create_Triggered.json')).graph, 'Sign Up Form');
    expect(formTriggerParams.parse(signup.params)).toMatchObject({ path: 'newsletter-signup', responseMode: 'lastNode' });
    expect(signup.typeVersion).toBe(2.1);

    const recs = importN8nWorkflow(load('0680_Splitout_HTTP_Send_Webhook.json')).graph.nodes.find((n) => n.type === 'formTrigger')!;
    expect(formTriggerParams.parse(recs.params).options.formSubmittedText).toBe("We'll shortly send you an email with top recommendations.");
  });

  it('maps the 9 Form Endings and the 10 Form pages (multi-page forms), whose fields parse', () => {
    let endings = 0;
    let pages = 0;
    for (const f of corpusWith('n8n-nodes-base.form')) {
      const doc = load(f);
      const { graph, report } = importN8nWorkflow(doc);
      for (const n of doc.nodes.filter((x) => x.type === 'n8n-nodes-base.form')) {
        const r = report.nodes.find((x) => x.name === n.name)!;
        if (n.parameters.operation === 'completion') {
          endings++;
          expect(r, `${f}: ${n.name}`).toMatchObject({ status: 'mapped', weftType: 'form' });
          expect(() => formParams.parse(node(graph, n.name).params)).not.toThrow();
        } else {
          pages++;
          expect(r, `${f}: ${n.name}`).toMatchObject({ status: 'mapped', weftType: 'form' });
          const params = formParams.parse(node(graph, n.name).params);
          expect(params.operation).toBe('page');
          if (n.parameters.defineForm === 'json') expect(params).toMatchObject({ defineForm: 'json', jsonOutput: n.parameters.jsonOutput });
          else expect(params.formFields.values.length).toBe((n.parameters.formFields as { values: unknown[] }).values.length);
        }
      }
    }
    expect({ endings, pages }).toEqual({ endings: 9, pages: 10 });
    const s3 = importN8nWorkflow(load('1371_Form_S3_Import_Triggered.json')).graph;
    expect(node(s3, 'Form').params).toMatchObject({ respondWith: 'text', completionTitle: 'Your file path is below!' });
    const sync = importN8nWorkflow(load('1897_Webhook_Filter_Sync_Webhook.json')).graph;
    expect(node(sync, 'Redirect to Auth Page').params).toMatchObject({ respondWith: 'redirect' });
    expect(String(node(sync, 'Redirect to Auth Page').params.redirectUrl)).toMatch(/^=https:\/\/todoist\.com\/oauth\/authorize/);
  });

  it('exports unchanged form nodes with their exact original parameters', () => {
    const doc = load('0648_Form_GoogleSheets_Create_Triggered.json');
    const out = exportN8n(importN8nWorkflow(doc).graph).workflow;
    for (const name of ['Sign Up Form', 'Show Completion Screen']) {
      const orig = doc.nodes.find((n) => n.name === name)!;
      const back = out.nodes.find((n) => n.name === name)!;
      expect(back.type).toBe(orig.type);
      expect(back.parameters).toEqual(orig.parameters);
    }
  });

  it('edited form nodes go through the reverse mappers and import back to the same params', () => {
    const { graph } = importN8nWorkflow(load('0646_Extractfromfile_Form_Export_Webhook.json'));
    let g = edited(graph, 'Step 1 of 2 - Upload CV', { formTitle: 'Upload your CV', responseMode: 'lastNode', options: { buttonLabel: 'Send', formSubmittedText: 'Thanks' } });
    g = edited(g, 'Form Success', { completionTitle: 'All done' });
    g = edited(g, 'Redirect To Step 2 of 2', { redirectUrl: 'https://example.com/step2' });
    const out = exportN8n(g).workflow;
    const trig = out.nodes.find((n) => n.name === 'Step 1 of 2 - Upload CV')!;
    expect(trig).toMatchObject({ type: 'n8n-nodes-base.formTrigger', typeVersion: 2.2 });
    expect(trig.parameters).toMatchObject({
      formTitle: 'Upload your CV',
      responseMode: 'lastNode',
      options: { path: 'job-application-step1of2', buttonLabel: 'Send', respondWithOptions: { values: { formSubmittedText: 'Thanks' } } },
    });
    expect(trig.webhookId).toBeTruthy();
    expect(out.nodes.find((n) => n.name === 'Form Success')!.parameters).toMatchObject({ operation: 'completion', completionTitle: 'All done' });
    expect(out.nodes.find((n) => n.name === 'Redirect To Step 2 of 2')!.parameters).toEqual({ operation: 'completion', respondWith: 'redirect', redirectUrl: 'https://example.com/step2' });
    const back = importN8nWorkflow(out).graph;
    for (const name of ['Step 1 of 2 - Upload CV', 'Form Success', 'Redirect To Step 2 of 2']) {
      expect(node(back, name).params, name).toEqual(node(g, name).params);
    }
  });

  it('an imported trigger renders its form and turns a submission into the item n8n emits', () => {
    const { graph } = importN8nWorkflow(load('0646_Extractfromfile_Form_Export_Webhook.json'));
    const p = formTriggerParams.parse(node(graph, 'Step 1 of 2 - Upload CV').params);
    const html = renderFormPage(p, { action: '/form/job-application-step1of2' });
    expect(html).toContain('Step 1 of 2: Submit Your CV');
    expect(html).toContain('placeholder="Eg. Sam Smith"');
    expect(html).toContain('I agree to the terms &amp; conditions');
    const pdf = { data: Buffer.from('%PDF').toString('base64'), mimeType: 'application/pdf', fileName: 'cv.pdf', fileSize: 4 };
    const ok = buildSubmissionItem(p, { 'field-0': 'Sam', 'field-2': 'I agree to the terms & conditions' }, { 'file-1-': pdf }, { mode: 'production', now: new Date('2026-01-02T03:04:05Z') });
    expect(ok).toEqual({
      ok: true,
      item: {
        json: {
          Name: 'Sam',
          'File Upload': [{ filename: 'cv.pdf', mimetype: 'application/pdf', size: 4 }],
          'Acknowledgement of Terms': ['I agree to the terms & conditions'],
          submittedAt: '2026-01-02T03:04:05.000Z',
          formMode: 'production',
        },
        binary: { File_Upload: pdf },
      },
    });
    expect(buildSubmissionItem(p, { 'field-0': 'Sam' }, {}, { mode: 'production' })).toEqual({ ok: false, error: '"File Upload" is required' });
  });

  it('an imported Form Ending answers with its page; a redirect with its URL', () => {
    const { graph } = importN8nWorkflow(load('0648_Form_GoogleSheets_Create_Triggered.json'));
    const res = completionResponse(formParams.parse(node(graph, 'Show Completion Screen').params), 'Show Completion Screen');
    expect(res.statusCode).toBe(200);
    expect(String(res.body)).toContain('<h1>Thank you!</h1>');
    expect(String(res.body)).toContain('Go back to &lt;HOMEPAGE&gt;.');
    expect(completionResponse(formParams.parse({ respondWith: 'redirect', redirectUrl: 'https://example.com/x' }), 'R')).toEqual({ statusCode: 302, headers: { location: 'https://example.com/x' } });
    expect(() => completionResponse(formParams.parse({ respondWith: 'redirect', redirectUrl: 'javascript:alert(1)' }), 'R')).toThrow(/redirect URL/);
  });
});

describe('n8n import: Form pages and Wait resumes', () => {
  it('keeps a page\'s title, description and button, and its fields, through import and export', () => {
    const doc = load('0648_Form_GoogleSheets_Create_Triggered.json');
    const { graph } = importN8nWorkflow(doc);
    const pages = doc.nodes.filter((x) => x.type === 'n8n-nodes-base.form' && x.parameters.operation !== 'completion');
    expect(pages.length).toBeGreaterThan(1);
    const out = exportN8n(graph).workflow;
    for (const n of pages) {
      const weft = node(graph, n.name).params as { options: Record<string, unknown> };
      expect(weft.options).toMatchObject({ formTitle: (n.parameters.options as Record<string, unknown>).formTitle, buttonLabel: (n.parameters.options as Record<string, unknown>).buttonLabel });
      const back = out.nodes.find((x) => x.name === n.name)!;
      expect(back.type).toBe('n8n-nodes-base.form');
      expect((back.parameters!.formFields as { values: unknown[] }).values).toHaveLength((n.parameters.formFields as { values: unknown[] }).values.length);
    }
  });

  it('maps Wait "on webhook call" and "on form submitted" with their settings, and back', () => {
    const wf = {
      name: 'approvals',
      nodes: [
        { id: '1', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
        {
          id: '2', name: 'Wait for approval', type: 'n8n-nodes-base.wait', typeVersion: 1.1, position: [200, 0], webhookId: 'abc',
          parameters: { resume: 'webhook', httpMethod: 'POST', incomingAuthentication: 'headerAuth', responseMode: 'lastNode', limitWaitTime: true, resumeAmount: 2, resumeUnit: 'days', options: { webhookSuffix: 'ok' } },
          credentials: { httpHeaderAuth: { id: '9', name: 'hdr' } },
        },
        {
          id: '3', name: 'Ask', type: 'n8n-nodes-base.wait', typeVersion: 1.1, position: [400, 0], webhookId: 'def',
          parameters: { resume: 'form', formTitle: 'Approve?', formFields: { values: [{ fieldLabel: 'OK', fieldType: 'dropdown', fieldOptions: { values: [{ option: 'yes' }] } }] }, options: {} },
        },
      ],
      connections: { Start: { main: [[{ node: 'Wait for approval', type: 'main', index: 0 }]] }, 'Wait for approval': { main: [[{ node: 'Ask', type: 'main', index: 0 }]] } },
    };
    const { graph, report } = importN8nWorkflow(wf);
    expect(report.nodes.filter((n) => n.status === 'unsupported')).toEqual([]);
    expect(node(graph, 'Wait for approval').params).toMatchObject({ resume: 'webhook', httpMethod: 'POST', authentication: 'headerAuth', responseMode: 'lastNode', limitWaitTime: true, resumeAmount: 2, resumeUnit: 'days', options: { webhookSuffix: 'ok' } });
    expect(node(graph, 'Ask').params).toMatchObject({ resume: 'form', formTitle: 'Approve?', formFields: { values: [{ fieldLabel: 'OK', fieldType: 'dropdown' }] } });
    const out = exportN8n(graph).workflow;
    const back = out.nodes.find((n) => n.name === 'Wait for approval')!;
    expect(back.parameters).toMatchObject({ resume: 'webhook', httpMethod: 'POST', incomingAuthentication: 'headerAuth', responseMode: 'lastNode', limitWaitTime: true, resumeAmount: 2, resumeUnit: 'days', options: { webhookSuffix: 'ok' } });
    expect(out.nodes.find((n) => n.name === 'Ask')!.parameters).toMatchObject({ resume: 'form', formTitle: 'Approve?' });
  });
});
