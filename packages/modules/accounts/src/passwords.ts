import { readFileSync } from 'node:fs';
import argon2 from 'argon2';
import { AppError } from '@marque/kernel';

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 128;

/** Hashing behind an interface so tests can use cheap argon2 parameters. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
}

/** argon2id; the defaults are OWASP's minimum (19 MiB, 2 passes, 1 lane). */
export function argon2Hasher(opts: { memoryCost?: number; timeCost?: number } = {}): PasswordHasher {
  const params = { type: argon2.argon2id, memoryCost: opts.memoryCost ?? 19_456, timeCost: opts.timeCost ?? 2, parallelism: 1 };
  return {
    hash: (password) => argon2.hash(password.normalize('NFKC'), params),
    async verify(hash, password) {
      try {
        return await argon2.verify(hash, password.normalize('NFKC'));
      } catch {
        return false;
      }
    },
  };
}

let common: Set<string> | undefined;

function commonPasswords(): Set<string> {
  common ??= new Set(
    readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8')
      .split('\n')
      .map((l) => l.trim().toLowerCase())
      .filter((l) => l && !l.startsWith('#')),
  );
  return common;
}

/** NIST SP 800-63B in spirit: length, not composition rules; refuse known and context-specific passwords. */
export function checkPasswordPolicy(password: string, email: string, field = 'password'): void {
  const length = [...password.normalize('NFKC')].length;
  if (length < PASSWORD_MIN) {
    throw AppError.invalidField(field, `The password must have at least ${PASSWORD_MIN} characters.`, 'password.too_short');
  }
  if (length > PASSWORD_MAX) {
    throw AppError.invalidField(field, `The password may have at most ${PASSWORD_MAX} characters.`, 'password.too_long');
  }
  const lower = password.toLowerCase();
  const e = email.trim().toLowerCase();
  if (lower === e || lower === e.split('@')[0]) {
    throw AppError.invalidField(field, 'The password must not be your e-mail address.', 'password.is_email');
  }
  if (commonPasswords().has(lower) || /^(.)\1+$/.test(lower)) {
    throw AppError.invalidField(
      field,
      'This password is among the most common ones and easy to guess. Choose another, for example a few unrelated words.',
      'password.common',
    );
  }
}
