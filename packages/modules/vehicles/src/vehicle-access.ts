import { AppError, type Clock } from '@marque/kernel';
import type { StoredVehicle, VehiclesRepository } from './vehicles.repository';
import type { VehicleHoldersRepository, Holding } from './vehicle-holders.repository';
import { connectivityGroups } from './connectivity';
import type { VehicleHooks } from './vehicle-hooks';
import { requireValidVin } from './vehicles.service';

/** A connected service id as the connectivity match names it, e.g. `remote_doors`, `remote_charging`. */
export type VehicleCapability = string;

/**
 * The one authorisation question for vehicle data and commands. For now "holds the car" means a row in
 * vehicle_holders; the garage/activation and subscriptions issues refine it behind this same interface.
 */
export interface VehicleAccess {
  /** The account may read the car's live data; returns the holding (data before `since` belongs to others). */
  assertCanView(accountId: string, vin: string): Promise<Holding>;
  /** The account may send the car commands needing `capability`. */
  assertCanControl(accountId: string, vin: string, capability: VehicleCapability): Promise<Holding>;
  /** Which account held `vin` at `at` (attribution of vehicle-produced data). */
  holderAt(vin: string, at: Date): Promise<Holding | null>;
}

export function createVehicleAccess(deps: {
  repo: VehiclesRepository;
  holders: VehicleHoldersRepository;
  clock: Clock;
  /** Gates other modules add (subscriptions: services active; ownership); none in module-level tests. */
  hooks?: VehicleHooks;
}) {
  async function gate(vehicle: StoredVehicle, holding: Holding, capability: string | null) {
    for (const g of deps.hooks?.serviceGate ?? []) await g(vehicle, holding, capability);
  }

  async function holdingOf(accountId: string, vinInput: string) {
    const vin = requireValidVin(vinInput);
    // Both on every vehicle request: asked together (on PostgreSQL they overlap on two pooled connections).
    const [vehicle, holding] = await Promise.all([deps.repo.findByVin(vin), deps.holders.holderAt(vin, deps.clock.now())]);
    if (!vehicle) throw new AppError('not_found', `No vehicle with VIN ${vin} is known.`, { code: 'vehicle.unknown' });
    if (!holding || holding.accountId !== accountId) {
      throw new AppError('forbidden', 'This car is not in your garage with active connected services.', {
        code: 'vehicle.not_holder',
      });
    }
    return { vehicle, holding };
  }

  const access: VehicleAccess & { startHolding: VehicleHoldersRepository['startHolding'] } = {
    async assertCanView(accountId, vin) {
      const { vehicle, holding } = await holdingOf(accountId, vin);
      await gate(vehicle, holding, null);
      return holding;
    },
    async assertCanControl(accountId, vin, capability) {
      const { vehicle, holding } = await holdingOf(accountId, vin);
      const service = connectivityGroups(vehicle)
        .flatMap((g) => g.services)
        .find((s) => s.id === capability);
      if (!service?.supported) {
        const why =
          service?.note ??
          (vehicle.headUnit === 'none' || vehicle.headUnit === 'mm16' ? 'Needs the mm19 head unit or newer' : '');
        throw new AppError('forbidden', `This car does not support ${service?.name ?? capability}. ${why}`.trim(), {
          code: 'vehicle.capability',
        });
      }
      await gate(vehicle, holding, capability);
      return holding;
    },
    holderAt: (vin, at) => deps.holders.holderAt(vin, at),
    startHolding: (vin, accountId, since) => deps.holders.startHolding(vin, accountId, since),
  };
  return access;
}
