/**
 * Turns what a date field can hold into a Luxon DateTime in the given zone: ISO 8601, RFC 2822, HTTP and
 * SQL strings, `Date()` strings, epoch numbers (seconds below 1e11, else milliseconds), Date objects and
 * Luxon-like objects. Strings without an offset are read as wall time in `zone`, as n8n does.
 */
import { DateTime } from 'luxon';

export function parseDate(value: unknown, zone: string, fromFormat?: string): DateTime | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  if (DateTime.isDateTime(value)) return value.setZone(zone);
  if (value instanceof Date) return valid(DateTime.fromJSDate(value, { zone }));
  if (typeof value === 'number') return valid(DateTime.fromMillis(value < 1e11 ? value * 1000 : value, { zone }));
  if (typeof value === 'object') {
    const iso = (value as { toISO?: () => string }).toISO?.() ?? (value as { toISOString?: () => string }).toISOString?.();
    return iso ? parseDate(iso, zone) : undefined;
  }
  const text = String(value).trim();
  if (fromFormat) return valid(DateTime.fromFormat(text, fromFormat, { zone, setZone: true }))?.setZone(zone);
  if (/^-?\d+(\.\d+)?$/.test(text)) return parseDate(Number(text), zone);
  for (const parse of [DateTime.fromISO, DateTime.fromRFC2822, DateTime.fromHTTP, DateTime.fromSQL]) {
    const d = parse(text, { zone, setZone: true });
    if (d.isValid) return d.setZone(zone);
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
