import { AppError, type Clock } from '@marque/kernel';
import type { VehiclesRepository } from './vehicles.repository';
import type { GarageRepository, OwnershipRecord } from './garage.repository';
import { requireValidVin } from './vehicles.service';
import type { VehicleHooks } from './vehicle-hooks';

export interface OwnershipView {
  vin: string;
  ownerEmail: string;
  effectiveDate: string;
  recordedAt: string;
}

const view = (r: OwnershipRecord): OwnershipView => ({
  vin: r.vin,
  ownerEmail: r.ownerEmail,
  effectiveDate: r.effectiveDate,
  recordedAt: r.recordedAt.toISOString(),
});

/**
 * Changes of ownership as retailers record them (docs/ownership.md). Proving physical access moves the
 * connected services; the registered owner is who a retailer recorded, and some features need that.
 */
export function createOwnershipService(deps: { repo: VehiclesRepository; garage: GarageRepository; clock: Clock; hooks?: VehicleHooks }) {
  async function current(vin: string): Promise<OwnershipRecord | null> {
    const today = deps.clock.now().toISOString().slice(0, 10);
    return (await deps.garage.ownershipHistory(vin)).find((r) => r.effectiveDate <= today) ?? null;
  }

  return {
    /** A retailer records that `ownerEmail` owns the car from `effectiveDate` (not in the future: history, not plans). */
    async record(retailerId: string, input: { vin: string; ownerEmail: string; effectiveDate: string }): Promise<OwnershipView> {
      const vin = requireValidVin(input.vin);
      if (!(await deps.repo.findByVin(vin))) {
        throw new AppError('not_found', `No vehicle with VIN ${vin} is in the registry.`, { code: 'vehicle.unknown' });
      }
      const now = deps.clock.now();
      if (!/^\d{4}-\d{2}-\d{2}$/.test(input.effectiveDate) || Number.isNaN(Date.parse(input.effectiveDate))) {
        throw AppError.invalidField('effectiveDate', 'effectiveDate must be a date (YYYY-MM-DD)');
      }
      if (input.effectiveDate > now.toISOString().slice(0, 10)) {
        throw AppError.invalidField('effectiveDate', 'effectiveDate cannot be in the future');
      }
      const previous = await current(vin);
      const r = await deps.garage.addOwnership({
        vin,
        ownerEmail: input.ownerEmail.trim().toLowerCase(),
        effectiveDate: input.effectiveDate,
        recordedBy: retailerId,
        recordedAt: now,
      });
      const change = { vin, ownerEmail: r.ownerEmail, previousOwnerEmail: previous?.ownerEmail ?? null, effectiveDate: r.effectiveDate, at: now };
      for (const h of deps.hooks?.ownershipRecorded ?? []) await h(change);
      return view(r);
    },

    async history(vinInput: string): Promise<OwnershipView[]> {
      const vin = requireValidVin(vinInput);
      return (await deps.garage.ownershipHistory(vin)).map(view);
    },

    /**
     * Features reserved to the registered owner. A car with no recorded ownership (factory data absent) treats its
     * holder as the owner; once a retailer recorded an owner, only that owner's account passes.
     */
    async assertRegisteredOwner(vin: string, email: string, feature: string): Promise<void> {
      requireRegisteredOwner((await current(vin))?.ownerEmail ?? null, email, feature);
    },

    /** The same rule when the registered owner is known already (the access check reads it with the car's facts). */
    requireRegisteredOwner,

    isRecorded: async (vin: string) => (await current(vin)) !== null,
  };
}

function requireRegisteredOwner(ownerEmail: string | null, email: string, feature: string): void {
  if (ownerEmail !== null && ownerEmail !== email.trim().toLowerCase()) {
    throw new AppError('forbidden', `${feature} needs the registered owner: ask your retailer to record the change of ownership.`, {
      code: 'ownership.required',
    });
  }
}

export type OwnershipService = ReturnType<typeof createOwnershipService>;
