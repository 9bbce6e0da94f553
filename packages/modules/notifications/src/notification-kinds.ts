/** The kinds of notice an account can get; each is a preference row with one toggle per channel. */
export const KINDS = [
  'vehicle.warning_light',
  'vehicle.service_due',
  'vehicle.doors_unlocked',
  'vehicle.alarm',
  'charging.finished',
  'charging.interrupted',
  'subscription.expiring',
  'vehicle.activated',
  'vehicle.handed_over',
  'vehicle.ownership_recorded',
] as const;
export type Kind = (typeof KINDS)[number];

export const CHANNELS = ['in_app', 'email', 'push'] as const;
export type Channel = (typeof CHANNELS)[number];

export const isKind = (k: string): k is Kind => (KINDS as readonly string[]).includes(k);
export const isChannel = (c: string): c is Channel => (CHANNELS as readonly string[]).includes(c);

/** Safety and security notices are e-mailed by default; the rest stay in the app (and on push devices). */
const EMAIL_BY_DEFAULT: ReadonlySet<Kind> = new Set([
  'vehicle.alarm',
  'vehicle.warning_light',
  'vehicle.doors_unlocked',
  'subscription.expiring',
  'vehicle.handed_over',
  'vehicle.ownership_recorded',
]);

/** Defaults: in-app on for all; e-mail for safety and account security; push on (it only reaches subscribed devices). */
export function defaultChoice(kind: Kind, channel: Channel): boolean {
  if (channel === 'email') return EMAIL_BY_DEFAULT.has(kind);
  return true;
}

/** How long after one notice of a kind for a car the next one of that kind waits (flapping signals yield one). */
export const RATE_WINDOW_MS: Record<Kind, number> = {
  'vehicle.warning_light': 60 * 60_000,
  'vehicle.service_due': 7 * 24 * 3600_000,
  'vehicle.doors_unlocked': 60 * 60_000,
  'vehicle.alarm': 10 * 60_000,
  'charging.finished': 10 * 60_000,
  'charging.interrupted': 10 * 60_000,
  'subscription.expiring': 0,
  'vehicle.activated': 0,
  'vehicle.handed_over': 0,
  'vehicle.ownership_recorded': 0,
};

/** The app screen a notice opens. */
export function deepLink(kind: Kind, vin: string | null): string {
  if (!vin) return '/app/inbox';
  switch (kind) {
    case 'vehicle.warning_light':
    case 'vehicle.service_due':
      return `/app/cars/${vin}/maintenance`;
    case 'vehicle.doors_unlocked':
    case 'vehicle.alarm':
    case 'charging.finished':
    case 'charging.interrupted':
      return `/app/cars/${vin}`;
    case 'subscription.expiring':
    case 'vehicle.activated':
      return `/app/cars/${vin}/services`;
    case 'vehicle.handed_over':
    case 'vehicle.ownership_recorded':
      return '/app/inbox';
  }
}
