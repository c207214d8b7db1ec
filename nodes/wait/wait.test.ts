import { describe, expect, it } from 'vitest';
import { NodeError } from '../sdk';
import { waitNode } from './index';
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
    await expect(runNode(waitNode, { params: { amount: 2, unit: 'minutes' }, items, signal: controller.signal })).rejects.toThrow('cancelled by test');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('refuses long waits and webhook resumes with clear errors', async () => {
    const long = await runNode(waitNode, { params: { amount: 2, unit: 'hours' }, items }).catch((e: unknown) => e);
    expect(long).toBeInstanceOf(NodeError);
    expect((long as NodeError).message).toContain('waits longer than 5 minutes are not supported yet (this one is 2 hours)');
    expect((long as NodeError).details.field).toBe('amount');
    await expect(runNode(waitNode, { params: { resume: 'webhook' }, items })).rejects.toThrow('resuming "on webhook call" is not supported yet');
    await expect(runNode(waitNode, { params: { resume: 'specificTime', dateTime: 'soon' }, items })).rejects.toThrow('field "dateTime"');
  });
});
