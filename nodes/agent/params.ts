/**
 * The agent's parameters. n8n's AI Agent folds into this shape: its language-model sub-node gives
 * provider/model/baseUrl/temperature/maxTokens, memoryBufferWindow gives `memory`, outputParserStructured
 * gives `outputSchema`, mcpClientTool gives an entry of `mcpServers`, toolWorkflow / toolHttpRequest /
 * toolCode / toolCalculator / toolWikipedia give entries of `tools`.
 */
import { z } from '../sdk';
import { httpServerSchema, stdioServerSchema } from '../mcpTool/config';
import { modelFields, requestTimeoutField, tuningFields } from './model';
import { retrievalSchema, vectorStoreToolSchema } from '../vectorStore/tool';

const toolAllowList = {
  tools: z.array(z.string()).optional().describe('Only these tools of the server (all when empty)'),
  useCredential: z.boolean().default(false).describe('Add the node\'s "mcpAuth" credential to this server'),
};

export const agentMcpServerSchema = z.discriminatedUnion('transport', [stdioServerSchema.extend(toolAllowList), httpServerSchema.extend(toolAllowList)]);
export type AgentMcpServer = z.output<typeof agentMcpServerSchema>;

const jsonSchemaObject = z.record(z.string(), z.unknown());
/** A JSON Schema given as an object or as JSON text (from an editor field or an n8n import). */
const jsonSchemaParam = z.union([jsonSchemaObject, z.string()]);

const toolBase = {
  name: z.string().min(1).describe('Name the model calls the tool by'),
  description: z.string().default('').describe('What the tool does, for the model'),
  parameters: jsonSchemaParam.optional().describe('JSON Schema of the arguments (default: { query: string })'),
};

export const agentToolSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('workflow'),
    ...toolBase,
    workflowId: z.string().min(1).describe('Workflow to run; it receives the arguments as its input item'),
    inputs: z.record(z.string(), z.unknown()).optional().describe('Fixed fields added to the input item (may be expressions on the agent\'s item)'),
    responseField: z.string().optional().describe('Return only this field of the first item the workflow outputs (default: every item)'),
  }),
  z.object({
    kind: z.literal('http'),
    ...toolBase,
    method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).default('GET'),
    url: z.string().min(1).describe('URL; {name} placeholders are filled from the arguments'),
    headers: z.record(z.string(), z.string()).optional(),
    query: z.record(z.string(), z.string()).optional().describe('Fixed query parameters; {name} placeholders are filled from the arguments'),
    bodyFields: z.record(z.string(), z.unknown()).optional().describe('Fixed fields of the JSON body (POST, PUT, PATCH)'),
    body: z.string().optional().describe('JSON body template; {name} placeholders are filled from the arguments (replaces bodyFields)'),
  }),
  z.object({
    kind: z.literal('code'),
    ...toolBase,
    code: z
      .string()
      .min(1)
      .describe('JavaScript run in the sandbox: the arguments are $json (and `query`); return the result')
      .meta({ editor: 'javascript' }),
  }),
  z.object({
    kind: z.literal('calculator'),
    name: z.string().min(1).default('calculator'),
    description: z.string().default('Evaluates an arithmetic expression, e.g. (2 + 3) * 4, 2 ^ 10 or sqrt(16)'),
  }),
  z.object({
    kind: z.literal('wikipedia'),
    name: z.string().min(1).default('wikipedia'),
    description: z.string().default('Looks up a topic on Wikipedia and returns the introductions of the best matching pages'),
    baseUrl: z.string().url().default('https://en.wikipedia.org').describe('The wiki, e.g. https://de.wikipedia.org'),
    topResults: z.number().int().min(1).max(10).default(3),
  }),
  vectorStoreToolSchema,
]);
export type AgentTool = z.output<typeof agentToolSchema>;

/**
 * Another node run as a tool (n8n's "<node> Tool" sub-nodes: Gmail, Google Sheets, Slack, ...): its params as
 * the node stores them, where `$fromAI('key', 'description', 'type')` marks what the model fills in (those
 * become the tool's parameters). Kept raw (agent's rawParamKeys): resolved per call, against the agent's item.
 * Credentials: the agent node's slots named `<tool name>/<the node's slot>`.
 */
export const nodeToolSchema = z.object({
  name: z.string().min(1, 'A tool needs a name').describe('Tool name the model sees'),
  description: z.string().default('').describe('What the tool does, for the model'),
  nodeType: z.string().min(1, 'Which node the tool runs').describe('Weft node type, e.g. slack'),
  typeVersion: z.number().optional(),
  params: z.record(z.string(), z.unknown()).default({}).describe('The node\'s params; $fromAI(...) values come from the model'),
});
export type NodeTool = z.output<typeof nodeToolSchema>;

/** The agent slot holding a node tool's credential. */
export const nodeToolSlot = (toolName: string, slot: string) => `${toolName}/${slot}`;

export const agentParams = z.object({
  ...modelFields,
  systemPrompt: z.string().default('You are a helpful assistant.'),
  prompt: z.string().min(1, 'The prompt is required: usually an expression such as {{ $json.chatInput }}').describe('The user message, per item'),
  ...tuningFields,
  maxSteps: z.number().int().min(1).max(100).default(10).describe('Maximum model calls per item (tool rounds + the final answer)'),
  onStepLimit: z
    .enum(['error', 'lastText'])
    .default('error')
    .describe('When maxSteps is reached without a final answer: fail the node, or output the last text the model wrote'),
  outputSchema: jsonSchemaParam.optional().describe('JSON Schema: the answer is parsed as JSON and validated against it'),
  outputExample: z
    .union([jsonSchemaObject, z.array(z.unknown()), z.string()])
    .optional()
    .describe('An example of the JSON answer; its shape becomes the schema when outputSchema is empty (n8n "Generate From JSON Example")'),
  mcpServers: z.array(agentMcpServerSchema).default([]).describe('MCP servers whose tools the model may call'),
  tools: z.array(agentToolSchema).default([]).describe('Other tools: sub-workflows, HTTP requests, code, calculator, Wikipedia'),
  nodeTools: z.array(nodeToolSchema).default([]).describe('Nodes the model may run as tools (Gmail, Slack, Sheets, ...); $fromAI(...) in their params is filled by the model'),
  memory: z
    .object({
      windowSize: z.number().int().min(1).max(100).default(5).describe('Previous exchanges (prompt + answer) kept'),
      sessionKey: z.string().default('default').describe('Conversations with different keys are kept apart, e.g. {{ $json.sessionId }}'),
      store: z
        .enum(['workflow', 'execution'])
        .default('workflow')
        .describe('workflow: kept across executions of this workflow (chats); execution: only within one execution'),
    })
    .optional()
    .describe('Remember previous exchanges (n8n Window Buffer Memory)'),
  retrieval: retrievalSchema.optional(),
  toolTimeoutMs: z.number().int().positive().default(60_000),
  requestTimeoutMs: requestTimeoutField,
  includeSteps: z.boolean().default(true).describe('Output the tool calls made'),
  listOutput: z
    .object({
      separator: z.string().min(1).default('\n').describe('Between the entries of the answer'),
      maxItems: z.number().int().min(-1).default(-1).describe('Keep at most this many entries (-1: all)'),
    })
    .optional()
    .describe('One output item per entry of the answer, { <outputField>: entry } (n8n Item List Output Parser)'),
  outputField: z
    .string()
    .regex(/^[A-Za-z_$][\w$]*$/, 'A field name such as output or text')
    .default('output')
    .describe('Field of the output item holding the answer (n8n\'s Basic LLM Chain writes text)'),
});
export type AgentParams = z.output<typeof agentParams>;

export { LLM_SLOT } from './model';
