/**
 * Google Sheets API access for the Google Sheets node: an access token from a service account (`googleApi`,
 * for the spreadsheets scope) or a plain bearer token (`httpBearerAuth`), both from ../google/auth.ts, and JSON
 * calls to the Sheets v4 REST API. The private key and tokens never appear in a message: errors name the
 * call, the status and what Google said, scrubbed of every secret the credential holds.
 */
import { causeOf, GoogleApiError, scrub, serviceAccountAuth as googleServiceAccountAuth, type GoogleAuth, type ServiceAccount } from '../google/auth';

// The service account, token cache and bearer token are shared by the Google nodes (../google/auth.ts).
export { bearerAuth, clearTokenCache, DEFAULT_TOKEN_URL, pemOf, readServiceAccount, scrub, GoogleApiError as SheetsApiError } from '../google/auth';
export type { ServiceAccount } from '../google/auth';
export type SheetsAuth = GoogleAuth;
const SheetsApiError = GoogleApiError;

export const SHEETS_SCOPE = 'https://www.googleapis.com/auth/spreadsheets';
export const DEFAULT_SHEETS_URL = 'https://sheets.googleapis.com';

export function serviceAccountAuth(sa: ServiceAccount): SheetsAuth {
  return googleServiceAccountAuth(sa, SHEETS_SCOPE);
}

/** One JSON call to the Sheets API (path relative to {baseUrl}/v4/spreadsheets). */
export async function callSheets(
  auth: SheetsAuth,
  baseUrl: string,
  method: string,
  path: string,
  body: unknown,
  signal: AbortSignal,
): Promise<Record<string, unknown>> {
  const url = `${baseUrl}/v4/spreadsheets/${path}`;
  const what = `${method} ${path.split('?')[0]}`;
  const send = async (token: string): Promise<Response> => {
    try {
      return await fetch(url, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
      });
    } catch (err) {
      if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('The execution was cancelled');
      throw new SheetsApiError(scrub(`${what}: cannot reach the Sheets API at ${baseUrl}: ${causeOf(err)}`, auth.secrets));
    }
  };
  const token = await auth.token(signal);
  let res = await send(token);
  // OAuth2: a token revoked or expired early gets one refresh (the runtime's, shared with other runs).
  if (res.status === 401 && auth.refresh) {
    await res.body?.cancel().catch(() => {});
    res = await send(await auth.refresh(token, signal));
  }
  const raw = await res.text();
  let json: Record<string, unknown> | undefined;
  try {
    json = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  } catch {
    json = undefined;
  }
  if (!res.ok || !json) {
    const err = json?.error as { message?: string } | undefined;
    const why = typeof err?.message === 'string' ? err.message : raw.slice(0, 200);
    throw new SheetsApiError(scrub(`${what}: Google answered HTTP ${res.status}: ${why}`, auth.secrets), res.status);
  }
  return json;
}
