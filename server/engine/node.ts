/**
 * The node plugin contract. Nodes (nodes/<type>/) import it through nodes/sdk.ts and nothing else of the server.
 * A node declares its ports and a zod schema for its parameters; the schema is the single source for
 * validation, TypeScript types, defaults and the editor's generated inspector form.
 */
import type { z } from 'zod';
import type { CredentialRef, ExecutionMode, GraphNode, Item, JsonObject, WorkflowGraph } from './types';

export type NodeCategory = 'trigger' | 'flow' | 'transform' | 'ai' | 'data' | 'integration' | 'utility';

export interface PortSpec {
  name: string;
  label?: string;
  /** Multi-input nodes: an input that may stay unconnected. */
  optional?: boolean;
}

export type Ports = PortSpec[] | ((params: Record<string, unknown>) => PortSpec[]);

export interface CredentialSlot {
  /** Key under which the node finds it: ctx.credentials('openAiApi'). */
  name: string;
  /** Credential type stored in the Credential table. */
  type: string;
  /** When several credential types fit the slot (agent: openAiApi or anthropicApi): all of them, `type` first. */
  types?: string[];
  required?: boolean;
  /**
   * The slot matters only when each named param has one of the listed values (the HTTP Request node's
   * slots follow its `authentication`); the editor hides it otherwise. Absent: always shown.
   */
  shownWhen?: Record<string, string[]>;
}

export interface NodeLogger {
  debug(msg: string, data?: Record<string, unknown>): void;
  info(msg: string, data?: Record<string, unknown>): void;
  warn(msg: string, data?: Record<string, unknown>): void;
  error(msg: string, data?: Record<string, unknown>): void;
}

/** What the runtime lends a node: everything with I/O beyond the node's own HTTP calls goes through here. */
export interface NodeServices {
  /** Runs a workflow (sub-workflow node) and returns its last node's output items. */
  executeWorkflow?(args: { workflowId?: string; graph?: WorkflowGraph; items: Item[]; wait: boolean }): Promise<Item[]>;
  /** Answers the webhook request that started this execution (Respond to Webhook node). */
  respondToWebhook?(response: WebhookResponse): Promise<void>;
  /** Saves key/value pairs on the execution (Execution Data node), merged with what it has. */
  setExecutionData?(data: Record<string, string>): Promise<void>;
  /** Records LLM token usage on the execution. */
  addTokenUsage?(usage: { promptTokens: number; completionTokens: number }): void;
  /** Runs user JavaScript (Code node) in the sandbox. */
  runCode?(args: { code: string; mode: 'runOnceForAllItems' | 'runOnceForEachItem'; items: Item[]; itemIndex?: number }): Promise<Item[]>;
  /**
   * Runs another node plugin as a tool of this node (the agent's node tools): its params resolved against the
   * given items, with `$fromAI(key)` reading `fromAI`; credentials by the tool's own slots, checked like any
   * node's. Returns its output items (all ports, in order).
   */
  runNode?(args: { name: string; type: string; typeVersion?: number; params: Record<string, unknown>; credentials?: Record<string, CredentialRef>; items: Item[]; fromAI: Record<string, unknown>; signal: AbortSignal }): Promise<Item[]>;
  /** Fetch that refuses nothing by itself; the HTTP node uses it so tests can observe traffic. */
  fetch?: typeof fetch;
  /**
   * MCP client (server/mcp: `mcpServices`). Connections are pooled per worker process by server config.
   * callTool validates `args` against the tool's inputSchema first and rejects with an Error whose
   * `code` is 'invalid_arguments' (message = the schema's message) without calling the server.
   */
  mcp?: {
    listTools(server: McpServerConfig, opts?: { signal?: AbortSignal; timeoutMs?: number }): Promise<McpToolInfo[]>;
    callTool(server: McpServerConfig, name: string, args: Record<string, unknown>, opts?: { signal?: AbortSignal; timeoutMs?: number }): Promise<McpCallResult>;
  };
  /** LLM chat completions, OpenAI-compatible or Anthropic (server/llm: `llmServices`). */
  llm?: {
    chat(req: LlmChatRequest, signal?: AbortSignal): Promise<LlmChatResponse>;
    /** JSON Schema check (ajv): undefined when valid, else the message, e.g. "output/city must be string". */
    validateJson?(schema: Record<string, unknown>, value: unknown): string | undefined;
    /** Embeddings from an OpenAI-compatible /embeddings endpoint, one vector per input, in order. */
    embed?(req: EmbeddingRequest, signal?: AbortSignal): Promise<EmbeddingResponse>;
  };
  /**
   * n8n's Simple vector store, kept in Postgres (VectorMemoryChunk) and scoped by the runtime to the person
   * the execution runs for: one store per memory key. server/llm: `vectorMemoryFor(ownerId)`.
   */
  vectorMemory?: {
    add(memoryKey: string, chunks: { content: string; metadata: JsonObject; embedding: number[] }[]): Promise<void>;
    /** The `topK` chunks most similar (cosine) to `vector`, best first. */
    search(memoryKey: string, vector: number[], topK: number): Promise<{ content: string; metadata: JsonObject; score: number }[]>;
    clear(memoryKey: string): Promise<void>;
  };
  /**
   * Conversation memory that outlives the execution (chat workflows: one execution per message), kept in
   * Postgres and scoped by the runtime to the workflow and the person who ran it. server/llm:
   * `chatMemoryFor(scope)`. Absent for ad-hoc graphs: the agent then keeps memory in ctx.state.
   */
  chatMemory?: {
    /** The session's last `limit` messages, oldest first. */
    load(sessionKey: string, limit: number): Promise<LlmMessage[]>;
    /** Adds messages (one exchange: the prompt and the answer) at the end of the session. */
    append(sessionKey: string, messages: LlmMessage[]): Promise<void>;
  };
}

/** Options of ctx.credentials(). */
export interface CredentialRequest {
  /** An access token the API refused: refresh it unless another run already has. */
  rejected?: string;
}

/** How a node reaches an MCP server. Secrets in env/headers come from credentials and are never logged. */
export type McpServerConfig =
  | { transport: 'stdio'; command: string; args?: string[]; env?: Record<string, string>; cwd?: string }
  | { transport: 'http'; url: string; headers?: Record<string, string> };
export interface McpToolInfo { name: string; title?: string; description?: string; inputSchema: Record<string, unknown> }
export interface McpCallResult { content: Record<string, unknown>[]; structuredContent?: Record<string, unknown>; isError: boolean }

/** Provider-neutral chat (server/llm translates to OpenAI or Anthropic wire formats). */
export interface LlmToolCall { id: string; name: string; arguments: Record<string, unknown>; /** set when the model sent unparsable JSON */ argumentsError?: string }
export type LlmMessage =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content: string; toolCalls?: LlmToolCall[] }
  | { role: 'tool'; toolCallId: string; name: string; content: string; isError?: boolean };
export interface LlmChatRequest {
  provider: 'openai' | 'anthropic';
  model: string;
  /** OpenAI-compatible: up to and including /v1 (default https://api.openai.com/v1). Anthropic: default https://api.anthropic.com. */
  baseUrl?: string;
  apiKey?: string;
  messages: LlmMessage[];
  tools?: { name: string; description?: string; parameters: Record<string, unknown> }[];
  temperature?: number;
  maxTokens?: number;
  /** Ask for JSON matching this schema (OpenAI: response_format json_schema; Anthropic: instructions). */
  jsonSchema?: { name: string; schema: Record<string, unknown> };
  timeoutMs?: number;
}
export interface EmbeddingRequest {
  model: string;
  /** OpenAI-compatible: up to and including /v1 (default https://api.openai.com/v1). */
  baseUrl?: string;
  apiKey?: string;
  input: string[];
  dimensions?: number;
  timeoutMs?: number;
}
export interface EmbeddingResponse {
  vectors: number[][];
  promptTokens: number;
}
export interface LlmChatResponse {
  text: string;
  toolCalls: LlmToolCall[];
  usage: { promptTokens: number; completionTokens: number };
  finishReason?: string;
  model?: string;
}

export interface WebhookResponse {
  statusCode: number;
  headers?: Record<string, string>;
  /** JSON value, text, or base64 bytes when `binary` is set. */
  body?: unknown;
  binary?: { data: string; mimeType: string };
}

/**
 * A node run that parks the execution (ctx.wait): the run is stored as 'waiting' and the worker moves on.
 * It continues when `resumeAt` comes (for webhook and form waits: their time limit, if any), or when a request
 * reaches the execution's resume URL (/webhook-waiting/<id>, /form-waiting/<id>); the node then runs again
 * with ctx.resume set and its items as before.
 */
export interface WaitRequest {
  kind: 'time' | 'webhook' | 'form';
  /** ms since the epoch. */
  resumeAt?: number;
  /** What the resume request handler needs (HTTP method, authentication, the form's definition...). */
  config?: JsonObject;
}

export interface ResumeInfo {
  /** 'time': resumeAt came (for a webhook or form wait, its time limit passed). */
  kind: 'time' | 'webhook' | 'form';
  /** What the resuming request carried, as an item (webhook: headers, params, query, body; form: its fields). */
  item?: Item;
}

/** Thrown by ctx.wait(); executeNodeRun turns it into a 'waiting' result, never into a failure or a retry. */
export class WaitSignal extends Error {
  constructor(readonly request: WaitRequest) {
    super('The node is waiting');
    this.name = 'WaitSignal';
  }
}

export interface NodeContext<P = Record<string, unknown>> {
  node: GraphNode;
  /** Items by input port name. */
  inputs: Record<string, Item[]>;
  /** Shortcut for inputs.main (or the first input port). */
  items: Item[];
  /** Parameters with expressions resolved for the given item, parsed by the node's schema (defaults applied). */
  params(itemIndex?: number): P;
  /** Parameters as stored, expressions unresolved. */
  rawParams: Record<string, unknown>;
  /** Evaluates an expression or template (`={{ ... }}` or text with `{{ }}`) for an item. */
  evaluate(expression: string, itemIndex?: number, inputPort?: string): unknown;
  /**
   * A credential's decrypted data. OAuth2 credentials come with a current `accessToken`; pass `rejected`
   * (a token the API just refused with 401) to have it refreshed.
   */
  credentials(name: string, opts?: CredentialRequest): Promise<Record<string, unknown>>;
  signal: AbortSignal;
  log: NodeLogger;
  execution: { id: string; mode: ExecutionMode; resumeUrl?: string; resumeFormUrl?: string };
  workflow: { id?: string; name?: string; active?: boolean; timezone: string };
  runIndex: number;
  /** State this node saved on its previous run in this execution (loop nodes). */
  state: JsonObject | undefined;
  setState(state: JsonObject | undefined): void;
  /** Trigger data of the execution (webhook request, schedule tick, manual input). */
  triggerData: JsonObject | undefined;
  services: NodeServices;
  /** Parks the execution until a time or a request to its resume URL (see WaitRequest). Does not return. */
  wait(request: WaitRequest): never;
  /** Set when this run continues a wait: why it resumed and what the resuming request carried. */
  resume?: ResumeInfo;
}

/** Output items by output port name; a port left out emits nothing. */
export type NodeOutput = Record<string, Item[]>;

export interface NodeDefinition<S extends z.ZodType = z.ZodType> {
  type: string;
  /** Versions this plugin executes; the newest is used for new nodes. */
  version: number | number[];
  displayName: string;
  description: string;
  category: NodeCategory;
  /** A lucide-react icon name (e.g. 'git-branch'). */
  icon: string;
  inputs: Ports;
  outputs: Ports;
  params: S;
  credentials?: CredentialSlot[];
  /** Starts executions (manual, webhook, schedule): has no inputs, receives trigger data. */
  trigger?: boolean;
  /** Nodes that may close a cycle (Loop Over Items). */
  loop?: boolean;
  /**
   * Params ctx.params() leaves as stored (expressions unresolved): the node resolves them itself in another
   * context (the agent's node tools, whose params hold $fromAI(...) for the model to fill in).
   */
  rawParamKeys?: string[];
  /**
   * Polling triggers (RSS, Telegram getUpdates...): called on the node's `pollTimes` while its workflow is
   * active (server/triggers/polls.ts), one call at a time per node. `state` is what the previous call returned
   * (undefined on the first poll, and in a manual run); the items found start one execution. The first poll
   * only records the position: its items are dropped, so only what is new afterwards starts anything.
   * In a manual run (`manual: true`) the node returns the latest item(s) as a sample.
   */
  poll?(ctx: NodeContext<z.output<S>>, state: JsonObject | undefined, opts: { manual: boolean }): Promise<PollResult>;
  execute(ctx: NodeContext<z.output<S>>): Promise<NodeOutput>;
}

/** What a polling trigger's poll() found, and where it got to (a small JSON value, kept in Postgres). */
export interface PollResult {
  items: Item[];
  state: JsonObject;
}

export function defineNode<S extends z.ZodType>(def: NodeDefinition<S>): NodeDefinition<S> {
  return def;
}

export function resolvePorts(ports: Ports, params: Record<string, unknown>): PortSpec[] {
  return typeof ports === 'function' ? ports(params) : ports;
}

export function latestVersion(def: NodeDefinition): number {
  return Array.isArray(def.version) ? Math.max(...def.version) : def.version;
}

/** Errors a node throws on purpose: shown to the person with the node's name and, where known, the field. */
export class NodeError extends Error {
  constructor(
    message: string,
    readonly details: { description?: string; field?: string; itemIndex?: number } = {},
  ) {
    super(message);
    this.name = 'NodeError';
  }
}

export type NodeRegistry = ReadonlyMap<string, NodeDefinition>;
