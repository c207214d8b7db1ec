import { describe, expect, it } from 'vitest';
import { createTestUser, testDb } from '../testing';
import { createChatMemory } from './memory';

async function workflowOf(ownerId: string) {
  return testDb().workflow.create({ data: { name: 'chat', ownerId, graph: { nodes: [], connections: [] } } });
}

const exchange = (n: number) => [
  { role: 'user' as const, content: `q${n}` },
  { role: 'assistant' as const, content: `a${n}` },
];

describe('chat memory in Postgres', () => {
  it('loads the last messages of a session, oldest first', async () => {
    const { user } = await createTestUser();
    const wf = await workflowOf(user.id);
    const memory = createChatMemory(testDb(), { workflowId: wf.id, ownerId: user.id });
    expect(await memory.load('s', 10)).toEqual([]);
    for (let n = 1; n <= 4; n++) await memory.append('s', exchange(n));
    expect((await memory.load('s', 4)).map((m) => `${m.role}:${m.content}`)).toEqual(['user:q3', 'assistant:a3', 'user:q4', 'assistant:a4']);
    expect(await memory.load('s', 0)).toEqual([]);
    expect(await memory.load('s', 100)).toHaveLength(8);
  });

  it('keeps at most maxMessages per session, dropping the oldest', async () => {
    const { user } = await createTestUser();
    const wf = await workflowOf(user.id);
    const memory = createChatMemory(testDb(), { workflowId: wf.id, ownerId: user.id }, { maxMessages: 4 });
    const other = createChatMemory(testDb(), { workflowId: wf.id, ownerId: user.id }, { maxMessages: 4 });
    await other.append('other', exchange(0));
    for (let n = 1; n <= 3; n++) await memory.append('s', exchange(n));
    const rows = await testDb().chatMessage.findMany({ where: { workflowId: wf.id, sessionKey: 's' }, orderBy: { id: 'asc' } });
    expect(rows.map((r) => r.content)).toEqual(['q2', 'a2', 'q3', 'a3']);
    // Another session of the same workflow is not trimmed by this one.
    expect((await other.load('other', 10)).map((m) => m.content)).toEqual(['q0', 'a0']);
  });

  it('keeps sessions apart between workflows and between owners', async () => {
    const { user: ada } = await createTestUser();
    const { user: bob } = await createTestUser();
    const wf1 = await workflowOf(ada.id);
    const wf2 = await workflowOf(ada.id);
    const adaWf1 = createChatMemory(testDb(), { workflowId: wf1.id, ownerId: ada.id });
    const adaWf2 = createChatMemory(testDb(), { workflowId: wf2.id, ownerId: ada.id });
    const bobWf1 = createChatMemory(testDb(), { workflowId: wf1.id, ownerId: bob.id });
    const nobodyWf1 = createChatMemory(testDb(), { workflowId: wf1.id, ownerId: null });
    await adaWf1.append('same-key', exchange(1));
    await adaWf2.append('same-key', exchange(2));
    await bobWf1.append('same-key', exchange(3));
    await nobodyWf1.append('same-key', exchange(4));
    expect((await adaWf1.load('same-key', 10)).map((m) => m.content)).toEqual(['q1', 'a1']);
    expect((await adaWf2.load('same-key', 10)).map((m) => m.content)).toEqual(['q2', 'a2']);
    expect((await bobWf1.load('same-key', 10)).map((m) => m.content)).toEqual(['q3', 'a3']);
    expect((await nobodyWf1.load('same-key', 10)).map((m) => m.content)).toEqual(['q4', 'a4']);
    expect(await adaWf1.load('other-key', 10)).toEqual([]);
  });

  it('remembers only user and assistant messages', async () => {
    const { user } = await createTestUser();
    const wf = await workflowOf(user.id);
    const memory = createChatMemory(testDb(), { workflowId: wf.id, ownerId: user.id });
    await memory.append('s', [{ role: 'system', content: 'sys' }, { role: 'tool', toolCallId: 't', name: 'x', content: 'r' }, ...exchange(1)]);
    expect((await memory.load('s', 10)).map((m) => m.role)).toEqual(['user', 'assistant']);
  });
});
