/**
 * Send and wait for response on the real stack (step worker, Postgres, Redis, the webhook handler on loopback):
 * a Slack sendAndWait posts its message to a fake Slack on 127.0.0.1 and parks the execution; the approve
 * link in the posted message (read from the recorded request) resumes it with { data: { approved: true } } when
 * a browser opens it, while Slack's link expander fetching it resumes nothing; a free-text request is answered
 * through the form at the form link.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { WorkflowGraph } from '../engine/types';
import { uniquePrefix, waitFor } from '../testing';
import { startFakeApi, type FakeApi } from '../testing/fake-api';
import { chain, createCredential, node, startWebhookStack, type WebhookStack } from './test-helpers';

process.env.WEFT_QUEUE_PREFIX = uniquePrefix('sendwait');
process.env.WEFT_WAIT_IN_PROCESS_SECONDS = '0.3';

const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36';
const SLACKBOT = 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)';

type Posted = { channel: string; text: string; blocks: { type: string; elements?: { text: { text: string }; url: string; style?: string }[] }[] };
let stack: WebhookStack;
let slack: FakeApi<Posted>;
let credentialId: string;

beforeAll(async () => {
  stack = await startWebhookStack();
  slack = await startFakeApi<Posted>({ 'POST /api/chat.postMessage': (r) => ({ body: { ok: true, channel: r.body?.channel, ts: '1700000000.000200' } }) });
  credentialId = await createCredential(stack.ownerId, 'slackApi', { accessToken: 'xoxb-integration' });
}, 60_000);
afterAll(async () => {
  delete process.env.WEFT_WAIT_IN_PROCESS_SECONDS;
  await slack?.close();
  await stack?.close();
});
beforeEach(() => slack.reset());

const set = (id: string, name: string, value: unknown) => node(id, 'transform', { assignments: [{ name, value, type: 'string' }], include: 'all' });

function graph(params: Record<string, unknown>): WorkflowGraph {
  const g = chain(
    node('Start', 'manualTrigger'),
    node('Ask', 'slack', { operation: 'sendAndWait', channelId: 'C42', baseUrl: `${slack.url}/api`, ...params }),
    set('After', 'seen', '={{ JSON.stringify($json.data) }}'),
  );
  g.nodes[1].credentials = { slackApi: { id: credentialId, name: 'slack' } };
  return g;
}

async function start(g: WorkflowGraph): Promise<string> {
  const { startExecution } = await import('../runtime/execution');
  return (await startExecution({ graph: g, mode: 'cli', ownerId: stack.ownerId, triggerItems: [{ json: { n: 1 } }] })).executionId;
}

async function status(id: string): Promise<string> {
  const { pgPool } = await import('../db');
  return (await pgPool().query(`SELECT status::text FROM "Execution" WHERE id = $1`, [id])).rows[0]?.status as string;
}

const untilWaiting = (id: string) => waitFor(async () => ((await status(id)) === 'waiting' ? true : null), { what: 'execution waiting', timeoutMs: 15_000 });

/** The link as the workflow made it, pointed at this test's server. */
const local = (url: string) => `${stack.base}${new URL(url).pathname}${new URL(url).search}`;

/** The buttons of the one message posted to the fake Slack. */
function buttons() {
  expect(slack.requests.map((r) => [r.method, r.path])).toEqual([['POST', '/api/chat.postMessage']]);
  expect(slack.requests[0].headers.authorization).toBe('Bearer xoxb-integration');
  return slack.requests[0].body!.blocks.find((b) => b.type === 'actions')!.elements!;
}

async function finished(id: string) {
  const { waitForExecution } = await import('../runtime/execution');
  const done = await waitForExecution(id, { timeoutMs: 20_000 });
  expect(done.status).toBe('succeeded');
  return done;
}

describe('Slack send and wait on the real stack', () => {
  it('an approve click in a browser resumes with approved: true; Slack\'s link expander resumes nothing', async () => {
    const id = await start(graph({ message: 'Deploy?', approvalOptions: { values: { approvalType: 'double' } } }));
    await untilWaiting(id);
    const [approve, decline] = buttons();
    expect(approve).toMatchObject({ text: { text: 'Approve' }, style: 'primary' });
    expect(approve.url).toMatch(new RegExp(`/webhook-waiting/${id}\\?signature=[\\w-]+&approved=true$`));
    expect(decline.url).toMatch(new RegExp(`/webhook-waiting/${id}\\?signature=[\\w-]+&approved=false$`));

    // Slack unfurls the links it sees: that GET must not count as an answer.
    const preview = await fetch(local(approve.url), { headers: { 'user-agent': SLACKBOT } });
    expect(preview.status).toBe(403);
    expect(await status(id)).toBe('waiting');
    // A made-up signature: nothing.
    expect((await fetch(local(approve.url).replace(/signature=[\w-]+/, 'signature=' + 'x'.repeat(32)), { headers: { 'user-agent': BROWSER } })).status).toBe(404);
    expect(await status(id)).toBe('waiting');

    const click = await fetch(local(approve.url), { headers: { 'user-agent': BROWSER } });
    expect(click.status).toBe(200);
    expect(await click.text()).toContain('Response recorded');
    const done = await finished(id);
    expect(done.nodeRuns.find((r) => r.nodeName === 'Ask')!.outputItems!.main.map((i) => i.json)).toEqual([{ data: { approved: true } }]);
    expect(done.nodeRuns.find((r) => r.nodeName === 'After')!.outputItems!.main[0].json.seen).toBe('{"approved":true}');
    // Resumed once, and the message was not posted again.
    expect(slack.requests).toHaveLength(1);
    expect((await fetch(local(decline.url), { headers: { 'user-agent': BROWSER } })).status).toBe(409);
  });

  it('a free-text answer through the form link continues with { data: { text } }', async () => {
    const id = await start(graph({ message: 'Why?', responseType: 'freeText', sendAndWaitOptions: { messageButtonLabel: 'Answer', responseFormTitle: 'Your reason' } }));
    await untilWaiting(id);
    const [respond] = buttons();
    expect(respond.text.text).toBe('Answer');
    expect(respond.url).toMatch(new RegExp(`/form-waiting/${id}\\?signature=[\\w-]+$`));

    const page = await fetch(local(respond.url), { headers: { 'user-agent': BROWSER } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<title>Your reason</title>');
    expect(html).toContain('Response');
    expect(html).toContain('<textarea');

    const submit = await fetch(local(respond.url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': BROWSER },
      body: new URLSearchParams([['field-0', 'the tests pass']]).toString(),
    });
    expect(submit.status).toBe(200);
    const done = await finished(id);
    expect(done.nodeRuns.find((r) => r.nodeName === 'Ask')!.outputItems!.main.map((i) => i.json)).toEqual([{ data: { text: 'the tests pass' } }]);
    expect(slack.requests).toHaveLength(1);
  });
});
