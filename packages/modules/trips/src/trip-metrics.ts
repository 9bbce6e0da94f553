import { LAT, LON, ODO, SPEED, num, pathLength, type Sample, type TripSpan } from './trip-detection';
import type { RoutePoint, SpeedPoint } from './trips.schema';

const FUEL_L = 'Vehicle.Powertrain.FuelSystem.AbsoluteLevel';
const SOC = 'Vehicle.Powertrain.TractionBattery.StateOfCharge.Current';
const CAPACITY = 'Vehicle.Powertrain.TractionBattery.NetCapacity';
const ENGINE_ON = 'Vehicle.Powertrain.CombustionEngine.IsRunning';
const MOTOR = 'Vehicle.Powertrain.ElectricMotor.Speed';
const ACCEL = 'Vehicle.Acceleration.Longitudinal';

/** Longer gaps between samples are missing data: not counted as idling or driving. */
const MAX_STEP_MS = 60_000;
const MAX_POINTS = 200;

export interface TripMetrics {
  distanceM: number;
  durationS: number;
  idleS: number;
  avgKmh: number;
  maxKmh: number;
  fuelL: number | null;
  energyKWh: number | null;
  electricShare: number | null;
  start: { lat: number; lon: number } | null;
  end: { lat: number; lon: number } | null;
  route: RoutePoint[];
  speedProfile: SpeedPoint[];
  accelerations: number[];
  speeds: number[];
}

const r = (v: number, d = 1) => Math.round(v * 10 ** d) / 10 ** d;

function stride<T>(xs: T[], max: number): T[] {
  if (xs.length <= max) return xs;
  const step = (xs.length - 1) / (max - 1);
  return Array.from({ length: max }, (_, i) => xs[Math.round(i * step)]!);
}

function position(x: Sample): { lat: number; lon: number } | null {
  const lat = num(x.signals[LAT]);
  const lon = num(x.signals[LON]);
  return lat === null || lon === null ? null : { lat, lon };
}

/** Everything measured about one trip from its samples (sorted, deduplicated). */
export function tripMetrics(span: TripSpan, all: Sample[]): TripMetrics {
  const xs = all.filter((x) => x.ts >= span.start && x.ts <= span.end);
  const durationS = Math.max(0, Math.round((span.end.getTime() - span.start.getTime()) / 1000));
  const odo = xs.map((x) => num(x.signals[ODO])).filter((v): v is number => v !== null);
  const odoDelta =
    span.startOdometerM !== null && span.endOdometerM !== null
      ? span.endOdometerM - span.startOdometerM
      : odo.length > 1
        ? odo[odo.length - 1]! - odo[0]!
        : null;
  const distanceM = Math.max(0, Math.round(span.reportedDistanceM ?? odoDelta ?? pathLength(xs, span.start, span.end)));
  let idleMs = 0;
  let electricM = 0;
  let hybridM = 0;
  const speeds: number[] = [];
  const accelerations: number[] = [];
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    const kmh = num(x.signals[SPEED]);
    if (kmh !== null) speeds.push(kmh);
    const next = xs[i + 1];
    const stepMs = next ? next.ts.getTime() - x.ts.getTime() : 0;
    const a = num(x.signals[ACCEL]);
    if (a !== null) accelerations.push(a);
    else if (next && kmh !== null && stepMs > 0 && stepMs <= 10_000) {
      const nk = num(next.signals[SPEED]);
      if (nk !== null) accelerations.push((nk - kmh) / 3.6 / (stepMs / 1000));
    }
    if (stepMs <= 0 || stepMs > MAX_STEP_MS || kmh === null) continue;
    if (kmh < 1) idleMs += stepMs;
    const engine = x.signals[ENGINE_ON];
    if (typeof engine === 'boolean' && x.signals[MOTOR] !== undefined) {
      const m = (kmh / 3.6) * (stepMs / 1000);
      hybridM += m;
      if (!engine) electricM += m;
    }
  }
  const first = (k: string) => xs.map((x) => num(x.signals[k])).find((v) => v !== null) ?? null;
  const last = (k: string) => xs.map((x) => num(x.signals[k])).findLast((v) => v !== null) ?? null;
  const fuel0 = first(FUEL_L);
  const fuel1 = last(FUEL_L);
  const soc0 = first(SOC);
  const soc1 = last(SOC);
  const capacity = last(CAPACITY);
  const positions = xs.map(position).filter((p): p is { lat: number; lon: number } => p !== null);
  const speedPoints = xs
    .map((x): SpeedPoint | null => {
      const kmh = num(x.signals[SPEED]);
      return kmh === null ? null : [Math.round((x.ts.getTime() - span.start.getTime()) / 1000), r(kmh)];
    })
    .filter((p): p is SpeedPoint => p !== null);
  return {
    distanceM,
    durationS,
    idleS: Math.round(idleMs / 1000),
    avgKmh: durationS > 0 ? r(distanceM / 1000 / (durationS / 3600)) : 0,
    maxKmh: r(Math.max(0, ...speeds)),
    fuelL: fuel0 !== null && fuel1 !== null && fuel0 >= fuel1 ? r(fuel0 - fuel1, 2) : null,
    energyKWh: soc0 !== null && soc1 !== null && capacity !== null && soc0 >= soc1 ? r(((soc0 - soc1) / 100) * capacity, 2) : null,
    electricShare: hybridM > 100 ? r(electricM / hybridM, 3) : null,
    start: positions[0] ?? null,
    end: positions[positions.length - 1] ?? null,
    route: stride(positions, MAX_POINTS).map((p): RoutePoint => [r(p.lat, 5), r(p.lon, 5)]),
    speedProfile: stride(speedPoints, MAX_POINTS),
    accelerations,
    speeds,
  };
}
