/**
 * Chat Trigger: each message a person sends in the editor's Chat panel starts an execution with one item in
 * n8n's shape, { sessionId, action: 'sendMessage', chatInput }. The reply shown in the chat is the last
 * node's `output` (or `text`) field. An agent with memory keyed by `{{ $json.sessionId }}` remembers the
 * conversation across those executions.
 * Params mirror n8n's chatTrigger so that a workflow exports back unchanged. With `public`, an active
 * workflow also serves n8n's hosted chat page at /chat/<workflow id>/<node id> (mode hostedChat; mode
 * webhook answers the POSTs only): server/webhooks/chat.ts, page.ts here.
 */
import { defineNode, NodeError, z, type Item } from '../sdk';

export const chatTriggerParams = z.object({
  public: z.boolean().default(false).describe('Also serve a public chat at /chat/<workflow id>/<node id> while the workflow is active'),
  mode: z.enum(['hostedChat', 'webhook']).default('hostedChat').describe('hostedChat: a chat page; webhook: only the POST endpoint (an embedded chat)'),
  initialMessages: z.string().default('').describe('Shown at the start of a conversation, one message per line'),
  /**
   * Public chat: messages per minute for this chat, all visitors together (each one runs the workflow, often an
   * LLM); over it the visitor gets 429 with Retry-After. 0 = unlimited. Not an n8n setting (not exported).
   */
  rateLimit: z.number().int().min(0).default(30).describe('Public chat: messages per minute accepted (0 = unlimited)'),
  rateLimitWindow: z.enum(['fixed', 'sliding']).default('sliding').describe('Public chat: fixed clock minutes or the last 60 seconds'),
  /** n8n's chat authentication (none, basicAuth, n8nUserAuth): kept for export; a public chat with one is not activated. */
  authentication: z.string().default('none'),
  options: z
    .looseObject({
      title: z.string().optional(),
      subtitle: z.string().optional(),
      inputPlaceholder: z.string().optional(),
      responseMode: z.enum(['lastNode', 'responseNode', 'streaming']).optional(),
    })
    .default({}),
});
export type ChatTriggerParams = z.output<typeof chatTriggerParams>;

/** The item a chat message becomes (n8n's chat trigger output). */
export function chatMessageItem(sessionId: string, chatInput: string): Item {
  return { json: { sessionId, action: 'sendMessage', chatInput } };
}

export const chatTrigger = defineNode({
  type: 'chatTrigger',
  version: [1, 1.1],
  displayName: 'Chat Trigger',
  description: 'Starts the workflow for each message sent in the Chat panel; the reply is the last node\'s output',
  category: 'trigger',
  icon: 'message-circle',
  trigger: true,
  inputs: [],
  outputs: [{ name: 'main' }],
  params: chatTriggerParams,
  async execute(ctx) {
    const given = ctx.triggerData?.items;
    if (!Array.isArray(given) || given.length === 0) {
      throw new NodeError(`Node "${ctx.node.name}": no chat message. Open the Chat panel and send a message to run this workflow`);
    }
    const items = given.map((raw, i): Item => {
      const json = raw && typeof raw === 'object' && 'json' in raw ? (raw as Item).json : raw;
      if (!json || typeof json !== 'object' || Array.isArray(json)) {
        throw new NodeError(`Node "${ctx.node.name}": trigger input item ${i} must be an object such as { "chatInput": "Hello", "sessionId": "1" }`, { field: 'items', itemIndex: i });
      }
      const j = json as Record<string, unknown>;
      if (typeof j.chatInput !== 'string') {
        throw new NodeError(`Node "${ctx.node.name}": trigger input item ${i} has no "chatInput" text`, { field: 'chatInput', itemIndex: i });
      }
      // n8n's shape first; other fields given (e.g. metadata) are kept after it.
      return { json: { sessionId: typeof j.sessionId === 'string' && j.sessionId ? j.sessionId : ctx.execution.id, action: 'sendMessage', chatInput: j.chatInput, ...stripKnown(j) } };
    });
    return { main: items };
  },
});

function stripKnown(j: Record<string, unknown>): Item['json'] {
  const { sessionId: _s, action: _a, chatInput: _c, ...rest } = j;
  return rest as Item['json'];
}

export default chatTrigger;
