/**
 * The one place LLM providers touch the network: a JSON POST with a timeout, the caller's AbortSignal,
 * and a couple of retries on rate limits and overloads. Error messages carry the provider's status and
 * message, never the request headers (API keys).
 */
import { abortableSleep } from '../engine/abort';
export class LlmHttpError extends Error {
  constructor(
    readonly status: number,
    readonly providerMessage: string,
    readonly url: string,
  ) {
    super(`LLM request to ${url} failed with HTTP ${status}: ${providerMessage}`);
    this.name = 'LlmHttpError';
  }
}

const RETRY_STATUSES = new Set([408, 429, 500, 502, 503, 504, 529]);
const MAX_RETRIES = 2;
export const DEFAULT_LLM_TIMEOUT_MS = 120_000;

/** A readable message out of an error body (OpenAI: {error:{message}}, Anthropic: {error:{message}}, else text). */
function errorMessage(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: { message?: string } | string; message?: string };
    if (typeof parsed.error === 'string') return parsed.error;
    if (parsed.error?.message) return parsed.error.message;
    if (parsed.message) return parsed.message;
  } catch {
    // not JSON
  }
  return body.slice(0, 500) || '(empty response)';
}

/** Where the request went, without query strings (some gateways take keys there). */
function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return 'an invalid URL';
  }
}

export async function postJson(
  url: string,
  headers: Record<string, string>,
  body: unknown,
  opts: { signal?: AbortSignal; timeoutMs?: number; fetchImpl?: typeof fetch } = {},
): Promise<unknown> {
  const { bytes } = await postRaw(url, { 'content-type': 'application/json', ...headers }, JSON.stringify(body), opts);
  const text = bytes.toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`LLM response from ${safeUrl(url)} is not JSON: ${text.slice(0, 200)}`);
  }
}

/**
 * A POST whose body is text or a multipart form (audio uploads) and whose answer may be bytes (speech,
 * images): the same timeout, retries and key-free errors as postJson. A FormData body sets its own
 * content-type.
 */
export async function postRaw(
  url: string,
  headers: Record<string, string>,
  body: string | FormData,
  opts: { signal?: AbortSignal; timeoutMs?: number; fetchImpl?: typeof fetch } = {},
): Promise<{ bytes: Buffer; contentType: string }> {
  const timeout = AbortSignal.timeout(opts.timeoutMs ?? DEFAULT_LLM_TIMEOUT_MS);
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
  const doFetch = opts.fetchImpl ?? fetch;
  for (let attempt = 0; ; attempt++) {
    let res: Response;
    try {
      res = await doFetch(url, { method: 'POST', headers, body, signal });
    } catch (err) {
      if (timeout.aborted && !opts.signal?.aborted) {
        throw new Error(`LLM request to ${safeUrl(url)} timed out after ${opts.timeoutMs ?? DEFAULT_LLM_TIMEOUT_MS} ms`);
      }
      if (signal.aborted) throw err;
      throw new Error(`LLM request to ${safeUrl(url)} failed: ${(err as Error).message}${(err as { cause?: Error }).cause ? ` (${(err as { cause: Error }).cause.message})` : ''}`);
    }
    const bytes = Buffer.from(await res.arrayBuffer());
    if (res.ok) return { bytes, contentType: res.headers.get('content-type') ?? '' };
    if (RETRY_STATUSES.has(res.status) && attempt < MAX_RETRIES) {
      const retryAfter = Number(res.headers.get('retry-after'));
      const wait = Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter * 1000, 10_000) : 500 * 2 ** attempt;
      await abortableSleep(wait, signal);
      continue;
    }
    throw new LlmHttpError(res.status, errorMessage(bytes.toString('utf8')), safeUrl(url));
  }
}

export function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
