import { describe, expect, it } from 'vitest';
import { executeWorkflowTriggerNode } from './index';
import { runNode } from '../../server/engine/testing/node-context';

const parentItems = [{ json: { query: 'a', extra: 1 } }, { json: { query: 'b' }, binary: { data: { data: 'aGk=', mimeType: 'text/plain' } } }];

describe('executeWorkflowTrigger node', () => {
  it('emits the items the parent passed', async () => {
    const out = await runNode(executeWorkflowTriggerNode, { triggerData: { items: parentItems } });
    expect(out.main.map((i) => i.json)).toEqual([{ query: 'a', extra: 1 }, { query: 'b' }]);
    expect(out.main[1].binary?.data.data).toBe('aGk=');
  });

  it('keeps only declared fields, missing ones as null', async () => {
    const out = await runNode(executeWorkflowTriggerNode, {
      params: { inputSource: 'fields', fields: [{ name: 'query' }, { name: 'limit', type: 'number' }] },
      triggerData: { items: parentItems },
    });
    expect(out.main.map((i) => i.json)).toEqual([{ query: 'a', limit: null }, { query: 'b', limit: null }]);
  });

  it('takes the fields from a JSON example and rejects a bad one with the field name', async () => {
    const out = await runNode(executeWorkflowTriggerNode, {
      params: { inputSource: 'jsonExample', jsonExample: '{"extra": 0}' },
      triggerData: { items: parentItems },
    });
    expect(out.main.map((i) => i.json)).toEqual([{ extra: 1 }, { extra: null }]);
    await expect(runNode(executeWorkflowTriggerNode, { params: { inputSource: 'jsonExample', jsonExample: '[1' } })).rejects.toThrow('field "jsonExample"');
  });

  it('emits one empty item on a run without a parent', async () => {
    const out = await runNode(executeWorkflowTriggerNode, {});
    expect(out.main).toEqual([{ json: {} }]);
  });
});
