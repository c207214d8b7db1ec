/**
 * Google Calendar node against a fake Calendar API on 127.0.0.1: create (start / end with and without offsets,
 * all-day, attendees with names, a Meet conference, reminders), update as a PATCH, get, delete, getAll with
 * n8n's options as query parameters and paging, the OAuth2 token refreshed once on 401, a service account with
 * the Calendar scope, and errors naming node and field without the token.
 */
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeContext, runNode, jsonOf } from '../../server/engine/testing/node-context';
import { startFakeApi, type FakeApi } from '../../server/testing/fake-api';
import { clearTokenCache } from '../google/auth';
import { attendeesOf, googleCalendarNode } from './index';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
let api: FakeApi<Body>;
const TOKEN = 'ya29.calendar-token';
const CAL = 'team@group.calendar.google.com';
const EVENTS = `/calendar/v3/calendars/${encodeURIComponent(CAL)}/events`;

beforeAll(async () => {
  api = await startFakeApi<Body>();
});
afterAll(() => api.close());
beforeEach(() => {
  api.reset();
  clearTokenCache();
  api.routes = {
    'POST /token': () => ({ body: { access_token: 'sa-token', expires_in: 3600 } }),
    'POST /calendar/v3/calendars/:cal/events': (r) => ({ body: { id: 'ev1', status: 'confirmed', ...r.body } }),
    'GET /calendar/v3/calendars/:cal/events': (r) =>
      r.query.pageToken === 'p2' ? { body: { items: [{ id: 'e3' }] } } : { body: { items: [{ id: 'e1' }, { id: 'e2' }], nextPageToken: 'p2' } },
    'GET /calendar/v3/calendars/:cal/events/:id': (r) => (r.params.id === 'gone' ? { status: 404, body: { error: { code: 404, message: 'Not Found' } } } : { body: { id: r.params.id, summary: 'Standup' } }),
    'PATCH /calendar/v3/calendars/:cal/events/:id': (r) => ({ body: { id: r.params.id, ...r.body } }),
    'DELETE /calendar/v3/calendars/:cal/events/:id': () => ({ status: 204 }),
  };
});

const run = (params: Record<string, unknown>, opts: { timezone?: string } = {}) =>
  runNode(googleCalendarNode, { params: { apiUrl: api.url, calendar: CAL, ...params }, items: [{}], credentials: { googleCalendarOAuth2Api: { accessToken: TOKEN } }, node: { name: 'Calendar' }, ...opts });

describe('googleCalendar node: events', () => {
  it('creates an event: UTC times, attendees, a Meet conference and default reminders', async () => {
    const out = await run({
      start: '2020-12-17T18:08:49.000Z',
      end: '2020-12-17T18:38:49.000Z',
      additionalFields: { summary: 'n8n coffee catchup', attendees: ['a@x.io,b@x.io', 'Cy <c@x.io>'], guestsCanModify: true, conferenceDataUi: { conferenceDataValues: { conferenceSolution: 'hangoutsMeet' } }, sendUpdates: 'all' },
    });
    const [r] = api.requests;
    expect(`${r.method} ${r.path}`).toBe(`POST ${EVENTS}`);
    expect(r.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(r.query).toEqual({ conferenceDataVersion: '1', sendUpdates: 'all' });
    expect(r.body).toMatchObject({
      start: { dateTime: '2020-12-17T18:08:49Z', timeZone: 'UTC' },
      end: { dateTime: '2020-12-17T18:38:49Z', timeZone: 'UTC' },
      summary: 'n8n coffee catchup',
      attendees: [{ email: 'a@x.io' }, { email: 'b@x.io' }, { email: 'c@x.io', displayName: 'Cy' }],
      guestsCanModify: true,
      reminders: { useDefault: true },
      conferenceData: { createRequest: { conferenceSolutionKey: { type: 'hangoutsMeet' } } },
    });
    expect(r.body!.conferenceData.createRequest.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(jsonOf(out)).toMatchObject([{ id: 'ev1', summary: 'n8n coffee catchup' }]);
  });

  it('a time without an offset is in the workflow\'s (or the given) time zone, sent as UTC; all-day events send dates', async () => {
    await run({ start: '2026-11-23 9:30', end: '2026-11-23 10:00', additionalFields: { description: 'd' } }, { timezone: 'Europe/Berlin' });
    expect(api.requests[0].body).toMatchObject({ start: { dateTime: '2026-11-23T08:30:00Z', timeZone: 'Europe/Berlin' }, end: { dateTime: '2026-11-23T09:00:00Z', timeZone: 'Europe/Berlin' }, description: 'd' });
    await run({ start: '2026-07-01T09:00:00', end: '2026-07-01T10:00:00', additionalFields: { timezone: 'America/New_York' } }, { timezone: 'Europe/Berlin' });
    expect(api.requests[1].body).toMatchObject({ start: { dateTime: '2026-07-01T13:00:00Z', timeZone: 'America/New_York' } });
    await run({ start: '2026-11-23T00:00:00Z', end: '2026-11-24', additionalFields: { allday: 'yes' } });
    expect(api.requests[2].body).toMatchObject({ start: { date: '2026-11-23' }, end: { date: '2026-11-24' } });
  });

  it('recurring events: n8n\'s rrule, or repeatFrecuency with a count or an end date', async () => {
    const when = { start: '2026-11-23T10:00:00Z', end: '2026-11-23T11:00:00Z' };
    await run({ ...when, additionalFields: { rrule: 'FREQ=WEEKLY;BYDAY=MO' } });
    await run({ ...when, additionalFields: { repeatFrecuency: 'daily', repeatHowManyTimes: 5 } });
    await run({ ...when, additionalFields: { repeatFrecuency: 'monthly', repeatUntil: '2027-01-31T00:00:00Z' } });
    expect(api.requests.map((r) => r.body!.recurrence)).toEqual([['RRULE:FREQ=WEEKLY;BYDAY=MO'], ['RRULE:FREQ=DAILY;COUNT=5'], ['RRULE:FREQ=MONTHLY;UNTIL=20270131T000000Z']]);
    await expect(run({ ...when, additionalFields: { repeatFrecuency: 'hourly' } })).rejects.toThrow('field "additionalFields" (item 0): repeatFrecuency "hourly" is not daily, weekly, monthly or yearly');
  });

  it('an empty start is now and an empty end an hour later (n8n 1.1+)', async () => {
    const before = Date.now();
    await run({ start: '', end: '' });
    const body = api.requests[0].body!;
    const start = Date.parse(body.start.dateTime);
    expect(start).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(Date.parse(body.end.dateTime) - start).toBe(3_600_000);
  });

  it('update: attendeesUi adds to the event\'s attendees (after reading them) or replaces them; all-day and timed clear each other', async () => {
    api.routes['GET /calendar/v3/calendars/:cal/events/:id'] = () => ({ body: { id: 'ev1', attendees: [{ email: 'old@x.io', responseStatus: 'accepted' }] } });
    await run({ operation: 'update', eventId: 'ev1', updateFields: { attendeesUi: { values: { mode: 'add', attendees: ['new@x.io'] } } } });
    expect(api.requests.map((r) => [r.method, r.body])).toEqual([
      ['GET', undefined],
      ['PATCH', { attendees: [{ email: 'old@x.io', responseStatus: 'accepted' }, { email: 'new@x.io' }] }],
    ]);
    await run({ operation: 'update', eventId: 'ev1', updateFields: { attendeesUi: { values: { mode: 'replace', attendees: ['only@x.io'] } } } });
    expect(api.requests.slice(2).map((r) => [r.method, r.body])).toEqual([['PATCH', { attendees: [{ email: 'only@x.io' }] }]]);
    await run({ operation: 'update', eventId: 'ev1', updateFields: { start: '2026-08-10T09:00:00', end: '2026-08-10T10:00:00', timezone: 'Europe/Berlin' } });
    expect(api.requests[3].body).toEqual({ start: { dateTime: '2026-08-10T07:00:00Z', timeZone: 'Europe/Berlin', date: null }, end: { dateTime: '2026-08-10T08:00:00Z', timeZone: 'Europe/Berlin', date: null } });
    await run({ operation: 'update', eventId: 'ev1', updateFields: { allday: 'yes', start: '2026-08-10T09:00:00', end: '2026-08-11T10:00:00' } });
    expect(api.requests[4].body).toEqual({ start: { date: '2026-08-10', dateTime: null }, end: { date: '2026-08-11', dateTime: null } });
  });

  it('updates with a PATCH of the changed fields (attendees replace the list), gets and deletes', async () => {
    const out = await run({ operation: 'update', eventId: 'ev1', updateFields: { attendees: ['Ann <ann@x.io>'], summary: 'Renamed', end: '2026-11-23T11:00:00Z' } });
    expect(api.requests[0]).toMatchObject({ method: 'PATCH', path: `${EVENTS}/ev1`, body: { attendees: [{ email: 'ann@x.io', displayName: 'Ann' }], summary: 'Renamed', end: { dateTime: '2026-11-23T11:00:00Z' } } });
    expect(api.requests[0].body!.start).toBeUndefined();
    expect(api.requests[0].body!.reminders).toBeUndefined();
    expect(jsonOf(out)).toMatchObject([{ id: 'ev1', summary: 'Renamed' }]);
    expect(jsonOf(await run({ operation: 'get', eventId: 'ev1', options: { timeZone: 'UTC' } }))).toEqual([{ id: 'ev1', summary: 'Standup' }]);
    expect(api.requests[1].query).toEqual({ timeZone: 'UTC' });
    await run({ operation: 'get', eventId: 'ev1', options: { fields: 'id,summary' } });
    expect(api.requests.splice(2, 1)[0].query).toEqual({ fields: 'id,summary' });
    expect(jsonOf(await run({ operation: 'delete', eventId: 'ev1', options: { sendUpdates: 'none' } }))).toEqual([{ success: true }]);
    expect(api.requests[2]).toMatchObject({ method: 'DELETE', path: `${EVENTS}/ev1`, query: { sendUpdates: 'none' } });
  });

  it('getAll sends n8n\'s options as query parameters and pages up to the limit or through every page', async () => {
    const out = await run({ operation: 'getAll', limit: 1, options: { orderBy: 'startTime', singleEvents: true, timeMin: '2026-11-23T10:00:00+01:00', timeMax: '2026-11-23T11:00:00Z', query: 'standup' } });
    expect(jsonOf(out)).toEqual([{ id: 'e1' }]);
    expect(api.requests.map((r) => r.query)).toEqual([{ orderBy: 'startTime', singleEvents: 'true', timeMin: '2026-11-23T09:00:00Z', timeMax: '2026-11-23T11:00:00Z', q: 'standup', maxResults: '1' }]);
    const all = await run({ operation: 'getAll', returnAll: true });
    expect(jsonOf(all)).toEqual([{ id: 'e1' }, { id: 'e2' }, { id: 'e3' }]);
    expect(api.requests.slice(1).map((r) => r.query)).toEqual([{ maxResults: '2500' }, { maxResults: '2500', pageToken: 'p2' }]);
    await run({ operation: 'getAll', options: { timeMin: '2024-12-20T00:00:00', updatedMin: 1734652800000, timeZone: 'Europe/Berlin' } });
    expect(api.requests[3].query).toMatchObject({ timeMin: '2024-12-19T23:00:00Z', updatedMin: '2024-12-20T00:00:00Z', timeZone: 'Europe/Berlin' });
  });

  it('parses attendees with and without names', () => {
    expect(attendeesOf(['"Bo B" <bo@x.io>, cy@x.io', ''])).toEqual([{ email: 'bo@x.io', displayName: 'Bo B' }, { email: 'cy@x.io' }]);
  });
});

describe('googleCalendar node: auth and errors', () => {
  it('asks for a fresh OAuth2 token once when Google answers 401', async () => {
    api.routes = { 'GET /calendar/v3/calendars/:cal/events/:id': (r) => (r.headers.authorization === 'Bearer new-token' ? { body: { id: 'ev1' } } : { status: 401, body: { error: { message: 'Invalid Credentials' } } }) };
    const asked: unknown[] = [];
    const ctx = makeContext({ def: googleCalendarNode, params: { apiUrl: api.url, calendar: CAL, operation: 'get', eventId: 'ev1' }, items: [{}], node: { name: 'Calendar' } });
    ctx.credentials = async (slot: string, opts?: { rejected?: string }) => {
      asked.push([slot, opts?.rejected]);
      return { accessToken: opts?.rejected ? 'new-token' : 'old-token' };
    };
    expect(jsonOf((await googleCalendarNode.execute(ctx as never)) as never)).toEqual([{ id: 'ev1' }]);
    expect(asked).toEqual([['googleCalendarOAuth2Api', undefined], ['googleCalendarOAuth2Api', 'old-token']]);
  });

  it('uses a service account with the Calendar scope', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    await runNode(googleCalendarNode, {
      params: { apiUrl: api.url, authentication: 'serviceAccount', calendar: CAL, operation: 'get', eventId: 'ev1' },
      items: [{}],
      credentials: { googleApi: { email: 'robot@p.iam.gserviceaccount.com', privateKey, delegatedEmail: 'me@example.com', tokenUrl: `${api.url}/token` } },
    });
    const assertion = new URLSearchParams(api.requests[0].text).get('assertion')!;
    expect(JSON.parse(Buffer.from(assertion.split('.')[1], 'base64url').toString())).toMatchObject({ iss: 'robot@p.iam.gserviceaccount.com', sub: 'me@example.com', scope: 'https://www.googleapis.com/auth/calendar' });
    expect(api.requests[1].headers.authorization).toBe('Bearer sa-token');
  });

  it('names the node and the field; never the token', async () => {
    await expect(run({ operation: 'get', eventId: 'gone' })).rejects.toThrow('Node "Calendar", field "eventId" (item 0): Google Calendar GET events/gone: Google answered HTTP 404: Not Found');
    api.reset();
    await expect(run({ calendar: '' })).rejects.toThrow('Node "Calendar", field "calendar" (item 0): is empty');
    await expect(run({ start: 'soon', end: '2026-11-23T10:00:00Z' })).rejects.toThrow('Node "Calendar", field "start" (item 0): "soon" is not a date-time');
    await expect(run({ start: '2026-11-23T10:00:00Z', end: 'later' })).rejects.toThrow('field "end" (item 0): "later" is not a date-time');
    await expect(run({ operation: 'delete' })).rejects.toThrow('field "eventId" (item 0): is empty; event delete needs it');
    await expect(run({ operation: 'getAll', options: { orderBy: 'startTime' } })).rejects.toThrow('field "options" (item 0): orderBy "startTime" needs singleEvents on');
    expect(api.requests).toEqual([]);
    api.routes = { '*': (r) => ({ status: 403, body: { error: { message: `denied for ${String(r.headers.authorization)}` } } }) };
    const err = await run({ start: '2026-11-23T10:00:00Z', end: '2026-11-23T11:00:00Z' }).catch((e: Error) => e);
    expect(String(err)).toContain('field "calendar"');
    expect(String(err)).not.toContain(TOKEN);
  });
});
