/**
 * The agent loop for one item: call the model; if it asks for tools, run them and give it the results;
 * repeat until it answers or maxSteps model calls were made. With an output schema the answer must be
 * JSON matching it; a non-matching answer gets one more chance per remaining step, with the reason.
 */
import { NodeError, type LlmChatRequest, type LlmMessage, type NodeServices } from '../sdk';
import type { ToolBinding } from './tools';

export interface AgentStep {
  tool: string;
  source: string;
  arguments: Record<string, unknown>;
  result: string;
  isError: boolean;
}

export interface LoopResult {
  output: unknown;
  text: string;
  steps: AgentStep[];
  usage: { promptTokens: number; completionTokens: number; totalTokens: number };
  modelCalls: number;
  stepLimitReached?: boolean;
}

export interface LoopArgs {
  nodeName: string;
  itemIndex: number;
  llm: NonNullable<NodeServices['llm']>;
  request: Omit<LlmChatRequest, 'messages' | 'tools' | 'jsonSchema'>;
  messages: LlmMessage[];
  tools: ToolBinding[];
  outputSchema?: Record<string, unknown>;
  maxSteps: number;
  onStepLimit: 'error' | 'lastText';
  signal: AbortSignal;
  addTokenUsage?: (u: { promptTokens: number; completionTokens: number }) => void;
}

/** JSON out of a model's answer: plain, in a ```json fence, or the outermost {...} / [...] in prose. */
export function extractJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  const trimmed = text.trim();
  const fenced = /^```(?:json)?\s*([\s\S]*?)\s*```$/i.exec(trimmed);
  const candidates = [fenced ? fenced[1] : trimmed];
  const start = trimmed.search(/[[{]/);
  const end = Math.max(trimmed.lastIndexOf('}'), trimmed.lastIndexOf(']'));
  if (start >= 0 && end > start) candidates.push(trimmed.slice(start, end + 1));
  let error = 'the answer is empty';
  for (const c of candidates) {
    if (!c) continue;
    try {
      return { ok: true, value: JSON.parse(c) };
    } catch (err) {
      error = `the answer is not valid JSON (${(err as Error).message})`;
    }
  }
  return { ok: false, error };
}

export async function runAgentLoop(args: LoopArgs): Promise<LoopResult> {
  const { llm, tools, outputSchema, signal } = args;
  const messages = [...args.messages];
  const byName = new Map(tools.map((t) => [t.name, t]));
  const specs = tools.map((t) => ({ name: t.name, description: t.description, parameters: t.parameters }));
  const usage = { promptTokens: 0, completionTokens: 0, totalTokens: 0 };
  const steps: AgentStep[] = [];
  let lastText = '';
  let calls = 0;

  while (calls < args.maxSteps) {
    const res = await llm.chat(
      {
        ...args.request,
        messages,
        ...(specs.length ? { tools: specs } : {}),
        ...(outputSchema ? { jsonSchema: { name: 'output', schema: outputSchema } } : {}),
      },
      signal,
    );
    calls++;
    usage.promptTokens += res.usage.promptTokens;
    usage.completionTokens += res.usage.completionTokens;
    usage.totalTokens = usage.promptTokens + usage.completionTokens;
    args.addTokenUsage?.(res.usage);
    if (res.text) lastText = res.text;

    if (res.toolCalls.length) {
      messages.push({ role: 'assistant', content: res.text, toolCalls: res.toolCalls });
      for (const call of res.toolCalls) {
        const tool = byName.get(call.name);
        const outcome = !tool
          ? { text: `There is no tool named "${call.name}". Available tools: ${[...byName.keys()].join(', ') || '(none)'}`, isError: true }
          : call.argumentsError
            ? { text: `Invalid arguments for tool "${call.name}": ${call.argumentsError}`, isError: true }
            : await tool.invoke(call.arguments, signal);
        messages.push({ role: 'tool', toolCallId: call.id, name: call.name, content: outcome.text, isError: outcome.isError });
        steps.push({ tool: call.name, source: tool?.source ?? 'unknown', arguments: call.arguments, result: outcome.text, isError: outcome.isError });
      }
      continue;
    }

    if (!outputSchema) return { output: res.text, text: res.text, steps, usage, modelCalls: calls };
    const problem = checkJson(res.text, outputSchema, llm);
    if (problem.ok) return { output: problem.value, text: res.text, steps, usage, modelCalls: calls };
    if (calls >= args.maxSteps) {
      throw new NodeError(`Node "${args.nodeName}", field "outputSchema": the model's answer does not match the output schema: ${problem.error}`, {
        field: 'outputSchema',
        itemIndex: args.itemIndex,
        description: `Answer: ${res.text.slice(0, 500)}`,
      });
    }
    messages.push({ role: 'assistant', content: res.text });
    messages.push({ role: 'user', content: `That answer cannot be used: ${problem.error}. Reply again with only the JSON value that matches the schema.` });
  }

  if (args.onStepLimit === 'lastText') {
    const parsed = outputSchema ? checkJson(lastText, outputSchema, llm) : undefined;
    return { output: parsed?.ok ? parsed.value : lastText, text: lastText, steps, usage, modelCalls: calls, stepLimitReached: true };
  }
  const lastTools = steps.slice(-3).map((s) => s.tool).join(', ');
  throw new NodeError(`Node "${args.nodeName}", field "maxSteps": the agent made ${calls} model calls (maxSteps) without reaching a final answer`, {
    field: 'maxSteps',
    itemIndex: args.itemIndex,
    description: `Raise maxSteps, or set onStepLimit to "lastText" to output the last text instead.${lastTools ? ` Last tools called: ${lastTools}.` : ''}`,
  });
}

function checkJson(text: string, schema: Record<string, unknown>, llm: LoopArgs['llm']): { ok: true; value: unknown } | { ok: false; error: string } {
  const parsed = extractJson(text);
  if (!parsed.ok) return parsed;
  const invalid = llm.validateJson?.(schema, parsed.value);
  return invalid ? { ok: false, error: invalid } : parsed;
}
