import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Operator passwords: node's scrypt (no extra dependency) with a per-operator random salt. Parameters are
 * stored with the hash, so they can be raised later without locking anybody out. N = 2^15 costs ~32 MiB and
 * tens of milliseconds: fine for a sign-in, expensive for a guesser holding a copy of the database.
 */
const PARAMS = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, o: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, o, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export interface StoredPassword {
  /** `scrypt$N$r$p$<hex key>` */
  readonly hash: string;
  readonly salt: string;
}

export async function hashPassword(password: string): Promise<StoredPassword> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS);
  return {
    hash: `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${key.toString('hex')}`,
    salt: salt.toString('hex'),
  };
}

export async function verifyPassword(password: string, stored: StoredPassword): Promise<boolean> {
  const [kind, n, r, p, hex] = stored.hash.split('$');
  if (kind !== 'scrypt' || !hex) return false;
  const expected = Buffer.from(hex, 'hex');
  const key = await derive(password, Buffer.from(stored.salt, 'hex'), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: PARAMS.maxmem,
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A password an operator may choose: long enough to resist a guess at the counter, short enough to type. */
export function passwordProblem(password: string): 'TOO_SHORT' | 'TOO_LONG' | null {
  if ([...password].length < 10) return 'TOO_SHORT';
  if (password.length > 256) return 'TOO_LONG';
  return null;
}
