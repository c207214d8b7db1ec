/**
 * n8n's Google Calendar node (n8n-nodes-base.googleCalendar v1-v1.3) into nodes/googleCalendar: event create,
 * get, getAll, update, delete. The calendar locator becomes its value; additionalFields, updateFields and options
 * keep n8n's keys (v1.3's top-level timeMin / timeMax go into options, its recurringEventHandling
 * 'expand' becomes singleEvents). A googleApi credential means a service
 * account. Not supported: the calendar resource (availability), event instances / moves. The reverse mapper is
 * ../reverse/googleCalendar.ts.
 */
import type { Mapper } from './types';
import { bool, locatorValue, num, obj, str, type Params } from './util';

/** A limit: a number, or an expression kept as is (a tool's $fromAI('Limit', ...)). */
const limitOf = (v: unknown, fallback: number): number | string => (typeof v === 'string' && v.trim().startsWith('=') ? v : num(v, fallback));

const OPERATIONS = ['create', 'get', 'getAll', 'update', 'delete'];
const UNSUPPORTED_FIELDS = ['recurrence'];

export const googleCalendar: Mapper = (ctx) => {
  const p = ctx.params;
  const resource = str(p.resource, 'event');
  const operation = str(p.operation, 'create');
  if (resource !== 'event') return { unsupported: `Google Calendar ${resource} operations are not supported` };
  if (!OPERATIONS.includes(operation)) return { unsupported: `Google Calendar event operation "${operation}" is not supported` };
  const creds = obj(ctx.node.credentials);
  const params: Params = { authentication: 'googleApi' in creds && !('googleCalendarOAuth2Api' in creds) ? 'serviceAccount' : 'oAuth2', resource, operation, calendar: locatorValue(p.calendar) };
  if (operation !== 'create' && operation !== 'getAll') params.eventId = str(p.eventId);
  const fieldsKey = operation === 'create' ? 'additionalFields' : operation === 'update' ? 'updateFields' : undefined;
  if (operation === 'create') {
    const now = ctx.version >= 1.1 ? '={{ $now }}' : '';
    Object.assign(params, { start: str(p.start, now), end: str(p.end, ctx.version >= 1.1 ? "={{ $now.plus(1, 'hour') }}" : '') });
  }
  if (operation === 'create' || operation === 'update') params.useDefaultReminders = bool(p.useDefaultReminders, true);
  if (fieldsKey) {
    const f = { ...obj(p[fieldsKey]) };
    for (const key of UNSUPPORTED_FIELDS) if (f[key] !== undefined) ctx.warn(`Google Calendar: ${fieldsKey}.${key} (recurring events) is not supported and is ignored`);
    params[fieldsKey] = f;
  }
  if (operation !== 'create' && operation !== 'update') {
    const options = { ...obj(p.options) };
    for (const key of ['timeMin', 'timeMax'] as const) if (p[key] !== undefined && options[key] === undefined) options[key] = p[key];
    // 1.3's recurringEventHandling: 'expand' is Google's singleEvents; 'first' and 'next' are not built.
    const recurring = options.recurringEventHandling;
    delete options.recurringEventHandling;
    if (recurring === 'expand') options.singleEvents = true;
    else if (recurring !== undefined) ctx.warn(`Google Calendar: recurring event handling "${str(recurring)}" is not supported; each recurring event is returned once`);
    params.options = options;
  }
  if (operation === 'getAll') Object.assign(params, { returnAll: bool(p.returnAll, false), limit: limitOf(p.limit, 50) });
  return { type: 'googleCalendar', params };
};
