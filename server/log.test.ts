import { describe, expect, it } from 'vitest';
import { createLogger, redact, REDACTED } from './log';

function capture(level: 'debug' | 'info' | 'warn' | 'error' | 'silent' = 'debug') {
  const lines: string[] = [];
  const log = createLogger({ level, format: 'json', write: (l) => lines.push(l), name: 'test' });
  return { log, lines, parsed: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('logger', () => {
  it('writes one JSON object per line with level, name, message and fields', () => {
    const { log, parsed } = capture();
    log.info('execution started', { executionId: 'e1', nodes: 3 });
    const [line] = parsed();
    expect(line).toMatchObject({ level: 'info', name: 'test', msg: 'execution started', executionId: 'e1', nodes: 3 });
    expect(typeof line.time).toBe('string');
  });

  it('drops lines below the level, and silent drops everything', () => {
    const warnOnly = capture('warn');
    warnOnly.log.debug('d');
    warnOnly.log.info('i');
    warnOnly.log.warn('w');
    warnOnly.log.error('e');
    expect(warnOnly.parsed().map((l) => l.level)).toEqual(['warn', 'error']);
    const silent = capture('silent');
    silent.log.error('nothing');
    expect(silent.lines).toEqual([]);
  });

  it('child loggers add their bindings', () => {
    const { log, parsed } = capture();
    log.child({ executionId: 'e9' }).child({ nodeId: 'n1' }).warn('slow');
    expect(parsed()[0]).toMatchObject({ executionId: 'e9', nodeId: 'n1', msg: 'slow' });
  });

  it('redacts secret keys at any depth, and credential data', () => {
    const { log, lines } = capture();
    log.info('request', {
      password: 'p4ss',
      user: { apiKey: 'sk-1', name: 'Ada' },
      headers: { Authorization: 'Bearer abc', 'x-api-key': 'k', accept: 'json' },
      accessToken: 't1',
      refresh_token: 't2',
      clientSecret: 's',
      credential: { id: 'c1', type: 'openAiApi', data: { key: 'sk-live' } },
      credentials: [{ id: 'c2', data: 'ENCRYPTED' }],
      list: [{ token: 'x' }],
    });
    const text = lines.join('\n');
    for (const secret of ['p4ss', 'sk-1', 'Bearer abc', '"k"', 't1', 't2', '"s"', 'sk-live', 'ENCRYPTED', '"x"']) {
      expect(text).not.toContain(secret);
    }
    const line = JSON.parse(lines[0]);
    expect(line.user.name).toBe('Ada');
    expect(line.headers.accept).toBe('json');
    expect(line.credential).toEqual({ id: 'c1', type: 'openAiApi', data: REDACTED });
    expect(line.credentials[0]).toEqual({ id: 'c2', data: REDACTED });
  });

  it('keeps ordinary `data` fields and counts', () => {
    expect(redact({ data: { rows: 2 }, promptTokens: 12, tokensUsed: 30 })).toEqual({ data: { rows: 2 }, promptTokens: 12, tokensUsed: 30 });
  });

  it('serialises errors with their message and stack, and survives cycles', () => {
    const { log, parsed } = capture();
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    const err = Object.assign(new Error('boom'), { token: 'leak' });
    log.error('failed', { err, cyclic });
    const line = parsed()[0] as { err: Record<string, unknown>; cyclic: Record<string, unknown> };
    expect(line.err.message).toBe('boom');
    expect(line.err.stack).toContain('boom');
    expect(line.err.token).toBe(REDACTED);
    expect(line.cyclic.self).toBe('[circular]');
  });

  it('pretty format is one readable line', () => {
    const lines: string[] = [];
    createLogger({ level: 'info', format: 'pretty', write: (l) => lines.push(l), name: 'web' }).info('listening', { port: 3000, secret: 'x' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('[web] listening');
    expect(lines[0]).toContain('"port":3000');
    expect(lines[0]).not.toContain('"x"');
  });
});
