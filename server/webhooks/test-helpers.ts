/**
 * Test helpers for the webhook integration tests: a real step worker, the trigger registry and the
 * webhook handler on a random loopback port, and workflows stored the way the API stores them.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GraphNode, WorkflowGraph } from '../engine/types';
import { createTestUser, randomId, testDb } from '../testing';

export const node = (id: string, type: string, params: Record<string, unknown> = {}, extra: Partial<GraphNode> = {}): GraphNode => ({
  id,
  name: id,
  type,
  typeVersion: 1,
  params,
  position: [0, 0],
  ...extra,
});

export const edge = (from: string, to: string, fromPort = 'main', toPort = 'main') => ({
  from: { node: from, port: fromPort },
  to: { node: to, port: toPort },
});

export function chain(...nodes: GraphNode[]): WorkflowGraph {
  return { nodes, connections: nodes.slice(1).map((n, i) => edge(nodes[i].id, n.id)) };
}

export interface WebhookStack {
  base: string;
  ownerId: string;
  close(): Promise<void>;
}

export async function startWebhookStack(): Promise<WebhookStack> {
  const { startStepWorker } = await import('../runtime/worker');
  const { startTriggerRegistry, stopTriggerRegistry } = await import('../triggers/index');
  const { handleWebhookRequest } = await import('./http');
  const steps = await startStepWorker({ concurrency: 8, recoveryIntervalMs: 0, log: { debug() {}, info() {}, warn() {}, error() {} } });
  await startTriggerRegistry();
  const server = http.createServer((req, res) => void handleWebhookRequest(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  const { user } = await createTestUser();
  return {
    base: `http://127.0.0.1:${port}`,
    ownerId: user.id,
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await steps.close();
      await stopTriggerRegistry();
      const { closeScheduleQueue } = await import('../triggers/schedules');
      const { closeRuntimeConnections } = await import('../runtime/shutdown');
      await closeScheduleQueue();
      await closeRuntimeConnections();
    },
  };
}

/** Creates a workflow with one saved version (what the API does) and returns its id. */
export async function createWorkflow(ownerId: string, graph: WorkflowGraph, name = `wf-${randomId()}`): Promise<string> {
  const db = testDb();
  const wf = await db.workflow.create({ data: { name, ownerId, graph: graph as object } });
  const v = await db.workflowVersion.create({ data: { workflowId: wf.id, version: 1, name, graph: graph as object, createdById: ownerId } });
  await db.workflow.update({ where: { id: wf.id }, data: { versionId: v.id } });
  return wf.id;
}

export async function activeWorkflow(ownerId: string, graph: WorkflowGraph): Promise<string> {
  const id = await createWorkflow(ownerId, graph);
  const { activateWorkflow } = await import('../triggers/activation');
  await activateWorkflow(id);
  return id;
}

export async function createCredential(ownerId: string, type: string, data: Record<string, unknown>): Promise<string> {
  const { encryptCredential } = await import('../crypto');
  const row = await testDb().credential.create({ data: { ownerId, name: `${type}-${randomId()}`, type, data: encryptCredential(data) } });
  return row.id;
}

export async function executionsOf(workflowId: string) {
  return testDb().execution.findMany({ where: { workflowId }, orderBy: { createdAt: 'asc' } });
}

export async function triggerOutput(executionId: string, nodeId = 'Hook') {
  const { waitFor } = await import('../testing');
  const run = await waitFor(
    () => testDb().nodeRun.findFirst({ where: { executionId, nodeId, status: 'succeeded' } }),
    { what: `trigger output of ${executionId}` },
  );
  return (run.outputItems as { main: { json: Record<string, unknown>; binary?: Record<string, { data: string; mimeType: string; fileName?: string }> }[] }).main;
}
