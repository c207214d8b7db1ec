import { describe, expect, it } from 'vitest';
import { NodeError } from '../sdk';
import { stopAndErrorNode } from './index';
import { runNode } from '../../server/engine/testing/node-context';

describe('stopAndError node', () => {
  it('throws the message, resolved from the first item', async () => {
    const run = runNode(stopAndErrorNode, {
      params: { errorMessage: '=Status code: {{ $json.code }}' },
      items: [{ json: { code: 404 } }, { json: { code: 500 } }],
    });
    await expect(run).rejects.toBeInstanceOf(NodeError);
    await expect(run).rejects.toThrow('Status code: 404');
  });

  it('throws an error object: message from its message field, the object as description', async () => {
    const err = await runNode(stopAndErrorNode, {
      params: { errorType: 'errorObject', errorObject: '{"code": 429, "message": "Rate limited"}' },
      items: [{ json: {} }],
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NodeError);
    expect((err as NodeError).message).toBe('Rate limited');
    expect((err as NodeError).details.description).toContain('"code": 429');
  });

  it('accepts an object from an expression and reports invalid JSON with the field name', async () => {
    await expect(runNode(stopAndErrorNode, { params: { errorType: 'errorObject', errorObject: { description: 'bad' } }, items: [{ json: {} }] })).rejects.toThrow('bad');
    await expect(runNode(stopAndErrorNode, { params: { errorType: 'errorObject', errorObject: '{nope' }, items: [{ json: {} }] })).rejects.toThrow('field "errorObject"');
  });

  it('has a default message', async () => {
    await expect(runNode(stopAndErrorNode, { items: [{ json: {} }] })).rejects.toThrow('Execution stopped');
  });
});
