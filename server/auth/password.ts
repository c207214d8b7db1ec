import bcrypt from 'bcryptjs';

/** bcrypt cost: ~100 ms per hash (bcryptjs, pure JS) on the target machines, slow enough against offline guessing. */
export const BCRYPT_COST = 10;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, BCRYPT_COST);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

/** A hash to compare against when the email is unknown, so timing does not reveal which emails exist. */
let dummy: string | undefined;
export async function dummyHash(): Promise<string> {
  dummy ??= await bcrypt.hash('weft-timing-equaliser', BCRYPT_COST);
  return dummy;
}
