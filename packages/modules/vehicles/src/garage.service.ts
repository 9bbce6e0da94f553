import { AppError, type Clock } from '@marque/kernel';
import type { GarageVehicleT } from '@marque/contracts';
import type { VehicleHoldersRepository } from './vehicle-holders.repository';
import type { VehiclesRepository } from './vehicles.repository';
import { requireValidVin } from './vehicles.service';

/**
 * The owner's garage: the cars an account holds now. Minimal and read-only apart from `assign`; the
 * garage/activation issue adds adding, removing and proving physical access.
 */
export function createGarageService(deps: { repo: VehiclesRepository; holders: VehicleHoldersRepository; clock: Clock }) {
  const view = (r: Awaited<ReturnType<VehicleHoldersRepository['heldBy']>>[number]): GarageVehicleT => ({
    vin: r.vin,
    brand: r.brand,
    model: r.model,
    modelYear: r.modelYear,
    powertrain: r.powertrain,
    headUnit: r.headUnit,
    since: r.since.toISOString(),
  });

  return {
    async list(accountId: string): Promise<GarageVehicleT[]> {
      return (await deps.holders.heldBy(accountId, deps.clock.now())).map(view);
    },

    /** One car of the account's garage; 404 for a car it does not hold (whether or not the car exists). */
    async get(accountId: string, vinInput: string): Promise<GarageVehicleT> {
      const vin = requireValidVin(vinInput);
      const hit = (await deps.holders.heldBy(accountId, deps.clock.now())).find((r) => r.vin === vin);
      if (!hit) throw new AppError('not_found', `The car ${vin} is not in your garage.`, { code: 'garage.not_held' });
      return view(hit);
    },

    /**
     * Makes `accountId` the holder of `vin` from `since`, unless it already holds it (a no-op, so a demo
     * restart keeps the history). Stand-in for activation until the garage issue lands.
     */
    async assign(vin: string, accountId: string, since: Date): Promise<void> {
      if (!(await deps.repo.findByVin(vin))) throw new AppError('not_found', `No vehicle with VIN ${vin} is known.`);
      const current = await deps.holders.holderAt(vin, deps.clock.now());
      if (current?.accountId === accountId) return;
      await deps.holders.startHolding(vin, accountId, since);
    },
  };
}

export type GarageService = ReturnType<typeof createGarageService>;
