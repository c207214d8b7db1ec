/**
 * "Test" for a credential: LLM API keys are tried with a minimal request (list models) against the
 * configured base URL; a Redis credential connects and sends PING; Telegram asks getMe; SMTP connects and logs in;
 * other types only have their shape checked.
 */
import { credentialSchemaFor } from './types';
import { pingRedis } from '../../nodes/redis/client';
import { testTelegramCredential } from '../../nodes/telegram/api';
import { verifySmtp } from '../../nodes/emailSend';

export interface CredentialTestResult {
  ok: boolean;
  message: string;
}

const TIMEOUT_MS = 10_000;

function trimSlash(u: string): string {
  return u.replace(/\/+$/, '');
}

async function probe(url: string, headers: Record<string, string>, label: string): Promise<CredentialTestResult> {
  try {
    const res = await fetch(url, { headers, signal: AbortSignal.timeout(TIMEOUT_MS), redirect: 'error' });
    await res.body?.cancel().catch(() => {});
    if (res.ok) return { ok: true, message: `${label} accepted the key.` };
    if (res.status === 401 || res.status === 403) return { ok: false, message: `${label} refused the key (HTTP ${res.status}).` };
    return { ok: false, message: `${label} answered HTTP ${res.status} for ${new URL(url).pathname}.` };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    const why = e.name === 'TimeoutError' ? `no answer within ${TIMEOUT_MS / 1000} s` : (e.cause?.code ?? e.message);
    return { ok: false, message: `Could not reach ${label} at ${new URL(url).origin}: ${why}.` };
  }
}

export async function testCredential(type: string, data: Record<string, unknown>): Promise<CredentialTestResult> {
  const parsed = credentialSchemaFor(type).safeParse(data);
  if (!parsed.success) {
    return { ok: false, message: parsed.error.issues.map((i) => `${i.path.join('.') || 'data'}: ${i.message}`).join('; ') };
  }
  const d = parsed.data as Record<string, string | undefined>;
  if (type === 'openAiApi') {
    const base = trimSlash(d.baseUrl || 'https://api.openai.com/v1');
    const headers: Record<string, string> = { authorization: `Bearer ${d.apiKey}` };
    if (d.organization) headers['openai-organization'] = d.organization;
    return probe(`${base}/models`, headers, 'The OpenAI-compatible API');
  }
  if (type === 'anthropicApi') {
    const base = trimSlash(d.baseUrl || 'https://api.anthropic.com');
    return probe(`${base}/v1/models`, { 'x-api-key': d.apiKey!, 'anthropic-version': '2023-06-01' }, 'The Anthropic API');
  }
  if (type === 'redis') return pingRedis(parsed.data, TIMEOUT_MS);
  if (type === 'telegramApi') return testTelegramCredential(parsed.data, TIMEOUT_MS);
  if (type === 'smtp') return verifySmtp(parsed.data, TIMEOUT_MS);
  return { ok: true, message: 'The credential has every required field.' };
}
