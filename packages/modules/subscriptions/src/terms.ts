import type { StoredVehicle } from '@marque/vehicles';

export const STANDARD_YEARS = 10;
export const SMART_CONNECT_YEARS = 4;
export const MULTIMEDIA_TRIAL_YEARS = 3;

const rank = { none: 0, mm16: 1, mm19: 2, mm21: 3 } as const;

export function addYears(d: Date, years: number): Date {
  const r = new Date(d.getTime());
  r.setUTCFullYear(r.getUTCFullYear() + years);
  return r;
}

/** Standard Services: 10 years from delivery (4 with Smart Connect); null when the car has no connected unit. */
export function standardTerm(v: StoredVehicle, firstHeld: Date | null): { start: Date; end: Date } | null {
  if (rank[v.headUnit] < 1) return null;
  // Without a delivery date in the registry, the term runs from the car's first activation.
  const start = v.deliveryDate ? new Date(`${v.deliveryDate}T00:00:00Z`) : firstHeld;
  if (!start) return null;
  return { start, end: addYears(start, v.smartConnect ? SMART_CONNECT_YEARS : STANDARD_YEARS) };
}

export const multimediaSupported = (v: StoredVehicle) => rank[v.headUnit] >= 2;
export const multimediaTerm = (activatedAt: Date) => ({ start: activatedAt, end: addYears(activatedAt, MULTIMEDIA_TRIAL_YEARS) });

/** What the head unit shows before the holder starts Multimedia. */
export const MULTIMEDIA_OFFER_TERMS =
  `Multimedia online (smartphone integration, online navigation, traffic and speed-camera alerts) is free for ${MULTIMEDIA_TRIAL_YEARS} years ` +
  'from the day you accept here. The term belongs to the car: a later owner continues it, it does not restart. You can cancel and ' +
  'subscribe again in the app while the term runs. Online services use the car’s mobile data connection and your position.';
