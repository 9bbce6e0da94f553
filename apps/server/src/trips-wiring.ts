import type { Db } from '@marque/db';
import type { Clock, Logger } from '@marque/kernel';
import type { VehiclesModule } from '@marque/vehicles';
import type { TelemetryModule } from '@marque/telemetry';
import type { AccountsModule } from '@marque/accounts';
import type { PrivacyModule } from '@marque/privacy';
import type { JobsService } from '@marque/jobs';
import { createTripsModule, TRIPS_DETECT_JOB, TRIPS_SCAN_JOB, type TripsModule } from '@marque/trips';
import type { FastifyInstance } from 'fastify';
import type { AccountResolution } from './vehicle-link-wiring';
import { tripsRoutes } from './http/routes/trips.routes';

export const TRIPS_SCAN_EVERY_MS = 60_000;

/**
 * Trips: detected by the worker (a scan every minute queues `trips.detect` per car that sent data), gated by the
 * privacy module's consents, erased with the account and part of its data export.
 */
export function createTripsWiring(deps: {
  db: Db;
  clock: Clock;
  log: Logger;
  vehicles: VehiclesModule;
  telemetry: TelemetryModule;
  accounts: AccountsModule;
  privacy: PrivacyModule;
  jobs: JobsService;
}): { trips: TripsModule } {
  const trips = createTripsModule({
    db: deps.db,
    clock: deps.clock,
    log: deps.log,
    telemetry: deps.telemetry,
    access: deps.vehicles.access,
    consents: {
      analytics: (accountId) => deps.privacy.service.isGranted(accountId, 'driving_analytics'),
      locationHistory: (accountId) => deps.privacy.service.isGranted(accountId, 'location_history'),
    },
  });
  deps.jobs.register(TRIPS_SCAN_JOB, async () => {
    const vins = await trips.detection.changedVins();
    const slot = Math.floor(deps.clock.now().getTime() / TRIPS_SCAN_EVERY_MS);
    for (const vin of vins) await deps.jobs.enqueue(TRIPS_DETECT_JOB, { vin }, { key: `${vin}:${slot}`, maxAttempts: 3 });
    return { status: 'done', result: { vehicles: vins.length } };
  });
  deps.jobs.schedule({ name: TRIPS_SCAN_JOB, everyMs: TRIPS_SCAN_EVERY_MS });
  deps.jobs.register(TRIPS_DETECT_JOB, async (payload) => {
    const vin = (payload as { vin?: unknown }).vin;
    if (typeof vin !== 'string') return { status: 'done', result: { skipped: 'no vin' } };
    return { status: 'done', result: await trips.detection.detect(vin) };
  });
  deps.jobs.register(trips.retention.name, async () => ({ status: 'done', result: await trips.retention.run() }));
  deps.jobs.schedule({ name: trips.retention.name, everyMs: 24 * 3600_000 });
  deps.accounts.erasure.register(trips.eraser);
  deps.privacy.exports.register({
    name: 'trips',
    description: 'Your trips: times, places, distances, consumption, scores and routes.',
    export: (accountId) => trips.service.exportFor(accountId),
  });
  return { trips };
}

export function tripsHttpRoutes(m: { trips: TripsModule }, auth: AccountResolution) {
  return [tripsRoutes({ trips: m.trips.service, auth })] as Array<(app: FastifyInstance) => Promise<void>>;
}
