/** Reading an incoming request's headers, for webhook triggers and resume URLs alike. */
import type { IncomingMessage } from 'node:http';

export function headerValue(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  const s = Array.isArray(v) ? v[0] : v;
  return s && s.trim() ? s.trim() : undefined;
}

/** Request headers as the trigger emits them; the header that carried a secret is redacted. */
export function requestHeaders(req: IncomingMessage, secretHeader: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined) continue;
    out[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  if (secretHeader && out[secretHeader] !== undefined) out[secretHeader] = '[redacted]';
  return out;
}
