/**
 * googleCalendar: n8n's Google Calendar node (n8n-nodes-base.googleCalendar v1-v1.2) on the Calendar API v3
 * (`{apiUrl}/calendar/v3/calendars/{calendar}/events...`). Authentication (n8n's `authentication`): 'oAuth2'
 * (the googleCalendarOAuth2Api slot: googleCalendarOAuth2Api / googleOAuth2Api / oAuth2Api; a 401 refreshes the
 * token once) or 'serviceAccount' (googleApi, optionally with a delegated user).
 *
 * Params (n8n's names; n8n's collections stay objects with n8n's keys):
 * - resource / operation   event: create | get | getAll | update | delete
 * - calendar               the calendar ID (an email address or ...@group.calendar.google.com; n8n's locator value)
 * - eventId                get / update / delete
 * - start, end             create: ISO date-times (empty: now and an hour later, as n8n 1.1+); a time without an
 *                          offset ("2026-11-23 10:00") is in additionalFields.timezone or the workflow's time zone;
 *                          sent as UTC with that time zone
 * - useDefaultReminders    create / update
 * - additionalFields       create: summary, description, location, attendees (addresses; "Name <a@b>" keeps the
 *                          name), allday, color, guestsCanInviteOthers, guestsCanModify, guestsCanSeeOtherGuests,
 *                          id, maxAttendees, sendUpdates, transparency, visibility, timezone,
 *                          conferenceDataUi { conferenceDataValues { conferenceSolution } } (a Meet link etc.),
 *                          recurrence: rrule (an RRULE, with or without "RRULE:"), or repeatFrecuency (daily |
 *                          weekly | monthly | yearly, n8n's spelling) with repeatHowManyTimes or repeatUntil
 * - updateFields           update: the same keys plus start and end (switching between all-day and timed clears
 *                          the other form); attendees (n8n 1.1) replace the event's list; attendeesUi { values:
 *                          { mode: 'add' | 'replace', attendees } } (n8n 1.2+) adds to (after reading the event) or
 *                          replaces it
 * - options                get: maxAttendees, timeZone, fields (Google's partial response); getAll: timeMin, timeMax,
 *                          orderBy, singleEvents, query, showDeleted, showHiddenInvitations, iCalUID, updatedMin,
 *                          timeZone, maxAttendees, fields (times without an offset are in options.timeZone or the
 *                          workflow's time zone);
 *                          delete: sendUpdates
 * - returnAll, limit       getAll (limit default 50)
 * - apiUrl                 Calendar API address (default https://www.googleapis.com; tests point it elsewhere)
 * Not built: reminders overrides, the calendar resource (availability). Errors name the node and the
 * field; never a token or the private key.
 */
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { defineNode, z, type Item, type JsonObject, type NodeContext } from '../sdk';
import { fieldError, perItem } from '../per-item';
import { GoogleApiError, oauth2Auth, readServiceAccount, serviceAccountAuth, type GoogleAuth } from '../google/auth';
import { googleJson, queryOf } from '../google/http';

export const CALENDAR_SCOPE = 'https://www.googleapis.com/auth/calendar';
export const DEFAULT_CALENDAR_URL = 'https://www.googleapis.com';
export const CALENDAR_OPERATIONS = ['create', 'get', 'getAll', 'update', 'delete'] as const;

const text = (fallback = '') => z.preprocess((v) => (typeof v === 'number' ? String(v) : v === null || v === undefined ? fallback : v), z.string()).default(fallback);
const fields = () => z.record(z.string(), z.unknown()).default({});

export const googleCalendarParams = z.object({
  authentication: z.enum(['oAuth2', 'serviceAccount']).default('oAuth2').describe('OAuth2 (googleCalendarOAuth2Api) or a service account (googleApi)'),
  resource: z.enum(['event']).default('event').describe('What to work on'),
  operation: z.enum(CALENDAR_OPERATIONS).default('create').describe('What to do'),
  calendar: text().describe('Calendar ID (e.g. you@example.com or ...@group.calendar.google.com)'),
  eventId: text().describe('Event ID'),
  start: text().describe('Create: start (ISO date-time)'),
  end: text().describe('Create: end (ISO date-time)'),
  useDefaultReminders: z.boolean().default(true).describe('Create, update: the calendar\'s default reminders'),
  additionalFields: fields().describe('Create: summary, description, location, attendees, allday, conferenceDataUi, ...'),
  updateFields: fields().describe('Update: the fields to change (start, end, summary, attendees, ...)'),
  options: fields().describe('Get / getAll / delete options (timeMin, timeMax, orderBy, singleEvents, query, sendUpdates, ...)'),
  returnAll: z.boolean().default(false).describe('getAll: every event'),
  limit: z.coerce.number().int().positive().default(50).describe('getAll: at most this many'),
  apiUrl: text(DEFAULT_CALENDAR_URL).describe('Calendar API address (default https://www.googleapis.com)'),
});
export type GoogleCalendarParams = z.output<typeof googleCalendarParams>;
type Ctx = NodeContext<GoogleCalendarParams>;

const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '');

/** Attendees: an array of entries, each maybe comma-separated; "Name <a@b>" keeps the name. */
export function attendeesOf(v: unknown): JsonObject[] {
  const list = (Array.isArray(v) ? v : [v]).flatMap((x) => (Array.isArray(x) ? x : str(x).split(','))).map((s) => str(s)).filter(Boolean);
  return list.map((entry) => {
    const m = /^(.*?)\s*<([^>]+)>$/.exec(entry);
    return m ? { email: m[2].trim(), ...(m[1].trim() ? { displayName: m[1].trim().replace(/^"|"$/g, '') } : {}) } : { email: entry };
  });
}

/**
 * A date-time as luxon's DateTime: ISO 8601 ("2026-11-23 9:30" and a missing offset read in `zone`), epoch
 * milliseconds, or anything Date.parse reads; undefined when it is none of these.
 */
export function parseDateTime(value: unknown, zone: string): DateTime | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return DateTime.fromMillis(value, { zone });
  const v = str(value);
  if (!v) return undefined;
  if (/^\d{12,}$/.test(v)) return DateTime.fromMillis(Number(v), { zone });
  const iso = v.replace(/^(\d{4}-\d{2}-\d{2})[ T](\d):/, '$1T0$2:').replace(/^(\d{4}-\d{2}-\d{2}) /, '$1T');
  const dt = DateTime.fromISO(iso, { zone, setZone: false });
  if (dt.isValid) return dt;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? undefined : DateTime.fromMillis(ms, { zone });
}

/** A start / end as Calendar's { dateTime (UTC), timeZone } or { date } for all-day events. */
function timeOf(value: string, allday: boolean, timeZone: string, fail: (problem: string) => Error): JsonObject {
  const dt = parseDateTime(value, timeZone);
  if (!dt) throw fail(`"${value}" is not a date-time (use ISO 8601, e.g. 2026-11-23T10:00:00Z)`);
  if (allday) return { date: /^\d{4}-\d{2}-\d{2}/.exec(value.trim())?.[0] ?? dt.toISODate() };
  return { dateTime: dt.toUTC().toISO({ suppressMilliseconds: true }), timeZone };
}

/** An RRULE from n8n's rrule, or from repeatFrecuency with repeatHowManyTimes / repeatUntil. */
function recurrenceOf(f: Record<string, unknown>, zone: string, fail: (problem: string) => Error): string | undefined {
  const rrule = str(f.rrule);
  if (rrule) return /^RRULE:/i.test(rrule) ? rrule : `RRULE:${rrule}`;
  const freq = str(f.repeatFrecuency).toUpperCase();
  if (!freq) return undefined;
  if (!['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'].includes(freq)) throw fail(`repeatFrecuency "${str(f.repeatFrecuency)}" is not daily, weekly, monthly or yearly`);
  if (str(f.repeatHowManyTimes) && str(f.repeatUntil)) throw fail('repeatHowManyTimes and repeatUntil cannot both be set');
  let rule = `RRULE:FREQ=${freq}`;
  if (str(f.repeatHowManyTimes)) rule += `;COUNT=${Number(str(f.repeatHowManyTimes))}`;
  if (str(f.repeatUntil)) {
    const until = parseDateTime(f.repeatUntil, zone);
    if (!until) throw fail(`repeatUntil "${str(f.repeatUntil)}" is not a date-time`);
    rule += `;UNTIL=${until.toUTC().toFormat("yyyyMMdd'T'HHmmss'Z'")}`;
  }
  return rule;
}

const PLAIN = ['summary', 'description', 'location', 'guestsCanInviteOthers', 'guestsCanModify', 'guestsCanSeeOtherGuests', 'transparency', 'visibility'] as const;

/** The event body from additionalFields / updateFields (n8n's keys). */
function eventBody(ctx: Ctx, p: GoogleCalendarParams, f: Record<string, unknown>, i: number, times: { start?: string; end?: string }): { body: JsonObject; query: Record<string, string | undefined> } {
  const body: JsonObject = {};
  const query: Record<string, string | undefined> = {};
  const timeZone = str(f.timeZone) || str(f.timezone) || ctx.workflow.timezone || 'UTC';
  const allday = f.allday === true || f.allday === 'yes';
  for (const key of ['start', 'end'] as const) {
    const v = times[key];
    if (v === undefined) continue;
    const time = timeOf(v, allday, timeZone, (problem) => fieldError(ctx as NodeContext<unknown>, key, i, problem));
    // An update between all-day and timed must clear the other form (Google refuses both).
    body[key] = p.operation === 'update' ? { ...time, ...(allday ? { dateTime: null } : { date: null }) } : time;
  }
  for (const key of PLAIN) if (f[key] !== undefined && f[key] !== '') body[key] = f[key] as JsonObject[string];
  if (f.color !== undefined && f.color !== '') body.colorId = str(f.color);
  if (f.id !== undefined && str(f.id)) body.id = str(f.id);
  if (f.attendees !== undefined) body.attendees = attendeesOf(f.attendees);
  const ui = (f.attendeesUi as { values?: { mode?: unknown; attendees?: unknown } } | undefined)?.values;
  if (ui && ui.attendees !== undefined) body.attendees = attendeesOf(ui.attendees);
  if (f.maxAttendees !== undefined && str(f.maxAttendees)) query.maxAttendees = str(f.maxAttendees);
  if (f.sendUpdates !== undefined && str(f.sendUpdates)) query.sendUpdates = str(f.sendUpdates);
  const recurrence = recurrenceOf(f, timeZone, (problem) => fieldError(ctx as NodeContext<unknown>, p.operation === 'update' ? 'updateFields' : 'additionalFields', i, problem));
  if (recurrence) body.recurrence = [recurrence];
  const conference = (f.conferenceDataUi as { conferenceDataValues?: { conferenceSolution?: unknown } } | undefined)?.conferenceDataValues;
  if (conference && str(conference.conferenceSolution)) {
    body.conferenceData = { createRequest: { requestId: randomUUID(), conferenceSolutionKey: { type: str(conference.conferenceSolution) } } };
    query.conferenceDataVersion = '1';
  }
  // Update leaves the event's reminders alone unless default reminders were switched off.
  if (p.operation === 'create' || !p.useDefaultReminders) body.reminders = { useDefault: p.useDefaultReminders };
  return { body, query };
}

async function authOf(ctx: Ctx, p: GoogleCalendarParams): Promise<GoogleAuth> {
  if (p.authentication === 'serviceAccount') return serviceAccountAuth(readServiceAccount(await ctx.credentials('googleApi'), ctx.node.name), CALENDAR_SCOPE);
  return oauth2Auth(ctx as NodeContext<unknown>, 'googleCalendarOAuth2Api');
}

const FIELD_OF: Record<string, string> = { create: 'calendar', get: 'eventId', getAll: 'options', update: 'eventId', delete: 'eventId' };

async function runItem(ctx: Ctx, auth: GoogleAuth, fetchImpl: typeof fetch, p: GoogleCalendarParams, i: number): Promise<JsonObject[]> {
  const fail = (field: string, problem: string) => fieldError(ctx as NodeContext<unknown>, field, i, problem);
  const calendar = p.calendar.trim();
  if (!calendar) throw fail('calendar', 'is empty; give the calendar ID (e.g. you@example.com)');
  const root = `${(p.apiUrl.trim() || DEFAULT_CALENDAR_URL).replace(/\/+$/, '')}/calendar/v3/calendars/${encodeURIComponent(calendar)}/events`;
  const call = async (method: string, path: string, query: Record<string, string | undefined> = {}, json?: unknown): Promise<JsonObject> => {
    try {
      return (await googleJson(auth, { method, url: root + path + queryOf(query), json, what: `${method} events${path}` }, ctx.signal, fetchImpl)) as JsonObject;
    } catch (err) {
      if (err instanceof GoogleApiError) throw fail(FIELD_OF[p.operation], `Google Calendar ${err.message}`);
      throw err;
    }
  };
  const eventPath = () => {
    const id = p.eventId.trim();
    if (!id) throw fail('eventId', `is empty; event ${p.operation} needs it`);
    return `/${encodeURIComponent(id)}`;
  };
  const o = p.options;
  switch (p.operation) {
    case 'create': {
      // n8n 1.1+: an empty start is now, an empty end an hour after the start.
      const start = p.start.trim() || DateTime.utc().toISO();
      const end = p.end.trim() || (parseDateTime(start, ctx.workflow.timezone || 'UTC')?.plus({ hours: 1 }).toISO() ?? '');
      const { body, query } = eventBody(ctx, p, p.additionalFields, i, { start, end });
      return [await call('POST', '', query, body)];
    }
    case 'update': {
      const f = p.updateFields;
      const path = eventPath();
      const { body, query } = eventBody(ctx, p, f, i, { start: f.start === undefined ? undefined : str(f.start), end: f.end === undefined ? undefined : str(f.end) });
      const ui = (f.attendeesUi as { values?: { mode?: unknown } } | undefined)?.values;
      if (ui && str(ui.mode) === 'add' && Array.isArray(body.attendees)) {
        const current = ((await call('GET', path)).attendees as JsonObject[] | undefined) ?? [];
        body.attendees = [...current, ...body.attendees];
      }
      return [await call('PATCH', path, query, body)];
    }
    case 'get':
      return [await call('GET', eventPath(), { maxAttendees: str(o.maxAttendees) || undefined, timeZone: str(o.timeZone) || undefined, fields: str(o.fields) || undefined })];
    case 'delete':
      await call('DELETE', eventPath(), { sendUpdates: str(o.sendUpdates) || undefined });
      return [{ success: true }];
    case 'getAll': {
      const query: Record<string, string | undefined> = {};
      const zone = str(o.timeZone) || ctx.workflow.timezone || 'UTC';
      for (const key of ['timeMin', 'timeMax', 'updatedMin'] as const) {
        if (!str(o[key])) continue;
        const dt = parseDateTime(o[key], zone);
        if (!dt) throw fail('options', `${key} "${str(o[key])}" is not a date-time`);
        query[key] = dt.toUTC().toISO({ suppressMilliseconds: true }) ?? undefined;
      }
      for (const [key, apiKey] of [['orderBy', 'orderBy'], ['query', 'q'], ['iCalUID', 'iCalUID'], ['timeZone', 'timeZone'], ['maxAttendees', 'maxAttendees'], ['fields', 'fields']] as const) if (str(o[key])) query[apiKey] = str(o[key]);
      for (const key of ['singleEvents', 'showDeleted', 'showHiddenInvitations'] as const) if (o[key] !== undefined) query[key] = String(o[key] === true);
      if (query.orderBy === 'startTime' && query.singleEvents !== 'true') throw fail('options', 'orderBy "startTime" needs singleEvents on (Google Calendar only orders single events by start)');
      const out: JsonObject[] = [];
      let pageToken: string | undefined;
      do {
        const maxResults = String(p.returnAll ? 2500 : Math.min(2500, p.limit - out.length));
        const page = await call('GET', '', { ...query, maxResults, pageToken });
        out.push(...(((page.items as JsonObject[] | undefined) ?? []) as JsonObject[]));
        pageToken = typeof page.nextPageToken === 'string' && page.nextPageToken ? page.nextPageToken : undefined;
      } while (pageToken && (p.returnAll || out.length < p.limit));
      return p.returnAll ? out : out.slice(0, p.limit);
    }
  }
}

export const googleCalendarNode = defineNode({
  type: 'googleCalendar',
  version: 1,
  displayName: 'Google Calendar',
  description: 'Create, read, update, delete and list events of a Google calendar',
  category: 'integration',
  icon: 'calendar-days',
  inputs: [{ name: 'main' }],
  outputs: [{ name: 'main' }],
  params: googleCalendarParams,
  credentials: [
    { name: 'googleCalendarOAuth2Api', type: 'googleCalendarOAuth2Api', types: ['googleCalendarOAuth2Api', 'googleOAuth2Api', 'oAuth2Api'], shownWhen: { authentication: ['oAuth2'] } },
    { name: 'googleApi', type: 'googleApi', shownWhen: { authentication: ['serviceAccount'] } },
  ],
  async execute(ctx) {
    if (ctx.items.length === 0) return { main: [] };
    const first = ctx.params(0);
    const auth = await authOf(ctx, first);
    const fetchImpl = ctx.services.fetch ?? globalThis.fetch;
    return perItem(ctx as NodeContext<unknown>, 'main', async (_item, i): Promise<Item[]> => {
      const out = await runItem(ctx, auth, fetchImpl, i === 0 ? first : ctx.params(i), i);
      return out.map((json) => ({ json, pairedItem: { item: i } }));
    });
  },
});

export default googleCalendarNode;
