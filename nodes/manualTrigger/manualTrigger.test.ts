import { describe, expect, it } from 'vitest';
import { runNode, jsonOf } from '../../server/engine/testing/node-context';
import { manualTrigger } from './index';

describe('manualTrigger', () => {
  it('emits one empty item when started without input (as n8n does)', async () => {
    expect(jsonOf(await runNode(manualTrigger, {}))).toEqual([{}]);
    expect(jsonOf(await runNode(manualTrigger, { triggerData: { items: [] } }))).toEqual([{}]);
  });
  it('emits the trigger items given to a manual run', async () => {
    const out = await runNode(manualTrigger, { triggerData: { items: [{ json: { a: 1 } }, { b: 2 }] } });
    expect(jsonOf(out)).toEqual([{ a: 1 }, { b: 2 }]);
  });
  it('keeps binary data of given items', async () => {
    const bin = { data: 'aGk=', mimeType: 'text/plain' };
    const out = await runNode(manualTrigger, { triggerData: { items: [{ json: {}, binary: { file: bin } }] } });
    expect(out.main[0].binary).toEqual({ file: bin });
  });
  it('rejects items that are not objects, naming the item', async () => {
    await expect(runNode(manualTrigger, { triggerData: { items: [{ a: 1 }, 5] } })).rejects.toThrow(/item 1: expected an object/);
  });
  it('is a trigger without inputs', () => {
    expect(manualTrigger.trigger).toBe(true);
    expect(manualTrigger.inputs).toEqual([]);
  });
});
