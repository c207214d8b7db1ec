import { describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { userAndCaller } from '../../test-helpers';

const n8nDoc = {
  name: 'From n8n',
  nodes: [
    { parameters: {}, name: 'When clicking', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0] },
    {
      parameters: { assignments: { assignments: [{ id: 'a', name: 'greeting', value: 'hello', type: 'string' }] }, options: {} },
      name: 'Edit Fields',
      type: 'n8n-nodes-base.set',
      typeVersion: 3.4,
      position: [220, 0],
    },
    // A type Weft does not run (a shell on another machine): it imports as unsupported and exports unchanged.
    { parameters: { command: 'ls' }, name: 'SSH', type: 'n8n-nodes-base.ssh', typeVersion: 1, position: [440, 0] },
  ],
  connections: {
    'When clicking': { main: [[{ node: 'Edit Fields', type: 'main', index: 0 }]] },
    'Edit Fields': { main: [[{ node: 'SSH', type: 'main', index: 0 }]] },
  },
};

describe('workflow n8n import/export', () => {
  it('previews, imports as a new workflow, and exports back', async () => {
    const { api, user } = await userAndCaller();
    const preview = await api.workflow.previewN8n({ source: JSON.stringify(n8nDoc) });
    expect(preview.graph.nodes.map((n) => n.name)).toEqual(['When clicking', 'Edit Fields', 'SSH']);
    expect(preview.report.counts).toMatchObject({ nodes: 3, unsupported: 1 });

    const imported = await api.workflow.importN8n({ source: n8nDoc });
    const wf = await api.workflow.get({ id: imported.workflowId });
    expect(wf).toMatchObject({ name: 'From n8n', ownerId: user.id, version: 1 });
    expect(wf.graph.nodes.map((n) => n.type)).toEqual(['manualTrigger', 'transform', 'unsupported']);
    expect(wf.graph.connections).toHaveLength(2);

    const exported = await api.workflow.exportN8n({ id: wf.id });
    expect(exported.workflow.nodes.map((n) => n.type)).toEqual(['n8n-nodes-base.manualTrigger', 'n8n-nodes-base.set', 'n8n-nodes-base.ssh']);
    expect(exported.workflow.name).toBe('From n8n');
  });

  it('explains input that is not a workflow, and hides other users\' workflows', async () => {
    const alice = await userAndCaller();
    const bob = await userAndCaller();
    await expect(alice.api.workflow.previewN8n({ source: 'not json' })).rejects.toSatisfy(
      (e: unknown) => e instanceof TRPCError && e.code === 'BAD_REQUEST' && /not JSON/.test(e.message),
    );
    const { workflowId } = await alice.api.workflow.importN8n({ source: n8nDoc, name: 'Mine' });
    await expect(bob.api.workflow.exportN8n({ id: workflowId })).rejects.toSatisfy((e: unknown) => e instanceof TRPCError && e.code === 'NOT_FOUND');
  });
});
