import { describe, expect, it } from 'vitest';
import { WaitSignal } from '../../server/engine/node';
import { inProcessLimitMs, waitNode } from './index';
import { runNode } from '../../server/engine/testing/node-context';

const items = [{ json: { a: 1 } }, { json: { a: 2 } }];

describe('wait node', () => {
  it('waits the interval, then passes the items on', async () => {
    const started = Date.now();
    const out = await runNode(waitNode, { params: { amount: 0.3, unit: 'seconds' }, items });
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    expect(out.main.map((i) => i.json)).toEqual([{ a: 1 }, { a: 2 }]);
  });

  it('reads the amount from an expression on the first item', async () => {
    const started = Date.now();
    await runNode(waitNode, { params: { amount: '={{ $json.s }}' }, items: [{ json: { s: 0.2 } }, { json: { s: 100 } }] });
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(180);
    expect(took).toBeLessThan(2000);
  });

  it('waits until a specific time; a past time resumes at once', async () => {
    const at = new Date(Date.now() + 300).toISOString();
    const started = Date.now();
    await runNode(waitNode, { params: { resume: 'specificTime', dateTime: at }, items });
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    const again = Date.now();
    await runNode(waitNode, { params: { resume: 'specificTime', dateTime: '2001-01-01T00:00:00' }, items });
    expect(Date.now() - again).toBeLessThan(100);
  });

  it('stops waiting when the signal aborts', async () => {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(new Error('cancelled by test')), 100);
    await expect(runNode(waitNode, { params: { amount: 30, unit: 'seconds' }, items, signal: controller.signal })).rejects.toThrow('cancelled by test');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('parks waits longer than the in-process limit until their time, and passes the items on when resumed', async () => {
    const before = Date.now();
    const parked = await runNode(waitNode, { params: { amount: 2, unit: 'hours' }, items }).catch((e: unknown) => e);
    expect(parked).toBeInstanceOf(WaitSignal);
    const req = (parked as WaitSignal).request;
    expect(req.kind).toBe('time');
    expect(req.resumeAt! - before).toBeGreaterThanOrEqual(2 * 3_600_000);
    expect(req.resumeAt! - before).toBeLessThan(2 * 3_600_000 + 5_000);
    const out = await runNode(waitNode, { params: { amount: 2, unit: 'hours' }, items, resume: { kind: 'time' } });
    expect(out.main.map((i) => i.json)).toEqual([{ a: 1 }, { a: 2 }]);
    await expect(runNode(waitNode, { params: { resume: 'specificTime', dateTime: 'soon' }, items })).rejects.toThrow('field "dateTime"');
  });

  it('WEFT_WAIT_IN_PROCESS_SECONDS sets the in-process limit (0 parks every wait)', async () => {
    process.env.WEFT_WAIT_IN_PROCESS_SECONDS = '0';
    try {
      expect(inProcessLimitMs()).toBe(0);
      await expect(runNode(waitNode, { params: { amount: 0.05 }, items })).rejects.toBeInstanceOf(WaitSignal);
    } finally {
      delete process.env.WEFT_WAIT_IN_PROCESS_SECONDS;
    }
    expect(inProcessLimitMs()).toBe(65_000);
  });

  it('a webhook wait parks with what the resume request needs; the request becomes the output', async () => {
    const parked = (await runNode(waitNode, {
      params: { resume: 'webhook', httpMethod: 'POST', authentication: 'headerAuth', responseMode: 'lastNode', options: { webhookSuffix: '/approve/' }, limitWaitTime: true, resumeAmount: 30, resumeUnit: 'minutes' },
      items,
    }).catch((e: unknown) => e)) as WaitSignal;
    expect(parked).toBeInstanceOf(WaitSignal);
    expect(parked.request.kind).toBe('webhook');
    expect(parked.request.resumeAt! - Date.now()).toBeGreaterThan(29 * 60_000);
    expect(parked.request.config).toMatchObject({ suffix: 'approve', webhook: { httpMethod: 'POST', authentication: 'headerAuth', responseMode: 'lastNode' } });
    const request = { json: { headers: {}, params: {}, query: { ok: '1' }, body: { approved: true } } };
    const out = await runNode(waitNode, { params: { resume: 'webhook' }, items, resume: { kind: 'webhook', item: request } });
    expect(out.main).toEqual([{ ...request, pairedItem: { item: 0 } }]);
    // The time limit passed first: the input items go on.
    const timedOut = await runNode(waitNode, { params: { resume: 'webhook' }, items, resume: { kind: 'time' } });
    expect(timedOut.main.map((i) => i.json)).toEqual([{ a: 1 }, { a: 2 }]);
  });

  it('a form wait parks with its form, resolved from expressions; no time limit unless asked', async () => {
    const parked = (await runNode(waitNode, {
      params: { resume: 'form', formTitle: '={{ "Approve " + $json.a }}', formFields: { values: [{ fieldLabel: 'Decision', fieldType: 'dropdown', fieldOptions: { values: [{ option: 'yes' }, { option: 'no' }] } }] } },
      items,
    }).catch((e: unknown) => e)) as WaitSignal;
    expect(parked.request).toMatchObject({ kind: 'form', config: { form: { formTitle: 'Approve 1', formFields: { values: [{ fieldLabel: 'Decision', fieldType: 'dropdown' }] } } } });
    expect(parked.request.resumeAt).toBeUndefined();
  });
});
