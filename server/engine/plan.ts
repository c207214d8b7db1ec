/**
 * The scheduler, as a pure function of what has run. Given the graph and the runs recorded so far
 * (metadata only, never items), it says which node runs become ready. Nothing else is stored:
 * which outputs are still waiting to be consumed is derived from the runs' `sources`.
 *
 * - A run that produced items on a port delivers them along every connection from that port.
 * - A node with one connected input port runs once per delivery (a loop body runs once per batch).
 * - A node with several connected input ports (merge) runs when each connected port has a delivery
 *   or can no longer get one (everything upstream of it is settled). One port may be empty.
 * - A port that produced nothing delivers nothing: the branch behind it does not run.
 */
import type { Connection, WorkflowGraph } from './types';

export type RunStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'skipped' | 'cancelled' | 'waiting';

export interface Source {
  node: string; // upstream node id
  runIndex: number;
  port: string; // upstream output port
  toPort: string; // this node's input port
}

export interface RunMeta {
  nodeId: string;
  runIndex: number;
  status: RunStatus;
  sources: Source[];
  /** Items per output port; present once the run succeeded. */
  outputCounts?: Record<string, number> | null;
}

export interface PlannedRun {
  nodeId: string;
  runIndex: number;
  sources: Source[];
}

export interface Plan {
  ready: PlannedRun[];
  /** Nothing queued or running and nothing new to run: the execution is over. */
  finished: boolean;
}

const ACTIVE: ReadonlySet<RunStatus> = new Set(['queued', 'running', 'waiting']);

export interface GraphIndex {
  incoming: Map<string, Connection[]>; // by target node id
  outgoing: Map<string, Connection[]>; // by source node id
  /** Connected input ports per node. */
  inputPorts: Map<string, string[]>;
}

export function indexGraph(graph: WorkflowGraph): GraphIndex {
  const incoming = new Map<string, Connection[]>();
  const outgoing = new Map<string, Connection[]>();
  const inputPorts = new Map<string, string[]>();
  for (const c of graph.connections) {
    push(incoming, c.to.node, c);
    push(outgoing, c.from.node, c);
    const ports = inputPorts.get(c.to.node) ?? [];
    if (!ports.includes(c.to.port)) ports.push(c.to.port);
    inputPorts.set(c.to.node, ports);
  }
  return { incoming, outgoing, inputPorts };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const sourceKey = (s: Source) => `${s.node}\u0000${s.runIndex}\u0000${s.port}\u0000${s.toPort}`;

export function planNext(graph: WorkflowGraph, runs: RunMeta[], index: GraphIndex = indexGraph(graph)): Plan {
  const byNode = new Map<string, RunMeta[]>();
  for (const r of runs) push(byNode, r.nodeId, r);

  // Deliveries not yet consumed, per target node.
  const consumed = new Set<string>();
  for (const r of runs) for (const s of r.sources) consumed.add(`${r.nodeId}\u0001${sourceKey(s)}`);
  const pending = new Map<string, Source[]>();
  for (const r of runs) {
    if (r.status !== 'succeeded' || !r.outputCounts) continue;
    for (const c of index.outgoing.get(r.nodeId) ?? []) {
      if (!(r.outputCounts[c.from.port] > 0)) continue;
      const s: Source = { node: r.nodeId, runIndex: r.runIndex, port: c.from.port, toPort: c.to.port };
      if (!consumed.has(`${c.to.node}\u0001${sourceKey(s)}`)) push(pending, c.to.node, s);
    }
  }

  const anyActive = runs.some((r) => ACTIVE.has(r.status));
  const ready: PlannedRun[] = [];
  const nextRunIndex = (nodeId: string) => {
    const existing = byNode.get(nodeId)?.length ?? 0;
    return existing + ready.filter((p) => p.nodeId === nodeId).length;
  };

  // Nodes that may still produce data: active ones, ones with pending input, and everything downstream.
  const live = liveNodes(runs, pending, index);

  const waiting: string[] = [];
  for (const [nodeId, sources] of pending) {
    const ports = index.inputPorts.get(nodeId) ?? [];
    if (ports.length <= 1) {
      for (const s of sources) ready.push({ nodeId, runIndex: nextRunIndex(nodeId), sources: [s] });
      continue;
    }
    // Multi-input: from each feeder of each port, its oldest delivery; wait while a feeder that has
    // not delivered can still produce data.
    const chosen: Source[] = [];
    let blocked = false;
    for (const port of ports) {
      const feeders = [...new Set((index.incoming.get(nodeId) ?? []).filter((c) => c.to.port === port).map((c) => c.from.node))];
      for (const feeder of feeders) {
        const fromFeeder = sources.filter((s) => s.toPort === port && s.node === feeder);
        if (fromFeeder.length) chosen.push(...firstRunOf(fromFeeder));
        else if (feeder !== nodeId && live.has(feeder)) blocked = true;
      }
    }
    if (blocked) waiting.push(nodeId);
    else ready.push({ nodeId, runIndex: nextRunIndex(nodeId), sources: chosen });
  }

  // Nothing else can move: a merge waiting on a branch that can never deliver runs with what it has.
  if (!anyActive && ready.length === 0 && waiting.length) {
    for (const nodeId of waiting) {
      const sources = pending.get(nodeId)!;
      const feeders = [...new Set(sources.map((s) => `${s.toPort}\u0000${s.node}`))];
      const chosen = feeders.flatMap((key) => firstRunOf(sources.filter((s) => `${s.toPort}\u0000${s.node}` === key)));
      ready.push({ nodeId, runIndex: nextRunIndex(nodeId), sources: chosen });
    }
  }

  return { ready, finished: !anyActive && ready.length === 0 };
}

/** Several connections into one port from one upstream run form one delivery set; take the oldest run's. */
function firstRunOf(sources: Source[]): Source[] {
  if (!sources.length) return [];
  const first = sources[0];
  return sources.filter((s) => s.node === first.node && s.runIndex === first.runIndex);
}

function liveNodes(runs: RunMeta[], pending: Map<string, Source[]>, index: GraphIndex): Set<string> {
  const seeds: string[] = [];
  for (const r of runs) if (ACTIVE.has(r.status)) seeds.push(r.nodeId);
  for (const nodeId of pending.keys()) seeds.push(nodeId);
  const live = new Set<string>();
  while (seeds.length) {
    const id = seeds.pop()!;
    if (live.has(id)) continue;
    live.add(id);
    for (const c of index.outgoing.get(id) ?? []) seeds.push(c.to.node);
  }
  return live;
}
