/**
 * Agent conversation memory in Redis, so a chat keeps its context across executions (each chat message is
 * its own execution). Keys are scoped (normally by workflow) and hashed by session key; entries expire.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { LlmMessage, NodeServices } from '../engine/node';
import { env } from '../env';
import { redis } from '../redis';

export const CHAT_MEMORY_TTL_SECONDS = 7 * 24 * 3600;
/** Hard cap whatever window a node asks for: memory is context, not an archive. */
const MAX_MESSAGES = 400;

export type ChatMemory = NonNullable<NodeServices['chatMemory']>;

export function createChatMemory(client: Redis, scope: string, opts: { prefix?: string; ttlSeconds?: number } = {}): ChatMemory {
  const prefix = opts.prefix ?? 'weft';
  const ttl = opts.ttlSeconds ?? CHAT_MEMORY_TTL_SECONDS;
  const key = (sessionKey: string) => `${prefix}:chat-memory:${scope}:${createHash('sha256').update(sessionKey).digest('hex').slice(0, 32)}`;
  return {
    async load(sessionKey) {
      const raw = await client.get(key(sessionKey));
      if (!raw) return [];
      try {
        const parsed = JSON.parse(raw);
        return Array.isArray(parsed) ? (parsed as LlmMessage[]) : [];
      } catch {
        return [];
      }
    },
    async save(sessionKey, messages) {
      await client.set(key(sessionKey), JSON.stringify(messages.slice(-MAX_MESSAGES)), 'EX', ttl);
    },
  };
}

/** The runtime's chat memory for one scope (a workflow id, or an execution id for ad-hoc graphs). */
export function chatMemoryFor(scope: string): ChatMemory {
  return createChatMemory(redis(), scope, { prefix: env().WEFT_QUEUE_PREFIX });
}
