/**
 * The workflow graph and n8n's item model. This is the JSON format that the CLI, the API and export
 * speak (docs/workflow-format.md). Pure types: no I/O.
 */

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: unknown };

/** Binary data travels base64-encoded inside the item, as in n8n's default ("filesystem-less") mode. */
export interface BinaryData {
  data: string;
  mimeType: string;
  fileName?: string;
  fileExtension?: string;
  fileSize?: number;
}

/** Which input item an output item came from: `input` is the input port's index (0 for `main`). */
export interface PairedItem {
  item: number;
  input?: number;
}

export interface Item {
  json: JsonObject;
  binary?: Record<string, BinaryData>;
  pairedItem?: PairedItem | PairedItem[] | number;
  /** Set on items routed to an `error` output (onError: 'errorOutput') or kept with onError: 'continue'. */
  error?: { message: string; description?: string };
}

export interface RetrySettings {
  retryOnFail: boolean;
  /** Total tries including the first, as n8n counts (default 3). */
  maxTries: number;
  /** Milliseconds before the first retry; doubled for each following retry (exponential backoff). */
  waitBetweenTries: number;
}

/** stop: fail the execution. continue: emit the error as an item on the main output. errorOutput: route failed items to the `error` port. */
export type OnError = 'stop' | 'continue' | 'errorOutput';

export interface CredentialRef {
  id: string;
  name?: string;
}

export interface GraphNode {
  /** Stable id; connections refer to it. */
  id: string;
  /** Unique within the workflow; expressions refer to it: $('Name'). */
  name: string;
  type: string;
  typeVersion: number;
  params: Record<string, unknown>;
  position: [number, number];
  disabled?: boolean;
  notes?: string;
  retry?: RetrySettings;
  onError?: OnError;
  /** Per-try timeout in milliseconds. */
  timeoutMs?: number;
  /** Credential slots of the node type mapped to stored credentials. */
  credentials?: Record<string, CredentialRef>;
  /** n8n's "Always Output Data": an empty output becomes one empty item. */
  alwaysOutputData?: boolean;
  /** n8n's "Execute Once": only the first input item is processed. */
  executeOnce?: boolean;
  /** Anything an importer must keep to export the node back unchanged (e.g. an unsupported n8n node). */
  extra?: Record<string, unknown>;
}

export interface Endpoint {
  node: string; // node id
  port: string; // port name
}

export interface Connection {
  from: Endpoint;
  to: Endpoint;
}

export interface StickyNote {
  id: string;
  content: string;
  position: [number, number];
  width?: number;
  height?: number;
  color?: number;
}

export interface WorkflowSettings {
  timezone?: string;
  /** Whole-execution timeout in milliseconds. */
  executionTimeoutMs?: number;
  /** Allow expressions to read $env (off by default). */
  allowEnvInExpressions?: boolean;
  [key: string]: unknown;
}

export interface WorkflowGraph {
  nodes: GraphNode[];
  connections: Connection[];
  notes?: StickyNote[];
  settings?: WorkflowSettings;
  /** Pinned output items by node name, as n8n's pinData. */
  pinData?: Record<string, Item[]>;
  /** Importer metadata (n8n meta, tags, ...), kept for export. */
  meta?: Record<string, unknown>;
}

/** A workflow document as files and the CLI carry it. */
export interface WorkflowDocument extends WorkflowGraph {
  id?: string;
  name?: string;
}

export type ExecutionMode = 'manual' | 'webhook' | 'schedule' | 'cli' | 'subworkflow' | 'retry' | 'chat';
