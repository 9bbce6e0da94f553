import type { Db } from '@marque/db';
import type { Clock, Logger } from '@marque/kernel';
import type { TelemetryModule } from '@marque/telemetry';
import type { VehicleAccess } from '@marque/vehicles';
import { createTripsRepository } from './trips.repository';
import { createTripsService } from './trips.service';
import { createTripDetection, type TripConsents } from './trip-detection.service';

export const TRIPS_DETECT_JOB = 'trips.detect';
export const TRIPS_SCAN_JOB = 'trips.scan';
export const TRIPS_RETENTION_JOB = 'trips.retention';

/** Trips detected from the stored telemetry, attributed to the account holding the car when each started. */
export function createTripsModule(deps: {
  db: Db;
  clock: Clock;
  log: Logger;
  telemetry: Pick<TelemetryModule, 'history' | 'maxAgeDays'>;
  access: Pick<VehicleAccess, 'assertCanView' | 'holderAt'>;
  consents: TripConsents;
  retentionDays?: number;
}) {
  const repo = createTripsRepository(deps.db);
  const retentionDays = deps.retentionDays ?? 365;
  const detection = createTripDetection({
    repo,
    history: deps.telemetry.history,
    access: deps.access,
    consents: deps.consents,
    clock: deps.clock,
    log: deps.log,
    maxAgeDays: deps.telemetry.maxAgeDays,
  });
  const service = createTripsService({
    repo,
    access: deps.access,
    consents: deps.consents,
    clock: deps.clock,
    retentionDays,
  });
  return {
    service,
    detection,
    /** Removes trips older than the retention period (shown to owners with the export offer). */
    retention: {
      name: TRIPS_RETENTION_JOB,
      run: async () => ({ deleted: await repo.deleteEndedBefore(new Date(deps.clock.now().getTime() - retentionDays * 86_400_000)) }),
    },
    /** Account deletion: this account's trips go (the car's raw telemetry has its own retention). */
    eraser: { name: 'trips', erase: (accountId: string) => repo.eraseAccount(accountId) },
  };
}

export type TripsModule = ReturnType<typeof createTripsModule>;
export type { TripsService, TripSummary } from './trips.service';
export type { TripConsents, TripDetection } from './trip-detection.service';
export type { Period } from './trip-analytics';
export { detectTrips, normalise, DEFAULT_DETECTION } from './trip-detection';
export type { Sample, VehicleEvent, TripSpan, DetectionSettings } from './trip-detection';
export { placeLabel } from './gazetteer';
