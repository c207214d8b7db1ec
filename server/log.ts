/**
 * A small structured logger. JSON lines by default; human-readable lines in development on a terminal
 * (or WEFT_LOG_FORMAT=pretty). Level from WEFT_LOG_LEVEL (debug | info | warn | error | silent).
 * Logs go to stderr so that stdout stays clean for CLI output (`weft run --json`).
 * Every field passes through redact(): secrets never reach a log line.
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds these fields to every line (e.g. { executionId }). */
  child(bindings: LogFields): Logger;
  readonly level: LogLevel;
}

export interface LoggerOptions {
  name?: string;
  level?: LogLevel;
  format?: 'json' | 'pretty';
  /** Where lines go; defaults to process.stderr. */
  write?: (line: string) => void;
  bindings?: LogFields;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };
export const REDACTED = '[redacted]';

/** Keys whose values are secrets, whatever their nesting: anything ending in password, secret, token,
 * apiKey, authorization, cookie... but not counters such as `promptTokens` or `tokensUsed`. */
const SECRET_KEY = /(^pass|password|passwd|passphrase|secret|token|api[-_]?key|authorization|cookie|private[-_]?key|encryption[-_]?key)$/i;
/** Keys under which a credential lives: its `data` is the secret part. */
const CREDENTIAL_KEY = /^credentials?$/i;
const MAX_DEPTH = 8;

function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** A deep copy of value with secrets replaced by '[redacted]'. Errors become { name, message, stack }. */
export function redact(value: unknown, depth = 0, seen = new WeakSet<object>(), inCredential = false): unknown {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'string' && /^(Bearer|Basic)\s+\S+/i.test(value)) return REDACTED;
    if (typeof value === 'bigint') return value.toString();
    return value;
  }
  if (seen.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[truncated]';
  seen.add(value);
  if (value instanceof Error) {
    const out: LogFields = { name: value.name, message: value.message, stack: value.stack };
    for (const [k, v] of Object.entries(value)) out[k] = isSecretKey(k) ? REDACTED : redact(v, depth + 1, seen);
    if (value.cause !== undefined) out.cause = redact(value.cause, depth + 1, seen);
    return out;
  }
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return `[buffer ${value.length} bytes]`;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1, seen, inCredential));
  if (value instanceof Map) return redact(Object.fromEntries(value), depth, seen, inCredential);
  const out: LogFields = {};
  for (const [k, v] of Object.entries(value)) {
    if (isSecretKey(k) || (inCredential && k === 'data')) out[k] = REDACTED;
    else out[k] = redact(v, depth + 1, seen, CREDENTIAL_KEY.test(k) || (inCredential && Array.isArray(v)));
  }
  return out;
}

function levelFromEnv(): LogLevel {
  const v = process.env.WEFT_LOG_LEVEL;
  return v && v in ORDER ? (v as LogLevel) : 'info';
}

function formatFromEnv(): 'json' | 'pretty' {
  const f = process.env.WEFT_LOG_FORMAT;
  if (f === 'json' || f === 'pretty') return f;
  return process.env.NODE_ENV !== 'production' && process.env.NODE_ENV !== 'test' && process.stderr.isTTY ? 'pretty' : 'json';
}

const COLORS: Record<string, string> = { debug: '\x1b[90m', info: '\x1b[36m', warn: '\x1b[33m', error: '\x1b[31m' };

function pretty(level: string, name: string | undefined, message: string, fields: LogFields): string {
  const time = new Date().toISOString().slice(11, 23);
  const rest = Object.keys(fields).length ? ` ${JSON.stringify(fields)}` : '';
  return `${time} ${COLORS[level] ?? ''}${level.toUpperCase().padEnd(5)}\x1b[0m ${name ? `[${name}] ` : ''}${message}${rest}`;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? levelFromEnv();
  const format = options.format ?? formatFromEnv();
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const bindings = options.bindings ?? {};

  const emit = (lvl: Exclude<LogLevel, 'silent'>, message: string, fields?: LogFields) => {
    if (ORDER[lvl] < ORDER[level]) return;
    const safe = redact({ ...bindings, ...fields }) as LogFields;
    if (format === 'pretty') {
      write(pretty(lvl, options.name, message, safe));
    } else {
      write(JSON.stringify({ time: new Date().toISOString(), level: lvl, ...(options.name ? { name: options.name } : {}), msg: message, ...safe }));
    }
  };

  return {
    level,
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (more) => createLogger({ ...options, level, format, write, bindings: { ...bindings, ...more } }),
  };
}

/** The process-wide logger, configured from the environment on first use. */
let root: Logger | undefined;
export function logger(name?: string): Logger {
  root ??= createLogger();
  return name ? createLogger({ name, level: root.level }) : root;
}
