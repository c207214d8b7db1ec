/**
 * Type checking and conversion of values, as n8n's IF/Filter/Switch ("strict" and "loose" type
 * validation) and Edit Fields (field types) do it. Shared by condition, filter, switch and transform.
 */
import { DateTime } from 'luxon';
import { describeValue, isPlainObject } from '../transform/fields';

export type ValueType = 'string' | 'number' | 'boolean' | 'dateTime' | 'array' | 'object' | 'any';

export type Coerced = { ok: true; value: unknown } | { ok: false; reason: string };

/** Which type a value has, in the words error messages use. */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (isDateLike(value)) return 'dateTime';
  return typeof value;
}

function article(word: string): string {
  return /^[aeiou]/i.test(word) ? `an ${word}` : `a ${word}`;
}

function isDateLike(value: unknown): boolean {
  return value instanceof Date || DateTime.isDateTime(value);
}

/** Parses ISO 8601, RFC 2822, HTTP and SQL dates; JS Dates, Luxon DateTimes and (loose) epoch milliseconds. */
export function toDateTime(value: unknown, loose = true): DateTime | undefined {
  if (DateTime.isDateTime(value)) return value.isValid ? value : undefined;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : DateTime.fromJSDate(value);
  if (typeof value === 'number') return loose && Number.isFinite(value) ? DateTime.fromMillis(value) : undefined;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const s = value.trim();
  for (const parse of [DateTime.fromISO, DateTime.fromRFC2822, DateTime.fromHTTP, DateTime.fromSQL]) {
    const dt = parse(s, { setZone: true });
    if (dt.isValid) return dt;
  }
  if (loose) {
    const ms = Date.parse(s);
    if (!Number.isNaN(ms)) return DateTime.fromMillis(ms);
  }
  return undefined;
}

function parseJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

/**
 * Checks `value` against `type`. strict: the value must already have the type (date strings count as
 * dates). loose: converts where n8n converts ("5" -> 5, "true" -> true, '[1]' -> [1], 5 -> "5").
 * null and undefined always pass unchanged, so exists/empty checks can see them.
 */
export function coerce(value: unknown, type: ValueType, strict: boolean): Coerced {
  if (type === 'any' || value === null || value === undefined) return { ok: true, value };
  const bad = (): Coerced => ({
    ok: false,
    reason: strict
      ? `expected ${article(type === 'dateTime' ? 'date' : type)} but got ${article(typeName(value))} (${describeValue(value)})`
      : `${describeValue(value)} cannot be converted to ${article(type === 'dateTime' ? 'date' : type)}`,
  });
  switch (type) {
    case 'string':
      if (typeof value === 'string') return { ok: true, value };
      if (strict) return bad();
      if (isDateLike(value)) return { ok: true, value: (toDateTime(value) as DateTime).toISO() };
      return { ok: true, value: typeof value === 'object' ? JSON.stringify(value) : String(value) };
    case 'number': {
      if (typeof value === 'number') return { ok: true, value };
      if (strict) return bad();
      if (typeof value === 'boolean') return { ok: true, value: value ? 1 : 0 };
      if (typeof value === 'string') {
        const n = Number(value);
        return Number.isNaN(n) ? bad() : { ok: true, value: n };
      }
      return bad();
    }
    case 'boolean': {
      if (typeof value === 'boolean') return { ok: true, value };
      if (strict) return bad();
      if (typeof value === 'string') {
        const s = value.trim().toLowerCase();
        if (s === 'true') return { ok: true, value: true };
        if (s === 'false') return { ok: true, value: false };
        if (s !== '' && (Number(s) === 0 || Number(s) === 1)) return { ok: true, value: Number(s) === 1 };
        return bad();
      }
      if (typeof value === 'number') return value === 0 || value === 1 ? { ok: true, value: value === 1 } : bad();
      return bad();
    }
    case 'dateTime': {
      const dt = toDateTime(value, !strict);
      return dt ? { ok: true, value: dt } : bad();
    }
    case 'array': {
      if (Array.isArray(value)) return { ok: true, value };
      if (!strict && typeof value === 'string') {
        const parsed = parseJson(value);
        if (Array.isArray(parsed)) return { ok: true, value: parsed };
      }
      return bad();
    }
    case 'object': {
      if (isPlainObject(value)) return { ok: true, value };
      if (!strict && typeof value === 'string') {
        const parsed = parseJson(value);
        if (isPlainObject(parsed)) return { ok: true, value: parsed };
      }
      return bad();
    }
  }
}

/**
 * n8n's loose boolean reading for conditions: a value that is not a recognisable boolean is taken by
 * its truthiness instead of failing ("yes" -> true, "" -> false).
 */
export function coerceLooseBoolean(value: unknown): Coerced {
  const res = coerce(value, 'boolean', false);
  return res.ok ? res : { ok: true, value: Boolean(value) };
}
