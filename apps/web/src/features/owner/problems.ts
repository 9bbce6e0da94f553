import { ApiError } from '../../lib/api';

/** Seconds as a person says them: "40 seconds", "3 minutes". */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 90) return `${s} second${s === 1 ? '' : 's'}`;
  if (s < 90 * 60) return `${Math.round(s / 60)} minutes`;
  if (s < 36 * 3600) return `${Math.round(s / 3600)} hours`;
  return `${Math.round(s / 86400)} days`;
}

/** A problem from the API in plain words for the owner. */
export function plainProblem(e: unknown): string {
  if (!(e instanceof ApiError)) return 'The server could not be reached. Check your connection and try again.';
  const p = e.problem;
  switch (p.status) {
    case 401:
      return 'Your session has ended. Please sign in again.';
    case 403:
      if (p.code === 'vehicle.not_holder')
        return 'This is not your car: it is not in your garage with active connected services.';
      return p.detail;
    case 429: {
      const wait = p.retryAfterSeconds ? `Please try again in ${duration(p.retryAfterSeconds)}.` : 'Please try again later.';
      return `Too many requests for now. ${wait} ${p.code === 'command.rate_limited' ? p.detail : ''}`.trim();
    }
    default:
      return p.detail;
  }
}

export const isSignedOut = (e: unknown) => e instanceof ApiError && e.problem.status === 401;

/** Back to the start page to sign in, returning here afterwards. */
export function signInAgain(): void {
  const here = window.location.pathname + window.location.search;
  window.location.assign(`/?next=${encodeURIComponent(here)}`);
}

/** A fresh Idempotency-Key; crypto.randomUUID needs a secure context, so plain-HTTP LAN demos fall back. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
