/**
 * server/main.ts and Next's bundled server code load this module twice in one process: activation (tRPC,
 * in the bundle) must reload the table that the webhook handler (main.ts's copy) serves from.
 */
import { afterAll, describe, expect, it, vi } from 'vitest';

type State = typeof import('./state');
const copies: State[] = [];

afterAll(async () => {
  for (const c of copies) await c.closeWebhookState();
  const { disconnectDb } = await import('../db');
  await disconnectDb().catch(() => {});
});

describe('webhook route table', () => {
  it('is one table for every copy of the module in the process', async () => {
    const serving = await import('./state');
    copies.push(serving);
    await serving.reloadRouteTable();
    const first = serving.routeTableIfLoaded();
    expect(first).toBeDefined();

    vi.resetModules();
    const bundled = (await import('./state')) as State;
    copies.push(bundled);
    expect(bundled).not.toBe(serving);
    expect(bundled.routeTableIfLoaded()).toBe(first);

    // What activation does in the bundle: reload "this process's" table, which is the one that serves.
    const reloaded = await bundled.reloadRouteTable();
    expect(reloaded).not.toBe(first);
    expect(serving.routeTableIfLoaded()).toBe(reloaded);
  });
});
