/**
 * Waiting executions on the real stack (step worker, Postgres, Redis, the webhook handler on loopback):
 * a Wait node parks the execution in Postgres (no worker holds it), continues at its time on whichever
 * worker takes the timer job, on a signed resume URL request, or on a form submission; multi-page forms
 * (Form Trigger -> Form page -> Form Ending) go from page to page through /form-waiting/<id>.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkflowGraph } from '../engine/types';
import { randomId, uniquePrefix, waitFor } from '../testing';
import { activeWorkflow, chain, createCredential, edge, executionsOf, node, startWebhookStack, type WebhookStack } from './test-helpers';

process.env.WEFT_QUEUE_PREFIX = uniquePrefix('waiting');
// Every wait longer than 0.3 s parks, so the tests see parking without waiting a minute.
process.env.WEFT_WAIT_IN_PROCESS_SECONDS = '0.3';

let stack: WebhookStack;
beforeAll(async () => {
  stack = await startWebhookStack();
}, 60_000);
afterAll(async () => {
  delete process.env.WEFT_WAIT_IN_PROCESS_SECONDS;
  await stack?.close();
});

const set = (id: string, name: string, value: unknown) => node(id, 'transform', { assignments: [{ name, value, type: 'string' }], include: 'all' });

async function start(graph: WorkflowGraph, items = [{ json: { n: 1 } }]) {
  const { startExecution } = await import('../runtime/execution');
  return (await startExecution({ graph, mode: 'cli', triggerItems: items })).executionId;
}

async function status(executionId: string) {
  const { pgPool } = await import('../db');
  const ex = await pgPool().query(`SELECT status::text FROM "Execution" WHERE id = $1`, [executionId]);
  const runs = await pgPool().query(`SELECT "nodeName", status::text, attempt FROM "NodeRun" WHERE "executionId" = $1 ORDER BY "queuedAt"`, [executionId]);
  return { status: ex.rows[0]?.status as string, runs: runs.rows as { nodeName: string; status: string; attempt: number }[] };
}

const untilStatus = (executionId: string, want: string, timeoutMs = 15_000) =>
  waitFor(async () => ((await status(executionId)).status === want ? true : null), { what: `execution ${want}`, timeoutMs });

/** The resume URL the workflow computed, pointed at this test's server. */
const local = (url: string) => `${stack.base}${new URL(url).pathname}${new URL(url).search}`;

describe('a Wait for a time', () => {
  it('parks the execution in Postgres, then continues at its time and passes the items on', async () => {
    const graph = chain(node('Start', 'manualTrigger'), node('Wait', 'wait', { amount: 1.5, unit: 'seconds' }), set('After', 'done', 'yes'));
    const started = Date.now();
    const id = await start(graph, [{ json: { n: 1 } }, { json: { n: 2 } }]);
    await untilStatus(id, 'waiting');
    const parked = await status(id);
    expect(parked.runs.map((r) => [r.nodeName, r.status])).toEqual([['Start', 'succeeded'], ['Wait', 'waiting']]);
    const { getExecutionDetail } = await import('../runtime/execution');
    const shown = (await getExecutionDetail(id))!.nodeRuns.find((r) => r.nodeName === 'Wait')!.wait!;
    expect(shown.kind).toBe('time');
    expect(shown.resumeAt! - started).toBeGreaterThanOrEqual(1500);
    expect(shown.resumeAt! - started).toBeLessThan(5000);

    const { waitForExecution } = await import('../runtime/execution');
    const done = await waitForExecution(id, { timeoutMs: 20_000 });
    expect(done.status).toBe('succeeded');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
    expect(done.nodeRuns.find((r) => r.nodeName === 'After')?.outputItems?.main.map((i) => i.json)).toEqual([{ n: 1, done: 'yes' }, { n: 2, done: 'yes' }]);
    const wait = done.nodeRuns.find((r) => r.nodeName === 'Wait')!;
    expect(wait.status).toBe('succeeded');
    expect(wait.attempt).toBe(1); // parked once and resumed once: not a re-run after a crash
  });

  it('a cancelled waiting execution is cancelled at once, and its timer then does nothing', async () => {
    const graph = chain(node('Start', 'manualTrigger'), node('Wait', 'wait', { amount: 1, unit: 'seconds' }), set('After', 'done', 'yes'));
    const id = await start(graph);
    await untilStatus(id, 'waiting');
    const { cancelExecution } = await import('../runtime/execution');
    const before = Date.now();
    expect((await cancelExecution(id)).status).toBe('cancelled');
    expect(Date.now() - before).toBeLessThan(1500);
    await new Promise((r) => setTimeout(r, 1500));
    const after = await status(id);
    expect(after.status).toBe('cancelled');
    expect(after.runs.map((r) => [r.nodeName, r.status])).toEqual([['Start', 'succeeded'], ['Wait', 'cancelled']]);
  });

  it('one parked branch does not hold up the other; the execution waits once only parked runs are left', async () => {
    const graph: WorkflowGraph = {
      nodes: [node('Start', 'manualTrigger'), node('Wait', 'wait', { amount: 1, unit: 'seconds' }), set('Fast', 'fast', 'yes'), node('Merge', 'merge', { mode: 'append' })],
      connections: [edge('Start', 'Wait'), edge('Start', 'Fast'), edge('Wait', 'Merge', 'main', 'input1'), edge('Fast', 'Merge', 'main', 'input2')],
    };
    const id = await start(graph);
    await untilStatus(id, 'waiting');
    expect((await status(id)).runs.find((r) => r.nodeName === 'Fast')?.status).toBe('succeeded');
    const { waitForExecution } = await import('../runtime/execution');
    const done = await waitForExecution(id, { timeoutMs: 20_000 });
    expect(done.status).toBe('succeeded');
    expect(done.nodeRuns.find((r) => r.nodeName === 'Merge')?.outputItems?.main).toHaveLength(2);
  });
});

describe('a webhook that waits for the last node', () => {
  it('answers 202 with the execution id as soon as the run parks, not at its time limit', async () => {
    const path = `w/${randomId()}`;
    const wf = await activeWorkflow(
      stack.ownerId,
      chain(node('Hook', 'webhook', { path, httpMethod: 'POST', responseMode: 'lastNode', responseTimeout: 30 }, { typeVersion: 2 }), node('Wait', 'wait', { amount: 5, unit: 'minutes' })),
    );
    const before = Date.now();
    const res = await fetch(`${stack.base}/webhook/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(202);
    expect(Date.now() - before).toBeLessThan(10_000);
    const [ex] = await executionsOf(wf);
    expect(await res.json()).toEqual({ executionId: ex.id });
    expect((await status(ex.id)).status).toBe('waiting');
    const { cancelExecution } = await import('../runtime/execution');
    await cancelExecution(ex.id);
  });
});

describe('a Wait for a webhook call', () => {
  const graph = (params: Record<string, unknown> = {}) =>
    chain(
      node('Start', 'manualTrigger'),
      set('Link', 'url', '={{ $execution.resumeUrl }}'),
      node('Approval', 'wait', { resume: 'webhook', httpMethod: 'POST', ...params }),
      set('After', 'seen', '={{ $json.body ? $json.body.decision : "no answer" }}'),
    );

  async function parkedUrl(id: string): Promise<string> {
    await untilStatus(id, 'waiting');
    const { getExecutionDetail } = await import('../runtime/execution');
    const url = String((await getExecutionDetail(id))!.nodeRuns.find((r) => r.nodeName === 'Link')!.outputItems!.main[0].json.url);
    expect(url).toMatch(new RegExp(`/webhook-waiting/${id}\\?signature=[\\w-]{32}$`));
    // The execution page offers the same link to whoever may see the execution.
    const shown = (await getExecutionDetail(id))!.nodeRuns.find((r) => r.status === 'waiting')!.wait!;
    expect(shown).toMatchObject({ kind: 'webhook', path: `${new URL(url).pathname}${new URL(url).search}` });
    return local(url);
  }

  it('continues with the request on its signed resume URL, once', async () => {
    const id = await start(graph());
    const url = await parkedUrl(id);
    const post = (u: string) => fetch(u, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ decision: 'approve' }) });

    // A made-up or another execution's signature, or the wrong method: nothing resumes.
    expect((await post(url.replace(/signature=[\w-]+/, 'signature=' + 'x'.repeat(32)))).status).toBe(404);
    expect((await post(url.replace(/\?signature=.*/, ''))).status).toBe(404);
    expect((await fetch(url)).status).toBe(405);
    expect((await status(id)).status).toBe('waiting');

    const res = await post(url);
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ executionId: id });
    const { waitForExecution } = await import('../runtime/execution');
    const done = await waitForExecution(id, { timeoutMs: 20_000 });
    expect(done.status).toBe('succeeded');
    const approval = done.nodeRuns.find((r) => r.nodeName === 'Approval')!.outputItems!.main[0].json as Record<string, unknown>;
    expect(approval.body).toEqual({ decision: 'approve' });
    expect(approval.query).toEqual({});
    expect(done.nodeRuns.find((r) => r.nodeName === 'After')?.outputItems?.main[0].json.seen).toBe('approve');
    // Resumed already: a second call changes nothing.
    expect((await post(url)).status).toBe(409);
    expect(done.nodeRuns.filter((r) => r.nodeName === 'After')).toHaveLength(1);
  });

  it('answers with the last node when asked to, and checks the resume request\'s basic auth', async () => {
    const owner = stack.ownerId;
    const credId = await createCredential(owner, 'httpBasicAuth', { user: 'ops', password: 's3cret' });
    const g = graph({ responseMode: 'lastNode', authentication: 'basicAuth' });
    g.nodes[2].credentials = { httpBasicAuth: { id: credId, name: 'ops' } };
    const { startExecution } = await import('../runtime/execution');
    const { executionId: id } = await startExecution({ graph: g, mode: 'cli', ownerId: owner, triggerItems: [{ json: {} }] });
    const url = await parkedUrl(id);
    const body = JSON.stringify({ decision: 'reject' });
    const auth = (u: string, p: string) => ({ authorization: `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`, 'content-type': 'application/json' });
    expect((await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).status).toBe(401);
    expect((await fetch(url, { method: 'POST', headers: auth('ops', 'wrong'), body })).status).toBe(403);
    const ok = await fetch(url, { method: 'POST', headers: auth('ops', 's3cret'), body });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ seen: 'reject' });
  });

  it('gives up at its time limit and continues with the input items', async () => {
    const id = await start(graph({ limitWaitTime: true, resumeAmount: 1, resumeUnit: 'seconds' }));
    const url = await parkedUrl(id);
    const { waitForExecution } = await import('../runtime/execution');
    const done = await waitForExecution(id, { timeoutMs: 20_000 });
    expect(done.status).toBe('succeeded');
    expect(done.nodeRuns.find((r) => r.nodeName === 'Approval')!.outputItems!.main[0].json).toMatchObject({ url: expect.any(String) });
    expect(done.nodeRuns.find((r) => r.nodeName === 'After')!.outputItems!.main[0].json.seen).toBe('no answer');
    expect((await fetch(url, { method: 'POST', body: '{}' })).status).toBe(409);
  });
});

describe('multi-page forms', () => {
  const formGraph = (path: string): WorkflowGraph =>
    chain(
      node('Form', 'formTrigger', { path, formTitle: 'Sign up', formFields: { values: [{ fieldLabel: 'Name', requiredField: true }] } }, { typeVersion: 2.2 }),
      node('Page 2', 'form', {
        operation: 'page',
        defineForm: 'json',
        jsonOutput: '={{ JSON.stringify([{ fieldLabel: "Plan for " + $json.Name, fieldType: "dropdown", fieldOptions: { values: [{ option: "Free" }, { option: "Pro" }] } }]) }}',
        options: { formTitle: 'Pick a plan', buttonLabel: 'Finish' },
      }),
      node('Done', 'form', { operation: 'completion', completionTitle: 'All set', completionMessage: '={{ "Plan: " + $json["Plan for Ada"] }}' }),
    );

  it('goes from the first page to the next and to the ending, one execution throughout', async () => {
    const path = `mp/${randomId()}`;
    const wf = await activeWorkflow(stack.ownerId, formGraph(path));
    const first = await fetch(`${stack.base}/form/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams([['field-0', 'Ada']]).toString(),
      redirect: 'manual',
    });
    expect(first.status).toBe(303);
    const next = first.headers.get('location')!;
    const executions = await executionsOf(wf);
    expect(executions).toHaveLength(1);
    expect(next).toMatch(new RegExp(`^/form-waiting/${executions[0].id}\\?signature=`));

    const page = await fetch(`${stack.base}${next}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<title>Pick a plan</title>');
    expect(html).toContain('Plan for Ada');
    expect(html).toContain('>Finish<');
    expect(html).toContain(`action="${next.replace(/&/g, '&amp;')}"`);

    const bad = await fetch(`${stack.base}${next.replace(/signature=[\w-]+/, 'signature=nope')}`);
    expect(bad.status).toBe(404);

    const second = await fetch(`${stack.base}${next}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams([['field-0', 'Pro']]).toString(),
      redirect: 'manual',
    });
    expect(second.status).toBe(200);
    const ending = await second.text();
    expect(ending).toContain('All set');
    expect(ending).toContain('Plan: Pro');
    await waitFor(async () => ((await executionsOf(wf))[0]?.status === 'succeeded' ? true : null), { what: 'the execution to succeed' });
    expect(await executionsOf(wf)).toHaveLength(1);
    // The page is done: it shows the ending again rather than a form.
    const again = await fetch(`${stack.base}${next}`);
    expect(await again.text()).toContain('All set');
  });
});
