import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

// Raw bytes (OCPP allows binary passwords); N=2^14 is ~45 ms per connect, bearable in a reconnect storm.
const PARAMS = { N: 16384, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

function derive(password: Uint8Array, salt: Buffer, o: { N: number; r: number; p: number }): Promise<Buffer> {
  const opts: ScryptOptions = { N: o.N, r: o.r, p: o.p, maxmem: 256 * o.N * o.r };
  return new Promise((resolve, reject) =>
    scrypt(password, salt, KEY_LENGTH, opts, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

const bytes = (p: string | Uint8Array) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p);

/** `scrypt$N$r$p$salt$hash`, salt and hash in base64url. */
export async function hashChargerPassword(password: string | Uint8Array): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(bytes(password), salt, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyChargerPassword(password: string | Uint8Array, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await derive(bytes(password), Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A hash no password matches, checked for unknown chargers so they take as long as known ones. */
export const DUMMY_HASH = `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`;

/** 24 random bytes: 32 base64url characters, inside OCPP's 16–40 character password range. */
export function generateChargerPassword(): string {
  return randomBytes(24).toString('base64url');
}
