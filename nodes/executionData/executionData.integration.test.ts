/**
 * Execution Data on the runtime: the pairs land on the Execution row (merged, later items winning), the
 * executions list finds the execution by key and by key=value, and the detail shows them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniquePrefix } from '../../server/testing';
import { userAndCaller } from '../../server/api/test-helpers';
import { runNode } from '../../server/engine/testing/node-context';
import { executionDataNode } from './index';

process.env.WEFT_QUEUE_PREFIX = uniquePrefix('execdata');

let worker: { close(): Promise<void> };
beforeAll(async () => {
  const { startStepWorker } = await import('../../server/runtime/worker');
  worker = await startStepWorker({ concurrency: 2, recoveryIntervalMs: 0, log: { debug() {}, info() {}, warn() {}, error() {} } });
}, 60_000);
afterAll(async () => {
  await worker?.close();
  const { closeRuntimeConnections } = await import('../../server/runtime/shutdown');
  await closeRuntimeConnections();
});

describe('Execution Data', () => {
  it('saves the pairs on the execution, and the list finds it by them', async () => {
    const { api } = await userAndCaller();
    const graph = {
      nodes: [
        { id: 'trigger', name: 'Start', type: 'manualTrigger', typeVersion: 1, params: {}, position: [0, 0] as [number, number] },
        {
          id: 'save',
          name: 'Save',
          type: 'executionData',
          typeVersion: 1,
          params: { dataToSave: { values: [{ key: 'orderId', value: '={{ $json.order }}' }, { key: 'source', value: 'shop' }] } },
          position: [200, 0] as [number, number],
        },
      ],
      connections: [{ from: { node: 'trigger', port: 'main' }, to: { node: 'save', port: 'main' } }],
    };
    const wf = await api.workflow.create({ name: 'Orders', graph });
    const first = await api.execution.run({ workflowId: wf.id, input: [{ order: 'A-1' }, { order: 'A-2' }] });
    const second = await api.execution.run({ workflowId: wf.id, input: [{ order: 'B-7' }] });
    const { waitForExecution } = await import('../../server/runtime/execution');
    expect((await waitForExecution(first.executionId, { timeoutMs: 20_000 })).status).toBe('succeeded');
    expect((await waitForExecution(second.executionId, { timeoutMs: 20_000 })).status).toBe('succeeded');

    const detail = await api.execution.get({ id: first.executionId });
    expect(detail.customData).toEqual({ orderId: 'A-2', source: 'shop' });
    expect(detail.nodeRuns.find((r) => r.nodeId === 'save')!.outputItems!.main.map((i) => i.json)).toEqual([{ order: 'A-1' }, { order: 'A-2' }]);

    const byValue = await api.execution.list({ workflowId: wf.id, data: { key: 'orderId', value: 'B-7' } });
    expect(byValue.items.map((e) => e.id)).toEqual([second.executionId]);
    expect(byValue.items[0]!.customData).toEqual({ orderId: 'B-7', source: 'shop' });
    expect((await api.execution.list({ workflowId: wf.id, data: { key: 'source' } })).items).toHaveLength(2);
    expect((await api.execution.list({ workflowId: wf.id, data: { key: 'missing' } })).items).toHaveLength(0);
  });

  it('refuses more than 10 keys and a pair without a key, naming the field', async () => {
    const values = Array.from({ length: 11 }, (_, i) => ({ key: `k${i}`, value: 'v' }));
    await expect(runNode(executionDataNode, { params: { dataToSave: { values } }, items: [{ json: {} }] })).rejects.toThrow(/field "dataToSave".*at most 10/);
    await expect(runNode(executionDataNode, { params: { dataToSave: { values: [{ key: ' ', value: 'v' }] } }, items: [{ json: {} }] })).rejects.toThrow(/without a key/);
  });
});
