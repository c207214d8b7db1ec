/**
 * The production webhook route table of this web process: a cache of the Webhook rows of active workflows
 * (Postgres is the truth), with each webhook node's parsed parameters, precompiled for matching. Reloaded at
 * startup, on every activation change (Redis pub/sub, server/triggers/index.ts) and periodically as a safety net.
 */
import type { Db } from '../db';
import type { CredentialRef, GraphNode, WorkflowGraph } from '../engine/types';
import { webhookParams, type WebhookParams } from '../../nodes/webhook';
import { compilePath, matchPath, type CompiledPath } from './paths';

export interface WebhookRoute {
  /** Stable scope for idempotency keys and rate limits: `<workflowId>:<nodeId>`. */
  scope: string;
  workflowId: string;
  versionId: string | null;
  ownerId: string | null;
  nodeId: string;
  nodeName: string;
  method: string;
  path: string;
  params: WebhookParams;
  credentials: Record<string, CredentialRef>;
  /** The graph the request runs: the active version's (production) or the editor's draft (test). */
  graph?: WorkflowGraph;
  test?: { listenId: string };
}

export interface RouteMatch {
  route: WebhookRoute;
  pathParams: Record<string, string>;
}

export class RouteTable {
  private staticRoutes = new Map<string, WebhookRoute>();
  private dynamicRoutes: { method: string; compiled: CompiledPath; route: WebhookRoute }[] = [];

  constructor(routes: WebhookRoute[] = []) {
    for (const route of routes) this.add(route);
    // Most literal segments first: "orders/latest" beats "orders/:id".
    this.dynamicRoutes.sort((a, b) => b.compiled.literalCount - a.compiled.literalCount);
  }

  private add(route: WebhookRoute): void {
    if (route.path.includes(':')) {
      this.dynamicRoutes.push({ method: route.method, compiled: compilePath(route.path), route });
    } else {
      this.staticRoutes.set(`${route.method} ${route.path}`, route);
    }
  }

  get size(): number {
    return this.staticRoutes.size + this.dynamicRoutes.length;
  }

  match(method: string, path: string): RouteMatch | null {
    const hit = this.staticRoutes.get(`${method} ${path}`);
    if (hit) return { route: hit, pathParams: {} };
    if (!this.dynamicRoutes.length) return null;
    const parts = path.split('/');
    for (const d of this.dynamicRoutes) {
      if (d.method !== method) continue;
      const params = matchPath(d.compiled, parts);
      if (params) return { route: d.route, pathParams: params };
    }
    return null;
  }
}

/** Builds the route for a webhook node of a graph; null when the node is not a usable webhook. */
export function routeForNode(
  node: GraphNode,
  method: string,
  path: string,
  base: Omit<WebhookRoute, 'nodeId' | 'nodeName' | 'method' | 'path' | 'params' | 'credentials' | 'scope'>,
): WebhookRoute | null {
  // Other route kinds (form, chat, MCP) read their own node's params; their route carries webhook defaults.
  const parsed = webhookParams.safeParse(node.type === 'webhook' ? (node.params ?? {}) : { path });
  if (!parsed.success) return null;
  return {
    ...base,
    scope: `${base.workflowId}:${node.id}`,
    nodeId: node.id,
    nodeName: node.name,
    method,
    path,
    params: parsed.data,
    credentials: node.credentials ?? {},
  };
}

/** Reads every Webhook row of an active workflow with the graph it runs (its active version, else the draft). */
export async function loadRouteTable(db: Db): Promise<RouteTable> {
  const rows = await db.webhook.findMany({
    where: { workflow: { active: true } },
    select: {
      nodeId: true,
      method: true,
      path: true,
      workflow: { select: { id: true, ownerId: true, versionId: true, graph: true } },
    },
  });
  const versionIds = [...new Set(rows.map((r) => r.workflow.versionId).filter((v): v is string => !!v))];
  const versions = versionIds.length
    ? await db.workflowVersion.findMany({ where: { id: { in: versionIds } }, select: { id: true, graph: true } })
    : [];
  const graphs = new Map(versions.map((v) => [v.id, v.graph as unknown as WorkflowGraph]));
  const routes: WebhookRoute[] = [];
  for (const row of rows) {
    const wf = row.workflow;
    const graph = (wf.versionId && graphs.get(wf.versionId)) || (wf.graph as unknown as WorkflowGraph);
    const node = graph?.nodes?.find((n) => n.id === row.nodeId);
    if (!node) continue;
    const route = routeForNode(node, row.method, row.path, {
      workflowId: wf.id,
      versionId: wf.versionId,
      ownerId: wf.ownerId,
      // The graph goes to startExecution with the request: no lookup of the version per request.
      graph,
    });
    if (route) routes.push(route);
  }
  return new RouteTable(routes);
}
