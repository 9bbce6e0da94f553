import { randomUUID } from 'node:crypto';
import type { Clock, Logger } from '@marque/kernel';
import type { TelemetryHistoryRepository } from '@marque/telemetry';
import type { VehicleAccess } from '@marque/vehicles';
import { DEFAULT_DETECTION, detectTrips, normalise, settledPoint, type DetectionSettings } from './trip-detection';
import { tripMetrics } from './trip-metrics';
import { scoreTrip } from './trip-score';
import { placeLabel } from './gazetteer';
import type { NewTrip, TripsRepository } from './trips.repository';

/** Consent questions, answered by the privacy module through the server's wiring (trips does not import it). */
export interface TripConsents {
  analytics(accountId: string): Promise<boolean>;
  locationHistory(accountId: string): Promise<boolean>;
}

export interface DetectionDeps {
  repo: TripsRepository;
  history: TelemetryHistoryRepository;
  access: Pick<VehicleAccess, 'holderAt'>;
  consents: TripConsents;
  clock: Clock;
  log: Logger;
  maxAgeDays: number;
  settings?: DetectionSettings;
}

const H = 3600_000;
/** Without a usable settled point, data is loaded this far before the oldest new measurement. */
const LOAD_BEFORE = 12 * H;
/** Trips starting after this point before the new data are recomputed (a trip longer than ~6 h may be cut). */
const REPLACE_BEFORE = 6 * H;
/** Received-time overlap with the previous run: a batch committed late by another process is not missed. */
const OVERLAP = 60_000;
const SCAN_CURSOR = '*';
const IGNITION = ['ignition.on', 'ignition.off'];

export function createTripDetection(deps: DetectionDeps) {
  const settings = deps.settings ?? DEFAULT_DETECTION;

  /** Recomputes the trips of one car touched by data received since its cursor; idempotent. */
  async function detect(vin: string): Promise<{ trips: number; window: { from: string } | null }> {
    const now = deps.clock.now();
    const state = await deps.repo.detectionState(vin);
    const cursor = state?.receivedUntil ?? new Date(0);
    const notBefore = new Date(now.getTime() - deps.maxAgeDays * 24 * H);
    const earliest = await deps.history.earliestReceived(vin, new Date(cursor.getTime() - OVERLAP), notBefore);
    if (!earliest) {
      await deps.repo.setCursor(vin, now);
      return { trips: 0, window: null };
    }
    // All the new data lie after the settled point: nothing before it can change, so the pass starts there.
    // Otherwise (late data from before it, no point yet, or one too old) a fixed window around the new data.
    const settled = state?.settledAt ?? null;
    const fromSettled =
      settled !== null && settled.getTime() <= earliest.getTime() && settled.getTime() >= earliest.getTime() - LOAD_BEFORE;
    const loadFrom = fromSettled ? settled : new Date(earliest.getTime() - LOAD_BEFORE);
    const replaceFrom = fromSettled ? settled : new Date(earliest.getTime() - REPLACE_BEFORE);
    const affectedFrom = fromSettled ? settled : new Date(earliest.getTime() - settings.noDataGapMs);
    const raw = normalise(
      await deps.history.samples(vin, loadFrom, now),
      await deps.history.events(vin, loadFrom, now, IGNITION),
    );
    const spans = detectTrips(raw.samples, raw.events, now, settings).filter(
      (s) => s.start >= replaceFrom && s.end >= affectedFrom,
    );
    const rows: NewTrip[] = [];
    for (const span of spans) {
      const holder = await deps.access.holderAt(vin, span.start);
      if (!holder) continue; // nobody held the car: nobody's trip
      const m = tripMetrics(span, raw.samples);
      const analysed = await deps.consents.analytics(holder.accountId);
      const located = await deps.consents.locationHistory(holder.accountId);
      const score = analysed ? scoreTrip(m) : null;
      rows.push({
        id: randomUUID(),
        vin,
        accountId: holder.accountId,
        startTs: span.start,
        endTs: span.end,
        source: span.source,
        startLat: m.start?.lat ?? null,
        startLon: m.start?.lon ?? null,
        endLat: m.end?.lat ?? null,
        endLon: m.end?.lon ?? null,
        startPlace: m.start ? placeLabel(m.start.lat, m.start.lon) : null,
        endPlace: m.end ? placeLabel(m.end.lat, m.end.lon) : null,
        distanceM: m.distanceM,
        durationS: m.durationS,
        idleS: m.idleS,
        avgKmh: m.avgKmh,
        maxKmh: m.maxKmh,
        fuelL: m.fuelL,
        energyKWh: m.energyKWh,
        electricShare: m.electricShare,
        score: score?.score ?? null,
        scoreDetails: score?.details ?? null,
        route: located ? m.route : null,
        speedProfile: m.speedProfile,
        updatedAt: now,
      });
    }
    await deps.repo.replaceFrom(vin, replaceFrom, affectedFrom, rows);
    // The next pass sees again what arrived in the last OVERLAP: the point must not lie after that data, or it
    // would always look late. Without a settled start, the last ignition event before the window says whether one
    // was left on.
    const recent = await deps.history.earliestReceived(vin, new Date(now.getTime() - OVERLAP), notBefore);
    const lastBefore = fromSettled
      ? []
      : (await deps.history.events(vin, new Date(loadFrom.getTime() - LOAD_BEFORE), loadFrom, IGNITION)).filter((e) => e.ts < loadFrom);
    const point = settledPoint(
      raw.samples,
      raw.events,
      { at: loadFrom, settled: fromSettled, ignitionOff: lastBefore.at(-1)?.type !== 'ignition.on', notAfter: recent ?? now },
      settings,
    );
    await deps.repo.setCursor(vin, now, point ?? (fromSettled ? settled : null));
    return { trips: rows.length, window: { from: replaceFrom.toISOString() } };
  }

  /** The cars with data received since the last scan; the caller queues a `trips.detect` for each. */
  async function changedVins(limit = 10_000): Promise<string[]> {
    const now = deps.clock.now();
    const since = (await deps.repo.cursor(SCAN_CURSOR)) ?? new Date(now.getTime() - deps.maxAgeDays * 24 * H);
    const vins = await deps.history.vinsReceived(new Date(since.getTime() - OVERLAP), now, limit);
    await deps.repo.setCursor(SCAN_CURSOR, now);
    return vins;
  }

  return { detect, changedVins };
}

export type TripDetection = ReturnType<typeof createTripDetection>;
