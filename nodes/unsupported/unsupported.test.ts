import { describe, expect, it } from 'vitest';
import { NodeError } from '../sdk';
import { resolvePorts } from '../sdk';
import { UNSUPPORTED_NODE_TYPE, unsupportedNode } from './index';
import { runNode } from '../../server/engine/testing/node-context';

describe('unsupported node', () => {
  it('throws a NodeError naming the node and its original type', async () => {
    const run = runNode(unsupportedNode, {
      node: { name: 'Google Sheets' },
      params: { originalType: 'n8n-nodes-base.googleSheets', originalTypeVersion: 4.5, originalParameters: { operation: 'append' } },
      items: [{ json: {} }],
    });
    await expect(run).rejects.toBeInstanceOf(NodeError);
    await expect(run).rejects.toThrow('Node "Google Sheets" has type n8n-nodes-base.googleSheets, which Weft cannot run yet');
  });

  it('keeps arbitrary original parameters through its schema', () => {
    const original = { operation: 'append', columns: { mappingMode: 'auto', value: { a: '={{ $json.a }}' } } };
    const parsed = unsupportedNode.params.parse({ originalType: 'n8n-nodes-base.slack', originalParameters: original });
    expect(parsed.originalParameters).toEqual(original);
    expect(parsed.originalTypeVersion).toBe(1);
  });

  it('exposes the ports the importer asks for', () => {
    expect(UNSUPPORTED_NODE_TYPE).toBe('unsupported');
    expect(resolvePorts(unsupportedNode.outputs, { outputNames: ['main', 'output1'] }).map((p) => p.name)).toEqual(['main', 'output1']);
    expect(resolvePorts(unsupportedNode.inputs, {}).map((p) => p.name)).toEqual(['main']);
  });
});
