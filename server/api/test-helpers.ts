/**
 * For handler tests: a tRPC caller acting as a given user (or signed out), on the run's database.
 */
import { createTestUser, testDb } from '../testing';
import { createCaller } from './root';
import { createContext } from './trpc';

export type TestUser = Awaited<ReturnType<typeof createTestUser>>['user'];

export function callerFor(user: TestUser | null) {
  const session = user ? { user: { id: user.id, email: user.email, name: user.name, role: user.role } } : null;
  return createCaller(createContext({ session, db: testDb() }));
}

export async function userAndCaller(role: 'admin' | 'user' = 'user') {
  const { user } = await createTestUser({ role });
  return { user, api: callerFor(user) };
}

/** manual trigger → transform, the smallest graph that validates. */
export function sampleGraph(value = 'hello') {
  return {
    nodes: [
      { id: 'trigger', name: 'Start', type: 'manualTrigger', typeVersion: 1, params: {}, position: [0, 0] as [number, number] },
      {
        id: 'set',
        name: 'Set',
        type: 'transform',
        typeVersion: 1,
        params: {},
        position: [200, 0] as [number, number],
        notes: value,
      },
    ],
    connections: [{ from: { node: 'trigger', port: 'main' }, to: { node: 'set', port: 'main' } }],
  };
}
