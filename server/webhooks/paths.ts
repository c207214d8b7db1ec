/**
 * Webhook paths: normalisation and `:param` matching. Paths are stored without leading or trailing slashes
 * ("orders/:id"); matching is case-sensitive and per segment.
 */

export class WebhookPathError extends Error {}

const SEGMENT = /^(:[A-Za-z_][A-Za-z0-9_]*|[A-Za-z0-9._~!$&'()*+,;=@%-]+)$/;

/** "/orders//:id/" -> "orders/:id". Throws WebhookPathError for characters a URL path cannot carry. */
export function normaliseWebhookPath(raw: string): string {
  const path = raw.trim().split('/').filter(Boolean).join('/');
  for (const seg of path.split('/')) {
    if (seg && !SEGMENT.test(seg)) throw new WebhookPathError(`"${raw}" is not a valid webhook path (segment "${seg}")`);
  }
  return path;
}

export function isDynamicPath(path: string): boolean {
  return path.split('/').some((s) => s.startsWith(':'));
}

/** Two dynamic paths conflict when they match the same URLs: "a/:x" and "a/:y" share the shape "a/:". */
export function pathShape(path: string): string {
  return path
    .split('/')
    .map((s) => (s.startsWith(':') ? ':' : s))
    .join('/');
}

export interface CompiledPath {
  segments: { literal?: string; param?: string }[];
  literalCount: number;
}

export function compilePath(path: string): CompiledPath {
  const segments = path.split('/').map((s) => (s.startsWith(':') ? { param: s.slice(1) } : { literal: s }));
  return { segments, literalCount: segments.filter((s) => s.literal !== undefined).length };
}

/** Matches request segments (already split, still URL-encoded) against a compiled path. */
export function matchPath(compiled: CompiledPath, parts: string[]): Record<string, string> | null {
  if (parts.length !== compiled.segments.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const seg = compiled.segments[i];
    if (seg.literal !== undefined) {
      if (seg.literal !== parts[i]) return null;
    } else {
      try {
        params[seg.param!] = decodeURIComponent(parts[i]);
      } catch {
        return null;
      }
    }
  }
  return params;
}

/** The path part of a request URL after the prefix, normalised like stored paths. */
export function requestPath(pathname: string, prefix: string): string {
  return pathname.slice(prefix.length).split('/').filter(Boolean).join('/');
}
