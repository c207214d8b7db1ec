/**
 * Client-side shapes of the editor: React Flow nodes/edges carrying the workflow graph, and the node
 * catalogue as the node.catalogue procedure returns it (JSON Schema for params, ports resolved).
 */
import type { Edge, Node } from '@xyflow/react';
import type { GraphNode, Item } from '../../server/engine/types';
import type { NodeRunStatus } from '../../server/realtime/events';
import type { NodeCatalogueEntry } from '../../server/api/routers/node/catalogue';

export interface PortInfo {
  name: string;
  label?: string;
  optional?: boolean;
}

/** A JSON Schema fragment, as zod's toJSONSchema produces it. */
export interface JsonSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  default?: unknown;
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  format?: string;
  additionalProperties?: boolean | JsonSchema;
  [key: string]: unknown;
}

/** The catalogue as node.catalogue returns it, with the params schema typed for the form generator. */
export type CatalogueEntry = Omit<NodeCatalogueEntry, 'paramsSchema' | 'category'> & { paramsSchema: JsonSchema; category: string };

/** Everything of a GraphNode except where it sits (React Flow owns the position). */
export type WeftNodeData = Omit<GraphNode, 'id' | 'position'> & Record<string, unknown>;

export interface StickyData extends Record<string, unknown> {
  content: string;
  color?: number;
}

export type WeftFlowNode = Node<WeftNodeData, 'weft'>;
export type StickyFlowNode = Node<StickyData, 'sticky'>;
export type FlowNode = WeftFlowNode | StickyFlowNode;
export type FlowEdge = Edge<Record<string, unknown>, 'count'>;

export interface NodeStatus {
  status: NodeRunStatus;
  error?: string;
  durationMs?: number;
}

/** The last run of a node, for the inspector: items by port. */
export interface NodeRunData {
  status: string;
  inputItems?: Record<string, Item[]> | null;
  outputItems?: Record<string, Item[]> | null;
  error?: { message: string; description?: string } | null;
}
