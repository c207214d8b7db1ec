/**
 * n8n's export format as real files have it: loosely typed on purpose, since exports in the wild have
 * nodes without ids, credentials as objects or strings, null outputs and connections to missing nodes.
 */
export interface N8nNode {
  id?: string;
  name: string;
  type: string;
  typeVersion?: number;
  position?: [number, number] | number[];
  parameters?: Record<string, unknown>;
  credentials?: Record<string, unknown>;
  disabled?: boolean;
  notes?: string;
  notesInFlow?: boolean;
  retryOnFail?: boolean;
  maxTries?: number;
  waitBetweenTries?: number;
  onError?: string;
  continueOnFail?: boolean;
  alwaysOutputData?: boolean;
  executeOnce?: boolean;
  webhookId?: string;
  [key: string]: unknown;
}

export interface N8nConnectionTarget {
  node: string;
  type: string;
  index: number;
}

/** source node name -> connection type -> output index -> targets */
export type N8nConnections = Record<string, Record<string, (N8nConnectionTarget[] | null)[] | null>>;

export interface N8nWorkflow {
  id?: string;
  name?: string;
  nodes: N8nNode[];
  connections: N8nConnections;
  pinData?: Record<string, unknown[]>;
  settings?: Record<string, unknown>;
  meta?: Record<string, unknown>;
  tags?: unknown[];
  active?: boolean;
  [key: string]: unknown;
}

export type NodeImportStatus = 'mapped' | 'folded' | 'unsupported' | 'note';

export interface ImportReport {
  nodes: { name: string; n8nType: string; typeVersion: number; status: NodeImportStatus; weftType?: string; into?: string; reason?: string }[];
  /** Expressions that do not compile. */
  expressions: { node: string; field: string; expression: string; error: string }[];
  /** Credentials the imported nodes refer to: create them in Weft and pick them on the node. */
  credentials: { node: string; n8nType: string; name?: string; slot: string }[];
  warnings: string[];
  counts: { nodes: number; mapped: number; folded: number; unsupported: number; notes: number };
  /** (mapped + folded) / all nodes except sticky notes; 1 when there are none. */
  mappedShare: number;
}

export const AI_CONNECTION_PREFIX = 'ai_';
export const STICKY_NOTE = 'n8n-nodes-base.stickyNote';
