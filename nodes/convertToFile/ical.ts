/**
 * One iCalendar event (RFC 5545) per item, for the Convert to File operation iCal (n8n's "Convert to ICS").
 * Times are written in UTC (n8n reads them in the server's zone and writes UTC); an all-day event is written
 * as dates, its end the day after the given end (as n8n does). Text is escaped and lines folded at 75 octets.
 */
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';

export interface IcalEvent {
  title: string;
  start: string;
  end: string;
  allDay: boolean;
  description: string;
  location: string;
  url: string;
  uid: string;
  status: string;
  busyStatus: string;
  calName: string;
  recurrenceRule: string;
  sequence: number;
  organizer: { name: string; email: string } | undefined;
  attendees: { name: string; email: string; rsvp: boolean }[];
  geo: { lat: string; lon: string } | undefined;
}

/** Thrown for a start/end that is not a date; the node names the field. */
export class IcalDateError extends Error {
  constructor(
    readonly field: 'start' | 'end',
    value: string,
  ) {
    super(`"${value}" is not a date (use ISO 8601, e.g. 2024-05-01T10:00:00Z)`);
  }
}

function parse(value: string, field: 'start' | 'end'): DateTime {
  const d = DateTime.fromISO(value.trim(), { zone: 'utc', setZone: true });
  if (d.isValid) return d;
  const js = new Date(value);
  if (value.trim() && !Number.isNaN(js.getTime())) return DateTime.fromJSDate(js);
  throw new IcalDateError(field, value);
}

const escapeText = (s: string) => s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');

/** Folds a content line at 75 octets (continuation lines start with a space), never inside a character. */
function fold(line: string): string {
  const parts: string[] = [];
  let current = '';
  let size = 0;
  for (const ch of line) {
    const n = Buffer.byteLength(ch);
    if (size + n > (parts.length ? 74 : 75)) {
      parts.push(current);
      current = '';
      size = 0;
    }
    current += ch;
    size += n;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

export function icalText(e: IcalEvent, now = DateTime.utc()): string {
  const stamp = (d: DateTime) => d.toUTC().toFormat("yyyyMMdd'T'HHmmss'Z'");
  const start = parse(e.start, 'start');
  const end = parse(e.end, 'end');
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'CALSCALE:GREGORIAN', 'PRODID:-//Weft//Convert to File//EN', 'METHOD:PUBLISH'];
  if (e.calName) lines.push(`X-WR-CALNAME:${escapeText(e.calName)}`);
  lines.push('BEGIN:VEVENT', `UID:${escapeText(e.uid || randomUUID())}`, `SUMMARY:${escapeText(e.title)}`, `DTSTAMP:${stamp(now)}`);
  if (e.allDay) {
    lines.push(`DTSTART;VALUE=DATE:${start.toUTC().toFormat('yyyyMMdd')}`, `DTEND;VALUE=DATE:${end.toUTC().plus({ days: 1 }).toFormat('yyyyMMdd')}`);
  } else {
    lines.push(`DTSTART:${stamp(start)}`, `DTEND:${stamp(end)}`);
  }
  if (e.description) lines.push(`DESCRIPTION:${escapeText(e.description)}`);
  if (e.location) lines.push(`LOCATION:${escapeText(e.location)}`);
  if (e.url) lines.push(`URL:${e.url}`);
  if (e.geo && (e.geo.lat || e.geo.lon)) lines.push(`GEO:${e.geo.lat};${e.geo.lon}`);
  if (e.status) lines.push(`STATUS:${e.status}`);
  if (e.busyStatus) lines.push(`X-MICROSOFT-CDO-BUSYSTATUS:${e.busyStatus}`);
  if (e.sequence) lines.push(`SEQUENCE:${e.sequence}`);
  if (e.recurrenceRule) lines.push(`RRULE:${e.recurrenceRule.replace(/^RRULE:/i, '')}`);
  if (e.organizer && (e.organizer.name || e.organizer.email)) lines.push(`ORGANIZER;CN=${escapeText(e.organizer.name)}:mailto:${e.organizer.email}`);
  for (const a of e.attendees) lines.push(`ATTENDEE;RSVP=${a.rsvp ? 'TRUE' : 'FALSE'};CN=${escapeText(a.name)}:mailto:${a.email}`);
  lines.push('END:VEVENT', 'END:VCALENDAR');
  return lines.map(fold).join('\r\n') + '\r\n';
}
