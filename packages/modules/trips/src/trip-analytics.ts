import type { TripSummaryRow } from './trips.repository';

export type Period = 'day' | 'week' | 'month';

interface Acc {
  trips: number;
  distanceM: number;
  durationS: number;
  fuelL: number;
  energyKWh: number;
  scoreSum: number;
  scored: number;
  electricM: number;
  hybridM: number;
}

const empty = (): Acc => ({ trips: 0, distanceM: 0, durationS: 0, fuelL: 0, energyKWh: 0, scoreSum: 0, scored: 0, electricM: 0, hybridM: 0 });

function add(a: Acc, t: TripSummaryRow) {
  a.trips++;
  a.distanceM += t.distanceM;
  a.durationS += t.durationS;
  a.fuelL += t.fuelL ?? 0;
  a.energyKWh += t.energyKWh ?? 0;
  if (t.score !== null) [a.scoreSum, a.scored] = [a.scoreSum + t.score, a.scored + 1];
  if (t.electricShare !== null) [a.electricM, a.hybridM] = [a.electricM + t.electricShare * t.distanceM, a.hybridM + t.distanceM];
}

const r = (v: number, d = 2) => Math.round(v * 10 ** d) / 10 ** d;

function view(a: Acc) {
  return {
    trips: a.trips,
    distanceKm: r(a.distanceM / 1000, 1),
    drivingHours: r(a.durationS / 3600),
    fuelL: r(a.fuelL),
    energyKWh: r(a.energyKWh),
    /** Average driving score; null where no trip was analysed. */
    score: a.scored ? Math.round(a.scoreSum / a.scored) : null,
    electricShare: a.hybridM ? r(a.electricM / a.hybridM, 3) : null,
  };
}

/** Totals and one point per bucket (bucket starts ascending; each bucket runs to the next one's start). */
export function analyticsOf(period: Period, buckets: Date[], trips: TripSummaryRow[]) {
  const accs = buckets.map(empty);
  const total = empty();
  for (const t of trips) {
    let i = buckets.length - 1;
    while (i > 0 && t.startTs < buckets[i]!) i--;
    if (t.startTs < buckets[0]!) continue;
    add(accs[i]!, t);
    add(total, t);
  }
  return {
    period,
    totals: view(total),
    series: buckets.map((b, i) => ({ start: b.toISOString(), ...view(accs[i]!) })),
  };
}
