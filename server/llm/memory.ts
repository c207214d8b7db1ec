/**
 * Agent conversation memory in Postgres (ChatMessage rows), so a chat keeps its context across executions
 * (each chat message is its own execution). A scope is one workflow and the person who ran it: the same
 * session key in another workflow, or another person's chat in the same workflow, is another conversation.
 */
import type { LlmMessage, NodeServices } from '../engine/node';
import { db, type Db } from '../db';

/** Hard cap per session whatever window a node asks for: memory is context, not an archive. */
export const MAX_MESSAGES_PER_SESSION = 400;

export type ChatMemory = NonNullable<NodeServices['chatMemory']>;

export interface ChatMemoryScope {
  workflowId: string;
  /** The person the execution runs for; null for runs nobody started by hand (a public chat, a webhook). */
  ownerId: string | null;
}

export function createChatMemory(client: Db, scope: ChatMemoryScope, opts: { maxMessages?: number } = {}): ChatMemory {
  const cap = opts.maxMessages ?? MAX_MESSAGES_PER_SESSION;
  const where = (sessionKey: string) => ({ workflowId: scope.workflowId, ownerId: scope.ownerId, sessionKey });
  return {
    async load(sessionKey, limit) {
      if (limit <= 0) return [];
      const rows = await client.chatMessage.findMany({
        where: where(sessionKey),
        orderBy: { id: 'desc' },
        take: Math.min(limit, cap),
        select: { role: true, content: true },
      });
      return rows.reverse().map((r) => ({ role: r.role === 'assistant' ? 'assistant' : 'user', content: r.content }) as LlmMessage);
    },
    async append(sessionKey, messages) {
      // Only the conversation itself is remembered: tool rounds belong to the execution that made them.
      const kept = messages.filter((m) => m.role === 'user' || m.role === 'assistant');
      if (!kept.length) return;
      // One INSERT: the rows get increasing ids in this order, which is the order load() returns.
      await client.chatMessage.createMany({ data: kept.map((m) => ({ ...where(sessionKey), role: m.role, content: m.content })) });
      await client.$executeRaw`
        DELETE FROM "ChatMessage"
         WHERE "workflowId" = ${scope.workflowId} AND "sessionKey" = ${sessionKey} AND "ownerId" IS NOT DISTINCT FROM ${scope.ownerId}
           AND id < (SELECT id FROM "ChatMessage"
                      WHERE "workflowId" = ${scope.workflowId} AND "sessionKey" = ${sessionKey} AND "ownerId" IS NOT DISTINCT FROM ${scope.ownerId}
                      ORDER BY id DESC OFFSET ${cap - 1} LIMIT 1)`;
    },
  };
}

/** The runtime's chat memory for one workflow and owner. */
export function chatMemoryFor(scope: ChatMemoryScope): ChatMemory {
  return createChatMemory(db(), scope);
}
