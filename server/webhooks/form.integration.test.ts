/**
 * The Form Trigger on the real stack: the webhook handler on a loopback port, the step worker, Postgres,
 * Redis. The form page (escaped), submissions (urlencoded and multipart), bad input, inactive workflows,
 * "respond when" and the Form Ending node.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomId, testDb, uniquePrefix, waitFor } from '../testing';
import { activeWorkflow, chain, createWorkflow, executionsOf, node, startWebhookStack, triggerOutput, type WebhookStack } from './test-helpers';

process.env.WEFT_QUEUE_PREFIX = uniquePrefix('forms');

let stack: WebhookStack;
beforeAll(async () => {
  stack = await startWebhookStack();
}, 60_000);
afterAll(async () => {
  await stack?.close();
});

const FIELDS = [
  { fieldLabel: 'Name <b>', requiredField: true, placeholder: '"><script>x</script>' },
  { fieldLabel: 'Email', fieldType: 'email' },
  { fieldLabel: 'Age', fieldType: 'number' },
  { fieldLabel: 'Colour', fieldType: 'dropdown', fieldOptions: { values: [{ option: 'Red & Blue' }, { option: 'Green' }] }, multiselect: true },
  { fieldLabel: 'Notes', fieldType: 'textarea' },
];

const formNode = (path: string, params: Record<string, unknown> = {}) =>
  node('Form', 'formTrigger', { path, formTitle: 'Sign <up>', formDescription: 'Tell us & more', formFields: { values: FIELDS }, ...params }, { typeVersion: 2.2 });
const set = (id: string, name: string, value: unknown) =>
  node(id, 'transform', { assignments: [{ name, value, type: 'string' }], include: 'all' });

const submit = (path: string, fields: [string, string][]) =>
  fetch(`${stack.base}/form/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });

async function onlyExecution(workflowId: string) {
  const list = await waitFor(async () => {
    const rows = await executionsOf(workflowId);
    return rows.length ? rows : null;
  }, { what: 'the execution' });
  expect(list).toHaveLength(1);
  return list[0];
}

describe('the form page', () => {
  it('renders every field with labels, options and placeholders escaped', async () => {
    const path = `f/${randomId()}`;
    await activeWorkflow(stack.ownerId, chain(formNode(path)));
    const res = await fetch(`${stack.base}/form/${path}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const html = await res.text();
    expect(html).toContain('<title>Sign &lt;up&gt;</title>');
    expect(html).toContain('Name &lt;b&gt;');
    expect(html).toContain('placeholder="&quot;&gt;&lt;script&gt;x&lt;/script&gt;"');
    expect(html).not.toContain('<script>');
    expect(html).toContain('Tell us &amp; more');
    expect(html).toMatch(/<input type="email" id="f1" name="field-1"/);
    expect(html).toMatch(/<input type="number" id="f2" name="field-2"/);
    expect(html).toMatch(/<select id="f3" name="field-3" multiple>/);
    expect(html).toContain('<option value="Red &amp; Blue">Red &amp; Blue</option>');
    expect(html).toMatch(/<textarea id="f4" name="field-4"/);
    expect(html).toMatch(/name="field-0"[^>]* required>/);
    expect(html).toContain(`action="/form/${path}"`);
    expect(html).toContain('enctype="application/x-www-form-urlencoded"');
  });

  it('answers 404 for an inactive workflow and an unknown path, and never serves a form as a webhook', async () => {
    const path = `f/${randomId()}`;
    const wf = await createWorkflow(stack.ownerId, chain(formNode(path)));
    expect((await fetch(`${stack.base}/form/${path}`)).status).toBe(404);
    expect((await submit(path, [['field-0', 'Ada']])).status).toBe(404);
    expect(await executionsOf(wf)).toHaveLength(0);
    const active = `f/${randomId()}`;
    await activeWorkflow(stack.ownerId, chain(formNode(active)));
    expect((await fetch(`${stack.base}/webhook/${active}`)).status).toBe(404);
    expect((await fetch(`${stack.base}/form/${active}x`)).status).toBe(404);
  });
});

describe('submitting', () => {
  it('form-urlencoded starts exactly one execution with n8n-shaped item and shows the completion page', async () => {
    const path = `f/${randomId()}`;
    const wf = await activeWorkflow(stack.ownerId, chain(formNode(path, { options: { formSubmittedText: 'Thanks <friend>' } })));
    const res = await submit(path, [
      ['field-0', 'Ada'],
      ['field-1', 'ada@example.com'],
      ['field-2', '36'],
      ['field-3', 'Red & Blue'],
      ['field-3', 'Green'],
      ['field-4', 'line1\nline2'],
    ]);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Thanks &lt;friend&gt;');
    const ex = await onlyExecution(wf);
    expect(ex.mode).toBe('webhook');
    const items = await triggerOutput(ex.id, 'Form');
    expect(items).toHaveLength(1);
    expect(items[0].json).toMatchObject({
      'Name <b>': 'Ada',
      Email: 'ada@example.com',
      Age: 36,
      Colour: ['Red & Blue', 'Green'],
      Notes: 'line1\nline2',
      formMode: 'production',
    });
    expect(new Date(String(items[0].json.submittedAt)).getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('multipart with a file: the file becomes binary data and a file list on the item', async () => {
    const path = `f/${randomId()}`;
    const fields = [
      { fieldLabel: 'Name', requiredField: true },
      { fieldLabel: 'File Upload', fieldType: 'file', requiredField: true, acceptFileTypes: 'pdf' },
    ];
    const wf = await activeWorkflow(stack.ownerId, chain(node('Form', 'formTrigger', { path, formTitle: 'CV', formFields: { values: fields } }, { typeVersion: 2.2 })));
    const page = await (await fetch(`${stack.base}/form/${path}`)).text();
    expect(page).toContain('enctype="multipart/form-data"');
    expect(page).toContain('accept=".pdf"');
    const body = new FormData();
    body.append('field-0', 'Ada');
    body.append('file-1-', new Blob([Buffer.from('%PDF-1.4 hello')], { type: 'application/pdf' }), 'cv.pdf');
    const res = await fetch(`${stack.base}/form/${path}`, { method: 'POST', body });
    expect(res.status).toBe(200);
    const ex = await onlyExecution(wf);
    const [item] = await triggerOutput(ex.id, 'Form');
    expect(item.json).toMatchObject({ Name: 'Ada', 'File Upload': [{ filename: 'cv.pdf', mimetype: 'application/pdf', size: 14 }] });
    expect(item.binary?.File_Upload).toMatchObject({ fileName: 'cv.pdf', mimeType: 'application/pdf' });
    expect(Buffer.from(item.binary!.File_Upload.data, 'base64').toString()).toBe('%PDF-1.4 hello');
  });

  it('a missing required field re-renders the form with a message and the values, 400, and starts nothing', async () => {
    const path = `f/${randomId()}`;
    const wf = await activeWorkflow(stack.ownerId, chain(formNode(path)));
    const res = await submit(path, [['field-1', 'ada@example.com'], ['field-4', '<i>kept</i>']]);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('&quot;Name &lt;b&gt;&quot; is required');
    expect(html).toContain('&lt;i&gt;kept&lt;/i&gt;</textarea>');
    expect(html).toContain('value="ada@example.com"');
    const bad = await submit(path, [['field-0', 'Ada'], ['field-3', 'Purple']]);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('is not one of the choices');
    await new Promise((r) => setTimeout(r, 300));
    expect(await executionsOf(wf)).toHaveLength(0);
  });
});

describe('options', () => {
  it("ignoreBots: a crawler's POST starts nothing; a browser's does", async () => {
    const path = `f/${randomId()}`;
    const wf = await activeWorkflow(stack.ownerId, chain(formNode(path, { options: { ignoreBots: true } })));
    const post = (ua: string) =>
      fetch(`${stack.base}/form/${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': ua }, body: 'field-0=Ada' });
    expect((await post('Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)')).status).toBe(403);
    expect((await post('Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)')).status).toBe(403);
    await new Promise((r) => setTimeout(r, 300));
    expect(await executionsOf(wf)).toHaveLength(0);
    expect((await post('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120 Safari/537.36')).status).toBe(200);
    await onlyExecution(wf);
  });

  it("useWorkflowTimezone: submittedAt carries the workflow timezone's offset", async () => {
    const path = `f/${randomId()}`;
    const graph = { ...chain(formNode(path, { options: { useWorkflowTimezone: true } })), settings: { timezone: 'Asia/Kolkata' } };
    const wf = await activeWorkflow(stack.ownerId, graph);
    expect((await submit(path, [['field-0', 'Ada']])).status).toBe(200);
    const ex = await onlyExecution(wf);
    const [item] = await triggerOutput(ex.id, 'Form');
    expect(String(item.json.submittedAt)).toMatch(/\+05:30$/);
  });
});

describe('respond when', () => {
  it('lastNode shows the completion page once the workflow has finished', async () => {
    const path = `f/${randomId()}`;
    const wf = await activeWorkflow(stack.ownerId, chain(formNode(path, { responseMode: 'lastNode' }), set('Tag', 'tag', 'x')));
    const res = await submit(path, [['field-0', 'Ada']]);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Your response has been recorded');
    const ex = await onlyExecution(wf);
    expect((await testDb().execution.findUnique({ where: { id: ex.id } }))?.status).toBe('succeeded');
  });

  it('a Form Ending node answers with its title and message (escaped), even in onReceived mode', async () => {
    const path = `f/${randomId()}`;
    const wf = await activeWorkflow(
      stack.ownerId,
      chain(
        formNode(path),
        node('End', 'form', { operation: 'completion', completionTitle: 'Done <now>', completionMessage: '={{ "Hello " + $json["Name <b>"] }}' }),
      ),
    );
    const res = await submit(path, [['field-0', '<Ada>']]);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<h1>Done &lt;now&gt;</h1>');
    expect(html).toContain('Hello &lt;Ada&gt;');
    await onlyExecution(wf);
  });

  it('a Form Ending node can redirect', async () => {
    const path = `f/${randomId()}`;
    await activeWorkflow(
      stack.ownerId,
      chain(formNode(path, { responseMode: 'lastNode' }), node('End', 'form', { operation: 'completion', respondWith: 'redirect', redirectUrl: 'https://example.com/next' })),
    );
    const res = await submit(path, [['field-0', 'Ada']]);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('https://example.com/next');
  });

  it('responseNode answers with what Respond to Webhook sends', async () => {
    const path = `f/${randomId()}`;
    await activeWorkflow(
      stack.ownerId,
      chain(
        formNode(path, { responseMode: 'responseNode' }),
        node('Respond', 'respondToWebhook', { respondWith: 'text', responseBody: '={{ "got " + $json["Name <b>"] }}', options: { responseCode: 201 } }),
      ),
    );
    const res = await submit(path, [['field-0', 'Ada']]);
    expect(res.status).toBe(201);
    expect(await res.text()).toBe('got Ada');
  });

  it('a failing workflow in lastNode mode shows a problem page with 500', async () => {
    const path = `f/${randomId()}`;
    await activeWorkflow(stack.ownerId, chain(formNode(path, { responseMode: 'lastNode' }), node('Stop', 'stopAndError', { errorMessage: 'nope' })));
    const res = await submit(path, [['field-0', 'Ada']]);
    expect(res.status).toBe(500);
    expect(await res.text()).toContain('Problem submitting response');
  });
});

describe('test URL', () => {
  it('/form-test/<path> shows the draft form while the editor listens and runs one submission', async () => {
    const { listenForTestWebhook } = await import('./testWebhooks');
    const { redis } = await import('../redis');
    const path = `f/${randomId()}`;
    const graph = chain(formNode(path));
    const wf = await createWorkflow(stack.ownerId, graph);
    expect((await fetch(`${stack.base}/form-test/${path}`)).status).toBe(404);
    const listen = await listenForTestWebhook(redis(), wf, graph, { ownerId: stack.ownerId });
    expect(listen.urls[0]).toMatchObject({ path, url: `/form-test/${path}` });
    const page = await fetch(`${stack.base}/form-test/${path}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`action="/form-test/${path}"`);
    const res = await fetch(`${stack.base}/form-test/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'field-0=Ada',
    });
    expect(res.status).toBe(200);
    const ex = await onlyExecution(wf);
    const [item] = await triggerOutput(ex.id, 'Form');
    expect(item.json).toMatchObject({ 'Name <b>': 'Ada', formMode: 'test' });
    expect((await fetch(`${stack.base}/form-test/${path}`)).status).toBe(404);
  });
});

describe('form submission rate limit', () => {
  it('answers 429 with a page and Retry-After past the limit (the webhook limiter), starts nothing more, still shows the form', async () => {
    const path = `frl/${randomId()}`;
    const wf = await activeWorkflow(stack.ownerId, chain(formNode(path, { rateLimit: 2, rateLimitWindow: 'sliding' })));
    expect((await submit(path, [['field-0', 'Ada']])).status).toBe(200);
    expect((await submit(path, [['field-0', 'Bob']])).status).toBe(200);
    const limited = await submit(path, [['field-0', 'Cy']]);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toMatch(/text\/html/);
    const retry = Number(limited.headers.get('retry-after'));
    expect(retry).toBeGreaterThanOrEqual(55);
    expect(retry).toBeLessThanOrEqual(60);
    const page = await limited.text();
    expect(page).toContain('Too many submissions');
    expect(page).toContain(`Try again in ${retry} seconds`);
    expect((await fetch(`${stack.base}/form/${path}`)).status).toBe(200);
    const rows = await waitFor(async () => {
      const list = await executionsOf(wf);
      return list.length >= 2 ? list : null;
    }, { what: 'the two executions' });
    expect(rows).toHaveLength(2);
  });

  it('a fixed window counts per clock minute; no limit by default', async () => {
    const path = `frf/${randomId()}`;
    await activeWorkflow(stack.ownerId, chain(formNode(path, { rateLimit: 1 })));
    const statuses = [];
    for (const name of ['Ada', 'Bob', 'Cy']) statuses.push((await submit(path, [['field-0', name]])).status);
    // Three quick submissions span at most one minute boundary: at least one is over the limit of 1.
    expect(statuses[0]).toBe(200);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((s) => s === 200 || s === 429)).toBe(true);
    const open = `fro/${randomId()}`;
    await activeWorkflow(stack.ownerId, chain(formNode(open)));
    for (let i = 0; i < 4; i++) expect((await submit(open, [['field-0', `n${i}`]])).status).toBe(200);
  });
});

describe('a page submitted twice', () => {
  it('starts one execution: the second POST of the same page gets the first answer; another page starts another', async () => {
    const path = `fid/${randomId()}`;
    const wf = await activeWorkflow(stack.ownerId, chain(formNode(path, { options: { formSubmittedText: 'Thanks!' } })));
    const page = await (await fetch(`${stack.base}/form/${path}`)).text();
    const id = /name="__submission" value="([\w-]+)"/.exec(page)?.[1];
    expect(id).toBeTruthy();
    const first = await submit(path, [['__submission', id!], ['field-0', 'Ada']]);
    const second = await submit(path, [['__submission', id!], ['field-0', 'Ada']]);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(await second.text()).toContain('Thanks!');
    await onlyExecution(wf);
    const other = /name="__submission" value="([\w-]+)"/.exec(await (await fetch(`${stack.base}/form/${path}`)).text())?.[1];
    expect(other).not.toBe(id);
    expect((await submit(path, [['__submission', other!], ['field-0', 'Bob']])).status).toBe(200);
    const rows = await waitFor(async () => {
      const list = await executionsOf(wf);
      return list.length >= 2 ? list : null;
    }, { what: 'the second execution' });
    expect(rows).toHaveLength(2);
  });

  it('bad input re-renders the form with the same submission id and starts nothing', async () => {
    const path = `fidb/${randomId()}`;
    const wf = await activeWorkflow(stack.ownerId, chain(formNode(path)));
    const bad = await submit(path, [['__submission', 'abcdef123456'], ['field-0', '']]);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('name="__submission" value="abcdef123456"');
    expect(await executionsOf(wf)).toHaveLength(0);
    expect((await submit(path, [['__submission', 'abcdef123456'], ['field-0', 'Ada']])).status).toBe(200);
    await onlyExecution(wf);
  });
});
