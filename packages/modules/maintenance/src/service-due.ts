import type { VehicleStatusT } from '@marque/contracts';

export type Powertrain = 'ICE' | 'HEV' | 'PHEV' | 'BEV';
export interface ServiceInterval {
  km: number;
  months: number;
}

/**
 * Service intervals: whichever of distance and time comes first. Cars without moving engine parts (BEV) need
 * fewer visits; a model may differ from its powertrain's default. Documented in docs/maintenance.md.
 */
const BY_POWERTRAIN: Record<Powertrain, ServiceInterval> = {
  ICE: { km: 15_000, months: 12 },
  HEV: { km: 15_000, months: 12 },
  PHEV: { km: 15_000, months: 12 },
  BEV: { km: 30_000, months: 24 },
};
const BY_MODEL: Record<string, Partial<Record<Powertrain, ServiceInterval>>> = {
  Tarn: { ICE: { km: 20_000, months: 12 } },
  Orla: { BEV: { km: 34_000, months: 24 } },
};

export function serviceInterval(model: string, powertrain: Powertrain): ServiceInterval {
  return BY_MODEL[model]?.[powertrain] ?? BY_POWERTRAIN[powertrain];
}

/** Service signals older than this are not trusted: the interval is used instead. */
export const SIGNALS_FRESH_DAYS = 7;
const DAY = 86_400_000;

export interface ServiceDue {
  /** `vehicle`: the car's own service signals; `interval`: the model's interval from the last service or delivery. */
  source: 'vehicle' | 'interval' | 'unknown';
  isDue: boolean;
  /** Kilometres left until the service (negative: overdue); null when unknown. */
  distanceKm: number | null;
  /** Days left until the service (negative: overdue); null when unknown. */
  days: number | null;
  dueDate: string | null;
  /** Share of the interval used, 0–1; null when unknown. */
  progress: number | null;
  interval: ServiceInterval;
  /** What the interval counts from (source `interval`). */
  basis: { kind: 'last_service' | 'delivery'; date: string; odometerKm: number } | null;
  /** When the car sent the service signals (source `vehicle`). */
  signalsAt: string | null;
}

export interface DueInput {
  now: Date;
  vehicle: { model: string; powertrain: Powertrain; deliveryDate: string | null };
  service: VehicleStatusT['service'] | null;
  odometerKm: number | null;
  lastService: { servicedOn: string; odometerKm: number } | null;
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));
const isoDate = (d: Date) => d.toISOString().slice(0, 10);

function addMonths(date: string, months: number): Date {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d;
}

function used(interval: ServiceInterval, distanceKm: number | null, days: number | null): number | null {
  const parts: number[] = [];
  if (distanceKm !== null) parts.push(1 - distanceKm / interval.km);
  if (days !== null) parts.push(1 - days / ((interval.months * 365.25) / 12));
  return parts.length ? clamp01(Math.max(...parts)) : null;
}

/** From the car's signals when present and fresh; otherwise from the interval, the last service and the odometer. */
export function serviceDue(input: DueInput): ServiceDue {
  const interval = serviceInterval(input.vehicle.model, input.vehicle.powertrain);
  const s = input.service;
  const readings = [s?.distanceKm, s?.timeDays].filter((r) => !!r);
  const fresh = readings.length > 0 && readings.every((r) => r!.staleSeconds <= SIGNALS_FRESH_DAYS * 86_400);
  if (s && fresh) {
    const distanceKm = s.distanceKm ? Math.round(s.distanceKm.value) : null;
    const days = s.timeDays ? s.timeDays.value : null;
    const isDue = s.due?.value ?? ((distanceKm !== null && distanceKm <= 0) || (days !== null && days <= 0));
    return {
      source: 'vehicle',
      isDue,
      distanceKm,
      days,
      dueDate: days !== null ? isoDate(new Date(input.now.getTime() + days * DAY)) : null,
      progress: isDue ? 1 : used(interval, distanceKm, days),
      interval,
      basis: null,
      signalsAt: readings.map((r) => r!.at).sort()[0]!,
    };
  }
  const basis = input.lastService
    ? { kind: 'last_service' as const, date: input.lastService.servicedOn, odometerKm: input.lastService.odometerKm }
    : input.vehicle.deliveryDate
      ? { kind: 'delivery' as const, date: input.vehicle.deliveryDate, odometerKm: 0 }
      : null;
  if (!basis) {
    return {
      source: 'unknown',
      isDue: false,
      distanceKm: null,
      days: null,
      dueDate: null,
      progress: null,
      interval,
      basis: null,
      signalsAt: null,
    };
  }
  const due = addMonths(basis.date, interval.months);
  // Calendar days: due on the day itself counts as 0.
  const days = Math.round((due.getTime() - Date.parse(isoDate(input.now))) / DAY);
  const distanceKm = input.odometerKm !== null ? Math.round(basis.odometerKm + interval.km - input.odometerKm) : null;
  const isDue = days <= 0 || (distanceKm !== null && distanceKm <= 0);
  return {
    source: 'interval',
    isDue,
    distanceKm,
    days,
    dueDate: isoDate(due),
    progress: isDue ? 1 : used(interval, distanceKm, days),
    interval,
    basis,
    signalsAt: null,
  };
}
