import type { Clock } from '@marque/kernel';
import type { VehicleAccess } from '@marque/vehicles';
import type { VehicleLocationT, VehicleStatusT } from '@marque/contracts';
import type { TelemetryRepository } from './telemetry.repository';
import { locationView, statusView } from './status-view';

/** Live status for the account holding the car; readings from before its holding began are never shown. */
export function createStatusService(deps: { repo: TelemetryRepository; access: VehicleAccess; clock: Clock }) {
  return {
    async status(accountId: string, vinInput: string): Promise<VehicleStatusT> {
      const holding = await deps.access.assertCanView(accountId, vinInput);
      const [state, conn] = await Promise.all([deps.repo.state(holding.vin, holding.since), deps.repo.connection(holding.vin)]);
      return statusView(holding.vin, state, conn, deps.clock.now());
    },

    async location(accountId: string, vinInput: string): Promise<VehicleLocationT> {
      const holding = await deps.access.assertCanView(accountId, vinInput);
      return locationView(holding.vin, await deps.repo.state(holding.vin, holding.since), deps.clock.now());
    },

    /** The car's latest odometer reading in km with its time (proof of physical access; never shown to the caller). */
    async odometer(vin: string): Promise<{ km: number; at: Date } | null> {
      const r = (await deps.repo.state(vin, new Date(0))).find((x) => x.signal === 'Vehicle.TraveledDistance');
      return r && typeof r.value === 'number' ? { km: r.value / 1000, at: r.ts } : null;
    },

    /** Raw samples of one car in a time window, for modules that work on history (trips, accidents). */
    async samples(vin: string, from: Date, to: Date, limit = 10_000) {
      return deps.repo.samples(vin, from, to, limit);
    },

    async events(vin: string, from: Date, to: Date, limit = 10_000) {
      return deps.repo.events(vin, from, to, limit);
    },
  };
}

export type StatusService = ReturnType<typeof createStatusService>;
