/** Trip detection as a pure function: sorted, deduplicated input in, trips out (late or shuffled data changes nothing). */

export interface Sample {
  ts: Date;
  seq: number;
  signals: Record<string, unknown>;
}

export interface VehicleEvent {
  id: string;
  type: string;
  ts: Date;
  data: Record<string, unknown> | null;
}

export interface DetectionSettings {
  /** Above this a sample counts as moving (km/h). */
  movingKmh: number;
  /** Standing this long (with data saying so) ends a motion trip. */
  parkingGapMs: number;
  /** No data at all for this long ends a motion trip too. */
  noDataGapMs: number;
  /** Motion trips shorter than this are jitter (metres). */
  minDistanceM: number;
  /** Ignition trips shorter than this in both distance and time are ignored (engine started and stopped). */
  minDurationMs: number;
}

export const DEFAULT_DETECTION: DetectionSettings = {
  movingKmh: 3,
  parkingGapMs: 5 * 60_000,
  noDataGapMs: 60 * 60_000,
  minDistanceM: 300,
  minDurationMs: 2 * 60_000,
};

export interface TripSpan {
  start: Date;
  end: Date;
  source: 'ignition' | 'motion';
  startOdometerM: number | null;
  endOdometerM: number | null;
  reportedDistanceM: number | null;
}

export const SPEED = 'Vehicle.Speed';
export const LAT = 'Vehicle.CurrentLocation.Latitude';
export const LON = 'Vehicle.CurrentLocation.Longitude';
export const ODO = 'Vehicle.TraveledDistance';

export const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Sorted by time (then seq / id) and each sample or event once, whatever order and repetition it arrived in. */
export function normalise(samples: Sample[], events: VehicleEvent[]): { samples: Sample[]; events: VehicleEvent[] } {
  const s = new Map<string, Sample>();
  for (const x of samples) s.set(`${x.ts.getTime()}/${x.seq}`, x);
  const e = new Map<string, VehicleEvent>();
  for (const x of events) e.set(x.id, x);
  return {
    samples: [...s.values()].sort((a, b) => a.ts.getTime() - b.ts.getTime() || a.seq - b.seq),
    events: [...e.values()].sort((a, b) => a.ts.getTime() - b.ts.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
  };
}

/**
 * Trips between `ignition.on` and `ignition.off`; where those are missing, trips from motion (Traccar style: a
 * parking gap or a long silence ends one, short jitter is dropped). Trips still under way at `horizon` are left out.
 */
export function detectTrips(
  samplesIn: Sample[],
  eventsIn: VehicleEvent[],
  horizon: Date,
  settings: DetectionSettings = DEFAULT_DETECTION,
): TripSpan[] {
  const { samples, events } = normalise(samplesIn, eventsIn);
  const motion = motionTrips(samples, horizon, settings);
  const ignition = ignitionTrips(events, motion, settings);
  const overlaps = (a: TripSpan, b: TripSpan) => a.start <= b.end && b.start <= a.end;
  const fromMotion = motion.filter((m) => !ignition.some((i) => overlaps(i, m)));
  return [...ignition, ...fromMotion].sort((a, b) => a.start.getTime() - b.start.getTime());
}

function ignitionTrips(events: VehicleEvent[], motion: TripSpan[], s: DetectionSettings): TripSpan[] {
  const out: TripSpan[] = [];
  const ign = events.filter((e) => e.type === 'ignition.on' || e.type === 'ignition.off');
  for (let i = 0; i < ign.length; i++) {
    const on = ign[i]!;
    if (on.type !== 'ignition.on') continue;
    const next = ign[i + 1];
    let span: TripSpan | null = null;
    if (next?.type === 'ignition.off') {
      span = {
        start: on.ts,
        end: next.ts,
        source: 'ignition',
        startOdometerM: num(on.data?.odometerM),
        endOdometerM: num(next.data?.odometerM),
        reportedDistanceM: num(next.data?.tripDistanceM),
      };
    } else {
      // The off was lost: motion tells where this trip ended.
      const m = motion.find((t) => t.end >= on.ts && (!next || t.start < next.ts));
      if (m) span = { ...m, source: 'ignition', start: on.ts < m.start ? on.ts : m.start, startOdometerM: num(on.data?.odometerM) };
    }
    if (!span) continue;
    const distance = span.reportedDistanceM ?? odoDelta(span);
    if ((distance ?? 0) < s.minDistanceM && span.end.getTime() - span.start.getTime() < s.minDurationMs) continue;
    out.push(span);
  }
  return out;
}

const odoDelta = (t: TripSpan) =>
  t.startOdometerM !== null && t.endOdometerM !== null ? Math.max(0, t.endOdometerM - t.startOdometerM) : null;

function motionTrips(samples: Sample[], horizon: Date, s: DetectionSettings): TripSpan[] {
  const out: TripSpan[] = [];
  let first: Sample | null = null;
  let lastMoving: Sample | null = null;
  let stoppedSince: Date | null = null;
  const close = () => {
    if (first && lastMoving) {
      const span: TripSpan = {
        start: first.ts,
        end: lastMoving.ts,
        source: 'motion',
        startOdometerM: num(first.signals[ODO]),
        endOdometerM: num(lastMoving.signals[ODO]),
        reportedDistanceM: null,
      };
      if ((odoDelta(span) ?? pathLength(samples, span.start, span.end)) >= s.minDistanceM) out.push(span);
    }
    first = lastMoving = stoppedSince = null;
  };
  for (const x of samples) {
    const kmh = num(x.signals[SPEED]);
    if (kmh === null) continue;
    if (lastMoving && x.ts.getTime() - lastMoving.ts.getTime() >= s.noDataGapMs) close();
    if (kmh > s.movingKmh) {
      if (stoppedSince && x.ts.getTime() - stoppedSince.getTime() >= s.parkingGapMs) close();
      first ??= x;
      lastMoving = x;
      stoppedSince = null;
    } else if (lastMoving) {
      stoppedSince ??= x.ts;
    }
  }
  // The last trip is over when the car has been seen standing long enough, or silent for the no-data gap; mere
  // silence is not parking (its data may be held in the car for store and forward).
  const moving = (lastMoving as Sample | null)?.ts;
  const lastTs = samples[samples.length - 1]?.ts;
  const stood = stoppedSince !== null && lastTs !== undefined && lastTs.getTime() - (stoppedSince as Date).getTime() >= s.parkingGapMs;
  if (moving && (stood || horizon.getTime() - moving.getTime() >= s.noDataGapMs)) close();
  return out;
}

/**
 * The latest sample time from which detection can restart with an empty state and find the same trips as over the
 * whole history: no ignition.on before it is still open, and no motion before it can still join a trip (the car
 * was last seen moving a no-data gap ago, or has stood a parking gap since). Data arriving later than this point
 * cannot change a trip before it. `start`: where the input begins, whether that was such a point itself (then
 * nothing before it is open) or at least no ignition was left on before it; only samples up to `notAfter` count.
 * Null when no sample qualifies.
 */
export function settledPoint(
  samples: Sample[],
  events: VehicleEvent[],
  start: { at: Date; settled: boolean; ignitionOff?: boolean; notAfter?: Date },
  settings: DetectionSettings = DEFAULT_DETECTION,
): Date | null {
  const ign = events.filter((e) => e.type === 'ignition.on' || e.type === 'ignition.off');
  let e = 0;
  let lastIgn: string | null = null;
  let lastMoving: number | null = null;
  let stoppedSince: number | null = null;
  let point: Date | null = null;
  const until = start.notAfter?.getTime() ?? Infinity;
  for (const x of samples) {
    const t = x.ts.getTime();
    if (t > until) break;
    while (e < ign.length && ign[e]!.ts.getTime() < t) lastIgn = ign[e++]!.type;
    // Before the input nothing is known, unless it began at a settled point (or a no-data gap ago, for motion).
    const ignitionClosed = lastIgn === null ? start.settled || start.ignitionOff === true : lastIgn === 'ignition.off';
    const motionClosed =
      lastMoving === null
        ? start.settled || t - start.at.getTime() >= settings.noDataGapMs
        : t - lastMoving >= settings.noDataGapMs || (stoppedSince !== null && t - stoppedSince >= settings.parkingGapMs);
    if (ignitionClosed && motionClosed) point = x.ts;
    const kmh = num(x.signals[SPEED]);
    if (kmh === null) continue;
    if (kmh > settings.movingKmh) {
      lastMoving = t;
      stoppedSince = null;
    } else if (lastMoving !== null) stoppedSince ??= t;
  }
  return point;
}

export function haversineM(aLat: number, aLon: number, bLat: number, bLon: number): number {
  const rad = Math.PI / 180;
  const dLat = (bLat - aLat) * rad;
  const dLon = (bLon - aLon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(aLat * rad) * Math.cos(bLat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.sqrt(h));
}

/** Distance along the sampled positions between two times (fallback when there is no odometer). */
export function pathLength(samples: Sample[], from: Date, to: Date): number {
  let total = 0;
  let prev: [number, number] | null = null;
  for (const x of samples) {
    if (x.ts < from || x.ts > to) continue;
    const lat = num(x.signals[LAT]);
    const lon = num(x.signals[LON]);
    if (lat === null || lon === null) continue;
    if (prev) total += haversineM(prev[0], prev[1], lat, lon);
    prev = [lat, lon];
  }
  return total;
}
