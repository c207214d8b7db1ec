/**
 * The environment, validated once. Every process reads configuration from here and nowhere else.
 */
import { z } from 'zod';

const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  DATABASE_URL: z.string().url('DATABASE_URL must be a postgres:// URL').default('postgresql://postgres@127.0.0.1:5432/weft'),
  REDIS_URL: z.string().url('REDIS_URL must be a redis:// URL').default('redis://127.0.0.1:6379'),
  /** 32 bytes, base64 or hex: the AES-256-GCM key for credentials. */
  WEFT_ENCRYPTION_KEY: z
    .string()
    .refine((v) => decodeKey(v) !== null, 'WEFT_ENCRYPTION_KEY must be 32 bytes as 64 hex characters or base64')
    .optional(),
  AUTH_SECRET: z.string().min(16, 'AUTH_SECRET must be at least 16 characters').optional(),
  PORT: z.coerce.number().int().positive().default(3000),
  HOST: z.string().default('127.0.0.1'),
  /** Prefix for BullMQ queues, so test runs and benchmarks never share queues. */
  WEFT_QUEUE_PREFIX: z.string().default('weft'),
  WEFT_WORKER_CONCURRENCY: z.coerce.number().int().positive().default(20),
  WEFT_WEBHOOK_MAX_BODY: z.coerce.number().int().positive().default(16 * 1024 * 1024),
  WEFT_PUBLIC_URL: z.string().url().optional(),
  WEFT_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
});

export type Env = z.infer<typeof schema>;

export function decodeKey(value: string): Buffer | null {
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, 'hex');
  const b = Buffer.from(value, 'base64');
  return b.length === 32 ? b : null;
}

let cached: Env | undefined;

/** Parses process.env; throws one readable message listing every problem. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Weft cannot start: the environment is invalid.\n${lines.join('\n')}`);
  }
  return parsed.data;
}

export function env(): Env {
  cached ??= loadEnv();
  return cached;
}

/** For tests that change process.env. */
export function resetEnvCache(): void {
  cached = undefined;
}
