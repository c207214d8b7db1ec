/**
 * The Telegram Bot API as the Telegram node uses it: POST {baseUrl}/bot<token>/<method> with a JSON body, or
 * multipart/form-data when a file is uploaded, and GET {baseUrl}/file/bot<token>/<file_path> to download a file.
 *
 * The bot token is part of every URL, so no URL is ever put in a message: errors name the method and the
 * base URL only, and scrub() removes the token from any text that could still carry it (a fetch error's
 * cause, an answer that echoes the path).
 */
import { NodeError } from '../sdk';

export interface TelegramCredential {
  accessToken: string;
  baseUrl: string;
}

/** Telegram's answer: { ok, result } or { ok: false, error_code, description }. */
export type TelegramAnswer = Record<string, unknown> & { ok?: boolean; result?: unknown; error_code?: number; description?: string };

/** The credential as stored (the form sends text), with n8n's default base URL. */
export function readCredential(data: Record<string, unknown>, nodeName: string): TelegramCredential {
  const accessToken = typeof data.accessToken === 'string' ? data.accessToken.trim() : '';
  if (!accessToken) throw new NodeError(`Node "${nodeName}", credential "telegramApi": the access token is empty`, { field: 'credentials' });
  const raw = typeof data.baseUrl === 'string' && data.baseUrl.trim() !== '' ? data.baseUrl.trim() : 'https://api.telegram.org';
  return { accessToken, baseUrl: raw.replace(/\/+$/, '') };
}

/** The text with every occurrence of the token (also URL-encoded) replaced. */
export function scrub(text: string, token: string): string {
  if (!token) return text;
  return text.split(token).join('***').split(encodeURIComponent(token)).join('***');
}

/** A failure calling Telegram: the method, and what Telegram or the network said, never the token. */
export class TelegramApiError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

function causeOf(err: unknown): string {
  const e = err as Error & { cause?: { message?: string; code?: string } };
  const cause = e.cause?.code ?? e.cause?.message;
  return cause ? `${e.message} (${cause})` : e.message;
}

async function send(cred: TelegramCredential, url: string, init: RequestInit, what: string): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (err) {
    if (init.signal?.aborted) throw init.signal.reason instanceof Error ? init.signal.reason : new Error('The execution was cancelled');
    throw new TelegramApiError(scrub(`${what}: cannot reach the Telegram API at ${cred.baseUrl}: ${causeOf(err)}`, cred.accessToken));
  }
}

/** Calls a Bot API method; resolves with Telegram's whole answer when ok is true. */
export async function callBot(cred: TelegramCredential, method: string, body: Record<string, unknown> | FormData, signal: AbortSignal): Promise<TelegramAnswer> {
  const url = `${cred.baseUrl}/bot${cred.accessToken}/${method}`;
  const init: RequestInit =
    body instanceof FormData ? { method: 'POST', body, signal } : { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' }, signal };
  const res = await send(cred, url, init, method);
  const text = await res.text();
  let answer: TelegramAnswer | undefined;
  try {
    answer = JSON.parse(text) as TelegramAnswer;
  } catch {
    answer = undefined;
  }
  if (!answer || typeof answer !== 'object') {
    throw new TelegramApiError(scrub(`${method}: answered HTTP ${res.status} with no JSON (${text.slice(0, 200)})`, cred.accessToken), res.status);
  }
  if (!res.ok || answer.ok === false) {
    const why = typeof answer.description === 'string' ? answer.description : `HTTP ${res.status}`;
    throw new TelegramApiError(scrub(`${method}: answered ${answer.error_code ?? res.status}: ${why}`, cred.accessToken), res.status);
  }
  return answer;
}

/** Downloads a file by the file_path getFile gave. */
export async function downloadFile(cred: TelegramCredential, filePath: string, signal: AbortSignal): Promise<{ bytes: Buffer; contentType?: string }> {
  const path = filePath.split('/').map(encodeURIComponent).join('/');
  const res = await send(cred, `${cred.baseUrl}/file/bot${cred.accessToken}/${path}`, { method: 'GET', signal }, 'file download');
  if (!res.ok) throw new TelegramApiError(scrub(`file download of "${filePath}": answered HTTP ${res.status}`, cred.accessToken), res.status);
  return { bytes: Buffer.from(await res.arrayBuffer()), contentType: res.headers.get('content-type') ?? undefined };
}

/** The credential "Test": getMe within timeoutMs; the message names the bot or what failed, never the token. */
export async function testTelegramCredential(data: Record<string, unknown>, timeoutMs = 10_000): Promise<{ ok: boolean; message: string }> {
  let cred: TelegramCredential;
  try {
    cred = readCredential(data, 'test');
  } catch {
    return { ok: false, message: 'The access token is empty.' };
  }
  try {
    const answer = await callBot(cred, 'getMe', {}, AbortSignal.timeout(timeoutMs));
    const bot = (answer.result ?? {}) as { username?: unknown };
    return { ok: true, message: `Telegram accepted the token${typeof bot.username === 'string' ? ` of bot @${bot.username}` : ''}.` };
  } catch (err) {
    const e = err as Error;
    const why = e.name === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s` : e.message;
    return { ok: false, message: scrub(`Telegram ${why}`, cred.accessToken) };
  }
}
