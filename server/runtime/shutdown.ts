/**
 * Closes what the runtime opened in this process, in the order that loses nothing: MCP clients, the
 * queue producer, event waiters, Redis, then Postgres.
 */
import { closeAllMcpClients } from '../mcp';
import { closeQueues } from './queues';
import { closeWaiters } from './waiters';
import { closeRedis } from '../redis';
import { disconnectDb } from '../db';

export async function closeRuntimeConnections(): Promise<void> {
  await closeAllMcpClients().catch(() => {});
  await closeQueues().catch(() => {});
  await closeWaiters().catch(() => {});
  await closeRedis().catch(() => {});
  await disconnectDb().catch(() => {});
}
