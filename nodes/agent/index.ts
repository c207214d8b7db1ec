/**
 * AI agent: for each input item, sends the system prompt, the remembered exchanges and the item's prompt
 * to an LLM (OpenAI-compatible or Anthropic), runs the tools it asks for (MCP servers, sub-workflows,
 * HTTP, code) and returns its answer, parsed as JSON when an output schema is set.
 * Output per item: { output (or outputField), steps?: [{ tool, source, arguments, result, isError }], usage, stepLimitReached? }.
 * With listOutput, each entry of the answer becomes an item { <outputField>: entry } (n8n's Item List Output Parser).
 * Token usage is reported through ctx.services.addTokenUsage.
 * At maxSteps without a final answer the node fails (onStepLimit 'error', the default) or outputs the
 * last text the model wrote with stepLimitReached: true (onStepLimit 'lastText').
 */
import { defineNode, NodeError, type Item, type JsonObject, type LlmMessage } from '../sdk';
import { loadMcpCredential, mcpAuthCredential } from '../mcpTool/config';
import { runAgentLoop } from './loop';
import { agentParams, LLM_SLOT, type AgentParams } from './params';
import { llmCredentialSlot, modelRequest, providerErrorField } from './model';
import { buildToolBindings, resolveOutputSchema, type ToolBinding } from './tools';
import { embeddingsCredentialSlot, pineconeCredentialSlot, qdrantCredentialSlot } from '../vectorStore/store';
import { systemWithContext } from '../vectorStore/tool';

type Memory = Record<string, LlmMessage[]>;

function readMemory(state: JsonObject | undefined): Memory {
  const m = state?.memory;
  return m && typeof m === 'object' && !Array.isArray(m) ? { ...(m as Memory) } : {};
}

type ListOutput = NonNullable<AgentParams['listOutput']>;

function listInstruction(l: ListOutput): string {
  const count = l.maxItems > 0 ? `${l.maxItems} ` : '';
  return `Answer with a list of ${count}entries separated by ${JSON.stringify(l.separator)}, without numbering and without any other text.`;
}

/** The answer's entries: split at the separator, trimmed, empty ones dropped, at most maxItems. */
export function listEntries(text: string, l: ListOutput): string[] {
  const entries = text.split(l.separator).map((e) => e.trim()).filter(Boolean);
  return l.maxItems > 0 ? entries.slice(0, l.maxItems) : entries;
}

export const agentNode = defineNode({
  type: 'agent',
  version: 1,
  displayName: 'AI Agent',
  description: 'An LLM that answers each item, calling MCP and other tools until it has an answer',
  category: 'ai',
  icon: 'bot',
  inputs: [{ name: 'main' }],
  outputs: [{ name: 'main' }],
  params: agentParams,
  rawParamKeys: ['nodeTools'],
  credentials: [
    llmCredentialSlot,
    mcpAuthCredential,
    // For vector store tools: the embeddings key and Qdrant.
    embeddingsCredentialSlot,
    qdrantCredentialSlot,
    pineconeCredentialSlot,
  ],
  async execute(ctx) {
    const name = ctx.node.name;
    const llm = ctx.services.llm;
    if (!llm) throw new NodeError(`Node "${name}": the LLM service is not available in this runtime`);
    // No credential chosen is fine for local servers (Ollama, vLLM) that need no key.
    const llmCred = ctx.node.credentials?.[LLM_SLOT] ? await ctx.credentials(LLM_SLOT) : undefined;
    const mcpCred = await loadMcpCredential(ctx);
    const memory = readMemory(ctx.state);
    const toolCache = new Map<string, Promise<ToolBinding[]>>();
    const out: Item[] = [];

    for (let i = 0; i < ctx.items.length; i++) {
      const p: AgentParams = ctx.params(i);
      const outputSchema = resolveOutputSchema(p.outputSchema, p.outputExample, name);
      // Node tools run on the current item, so their bindings are per item.
      const toolKey = JSON.stringify([p.mcpServers, p.tools, p.nodeTools, p.toolTimeoutMs, p.nodeTools.length ? i : null]);
      if (!toolCache.has(toolKey)) toolCache.set(toolKey, buildToolBindings(ctx, p, mcpCred, ctx.signal, ctx.items[i]));
      const tools = await toolCache.get(toolKey)!;

      const sessionKey = p.memory?.sessionKey ?? 'default';
      // Memory outlives the execution when the runtime offers a store; otherwise it lives in ctx.state.
      const store = p.memory?.store === 'workflow' ? ctx.services.chatMemory : undefined;
      const history = !p.memory ? [] : store ? await store.load(sessionKey, p.memory.windowSize * 2) : (memory[sessionKey] ?? []);
      const base = p.retrieval ? await systemWithContext(ctx, p.retrieval, p.prompt, p.systemPrompt, i) : p.systemPrompt;
      const system = p.listOutput ? `${base}\n\n${listInstruction(p.listOutput)}`.trim() : base;
      const messages: LlmMessage[] = [
        ...(system ? [{ role: 'system' as const, content: system }] : []),
        ...history,
        { role: 'user', content: p.prompt },
      ];

      const result = await runAgentLoop({
        nodeName: name,
        itemIndex: i,
        llm,
        request: modelRequest(p, llmCred),
        messages,
        tools,
        outputSchema,
        maxSteps: p.maxSteps,
        onStepLimit: p.onStepLimit,
        signal: ctx.signal,
        addTokenUsage: ctx.services.addTokenUsage,
      }).catch((err: unknown) => {
        if (err instanceof NodeError || ctx.signal.aborted) throw err;
        // Provider errors (HTTP status and message, never the key) reach the person with the node's name.
        const { field, description } = providerErrorField(err as Error & { status?: number });
        throw new NodeError(`Node "${name}": ${(err as Error).message}`, { field, description, itemIndex: i });
      });

      if (p.memory) {
        // Only after a success: a failed call leaves the conversation as it was.
        const exchange: LlmMessage[] = [{ role: 'user', content: p.prompt }, { role: 'assistant', content: result.text }];
        if (store) await store.append(sessionKey, exchange);
        else memory[sessionKey] = [...history, ...exchange].slice(-p.memory.windowSize * 2);
      }
      if (p.listOutput) {
        for (const entry of listEntries(result.text, p.listOutput)) out.push({ json: { [p.outputField]: entry }, pairedItem: { item: i } });
        continue;
      }
      out.push({
        json: {
          [p.outputField]: result.output,
          ...(p.includeSteps ? { steps: result.steps } : {}),
          usage: result.usage,
          ...(result.stepLimitReached ? { stepLimitReached: true } : {}),
        },
        pairedItem: { item: i },
      });
    }
    if (Object.keys(memory).length) ctx.setState({ ...(ctx.state ?? {}), memory: memory as unknown as JsonObject });
    return { main: out };
  },
});

export default agentNode;
