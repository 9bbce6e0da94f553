import { AppError, type Clock } from '@marque/kernel';
import type { VehicleHoldersRepository, Holding } from './vehicle-holders.repository';
import type { VehicleAccessRepository } from './vehicle-access.repository';
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
  /** The same for many cars at once (cars nobody held at `at` are absent). */
  holdersAt(vins: string[], at: Date): Promise<Map<string, Holding>>;
}

export function createVehicleAccess(deps: {
  repo: VehicleAccessRepository;
  holders: VehicleHoldersRepository;
  clock: Clock;
  /** Gates other modules add (subscriptions: services active; ownership); none in module-level tests. */
  hooks?: VehicleHooks;
}) {
  /**
   * One round of lookups: the car's facts (one statement) beside each gate's own lookups; then the refusals in a
   * fixed order: unknown car, not the holder, (for commands) a capability the car lacks, then the gates.
   */
  async function check(accountId: string, vinInput: string, capability: string | null): Promise<Holding> {
    const vin = requireValidVin(vinInput);
    const [facts, ...gates] = await Promise.all([
      deps.repo.accessFacts(vin, deps.clock.now()),
      ...(deps.hooks?.serviceGate ?? []).map((g) => g({ vin, accountId, capability })),
    ]);
    if (!facts) throw new AppError('not_found', `No vehicle with VIN ${vin} is known.`, { code: 'vehicle.unknown' });
    const holding = facts.holding;
    if (!holding || holding.accountId !== accountId) {
      throw new AppError('forbidden', 'This car is not in your garage with active connected services.', {
        code: 'vehicle.not_holder',
      });
    }
    if (capability !== null) {
      const vehicle = facts.vehicle;
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
    }
    for (const gate of gates) gate({ ...facts, holding });
    return holding;
  }

  const access: VehicleAccess & { startHolding: VehicleHoldersRepository['startHolding'] } = {
    assertCanView: (accountId, vin) => check(accountId, vin, null),
    assertCanControl: (accountId, vin, capability) => check(accountId, vin, capability),
    holderAt: (vin, at) => deps.holders.holderAt(vin, at),
    holdersAt: (vins, at) => deps.holders.holdersAt(vins, at),
    startHolding: (vin, accountId, since) => deps.holders.startHolding(vin, accountId, since),
  };
  return access;
}
