/**
 * Turns what a date field can hold into a Luxon DateTime: ISO 8601, RFC 2822, HTTP and SQL strings, `Date()`
 * strings, epoch numbers (seconds below 1e11, else milliseconds), Date objects and Luxon-like objects.
 * A string with an offset keeps it; one without is read in `naiveZone` (the Date & Time node passes UTC, which
 * is what n8n 2.40.7 does, checked against it; the Wait node passes the workflow's timezone).
 * With `fromFormat`, the string is read with that Luxon format in `naiveZone`.
 */
import { DateTime } from 'luxon';

export function parseDate(value: unknown, naiveZone: string, fromFormat?: string): DateTime | undefined {
  const zone = naiveZone;
  if (value === null || value === undefined || value === '') return undefined;
  if (DateTime.isDateTime(value)) return value;
  if (value instanceof Date) return valid(DateTime.fromJSDate(value, { zone }));
  if (typeof value === 'number') return valid(DateTime.fromMillis(value < 1e11 ? value * 1000 : value, { zone }));
  if (typeof value === 'object') {
    const iso = (value as { toISO?: () => string }).toISO?.() ?? (value as { toISOString?: () => string }).toISOString?.();
    return iso ? parseDate(iso, zone) : undefined;
  }
  const text = String(value).trim();
  if (fromFormat) return valid(DateTime.fromFormat(text, fromFormat, { zone, setZone: true }));
  if (/^-?\d+(\.\d+)?$/.test(text)) return parseDate(Number(text), zone);
  for (const parse of [DateTime.fromISO, DateTime.fromRFC2822, DateTime.fromHTTP, DateTime.fromSQL]) {
    const d = parse(text, { zone, setZone: true });
    if (d.isValid) return d;
  }
  const js = new Date(text);
  return Number.isNaN(js.getTime()) ? undefined : valid(DateTime.fromJSDate(js, { zone }));
}

function valid(d: DateTime): DateTime | undefined {
  return d.isValid ? d : undefined;
}

/** A zone Luxon knows, or undefined. */
export function checkZone(zone: string): string | undefined {
  return DateTime.now().setZone(zone).isValid ? zone : undefined;
}
