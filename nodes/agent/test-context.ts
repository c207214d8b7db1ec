/**
 * Test harness for the agent and MCP tool nodes: the shared node-context helper (real expression engine)
 * with the real MCP client and LLM providers in ctx.services, as the runtime wires them, token usage
 * recorded, credentials by slot (their refs set on the node) and state across runs.
 */
import { makeContext } from '../../server/engine/testing/node-context';
import { mcpServices } from '../../server/mcp';
import { llmServices } from '../../server/llm';
import type { JsonObject, NodeDefinition, NodeOutput, NodeServices } from '../sdk';

export interface HarnessOptions {
  params: Record<string, unknown>;
  items?: Record<string, unknown>[];
  credentials?: Record<string, Record<string, unknown>>;
  services?: Partial<NodeServices>;
  state?: JsonObject;
  signal?: AbortSignal;
  name?: string;
}

export interface HarnessResult {
  output: NodeOutput;
  tokens: { promptTokens: number; completionTokens: number };
  state: JsonObject | undefined;
}

export async function runWithServices(def: NodeDefinition, opts: HarnessOptions): Promise<HarnessResult> {
  const tokens = { promptTokens: 0, completionTokens: 0 };
  const credentialRefs = Object.fromEntries(Object.keys(opts.credentials ?? {}).map((slot) => [slot, { id: `cred-${slot}` }]));
  const ctx = makeContext({
    def,
    params: opts.params,
    items: opts.items ?? [{}],
    node: { name: opts.name ?? def.displayName, credentials: credentialRefs },
    credentials: opts.credentials,
    state: opts.state,
    signal: opts.signal,
    services: {
      mcp: mcpServices,
      llm: llmServices,
      addTokenUsage: (u) => {
        tokens.promptTokens += u.promptTokens;
        tokens.completionTokens += u.completionTokens;
      },
      ...opts.services,
    },
  });
  const output = await def.execute(ctx as never);
  return { output, tokens, state: ctx.savedState() };
}
