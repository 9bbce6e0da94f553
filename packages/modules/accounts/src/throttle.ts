import { AppError, type Clock } from '@marque/kernel';
import type { SessionsRepository } from './sessions.repository';

export interface Limit {
  scope: string;
  max: number;
  windowMs: number;
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

export const limits = {
  signInAccount: { scope: 'sign_in_account', max: 5, windowMs: 15 * MINUTE },
  signInAddress: { scope: 'sign_in_address', max: 20, windowMs: 15 * MINUTE },
  activationResend: { scope: 'activation_resend', max: 3, windowMs: HOUR },
  passwordForgot: { scope: 'password_forgot', max: 3, windowMs: HOUR },
  registerExisting: { scope: 'register_existing', max: 3, windowMs: HOUR },
} satisfies Record<string, Limit>;

/** Counters in the database, so every api process sees the same failures; time comes from the injected clock. */
export function createThrottle(repo: SessionsRepository, clock: Clock) {
  async function retryAfter(limit: Limit, subject: string): Promise<number | null> {
    const now = clock.now().getTime();
    const { n, oldest } = await repo.countAttempts(limit.scope, subject, new Date(now - limit.windowMs));
    if (n < limit.max || !oldest) return null;
    return Math.max(1, Math.ceil((oldest.getTime() + limit.windowMs - now) / 1000));
  }

  return {
    retryAfter,
    /** Throws `rate_limited` with Retry-After once `max` attempts fell inside the window. */
    async guard(limit: Limit, subject: string, message: string): Promise<void> {
      const seconds = await retryAfter(limit, subject);
      if (seconds !== null)
        throw new AppError('rate_limited', message, { retryAfterSeconds: seconds, code: `${limit.scope}.limited` });
    },
    async exceeded(limit: Limit, subject: string): Promise<boolean> {
      return (await retryAfter(limit, subject)) !== null;
    },
    async record(limit: Limit, subject: string): Promise<void> {
      const now = clock.now();
      await repo.recordAttempt(limit.scope, subject, now);
      // Rows older than the window serve no purpose; dropping this subject's old ones keeps the table small.
      await repo.pruneAttempts(limit.scope, subject, new Date(now.getTime() - limit.windowMs));
    },
    clear: (limit: Limit, subject: string) => repo.clearAttempts(limit.scope, subject),
  };
}

export type Throttle = ReturnType<typeof createThrottle>;
