import { createHash, randomBytes } from 'node:crypto';

/** A URL-safe random secret for links and session ids (256 bits). */
export function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** Tokens and session ids are long random strings, so a fast hash is enough to keep them out of the database. */
export function sha256(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
