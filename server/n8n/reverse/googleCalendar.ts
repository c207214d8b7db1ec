/**
 * nodes/googleCalendar back into n8n's Google Calendar node v1.2: the calendar as an ID locator, collections as
 * they are, n8n's defaults left out. A service account exports as authentication 'serviceAccount' with its
 * googleApi slot (n8n's Calendar node itself only offers OAuth2: a warning says so).
 */
import { setIf, str, type Params, type ReverseMapper } from './types';

const obj = (v: unknown): Params => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Params) : {});

export const googleCalendar: ReverseMapper = ({ params: p, warn }) => {
  const operation = str(p.operation, 'create');
  if (p.authentication === 'serviceAccount') warn('Google Calendar: n8n\'s Calendar node signs in with OAuth2 only; the service account (googleApi) is exported as is');
  if (str(p.apiUrl) !== '' && p.apiUrl !== 'https://www.googleapis.com') warn('Google Calendar: n8n always calls https://www.googleapis.com; the API address is not exported');
  const out: Params = {};
  setIf(out, 'operation', operation, 'create');
  out.calendar = { __rl: true, value: str(p.calendar), mode: 'id' };
  if (operation !== 'create' && operation !== 'getAll') out.eventId = str(p.eventId);
  if (operation === 'create') Object.assign(out, { start: str(p.start), end: str(p.end) });
  if (operation === 'create' || operation === 'update') setIf(out, 'useDefaultReminders', p.useDefaultReminders, true);
  if (operation === 'create') out.additionalFields = obj(p.additionalFields);
  if (operation === 'update') out.updateFields = obj(p.updateFields);
  if (operation === 'getAll') {
    setIf(out, 'returnAll', p.returnAll, false);
    if (p.returnAll !== true) setIf(out, 'limit', p.limit, 50);
  }
  if (operation !== 'create' && operation !== 'update') out.options = obj(p.options);
  return { type: 'n8n-nodes-base.googleCalendar', typeVersion: 1.2, parameters: out };
};
