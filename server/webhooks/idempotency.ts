/**
 * Idempotency keys for webhook deliveries, scoped to the webhook (`<workflowId>:<nodeId>`). The first request
 * claims the key with one INSERT ... ON CONFLICT DO NOTHING; a repeat gets the stored response of the first
 * and starts nothing; a concurrent repeat waits briefly for the first to answer.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { WebhookResponse } from '../engine/node';

export interface StoredAnswer {
  executionId: string | null;
  response: WebhookResponse | null;
  createdAt: Date;
}

/** True when this request owns the key. */
export async function claimIdempotencyKey(pool: pg.Pool, scope: string, key: string): Promise<boolean> {
  const res = await pool.query(
    `INSERT INTO "IdempotencyKey" ("id", "scope", "key") VALUES ($1, $2, $3) ON CONFLICT ("scope", "key") DO NOTHING`,
    [randomUUID(), scope, key],
  );
  return res.rowCount === 1;
}

export async function readIdempotencyKey(pool: pg.Pool, scope: string, key: string): Promise<StoredAnswer | null> {
  const res = await pool.query<{ executionId: string | null; response: WebhookResponse | null; createdAt: Date }>(
    `SELECT "executionId", "response", "createdAt" FROM "IdempotencyKey" WHERE "scope" = $1 AND "key" = $2`,
    [scope, key],
  );
  return res.rows[0] ?? null;
}

export async function recordIdempotentAnswer(
  pool: pg.Pool,
  scope: string,
  key: string,
  executionId: string | null,
  response: WebhookResponse | null,
): Promise<void> {
  await pool.query(`UPDATE "IdempotencyKey" SET "executionId" = $3, "response" = $4 WHERE "scope" = $1 AND "key" = $2`, [
    scope,
    key,
    executionId,
    response === null ? null : JSON.stringify(response),
  ]);
}

/** The first request failed before starting anything: let a retry claim the key again. */
export async function releaseIdempotencyKey(pool: pg.Pool, scope: string, key: string): Promise<void> {
  await pool.query(`DELETE FROM "IdempotencyKey" WHERE "scope" = $1 AND "key" = $2 AND "executionId" IS NULL`, [scope, key]);
}

/** Waits up to `waitMs` for the first request's answer; returns what is stored by then. */
export async function awaitFirstAnswer(pool: pg.Pool, scope: string, key: string, waitMs: number): Promise<StoredAnswer | null> {
  const deadline = Date.now() + waitMs;
  let delay = 25;
  for (;;) {
    const row = await readIdempotencyKey(pool, scope, key);
    if (!row || row.response || Date.now() >= deadline) return row;
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 250);
  }
}
