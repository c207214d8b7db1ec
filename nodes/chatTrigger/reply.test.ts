import { describe, expect, it } from 'vitest';
import { chatReply, type ChatExecution } from './reply';

const run = (nodeName: string, finishedAt: string, json: Record<string, unknown> | null, status = 'succeeded'): ChatExecution['nodeRuns'][number] => ({
  nodeName,
  status,
  finishedAt,
  outputItems: json ? { main: [{ json }] } : { main: [] },
});

describe('chatReply', () => {
  it("shows the last node's output, else its text, else its item", () => {
    const trigger = run('Chat', '2026-01-01T00:00:01Z', { chatInput: 'hi', sessionId: 's' });
    expect(chatReply({ status: 'succeeded', nodeRuns: [trigger, run('Agent', '2026-01-01T00:00:02Z', { output: 'Hello!' })] })).toEqual({ kind: 'reply', text: 'Hello!' });
    expect(chatReply({ status: 'succeeded', nodeRuns: [trigger, run('Chain', '2026-01-01T00:00:02Z', { text: 'From a chain' })] }).text).toBe('From a chain');
    expect(chatReply({ status: 'succeeded', nodeRuns: [trigger, run('Set', '2026-01-01T00:00:02Z', { a: 1 })] }).text).toBe('{\n  "a": 1\n}');
    // A node that output nothing (a filter) is not the reply; the later finisher is.
    expect(
      chatReply({ status: 'succeeded', nodeRuns: [trigger, run('Late', '2026-01-01T00:00:05Z', { output: 'late' }), run('Empty', '2026-01-01T00:00:09Z', null)] }).text,
    ).toBe('late');
  });

  it('shows the failing node and its message', () => {
    const failed = { ...run('Agent', '2026-01-01T00:00:02Z', null, 'failed'), error: { message: 'HTTP 401' } };
    expect(chatReply({ status: 'failed', nodeRuns: [failed], error: { message: 'x' } })).toEqual({ kind: 'error', text: 'Agent: HTTP 401' });
    expect(chatReply({ status: 'failed', nodeRuns: [], error: { message: 'no trigger' } })).toEqual({ kind: 'error', text: 'no trigger' });
  });
});
