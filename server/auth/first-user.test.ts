/**
 * The first user becomes admin. Runs on its own empty database (a file of its own: vitest gives
 * each file a fresh process, but the run's database is shared, so this test uses a private one).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createDb } from '../db';
import { createTestDatabase, dropDatabase } from '../testing/database';
import { signUp } from './users';

describe('first user', () => {
  const name = `weft_test_first_${process.pid}_${Date.now().toString(36)}`;
  let url: string;
  let db: ReturnType<typeof createDb> | undefined;
  afterAll(async () => {
    await db?.$disconnect();
    if (url) await dropDatabase(url);
  });

  it('becomes admin, even when several sign up at once; later users do not', async () => {
    url = await createTestDatabase(process.env.DATABASE_URL!, name);
    db = createDb(url, 5);
    const users = await Promise.all([1, 2, 3, 4].map((i) => signUp(db!, { email: `u${i}@example.com`, password: 'password-123' })));
    expect(users.filter((u) => u.role === 'admin')).toHaveLength(1);
    const later = await signUp(db, { email: 'later@example.com', password: 'password-123' });
    expect(later.role).toBe('user');
  });
});
